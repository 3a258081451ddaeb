from __future__ import annotations

import gzip

import polars as pl
import pytest
from io_helpers import input_error, load

META = b"##fileformat=VCFv4.2\n##contig=<ID=1,length=248956422>\n"
HEADER = b"#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tNA12878\tNA12891\n"
RECORDS = (
    b"1\t10177\trs367896724\tA\tAC\t100\tPASS\tAF=0.42\tGT:DP\t0/1:12\t1|1:9\n"
    b"1\t10352\t.\tT\tTA\t.\tPASS\t.\tGT\t./.\t0|0\n"
    b"1\t10616\trs376342519\tCCGCCGTTGCAAAGGCGCGCCG\tC\t.\t.\t.\tDP\t3\t4\n"
)


def test_vcf_keeps_coordinates_and_one_genotype_column_per_sample() -> None:
    dataset = load("calls.vcf", META + HEADER + RECORDS)
    assert dataset.samples == ("NA12878", "NA12891")
    assert dataset.format == "vcf"
    assert dataset.frame.collect_schema() == pl.Schema(
        {"CHROM": pl.String, "POS": pl.Int64, "ID": pl.String, "REF": pl.String, "ALT": pl.String,
         "NA12878": pl.String, "NA12891": pl.String}
    )
    # The third record has no GT key, so it carries no genotype.
    assert dataset.frame.collect().rows() == [
        ("1", 10177, "rs367896724", "A", "AC", "0/1", "1|1"),
        ("1", 10352, ".", "T", "TA", "./.", "0|0"),
        ("1", 10616, "rs376342519", "CCGCCGTTGCAAAGGCGCGCCG", "C", None, None),
    ]


def test_gzip_vcf_and_sites_only_vcf_are_read() -> None:
    sites = b"#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\nX\t5\trs1\tG\tA\t.\t.\tAF=0.1\n"
    dataset = load("sites.vcf.gz", gzip.compress(META + sites))
    assert dataset.samples == ()
    assert dataset.frame.collect().rows() == [("X", 5, "rs1", "G", "A")]


def test_header_only_vcf_has_sample_columns_and_no_rows() -> None:
    dataset = load("empty_calls.vcf", META + HEADER)
    assert dataset.samples == ("NA12878", "NA12891")
    assert dataset.frame.collect().shape == (0, 7)


def test_record_with_missing_fields_names_its_line() -> None:
    short = b"1\t20000\trs9\tG\tA\t.\tPASS\t.\tGT\t0/1\n"
    message = input_error("short.vcf", META + HEADER + RECORDS + short)
    assert message == "short.vcf: line 7: malformed VCF record (missing field or non-integer POS)"


def test_non_integer_position_is_malformed() -> None:
    bad = b"1\tabc\trs9\tG\tA\t.\tPASS\t.\tGT\t0/1\t0/0\n"
    message = input_error("pos.vcf", META + HEADER + bad)
    assert message == "pos.vcf: line 4: malformed VCF record (missing field or non-integer POS)"


def test_record_with_extra_fields_is_an_input_error() -> None:
    extra = b"1\t20000\trs9\tG\tA\t.\tPASS\t.\tGT\t0/1\t0/0\t1/1\n"
    message = input_error("extra.vcf", META + HEADER + extra)
    assert message == "extra.vcf: malformed VCF records (wrong number of fields)"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "bad.vcf: empty file"),
        (META, "bad.vcf: no #CHROM header line"),
        (META + b"1\t100\t.\tA\tG\t.\t.\t.\n", "bad.vcf: line 3: expected the #CHROM header line"),
        (META + b"#CHROM\tPOS\tREF\tALT\n", "bad.vcf: line 3: header must start with the columns"),
        (
            META + b"#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tNA1\n",
            "bad.vcf: line 3: the ninth header column must be FORMAT",
        ),
        (
            META + b"#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\tS1\n",
            "bad.vcf: duplicate sample name 'S1'",
        ),
    ],
)
def test_malformed_vcf_headers_are_input_errors(content: bytes, expected: str) -> None:
    assert input_error("bad.vcf", content).startswith(expected)


def test_sample_named_like_a_fixed_column_is_a_duplicate() -> None:
    header = b"#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tQUAL\n"
    assert input_error("dup.vcf", META + header) == "dup.vcf: duplicate sample name 'QUAL'"


def test_invalid_utf8_sample_name_is_replaced_with_a_note() -> None:
    header = b"#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tJos\xe9\n"
    dataset = load("latin1.vcf", META + header + b"1\t5\t.\tA\tG\t.\t.\t.\tGT\t0/1\n")
    assert dataset.notes == ("invalid UTF-8 replaced",)
    assert dataset.samples == ("Jos\ufffd",)
    assert dataset.frame.collect().rows() == [("1", 5, ".", "A", "G", "0/1")]
