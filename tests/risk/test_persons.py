"""Distinct persons per DOJ data category (28 CFR 202.205) and genomic linkage counts."""

from __future__ import annotations

import polars as pl
import pytest
from risk.risk_findings import DIRECT, GENOMIC, HEALTH, QUASI, finding, plain

from minlint import execution
from minlint.model import ColumnFinding, Detection
from minlint.risk import assess, find_person_key

VISITS = pl.DataFrame(
    {
        "PatientID": ["P1", "P1", "P2", "P3", "P3", None],
        "icd10": ["I10", "E11.9", None, "I10", None, "C50.911"],
        "rs123": ["AA", "AG", "GG", None, None, None],
        "iban": [None, None, "DE89370400440532013000", None, None, None],
        "lat": [59.91, None, None, None, 59.95, None],
        "email": ["a@x.org", "a@x.org", None, "c@x.org", None, None],
        "dob": ["1980-05-02", "1980-05-02", "1975-01-01", None, None, None],
    }
)
FINDINGS = (
    plain("PatientID"),
    finding("icd10", HEALTH, "ICD10_CODE"),
    finding("rs123", GENOMIC, "GENOTYPE"),
    finding("iban", DIRECT, "IBAN_CODE"),
    finding("lat", QUASI, "GEO_COORDINATE", dtype="Float64"),
    finding("email", DIRECT, "EMAIL_ADDRESS"),
    finding("dob", QUASI, "DATE_OF_BIRTH"),
)


def test_person_key_found_by_normalised_name_then_by_mrn_entity():
    assert find_person_key(FINDINGS) == "PatientID"
    assert find_person_key((finding("chart", DIRECT, "MEDICAL_RECORD_NUMBER"), plain("x"))) == "chart"
    assert find_person_key((plain("x"),)) is None


def test_distinct_persons_per_category_with_a_person_key():
    risk = assess(VISITS.lazy(), FINDINGS, quasi_identifiers=[])
    assert risk.metrics["person_key"] == "PatientID"
    assert risk.persons == 3
    assert risk.persons_by_category == {
        "covered_personal_identifiers": 3,  # iban/email/dob rows of P1, P2, P3
        "financial": 1,
        "health": 2,  # P1, P3 (the null-key row does not count)
        "human_genomic": 2,
        "precise_geolocation": 2,
    }
    assert risk.metrics["persons_estimated"] is False


def test_without_a_person_key_rows_are_counted():
    frame = VISITS.drop("PatientID")
    risk = assess(frame.lazy(), FINDINGS[1:], quasi_identifiers=[])
    assert risk.metrics["person_key"] is None
    assert risk.persons == 6
    assert risk.persons_by_category["health"] == 4
    assert risk.persons_by_category["human_genomic"] == 3
    # iban, email and dob are listed identifiers (lat is geolocation, its own category): rows 0-3.
    assert risk.persons_by_category["covered_personal_identifiers"] == 4


def test_person_key_override():
    risk = assess(VISITS.lazy(), FINDINGS, quasi_identifiers=[], person_key="email")
    assert risk.persons == 2
    assert risk.persons_by_category["health"] == 2  # a@x.org, c@x.org


def test_one_listed_identifier_alone_is_not_covered_personal_identifiers():
    frame = pl.DataFrame({"email": ["a@x.org", "b@x.org"], "icd10": ["I10", "E11.9"]})
    findings = (finding("email", DIRECT, "EMAIL_ADDRESS"), finding("icd10", HEALTH, "ICD10_CODE"))
    assert "covered_personal_identifiers" not in assess(frame.lazy(), findings).persons_by_category
    keyed = frame.with_columns(pl.Series("subject_id", ["S1", "S1"]))
    risk = assess(keyed.lazy(), (*findings, plain("subject_id")))
    assert risk.persons_by_category == {"covered_personal_identifiers": 1, "health": 1}


def test_a_vcf_counts_its_sample_columns_as_genomic_persons():
    frame = pl.DataFrame({"ID": ["rs1", "rs2", "rs3"], "NA12878": ["0/1", "1/1", "0/0"], "NA12891": ["0/0", "0/1", "./."]})
    findings = (
        finding("ID", GENOMIC, "RSID"),
        finding("NA12878", GENOMIC, "GENOTYPE"),
        finding("NA12891", GENOMIC, "GENOTYPE"),
    )
    risk = assess(frame.lazy(), findings, sample_columns=("NA12878", "NA12891"))
    assert risk.persons == 2
    assert risk.persons_by_category == {"human_genomic": 2}
    assert risk.genotype_columns == 2
    assert risk.metrics["snps_per_person"] == 3
    assert risk.metrics["snp_identifying"] is False


def test_a_genotype_matrix_of_30_snps_identifies_people():
    snps = {f"rs{1000 + i}": ["AA", "AG", "GG"] for i in range(30)}
    frame = pl.DataFrame({"sample_id": ["S1", "S2", "S3"], **snps, "DYS390": [21, 22, 24], "hla_a": ["HLA-A*02:01"] * 3})
    findings = (
        plain("sample_id"),
        *(finding(c, GENOMIC, "RSID") for c in snps),  # rsID-named matrix columns count as genotypes
        finding("DYS390", GENOMIC, "Y_STR", dtype="Int64"),
        finding("hla_a", GENOMIC, "HLA_ALLELE"),
    )
    risk = assess(frame.lazy(), findings)
    assert risk.genotype_columns == 30
    assert risk.metrics["snp_identifying"] is True
    assert risk.metrics["y_str_columns"] == 1
    assert risk.metrics["hla_columns"] == 1
    assert risk.persons_by_category == {"human_genomic": 3}
    assert risk.metrics["l_diversity_columns"] == 32
    assert risk.metrics["l_diversity"] == {}  # no quasi-identifiers, no classes


def test_l_diversity_measures_the_first_20_sensitive_columns_by_name():
    snps = {f"rs{i:03d}": ["AA", "AG", "AA", "GG"] for i in range(25)}
    frame = pl.DataFrame({"sex": ["F", "F", "M", "M"], **snps})
    findings = (finding("sex", QUASI, "SEX"), *(finding(c, GENOMIC, "GENOTYPE") for c in snps))
    risk = assess(frame.lazy(), findings)
    assert list(risk.metrics["l_diversity"]) == [f"rs{i:03d}" for i in range(20)]
    assert set(risk.metrics["l_diversity"].values()) == {2}
    assert risk.metrics["l_diversity_truncated"] is True
    assert risk.metrics["l_diversity_columns"] == 25


def test_biometric_and_other_omic_entities_are_their_own_categories():
    frame = pl.DataFrame({"face_template": ["t1", "t2", None], "rna_expr": [1.0, None, 2.0]})
    findings = (finding("face_template", "sensitive", "BIOMETRIC"), finding("rna_expr", "sensitive", "TRANSCRIPTOMIC"))
    risk = assess(frame.lazy(), findings)
    assert risk.persons_by_category == {"biometric": 2, "human_omic_other": 2}


@pytest.mark.parametrize("repeated", [False, True], ids=["one-row-per-person", "repeated-keys"])
def test_sparse_categories_count_persons_with_one_row_each_or_repeated(repeated):
    """One row per person (a pseudonymised export) counts a sparse category's keyed rows; with
    repeated keys the group-by runs. Both give the persons holding the category."""
    keys = ["a", "b", "c", "d", None] + (["a", "b"] if repeated else [])
    icd10 = ["I10", None, "E11.9", None, "I10"] + ([None, "I10"] if repeated else [])
    frame = pl.DataFrame({"patient_id": keys, "icd10": icd10})
    risk = assess(frame.lazy(), (plain("patient_id"), finding("icd10", HEALTH, "ICD10_CODE")), quasi_identifiers=[])
    assert risk.persons == 4
    assert risk.persons_by_category == {"health": 3 if repeated else 2}  # a, c (and b on its second row)


def test_face_photographs_count_as_biometric_identifiers():
    """28 CFR 202.204 lists facial images among biometric identifiers (DOJ bulk thresholds)."""
    frame = pl.DataFrame({"photo": ["iVBORw0KGgo1", None, "iVBORw0KGgo3"], "patient_id": ["P1", "P2", "P3"]})
    findings = (finding("photo", DIRECT, "FACE_IMAGE"), plain("patient_id"))
    assert assess(frame.lazy(), findings).persons_by_category["biometric"] == 2


def test_rows_that_are_not_about_persons_have_no_person_count():
    frame = pl.DataFrame({"sku": ["A-1", "B-2"], "price": [9.5, 3.0]})
    risk = assess(frame.lazy(), (plain("sku"), plain("price", "Float64")))
    assert risk.persons is None
    assert risk.persons_by_category == {}


@pytest.mark.parametrize(
    "name", ["subject_id", "Participant-ID", "MRN", "memberId", "person.person_id", "research_id"]
)
def test_person_key_names(name: str):
    assert find_person_key((plain("a"), plain(name))) == name


def test_persons_with_one_row_each_are_counted_exactly_from_distinct_hashes():
    keys = [f"P{i:05d}" for i in range(5000)] + [None, None]
    frame = pl.DataFrame({"PatientID": keys, "diagnosis": ["I10"] * 5002})
    findings = (finding("PatientID", DIRECT, "MEDICAL_RECORD_NUMBER"), finding("diagnosis", HEALTH, "ICD10_CODE"))
    risk = assess(frame.lazy(), findings, quasi_identifiers=[])
    assert risk.persons == 5000 and risk.persons_by_category["health"] == 5000


@pytest.mark.parametrize("keyed", [True, False])
def test_a_column_the_profile_found_without_nulls_is_present_in_every_row_unread(keyed):
    """``never_null``: the category of such a column covers every (keyed) row, as a read of it
    would say, on both paths; decoded, its values are not read at all (here a read would fail)."""
    visits = VISITS if keyed else VISITS.drop("PatientID")
    findings = (*(FINDINGS if keyed else FINDINGS[1:]), finding("ward", HEALTH, "ICD10_CODE"))
    readable = visits.with_columns(ward=pl.lit("W1")).lazy()
    expected = assess(readable, findings, quasi_identifiers=[])
    assert expected.persons_by_category["health"] == (3 if keyed else 6)
    assert assess(readable, findings, quasi_identifiers=[], never_null=frozenset({"ward"})) == expected
    unreadable = visits.lazy().with_columns(ward=pl.lit("not a number").str.to_integer().cast(pl.String))
    with execution.in_memory():
        assert assess(readable, findings, quasi_identifiers=[]) == expected
        with pytest.raises(pl.exceptions.ComputeError):
            assess(unreadable, findings, quasi_identifiers=[])
        assert assess(unreadable, findings, quasi_identifiers=[], never_null=frozenset({"ward"})) == expected


@pytest.mark.parametrize("name", ["SAMPLE", "IID", "participant", "Donor_ID", "pid"])
def test_long_genotype_tables_name_their_person_column_in_several_ways(name):
    # bcftools query and PLINK write one row per sample and variant: the sample column, not
    # the genotype column, says whose calls they are.
    long = pl.DataFrame({name: ["S1", "S1", "S2", "S3"], "GT": ["0/1", "1/1", "0/0", "0/1"]})
    findings = (plain(name), finding("GT", GENOMIC, "GENOTYPE"))
    assert find_person_key(findings) == name
    risk = assess(long.lazy(), findings, quasi_identifiers=[])
    assert risk.persons_by_category["human_genomic"] == 3


@pytest.mark.parametrize("name", ["specimen_id", "case_id", "eid", "样本编号", "Probanden_ID"])
def test_more_names_of_the_person_column_of_long_tables(name):
    assert find_person_key((plain("rsid"), plain(name), finding("genotype", GENOMIC, "GENOTYPE"))) == name


def _long_genotype_table(persons: int, variants: int, key: str | None) -> pl.DataFrame:
    rsids = [f"rs{1000 + 7 * v}" for v in range(variants)]
    calls = ["AA", "AG", "GG", "CT"]
    table = pl.DataFrame(
        {
            "k1": [f"S{p:04d}" for p in range(persons) for _ in rsids],
            "rsid": rsids * persons,
            "genotype": [calls[(p * 3 + v) % 4] for p in range(persons) for v in range(variants)],
        }
    )
    return table.drop("k1") if key is None else table.rename({"k1": key})


@pytest.mark.parametrize("key", [None, "k1"])
@pytest.mark.parametrize("persons", [100, 101])
def test_a_long_genotype_table_with_an_unknown_key_counts_each_repetition_of_its_variants(key, persons):
    # One row per sample and variant under a cryptic key or none: 20 variants in 20 * n rows
    # are n persons' calls, not one consumer's raw-data file (which lists each variant once).
    frame = _long_genotype_table(persons, 20, key)
    findings = ((plain(key),) if key else ()) + (finding("rsid", GENOMIC, "RSID"), finding("genotype", GENOMIC, "GENOTYPE"))
    risk = assess(frame.lazy(), findings, quasi_identifiers=[])
    assert risk.persons == persons and risk.persons_by_category == {"human_genomic": persons}
    assert risk.metrics["snps_per_person"] == 20
    one_consumer = assess(frame.head(20).lazy(), findings, quasi_identifiers=[])
    assert one_consumer.persons == 1


def test_variant_descriptors_and_sequences_without_persons_count_no_genomic_persons():
    # Allele frequencies per variant, and primers: genomic columns, but no person's results
    # (28 CFR 202.224); 500 rows are 500 variants, not 500 persons.
    frequencies = pl.DataFrame({"ID": [f"rs{i}" for i in range(500)], "POS": list(range(500)),
                                "AF": [0.01 * (i % 90) for i in range(500)]})
    findings = (finding("ID", GENOMIC, "RSID"), finding("POS", GENOMIC, "VARIANT_POSITION", dtype="Int64"),
                plain("AF", "Float64"))
    assert assess(frequencies.lazy(), findings, quasi_identifiers=[]).persons_by_category == {}
    primers = pl.DataFrame({"primer": ["ACGTTGCAACGTAGGCTA"] * 250})
    assert assess(primers.lazy(), (finding("primer", GENOMIC, "DNA_SEQUENCE"),)).persons_by_category == {}
    reads = primers.rename({"primer": "read"}).with_columns(sample_id=pl.Series([f"S{i % 125}" for i in range(250)]))
    keyed = assess(reads.lazy(), (finding("read", GENOMIC, "DNA_SEQUENCE"), plain("sample_id")), quasi_identifiers=[])
    assert keyed.persons_by_category == {"human_genomic": 125}
    # Beside the key, designed oligos (a primer per sample) are still no one's sequence.
    designed = reads.rename({"read": "primer"})
    oligos = assess(designed.lazy(), (finding("primer", GENOMIC, "DNA_SEQUENCE"), plain("sample_id")), quasi_identifiers=[])
    assert oligos.persons_by_category == {}


@pytest.mark.parametrize("keyed", [False, True])
def test_a_form_found_inside_a_few_notes_counts_the_rows_that_hold_it(keyed):
    # One card number in 2,000 notes is one person's financial data (28 CFR 202.205), not
    # 2,000 persons'; a column of card numbers counts every row that has one.
    notes = ["follow up in 3 months"] * 2000
    notes[17] = "paid with card 4111 1111 1111 1111 today"
    frame = pl.DataFrame({"patient_id": [f"P{i}" for i in range(2000)], "notes": notes,
                          "card": ["4111111111111111"] * 2000})
    found_inside = ColumnFinding("notes", "String", DIRECT, (
        Detection("notes", "CREDIT_CARD", DIRECT, 0.6, ("search:1 rows (<0.1%)",)),
        Detection("notes", "FREE_TEXT", "sensitive", 0.7, ("text:mean length 25",)),
    ))
    findings = ((plain("patient_id"),) if keyed else ()) + (found_inside,)
    if not keyed:
        frame = frame.drop("patient_id")
    risk = assess(frame.drop("card").lazy(), findings, quasi_identifiers=[])
    assert risk.persons_by_category["financial"] == 1
    whole = (*findings, finding("card", DIRECT, "CREDIT_CARD"))
    assert assess(frame.lazy(), whole, quasi_identifiers=[]).persons_by_category["financial"] == 2000
