"""Genomic data is found from values and column sets: SNP matrices, VCFs, consumer files, codes."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import polars as pl
import pytest
from helpers import detect

from minlint.detect.registry import DetectOptions, detect_dataset
from minlint.io.discover import discover
from minlint.io.readers import open_dataset
from minlint.model import ColumnFinding
from minlint.profile import profile_frame

ROWS = 400
_PAIRS = (("A", "G"), ("C", "T"), ("A", "C"), ("G", "T"))


def _calls(rng: random.Random, rows: int = ROWS, no_call: str = "--") -> list[str]:
    ref, alt = rng.choice(_PAIRS)
    return [rng.choice([ref + ref, ref + alt, alt + alt, ref + alt, no_call]) for _ in range(rows)]


def _scan(path: Path) -> dict[str, ColumnFinding]:
    """The real pipeline on a file: discover, read, profile, detect."""
    (source,) = discover([str(path)])
    dataset = open_dataset(source)
    profiles = profile_frame(dataset.path, dataset.frame)
    return {f.column: f for f in detect_dataset(dataset.frame, profiles, DetectOptions())}


def _summary(findings: dict[str, ColumnFinding]) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {column: (f.category, tuple(sorted(f.entities))) for column, f in findings.items()}


def test_rs_named_matrix_is_genotypes_in_every_encoding():
    rng = random.Random(11)
    frame = pl.DataFrame(
        {
            "sample_key": [f"S{i:05d}" for i in range(ROWS)],
            "rs4988235": _calls(rng),
            "rs1801133": [rng.choice(["A/G", "G/G", "A/A", "./."]) for _ in range(ROWS)],
            "rs334_T": [rng.choice([0, 1, 2]) for _ in range(ROWS)],  # PLINK .raw dosage
            "rs429358": [round(rng.uniform(0, 2), 3) for _ in range(ROWS)],  # imputed dosage
            "SNP_A-1780419": [rng.choice(["AA", "AB", "BB"]) for _ in range(ROWS)],  # Illumina A/B
            "kgp8051542": [rng.choice(["0|0", "0|1", "1|1"]) for _ in range(ROWS)],
            "chr7:117559590": _calls(rng),
        }
    )
    findings = detect(frame)
    genotype_columns = [c for c, f in findings.items() if f.has("GENOTYPE")]
    assert genotype_columns == list(frame.columns[1:])
    assert all(findings[c].category == "genomic" for c in genotype_columns)
    assert findings["sample_key"].category == "none"
    assert findings["rs4988235"].detections[0].evidence == ("name:rs4988235", "values:letters 100%")
    assert findings["rs429358"].detections[0].evidence == ("name:rs429358", "values:dosage 0-2 100%")


def test_rs_named_columns_of_counts_or_text_are_not_genotypes():
    rng = random.Random(12)
    frame = pl.DataFrame(
        {
            "rs1000": [rng.randint(0, 40) for _ in range(ROWS)],  # counts beyond a dosage
            "rs1001": [rng.choice(["yes", "no"]) for _ in range(ROWS)],
        }
    )
    assert _summary(detect(frame)) == {"rs1000": ("none", ()), "rs1001": ("none", ())}


def test_ten_cryptic_columns_of_acgt_calls_are_a_genotype_matrix():
    rng = random.Random(13)
    frame = pl.DataFrame({f"v{i:02d}": _calls(rng) for i in range(10)} | {"grade": [rng.choice(["AA", "AB", "BB"]) for _ in range(ROWS)]})
    findings = detect(frame)
    assert sum(1 for f in findings.values() if f.has("GENOTYPE")) == 10
    assert findings["v00"].detections[0].evidence == ("columns:10 genotype-call columns", "values:letters 100%")
    assert findings["grade"].category == "none"


def test_nine_cryptic_call_columns_and_product_grades_stay_none():
    rng = random.Random(14)
    frame = pl.DataFrame(
        {f"v{i}": _calls(rng) for i in range(9)}
        | {f"grade_{i}": [rng.choice(["AA", "AB", "BB", "A", "B"]) for _ in range(ROWS)] for i in range(12)}
    )
    findings = detect(frame)
    assert {f.category for f in findings.values()} == {"none"}


VCF_META = b"##fileformat=VCFv4.2\n##contig=<ID=1,length=248956422>\n##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"


def _vcf(rng: random.Random, samples: int, records: int) -> bytes:
    names = [f"NA{12800 + i}" for i in range(samples)]
    header = "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t" + "\t".join(names) + "\n"
    lines = []
    for index in range(records):
        ref, alt = rng.choice(_PAIRS)
        calls = "\t".join(rng.choice(["0/0", "0/1", "1/1", "0|1", "./."]) + ":" + str(rng.randint(5, 60)) for _ in names)
        lines.append(f"{rng.randint(1, 22)}\t{10_000 + index * 97}\trs{rng.randint(1_000, 90_000_000)}\t{ref}\t{alt}\t50\tPASS\tAF=0.3\tGT:DP\t{calls}\n")
    return VCF_META + header.encode() + "".join(lines).encode()


@pytest.mark.parametrize("name", ["cohort.vcf", "cohort.vcf.gz"])
def test_vcf_sample_columns_are_genotypes_and_coordinates_are_variant_positions(tmp_path, name):
    content = _vcf(random.Random(15), samples=6, records=300)
    path = tmp_path / name
    path.write_bytes(gzip.compress(content) if name.endswith(".gz") else content)
    findings = _scan(path)
    expected = {column: ("genomic", ("VARIANT_POSITION",)) for column in ("CHROM", "POS", "REF", "ALT")}
    expected["ID"] = ("genomic", ("RSID",))
    expected |= {f"NA{12800 + i}": ("genomic", ("GENOTYPE",)) for i in range(6)}
    assert _summary(findings) == expected
    assert findings["NA12800"].detections[0].evidence == ("columns:CHROM,POS,REF,ALT", "values:VCF GT 100%")


def test_consumer_23andme_file_has_rsids_positions_and_one_genotype_column(tmp_path):
    rng = random.Random(16)
    lines = ["rsid\tchromosome\tposition\tgenotype"]
    for index in range(ROWS):
        rsid = f"rs{rng.randint(1_000, 90_000_000)}" if index % 25 else f"i{rng.randint(3_000_000, 7_000_000)}"
        chromosome = rng.choice([str(c) for c in range(1, 23)] + ["X", "Y", "MT"])
        lines.append(f"{rsid}\t{chromosome}\t{rng.randint(10_000, 200_000_000)}\t{rng.choice(['AA', 'AG', 'GG', '--', 'A', 'DI'])}")
    path = tmp_path / "consumer_23andme.tsv"
    path.write_text("\n".join(lines) + "\n")
    assert _summary(_scan(path)) == {
        "rsid": ("genomic", ("RSID",)),
        "chromosome": ("genomic", ("VARIANT_POSITION",)),
        "position": ("genomic", ("VARIANT_POSITION",)),
        "genotype": ("genomic", ("GENOTYPE",)),
    }


def test_calls_beside_rsids_are_genotypes_under_any_name_but_gwas_alleles_are_not():
    rng = random.Random(17)
    frame = pl.DataFrame(
        {
            "marker": [f"rs{rng.randint(1_000, 90_000_000)}" for _ in range(ROWS)],
            "res": [rng.choice(["CC", "CT", "TT", "--"]) for _ in range(ROWS)],
            "effect_allele": [rng.choice("ACGT") for _ in range(ROWS)],
            "beta": [rng.gauss(0, 0.1) for _ in range(ROWS)],
        }
    )
    assert _summary(detect(frame)) == {
        "marker": ("genomic", ("RSID",)),
        "res": ("genomic", ("GENOTYPE",)),
        "effect_allele": ("none", ()),
        "beta": ("none", ()),
    }


def test_variant_descriptions_sequences_hla_and_accessions_are_found_under_cryptic_names():
    rng = random.Random(18)

    def pick(*values: str) -> list[str]:
        return [rng.choice(values) for _ in range(ROWS)]

    frame = pl.DataFrame(
        {
            "f1": pick("NM_000546.6:c.215C>G", "NM_007294.4:c.68_69delAG", "NC_000017.11:g.7676154G>C"),
            "f2": pick("p.Arg72Pro", "p.Val600Glu", "p.(Gly12Asp)"),
            "f3": [f"chr{rng.randint(1, 22)}:{rng.randint(10_000, 10**8)}:{rng.choice('ACGT')}:{rng.choice('ACGT')}" for _ in range(ROWS)],
            "f4": ["".join(rng.choice("ACGT") for _ in range(60)) for _ in range(ROWS)],
            "f5": pick("HLA-A*02:01", "HLA-B*07:02", "HLA-DRB1*15:01:01", "HLA-C*07:01/HLA-C*04:01"),
            "f6": [f"{rng.choice(['SRR', 'ERR', 'DRR'])}{rng.randint(10**6, 10**7)}" for _ in range(ROWS)],
            "f7": [f"SAMN{rng.randint(10**7, 10**8)}" for _ in range(ROWS)],
            "f8": [f"EGAN{rng.randint(10**10, 10**11 - 1):011d}" for _ in range(ROWS)],
            "f9": [f"TCGA-{rng.choice(['A1', 'B6', 'E2'])}-{rng.randint(1000, 9999)}-01A" for _ in range(ROWS)],
            "f10": pick("phs000007.v32.p13", "phs000424.v8.p2", "phs001672"),
            "f11": [f"GSM{rng.randint(10**5, 10**7)}" for _ in range(ROWS)],
        }
    )
    expected_entities = {
        "f1": "HGVS", "f2": "HGVS", "f3": "VARIANT_POSITION", "f4": "DNA_SEQUENCE", "f5": "HLA_ALLELE",
        "f6": "GENOMIC_ACCESSION", "f7": "GENOMIC_ACCESSION", "f8": "GENOMIC_ACCESSION",
        "f9": "GENOMIC_ACCESSION", "f10": "GENOMIC_ACCESSION", "f11": "GENOMIC_ACCESSION",
    }
    assert _summary(detect(frame)) == {c: ("genomic", (e,)) for c, e in expected_entities.items()}


def test_y_str_panel_and_polygenic_scores_are_genomic():
    rng = random.Random(19)
    frame = pl.DataFrame(
        {
            "DYS19": [rng.randint(13, 17) for _ in range(ROWS)],
            "DYS389II": [rng.randint(27, 32) for _ in range(ROWS)],
            "DYS390": [rng.randint(21, 25) for _ in range(ROWS)],
            "DYS385a/b": [f"{rng.randint(11, 14)}-{rng.randint(14, 18)}" for _ in range(ROWS)],
            "Y_GATA_H4": [rng.randint(10, 13) for _ in range(ROWS)],
            "prs_cad": [rng.gauss(0, 1) for _ in range(ROWS)],
            "PGS000018": [rng.gauss(0, 1) for _ in range(ROWS)],
            "DYS_total": [rng.randint(100, 900) for _ in range(ROWS)],
        }
    )
    findings = detect(frame)
    assert _summary(findings) == {
        "DYS19": ("genomic", ("Y_STR",)),
        "DYS389II": ("genomic", ("Y_STR",)),
        "DYS390": ("genomic", ("Y_STR",)),
        "DYS385a/b": ("genomic", ("Y_STR",)),
        "Y_GATA_H4": ("genomic", ("Y_STR",)),
        "prs_cad": ("genomic", ("POLYGENIC_SCORE",)),
        "PGS000018": ("genomic", ("POLYGENIC_SCORE",)),
        "DYS_total": ("none", ()),
    }
    assert findings["DYS390"].detections[0].evidence == ("name:dys390", "values:repeat counts 100%")


def test_genomic_look_alikes_stay_none():
    rng = random.Random(20)
    frame = pl.DataFrame(
        {
            "gene": [rng.choice(["BRCA1", "TP53", "EGFR", "KRAS", "APOE"]) for _ in range(ROWS)],
            "grade": [rng.choice(["AA", "AB", "BB", "CC"]) for _ in range(ROWS)],
            "version": [rng.choice(["1.2.3", "2.0.1", "v3.1", "10.4"]) for _ in range(ROWS)],
            "sha": [f"{rng.getrandbits(128):032x}" for _ in range(ROWS)],
            "count": [rng.randint(0, 2) for _ in range(ROWS)],
            "ratio": [f"{rng.randint(0, 3)}/{rng.randint(1, 3)}" for _ in range(ROWS)],
            "sku": [f"GS{rng.randint(100, 999)}-{rng.choice('XYZ')}" for _ in range(ROWS)],
        }
    )
    assert {c: f.category for c, f in detect(frame).items()} == dict.fromkeys(frame.columns, "none")


def test_tumour_variants_after_their_gene_symbol_are_hgvs_in_columns_and_in_notes():
    rng = random.Random(20261126)
    rows = 2000
    outcomes = ("stable disease", "partial response", "progression on imaging", None)
    frame = pl.DataFrame(
        {
            "k1": [rng.choice(["EGFR p.L858R", "TP53 p.R175H", "BRCA1 c.68_69delAG", "KRAS p.(Gly12Asp)"]) for _ in range(rows)],
            "k2": [
                f"NGS: TP53 p.R{rng.randint(100, 300)}H detected" if rng.random() < 0.03 else rng.choice(outcomes)
                for _ in range(rows)
            ],
            "k3": [
                f"BRCA1 c.{rng.randint(60, 5000)}_{rng.randint(60, 5000)}delAG" if rng.random() < 0.03 else rng.choice(outcomes)
                for _ in range(rows)
            ],
            # A tumour stage, page and dose abbreviations are no variant.
            "k4": [rng.choice(["see p.5 of report", "c.5 cm lesion", "p.o. 2x daily", "Grade 2, p.T2N0"]) for _ in range(rows)],
        }
    )
    findings = detect(frame, use_presidio=False)
    for column in ("k1", "k2", "k3"):
        assert (findings[column].category, findings[column].entities) == ("genomic", ("HGVS",)), column
    assert findings["k4"].category == "none"


def test_one_cryptic_column_of_diploid_calls_is_a_genotype():
    rng = random.Random(61)
    frame = pl.DataFrame(
        {
            "g1": [rng.choice(["0/0", "0/1", "1/1", "./."]) for _ in range(2000)],
            "g2": [rng.choice(["0|0", "0|1", "1|0", "1|1"]) for _ in range(2000)],
            "g3": [rng.choice(["A/A", "A/G", "G/G"]) for _ in range(2000)],
            # Scores of that shape, and grades written like calls, are no calls.
            "c1": [rng.choice(["0/1", "1/1", "2/5", "3/4", "0/3"]) for _ in range(2000)],
            "c2": [rng.choice(["A/B", "B/C", "A/A", "C/C"]) for _ in range(2000)],
            "c3": [rng.choice(["0/0", "1/1"]) for _ in range(2000)],
        }
    )
    findings = detect(frame, use_presidio=False)
    for column in ("g1", "g2", "g3"):
        assert (findings[column].category, findings[column].entities) == ("genomic", ("GENOTYPE",)), column
    for column in ("c1", "c2", "c3"):
        assert findings[column].category == "none", column
