"""Exports a helper generated without seeing the code (fifth session of 2026-11-26): other human
'omic data, tables of variants without persons, and look-alikes hidden in a few rows.

Each case failed before its fix: 'omic data of any size passed to a country of concern, allele
frequencies were 500 persons' genomic data, an upper-case UUID column was card numbers.
"""

from __future__ import annotations

import random
import uuid

import polars as pl
import pytest
from helpers import detect

from minlint.scan import ScanOptions, scan_paths

DOJ_TO_CHINA = ScanOptions(policies=("us-doj-bulk-data",), destination="CN", use_presidio=False)


def _rule_ids(path) -> list[str]:
    report = scan_paths([str(path)], DOJ_TO_CHINA)
    return sorted({v.rule_id for v in report.violations})


def _wide_omics(features: list[str], samples: int, seed: int) -> pl.DataFrame:
    rng = random.Random(seed)
    columns = {"sample_id": [f"S{i:05d}" for i in range(samples)]}
    columns |= {name: [round(rng.random(), 4) for _ in range(samples)] for name in features}
    return pl.DataFrame(columns)


OMIC_FEATURE_NAMES = {
    "EPIGENOMIC": [f"cg{17 * i + 29:08d}" for i in range(40)],
    "TRANSCRIPTOMIC": [f"ENSG{141510 + 97 * i:011d}" for i in range(40)],
    "PROTEOMIC": [f"seq.{10000 + 7 * i}.{i % 90 + 1}" for i in range(20)] + [f"OID{471 + i:05d}" for i in range(20)],
}


@pytest.mark.parametrize("entity", sorted(OMIC_FEATURE_NAMES))
def test_wide_omic_tables_are_found_by_their_feature_names(entity):
    found = detect(_wide_omics(OMIC_FEATURE_NAMES[entity], 300, 7), use_presidio=False)
    features = [c for c in found if c != "sample_id"]
    assert {found[c].entities for c in features} == {(entity,)}
    assert found["sample_id"].category == "none"


def test_mouse_genes_and_non_numeric_columns_are_not_omic_data():
    mouse = _wide_omics([f"ENSMUSG{i:011d}" for i in range(40)], 300, 8)
    assert {f.category for f in detect(mouse, use_presidio=False).values()} == {"none"}
    labels = pl.DataFrame({"cg00000029": ["probe ok"] * 50})
    assert detect(labels, use_presidio=False)["cg00000029"].category == "none"


def _long_methylation(samples: int, probes: int, key: str | None) -> pl.DataFrame:
    rng = random.Random(samples)
    ids = [f"cg{1000 + 13 * p:08d}" for p in range(probes)]
    table = pl.DataFrame(
        {
            "k": [f"S{s:05d}" for s in range(samples) for _ in ids],
            "probe": ids * samples,
            "beta": [round(rng.random(), 4) for _ in range(samples * probes)],
        }
    )
    return table.drop("k") if key is None else table.rename({"k": key})


@pytest.mark.parametrize("key", ["sample_id", "c1"])
def test_long_omic_tables_count_their_samples_at_the_doj_threshold(tmp_path, key):
    # 28 CFR 202.205: more than 1,000 persons' epigenomic data is bulk, and prohibited to CN.
    for samples, expected in ((1000, []), (1001, ["DOJ-OMIC-BULK"])):
        path = tmp_path / f"methylation_{samples}.parquet"
        _long_methylation(samples, 5, key).write_parquet(path)
        assert _rule_ids(path) == expected


def test_results_per_contrast_and_qc_per_plate_repeat_feature_ids_but_hold_no_samples():
    rng = random.Random(9)
    genes = [f"ENSG{141510 + 97 * i:011d}" for i in range(500)]
    contrasts = pl.DataFrame({"gene_id": genes * 3, "contrast": [c for c in ("A", "B", "C") for _ in genes],
                              "log2FoldChange": [rng.gauss(0, 1) for _ in range(1500)]})
    assays = [f"OID{471 + i:05d}" for i in range(90)]
    plates = pl.DataFrame({"OlinkID": assays * 8, "plate_id": [f"P{p}" for p in range(8) for _ in assays],
                           "LOD": [rng.uniform(0, 2) for _ in range(720)]})
    edges = pl.DataFrame({"source_gene": [genes[i % 50] for i in range(1100)],
                          "target_gene": [genes[rng.randrange(500)] for _ in range(1100)],
                          "pearson_r": [rng.uniform(-1, 1) for _ in range(1100)]})
    for frame in (contrasts, plates, edges):
        assert {f.category for f in detect(frame, use_presidio=False).values()} == {"none"}


def test_a_probe_manifest_lists_each_probe_once_and_holds_no_persons(tmp_path):
    manifest = pl.DataFrame({"IlmnID": [f"cg{7 * i:08d}" for i in range(1500)], "MAPINFO": list(range(1500)),
                             "GC_content": [0.4] * 1500})
    assert detect(manifest, use_presidio=False)["IlmnID"].category == "none"


def test_allele_frequencies_and_gwas_summary_statistics_hold_no_persons(tmp_path):
    rng = random.Random(3)
    variants = 500
    frequencies = pl.DataFrame(
        {
            "CHROM": [rng.randint(1, 22) for _ in range(variants)],
            "POS": [rng.randint(10_000, 90_000_000) for _ in range(variants)],
            "ID": [f"rs{rng.randint(1000, 90_000_000)}" for _ in range(variants)],
            "REF": [rng.choice("ACGT") for _ in range(variants)],
            "ALT": [rng.choice("ACGT") for _ in range(variants)],
            "AF": [round(rng.random() / 2, 4) for _ in range(variants)],
        }
    )
    path = tmp_path / "allele_frequencies.tsv"
    frequencies.write_csv(path, separator="\t")
    report = scan_paths([str(path)], DOJ_TO_CHINA)
    assert "genomic" in {c.category for c in report.datasets[0].columns}
    assert report.datasets[0].risk.persons_by_category.get("human_genomic", 0) == 0
    assert report.violations == ()


@pytest.mark.parametrize("persons", [100, 101])
def test_a_long_genotype_table_under_a_key_named_specimen_counts_its_persons(tmp_path, persons):
    rng = random.Random(persons)
    rsids = [f"rs{rng.randint(1000, 9_000_000)}" for _ in range(20)]
    table = pl.DataFrame(
        {
            "specimen_id": [f"S{p}" for p in range(persons) for _ in rsids],
            "rsid": rsids * persons,
            "genotype": [rng.choice(["AA", "AG", "GG", "CT", "TT"]) for _ in range(20 * persons)],
        }
    )
    path = tmp_path / "long.csv"
    table.write_csv(path)
    assert _rule_ids(path) == ([] if persons == 100 else ["DOJ-GENOMIC-BULK"])


def test_upper_case_uuids_holding_a_luhn_valid_card_layout_are_not_card_numbers():
    # About one upper-case UUID in 30,000 starts with 16 digits that pass Luhn after an issuer
    # prefix (`40926395-7212-8961-1296-…`); a card in text is four groups with one separator.
    rng = random.Random(5)
    ids = [str(uuid.UUID(int=rng.getrandbits(128))).upper() for _ in range(100_000)]
    notes = [f"visit {i} ok" for i in range(100_000)]
    notes[17] = "paid with card 4111 1111 1111 1111 today"
    notes[70_001] = "card 4111-1111-1111-1111."
    found = detect(pl.DataFrame({"c7": ids, "notes": notes}), use_presidio=False)
    assert found["c7"].category == "none"
    assert found["notes"].entities == ("CREDIT_CARD",)


# --------------------------------------------------------------------------- international exports

DIAGNOSES = ["Hypertension", "Type 2 diabetes mellitus", "Asthma", "COPD", "Major depressive disorder",
             "Migraine", "Hypothyroidism", "Atrial fibrillation", "Chronic kidney disease", "Gout"]
DIAGNOSES_ZH = ["高血压", "2型糖尿病", "哮喘", "慢性阻塞性肺病", "抑郁症", "偏头痛", "冠心病", "肺癌"]


def _choices(values: list, rows: int = 400, seed: int = 11) -> list:
    rng = random.Random(seed)
    return [rng.choice(values) for _ in range(rows)]


def test_diagnoses_in_words_are_health_data_under_any_name():
    frame = pl.DataFrame({"diagnosis": _choices(DIAGNOSES), "c3": _choices(DIAGNOSES, seed=12),
                          "诊断": _choices(DIAGNOSES_ZH), "c4": _choices(DIAGNOSES_ZH, seed=13)})
    found = detect(frame, use_presidio=False)
    assert {column: found[column].entities for column in frame.columns} == {c: ("DIAGNOSIS",) for c in frame.columns}
    assert {found[c].category for c in frame.columns} == {"health"}


def test_hospital_departments_and_look_alike_words_are_no_diagnoses():
    frame = pl.DataFrame({
        "dept": _choices(["東京大学病院", "大阪市立病院", "内科", "外科", "小児科", "眼科"]),
        "c5": _choices(["Migration tool", "Asmara coffee", "Stoma bag", "Aroma oil", "Diploma frame", "Academia pen"]),
        "dx": _choices(["E11.9", "I10", "J45.909", "K21.9"]),
    })
    found = detect(frame, use_presidio=False)
    assert (found["dept"].category, found["c5"].category) == ("none", "none")
    assert found["dx"].entities == ("ICD10_CODE",)


def test_measurements_sex_age_and_ethnicity_under_native_names():
    rng = random.Random(4)
    rows = 400
    frame = pl.DataFrame({
        "血糖": [round(rng.uniform(4, 12), 1) for _ in range(rows)],
        "收缩压": [rng.randint(100, 180) for _ in range(rows)],
        "глюкоза": [round(rng.uniform(4, 12), 1) for _ in range(rows)],
        "jenis_kelamin": _choices(["Laki-laki", "Perempuan"]),
        "c6": _choices(["ذكر", "أنثى"]),
        "usia": [rng.randint(18, 90) for _ in range(rows)],
        "民族": _choices(["哈萨克族", "哈尼族", "傣族", "白族", "汉族"]),
        "宗教": _choices(["佛教", "基督教", "伊斯兰教", "无宗教信仰"]),
    })
    found = detect(frame, use_presidio=False)
    assert {column: found[column].entities[0] for column in frame.columns} == {
        "血糖": "LAB_RESULT", "收缩压": "VITAL_SIGN", "глюкоза": "LAB_RESULT", "jenis_kelamin": "SEX", "c6": "SEX",
        "usia": "AGE", "民族": "ETHNICITY", "宗教": "RELIGION",
    }


def test_years_of_schooling_and_gestational_age_are_no_ages():
    frame = pl.DataFrame({"anos_de_estudo": list(range(20)) * 20, "idade_gestacional": [20 + i % 22 for i in range(400)]})
    assert {f.category for f in detect(frame, use_presidio=False).values()} == {"none"}


def test_japanese_names_written_with_an_ideographic_space_are_person_names():
    from faker import Faker

    fake = Faker("ja_JP")
    fake.seed_instance(31)
    names = [f"{fake.last_name()}\u3000{fake.first_name()}" for _ in range(300)]
    found = detect(pl.DataFrame({"氏名": names, "c3": names}), use_presidio=False)
    assert (found["氏名"].entities[0], found["c3"].entities[0]) == ("PERSON", "PERSON")


def test_columns_naming_an_establishment_hold_no_person_names():
    hospitals = ["Hospital São Lucas", "Hospital Alemão Oswaldo Cruz", "Hospital Santa Marcelina",
                 "Santa Casa de Misericórdia", "Hospital Sírio-Libanês", "Hospital Moinhos de Vento"]
    found = detect(pl.DataFrame({"nome_estabelecimento": _choices(hospitals), "c3": _choices(hospitals)}), use_presidio=False)
    assert "PERSON" not in found["nome_estabelecimento"].entities + found["c3"].entities


# --------------------------------------------------------------------------- forms hidden in a few rows

HIDDEN_FORMS = {
    "MEDICAL_RECORD_NUMBER": ["med rec #45286981 noted", "Medical Record No. 82228151 on file", "MR# 4528698 checked"],
    "UK_NHS": ["NHS-No 461 999 5169 given"],
    "DATE_OF_BIRTH": ["geboren am 17. Mai 1961 in Köln", "date de naissance : 01/02/1950, suivi",
                      "nacido el 16 de julio de 1948 en Lima", "DOB - 01/23/1962 verified"],
    "STREET_ADDRESS": ["cambio a Paseo Bertrán 136", "nueva: Calle Ramírez 34, Sevilla", "mudou para Rua Augusta 10"],
    "CREDIT_CARD": ["paid with 2535 4403 0871 5900 ok", "amex 3714 496353 98431 used"],
}


@pytest.mark.parametrize("entity", sorted(HIDDEN_FORMS))
def test_forms_hidden_in_three_percent_of_a_cryptic_text_column(entity):
    rng = random.Random(entity)
    values = [rng.choice(["Patient seen, stable.", "Follow-up booked.", "Labs pending."]) for _ in range(20_000)]
    for row in rng.sample(range(20_000), 600):
        values[row] = rng.choice(HIDDEN_FORMS[entity])
    assert entity in detect(pl.DataFrame({"c9": values}), use_presidio=False)["c9"].entities


def test_categorical_columns_are_searched_like_text():
    rng = random.Random(1)
    from helpers import valid_ssn

    values = [rng.choice(["Sample shipped to site.", "Requisition complete."]) for _ in range(20_000)]
    for row in rng.sample(range(20_000), 600):
        values[row] = f"Sample shipped; {valid_ssn(rng)} written on the requisition."
    found = detect(pl.DataFrame({"comment": pl.Series(values, dtype=pl.Categorical)}), use_presidio=False)
    assert "US_SSN" in found["comment"].entities


def test_full_width_digits_are_read_as_digits():
    rng = random.Random(8)
    phones = [f"０{rng.choice('789')}０－{rng.randint(1000, 9999)}－{rng.randint(1000, 9999)}" for _ in range(300)]
    phones = [p.translate(str.maketrans("0123456789", "０１２３４５６７８９")) for p in phones]
    postcodes = [f"〒{rng.randint(100, 999)}-{rng.randint(1000, 9999)}" for _ in range(300)]
    found = detect(pl.DataFrame({"電話番号": phones, "郵便番号": postcodes}), use_presidio=False)
    assert (found["電話番号"].entities[0], found["郵便番号"].entities[0]) == ("PHONE_NUMBER", "POSTAL_CODE")


def test_look_alikes_in_a_few_rows_stay_benign():
    rng = random.Random(33)
    rows = 20_000
    versions = [f"SKU-{rng.randint(1000, 9999)}" for _ in range(rows)]
    for row in rng.sample(range(rows), 200):
        versions[row] = f"firmware {rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 60)}.{rng.randint(0, 99)}"
    barcodes = [f"SKU-{rng.randint(1000, 9999)}" for _ in range(rows)]
    for row in rng.sample(range(rows), 200):
        barcodes[row] = str(rng.choice([4, 5])) + "".join(rng.choice("0123456789") for _ in range(15))
    absorbances = [f"abs {rng.uniform(0.1, 1.99):.5f}, {rng.uniform(0.1, 1.99):.5f}" if rng.random() < 0.02 else "blank"
                   for _ in range(rows)]
    ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(200_000)]
    frame = pl.DataFrame({"fld_19": versions, "c2": barcodes, "c3": absorbances, "c4": ids[:rows]})
    found = detect(frame, use_presidio=False)
    assert {c: found[c].category for c in frame.columns} == {c: "none" for c in frame.columns}
    assert detect(pl.DataFrame({"sample_id": ids}), use_presidio=False)["sample_id"].category == "none"


# --------------------------------------------------------------------------- national identity numbers


def _faker_values(locale: str, method: str, rows: int = 300) -> list[str]:
    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(1)
    return [str(getattr(fake, method)()) for _ in range(rows)]


@pytest.mark.parametrize(
    ("locale", "method", "column"),
    [("es_MX", "curp", "curp"), ("es_MX", "curp", "c4"), ("es_CL", "person_rut", "rut"), ("ko_KR", "ssn", "주민등록번호"),
     ("he_IL", "ssn", "מספר_זהות"), ("th_TH", "ssn", "เลขบัตรประชาชน"), ("ro_RO", "ssn", "cnp")],
)
def test_national_identity_numbers_of_more_countries(locale, method, column):
    found = detect(pl.DataFrame({column: _faker_values(locale, method)}), use_presidio=False)[column]
    assert found.entities == ("NATIONAL_ID",)


def test_random_digits_in_the_korean_resident_number_layout_are_no_identity_numbers():
    rng = random.Random(3)
    codes = [f"{rng.randint(0, 999999):06d}-{rng.randint(0, 9999999):07d}" for _ in range(300)]
    assert detect(pl.DataFrame({"c5": codes}), use_presidio=False)["c5"].category == "none"


def test_column_names_in_scripts_with_vowel_signs_match_their_synonyms():
    from minlint.detect.names import match_synonym

    assert match_synonym("เลขบัตรประชาชน", ("เลขบัตรประชาชน",)) == "เลขบัตรประชาชน"
    assert match_synonym("आयु", ("आयु",)) == "आयु"
    assert match_synonym("患者のマイナンバー", ("マイナンバー",)) == "マイナンバー"


@pytest.mark.parametrize(
    "note",
    ["患者王某，身份证号150100200311041526，已入院", "Paciente con CURP BACL211020HOCLYGA6 ingresó",
     "Hasta TC kimlik no: 11152449388 yatırıldı"],
)
def test_labelled_national_identity_numbers_in_notes(note):
    rng = random.Random(note)
    values = ["ok"] * 5_000
    for row in rng.sample(range(5_000), 50):
        values[row] = note
    assert detect(pl.DataFrame({"c1": values}), use_presidio=False)["c1"].entities == ("NATIONAL_ID",)


def test_three_files_of_forty_genotyped_persons_to_one_recipient_are_bulk(tmp_path):
    # 28 CFR 202.205 counts persons "aggregated across transactions with the same counterparty".
    rng = random.Random(40)
    rsids = [f"rs{rng.randint(1000, 9_000_000)}" for _ in range(20)]
    paths = []
    for batch in range(3):
        table = pl.DataFrame({
            "sample_id": [f"B{batch}-{p}" for p in range(40) for _ in rsids],
            "rsid": rsids * 40,
            "genotype": [rng.choice(["AA", "AG", "GG"]) for _ in range(800)],
        })
        paths.append(tmp_path / f"batch_{batch}.csv")
        table.write_csv(paths[-1])
    report = scan_paths([str(p) for p in paths], DOJ_TO_CHINA)
    assert [(v.rule_id, v.dataset) for v in report.violations] == [("DOJ-GENOMIC-BULK", "3 datasets together")]
    assert "120 persons" in report.violations[0].message
    assert scan_paths([str(p) for p in paths[:2]], DOJ_TO_CHINA).violations == ()


# --------------------------------------------------------------------------- genotype layouts


def test_plink_traw_counts_one_person_per_dosage_column(tmp_path):
    rng = random.Random(150)
    variants = 60
    table = {"CHR": [rng.randint(1, 22) for _ in range(variants)],
             "SNP": [f"rs{rng.randint(1000, 9_000_000)}" for _ in range(variants)],
             "(C)M": [0] * variants, "POS": [rng.randint(10_000, 9_000_000) for _ in range(variants)],
             "COUNTED": [rng.choice("ACGT") for _ in range(variants)], "ALT": [rng.choice("ACGT") for _ in range(variants)]}
    table |= {f"FAM{i}_IND{i}": [rng.choice([0, 1, 2]) for _ in range(variants)] for i in range(101)}
    path = tmp_path / "cohort.traw.tsv"
    pl.DataFrame(table).write_csv(path, separator="\t")
    report = scan_paths([str(path)], DOJ_TO_CHINA)
    columns = {c.column: c.entities for c in report.datasets[0].columns}
    assert columns["FAM0_IND0"] == ("GENOTYPE",) and "GENOTYPE" not in columns["COUNTED"]
    assert report.datasets[0].risk.persons_by_category == {"human_genomic": 101}
    assert [v.rule_id for v in report.violations] == ["DOJ-GENOMIC-BULK"]


def test_a_cryptic_matrix_of_allele_dosages_is_genotypes_and_summary_statistics_are_not():
    rng = random.Random(7)

    def imputed_dosage() -> float:
        call = rng.choice([0, 1, 2])
        return round(min(2.0, max(0.0, call + rng.uniform(-0.3, 0.3) if rng.random() < 0.1 else call + rng.uniform(-0.05, 0.05))), 3)

    hard_calls = {f"f{i:04d}": [rng.choice([0, 1, 2]) for _ in range(150)] for i in range(120)}
    imputed = {f"v{i}": [imputed_dosage() for _ in range(150)] for i in range(120)}
    for frame in (pl.DataFrame(hard_calls), pl.DataFrame(imputed)):
        assert {f.entities for f in detect(frame, use_presidio=False).values()} == {("GENOTYPE",)}
    # A questionnaire of 30 items scored 0-2, and a 96-well plate of optical densities
    survey = pl.DataFrame({k: v for k, v in list(hard_calls.items())[:30]})
    plate = pl.DataFrame({f"{row}{col}": [round(rng.uniform(0.05, 1.85), 3) for _ in range(193)]
                          for row in "ABCDEFGH" for col in range(1, 13)})
    for frame in (survey, plate):
        assert {f.category for f in detect(frame, use_presidio=False).values()} == {"none"}
    statistics = pl.DataFrame({
        "SNP": [f"rs{rng.randint(1000, 9_000_000)}" for _ in range(500)], "CHR": [rng.randint(1, 22) for _ in range(500)],
        "BP": [rng.randint(10_000, 9_000_000) for _ in range(500)], "A1": [rng.choice("ACGT") for _ in range(500)],
        "A2": [rng.choice("ACGT") for _ in range(500)], "SE": [round(rng.uniform(0.01, 0.05), 5) for _ in range(500)],
        "P": [rng.random() for _ in range(500)],
    })
    found = detect(statistics, use_presidio=False)
    assert found["SE"].category == found["P"].category == "none"


def test_fix_refuses_files_that_are_bulk_genomic_data_only_together(tmp_path, monkeypatch):
    from minlint.fix.fixer import FixOptions, fix_paths
    from minlint.fix.plan import FixRefused

    rng = random.Random(41)
    rsids = [f"rs{rng.randint(1000, 9_000_000)}" for _ in range(20)]
    exports = tmp_path / "exports"
    exports.mkdir()
    for batch in range(3):
        pl.DataFrame({
            "sample_id": [f"B{batch}-{p}" for p in range(40) for _ in rsids],
            "rsid": rsids * 40,
            "genotype": [rng.choice(["AA", "AG", "GG"]) for _ in range(800)],
        }).write_csv(exports / f"batch_{batch}.csv")
    monkeypatch.setenv("MINLINT_PSEUDONYM_KEY", "test-key-0123456789abcdef")
    with pytest.raises(FixRefused, match="3 datasets together: cannot be fixed"):
        fix_paths([str(exports)], FixOptions(scan=DOJ_TO_CHINA, output=tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def _vcf(path, reference_lines: list[str], samples: int) -> None:
    rng = random.Random(samples)
    header = ["##fileformat=VCFv4.2", *reference_lines, '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
              "\t".join(["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT",
                         *[f"S{i}" for i in range(samples)]])]
    records = [
        "\t".join(["1", str(3_000_000 + 9_000 * v), f"rs{rng.randint(1000, 9_000_000)}", "C", "T", "60", "PASS", ".", "GT",
                   *[rng.choice(["0/0", "0/1", "1/1"]) for _ in range(samples)]])
        for v in range(40)
    ]
    path.write_text("\n".join(header + records) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("reference_lines", "human"),
    [(["##reference=GRCm39", '##contig=<ID=1,length=195154279,assembly=GRCm39,species="Mus musculus">'], False),
     (["##reference=GCF_000005845.2 Escherichia coli K-12 MG1655"], False),
     (["##reference=file:///refs/GRCh38_full_analysis_set.fa", "##contig=<ID=1,length=248956422,assembly=GRCh38>"], True),
     ([], True)],
)
def test_a_vcf_of_another_organism_holds_no_human_genomic_data(tmp_path, reference_lines, human):
    path = tmp_path / "cohort.vcf"
    _vcf(path, reference_lines, 101)
    dataset = scan_paths([str(path)], DOJ_TO_CHINA).datasets[0]
    assert dataset.risk.persons_by_category.get("human_genomic", 0) == (101 if human else 0)
    assert ("genomic" in {c.category for c in dataset.columns}) == human
    assert any("is not human" in note for note in dataset.notes) == (not human)


# --------------------------------------------------------------------------- false alarms of the rules above


def test_words_that_also_name_conditions_elsewhere_are_no_diagnoses():
    frame = pl.DataFrame({
        "message": _choices(["Epoch 3/50 - loss: 0.2154", "Hive table loaded", "Goutte-à-goutte réglé"]),
        "product_name": _choices(["Allergy relief tablets 24h", "Acid reflux relief chews", "Reflux pillow wedge"]),
        "status": _choices(["Malware infection detected on host WS-12", "Tropical Depression 12",
                            "Bipolar (BJT) Transistor NPN 40V", "Cancer", "システム障害が発生しました", "电脑感染病毒"]),
    })
    assert {f.category for f in detect(frame, use_presidio=False).values()} == {"none"}


def test_merge_requests_venues_units_and_event_dates_are_no_identifiers():
    frame = pl.DataFrame({
        "subject": _choices(["Merge MR #48213 into main", "Merge MR #48214 into main", "Fix typo"]),
        "table_note": _choices(["Table 12 Garden Terrace", "Level 2 Food Court", "Plaza Hotel 5 stars gala",
                                "Day 3 Inca Trail trek", "Released 2 Northern Pike"]),
        "unit": _choices(["K", "M"]),
        "发生日期": _choices(["2024-05-01", "2024-06-12", "2024-07-30"]),
    })
    found = detect(frame, use_presidio=False)
    assert {c: found[c].entities for c in ("subject", "table_note", "unit")} == {c: () for c in ("subject", "table_note", "unit")}
    assert found["发生日期"].entities == ("DATE",)


def test_polish_and_vietnamese_sex_letters_count_under_a_sex_name():
    found = detect(pl.DataFrame({"plec": _choices(["M", "K"]), "gioi_tinh": _choices(["Nam", "Nu"])}), use_presidio=False)
    assert (found["plec"].entities, found["gioi_tinh"].entities) == (("SEX",), ("SEX",))


def test_the_format_column_of_a_vcf_like_table_is_no_person(tmp_path):
    rng = random.Random(100)
    table = {"CHROM": [str(rng.randint(1, 22)) for _ in range(40)], "POS": [rng.randint(10_000, 9_000_000) for _ in range(40)],
             "ID": [f"rs{rng.randint(1000, 9_000_000)}" for _ in range(40)], "REF": ["C"] * 40, "ALT": ["T"] * 40,
             "FORMAT": ["GT"] * 40}
    table |= {f"S{i}": [rng.choice(["0/0", "0/1", "1/1"]) for _ in range(40)] for i in range(100)}
    path = tmp_path / "cohort.tsv"
    pl.DataFrame(table).write_csv(path, separator="\t")
    report = scan_paths([str(path)], DOJ_TO_CHINA)
    assert report.datasets[0].risk.persons_by_category == {"human_genomic": 100}
    assert report.violations == ()
