"""The committed fixtures are what fixtures/generate.py writes, and expected.json tells the truth.

These tests read the data with pyarrow and the csv module (never with minlint), so a reader bug
cannot hide a fixture bug.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from stdnum import iban, luhn
from stdnum.us import ssn as us_ssn

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
NOT_GENERATED = {"generate.py", "README.md"}
CATEGORY_ORDER = ("direct_identifier", "genomic", "quasi_identifier", "health", "sensitive", "none")


def output_files(root: Path) -> dict[str, str]:
    """sha256 of every generated file under ``root``, by path relative to it."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name not in NOT_GENERATED and "__pycache__" not in path.parts
    }


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fixtures")
    subprocess.run([sys.executable, str(FIXTURES / "generate.py"), str(out)], check=True, timeout=120)
    return out


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def canaries() -> list[dict]:
    return json.loads((FIXTURES / "canaries.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- reading fixtures


def parquet_leaves(schema: pa.Schema) -> list[str]:
    """Column names as minlint flattens them: struct fields dotted, a list is one column."""

    def leaves(name: str, dtype: pa.DataType) -> list[str]:
        if pa.types.is_struct(dtype):
            return [leaf for i in range(dtype.num_fields) for leaf in leaves(f"{name}.{dtype.field(i).name}", dtype.field(i).type)]
        return [name]

    return [leaf for f in schema for leaf in leaves(f.name, f.type)]


def delimited_rows(path: Path, delimiter: str) -> list[list[str]]:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    return list(csv.reader(io.StringIO(raw.decode("utf-8")), delimiter=delimiter))


def vcf_lines(path: Path) -> list[str]:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)  # BGZF is a series of gzip members
    return raw.decode("utf-8").splitlines()


def read_dataset(name: str, info: dict) -> tuple[list[str], dict[str, list]]:
    """(column names, values by column) of one dataset, as the generator meant them."""
    path = FIXTURES / name
    fmt = info["format"]
    if fmt == "parquet":
        if path.is_dir():
            table = ds.dataset(path, format="parquet", partitioning="hive").to_table()
        else:
            table = pq.read_table(path)
        flat = table.flatten()
        while any(pa.types.is_struct(f.type) for f in flat.schema):
            flat = flat.flatten()
        columns = parquet_leaves(table.schema)
        assert flat.column_names == columns
        return columns, {c: flat.column(c).to_pylist() for c in columns}
    if fmt == "csv":
        rows = delimited_rows(path, info["facts"].get("delimiter", ","))
        header, body = rows[0], rows[1:]
        return header, {c: [r[i] if r[i] != "" else None for r in body] for i, c in enumerate(header)}
    if fmt == "tsv":
        lines = path.read_text(encoding="utf-8").splitlines()
        comments = [line for line in lines if line.startswith("#")]
        header = comments[-1].lstrip("# ").split("\t")
        body = [line.split("\t") for line in lines if not line.startswith("#")]
        return header, {c: [r[i] for r in body] for i, c in enumerate(header)}
    assert fmt == "vcf"
    lines = vcf_lines(path)
    header = next(line for line in lines if line.startswith("#CHROM")).split("\t")
    body = [line.split("\t") for line in lines if not line.startswith("#")]
    values = {c.lstrip("#"): [r[i] for r in body] for i, c in enumerate(header)}
    dropped = set(info["facts"]["header_columns_not_read"])
    names = [c.lstrip("#") for c in header if c not in dropped]
    return names, values


@pytest.fixture(scope="module")
def data(expected) -> dict[str, tuple[list[str], dict[str, list]]]:
    return {name: read_dataset(name, info) for name, info in expected["datasets"].items()}


# --------------------------------------------------------------------------- determinism


def test_generator_rewrites_every_committed_file_byte_for_byte(regenerated):
    committed = output_files(FIXTURES)
    fresh = output_files(regenerated)
    assert sorted(fresh) == sorted(committed)
    differing = sorted(p for p in fresh if fresh[p] != committed[p])
    assert differing == [], f"regenerate with `python fixtures/generate.py`: {differing}"


def test_fixtures_stay_small():
    assert sum((FIXTURES / p).stat().st_size for p in output_files(FIXTURES)) < 5 * 1024 * 1024


# --------------------------------------------------------------------------- expected.json


def test_every_data_file_belongs_to_a_dataset_in_expected_json(expected):
    datasets = set(expected["datasets"])
    for path in output_files(FIXTURES):
        if path in ("expected.json", "canaries.json"):
            continue
        assert path in datasets or path.split("/")[0] in datasets, path


def test_expected_json_lists_exactly_the_columns_of_every_file(expected, data):
    for name, info in expected["datasets"].items():
        columns, _ = data[name]
        assert sorted(info["columns"]) == sorted(columns), name


def test_rows_and_persons_match_the_data(expected, data):
    for name, info in expected["datasets"].items():
        columns, values = data[name]
        facts = info["facts"]
        assert len(values[columns[0]]) == facts["rows"], name
        if facts["person_key"]:
            assert len(set(values[facts["person_key"]])) == facts["persons"], name


def test_each_category_is_the_most_identifying_of_its_entities(expected):
    categories = expected["entity_categories"]
    assert list(expected["categories"]) == list(CATEGORY_ORDER)
    for name, info in expected["datasets"].items():
        for column, truth in info["columns"].items():
            entities = ([truth["entity"]] if truth["entity"] else []) + truth.get("also", [])
            assert all(e in categories for e in entities), (name, column)
            want = min((categories[e] for e in entities), key=CATEGORY_ORDER.index) if entities else "none"
            assert truth["category"] == want, (name, column)


def test_genotype_column_counts(expected):
    facts = {name: info["facts"]["genotype_columns"] for name, info in expected["datasets"].items()}
    assert facts["genotypes_matrix.parquet"] == 80
    assert facts["dosage_matrix.parquet"] == 50
    assert facts["cohort.vcf"] == facts["cohort.vcf.gz"] == 12
    assert expected["datasets"]["cohort.vcf.gz"]["facts"]["vcf_samples"] == 12
    assert facts["genomic_lookalikes.csv"] == 0


def test_lookalike_tables_expect_nothing(expected):
    for name in ("lookalikes.parquet", "genomic_lookalikes.csv"):
        assert {t["category"] for t in expected["datasets"][name]["columns"].values()} == {"none"}


# --------------------------------------------------------------------------- planted values


def test_every_canary_is_in_the_data(canaries, data, expected):
    assert len(canaries) > 300
    for canary in canaries:
        value = canary["value"]
        if canary["column"] is not None:
            cells = data[canary["file"]][1][canary["column"]]
            assert any(cell is not None and value in str(cell) for cell in cells), canary
        elif canary["file"] == "genotypes_matrix.parquet":
            columns, values = data[canary["file"]]
            rows = {",".join(values[c][i] for c in columns[1:]) for i in range(len(values[columns[0]]))}
            assert value in rows, canary
        else:
            assert value in (FIXTURES / canary["file"]).read_text(encoding="utf-8").splitlines(), canary


def test_clinical_notes_hide_exactly_the_planted_identifiers(expected, data):
    notes = data["clinical_export.parquet"][1]["notes"]
    planted = expected["datasets"]["clinical_export.parquet"]["columns"]["notes"]["planted_rows"]
    ssn_rows = [n for n in notes if re.search(r"\b\d{3}-\d{2}-\d{4}\b", n)]
    email_rows = [n for n in notes if "@" in n]
    assert len(ssn_rows) == planted["US_SSN"] == 20
    assert len(email_rows) == planted["EMAIL_ADDRESS"] == 20
    assert len(notes) == 3000 and sum(planted.values()) == 60  # 2% of rows


def test_ssn_columns_validate_and_look_alikes_do_not(data, expected):
    clinical = data["clinical_export.parquet"][1]
    assert all(us_ssn.is_valid(v) for v in clinical["ssn"])
    assert all(us_ssn.is_valid(v) for v in data["cryptic_names.csv"][1]["c01"])
    order_ids = data["misleading_names.csv"][1]["order_id"]
    assert sum(us_ssn.is_valid(v) for v in order_ids) == 20  # 0.5% of 4000
    invoices = data["misleading_names.csv"][1]["ssn"]
    invalid = sum(not us_ssn.is_valid(v) for v in invoices)
    assert invalid == expected["datasets"]["misleading_names.csv"]["facts"]["rows_invalid_ssn_in_ssn_column"]
    assert 0.25 < invalid / len(invoices) < 0.35
    assert not any(us_ssn.is_valid(v) for v in data["lookalikes.parquet"][1]["order_no"])


def test_misleading_comment_hides_emails_in_one_percent_of_rows(data):
    comments = data["misleading_names.csv"][1]["comment"]
    assert sum("@" in c for c in comments) == 40


def npi_valid(value: str) -> bool:
    return len(value) == 10 and value[0] in "12" and luhn.is_valid("80840" + value)


def test_checksummed_identifiers_are_valid_where_planted_and_invalid_in_look_alikes(data):
    assert all(npi_valid(v) for v in data["visits.csv.gz"][1]["npi"])
    assert not any(npi_valid(v) for v in data["lookalikes.parquet"][1]["invoice_id"])
    assert all(luhn.is_valid(v.replace("-", "")) for v in data["visits.csv.gz"][1]["loinc"])
    assert all(iban.is_valid(v) for v in data["cryptic_names.csv"][1]["a1"])
    assert all(iban.is_valid(v) for v in data["multilingual.csv"][1]["iban"] if v)
    assert all(luhn.is_valid(re.sub(r"\D", "", v)) for v in data["cryptic_names.csv"][1]["k9"])


def test_minimized_export_keeps_to_safe_harbor(expected, data):
    values = data["clinical_export_minimized.parquet"][1]
    restricted = set(expected["restricted_zip3"])
    assert not restricted & set(values["zip3"])
    assert all(len(z) == 3 for z in values["zip3"])
    assert {y for y in values["birth_year"] if y is not None} and min(y for y in values["birth_year"] if y) >= 1940
    facts = expected["datasets"]["clinical_export_minimized.parquet"]["facts"]
    assert values["age_group"].count("90+") == facts["rows_age_90_plus"] > 0
    source = data["clinical_export.parquet"][1]
    assert sum(a > 89 for a in source["age"]) == facts["rows_age_90_plus"]
    assert sum(z[:3] in restricted for z in source["zip"]) == facts["rows_zip3_000"] > 0


def test_vcf_plain_and_bgzf_hold_the_same_records():
    assert vcf_lines(FIXTURES / "cohort.vcf") == vcf_lines(FIXTURES / "cohort.vcf.gz")
    raw = (FIXTURES / "cohort.vcf.gz").read_bytes()
    assert raw[12:16] == b"BC\x02\x00"  # BGZF extra subfield
    assert raw.endswith(bytes.fromhex("1f8b08040000000000ff0600424302001b0003000000000000000000"))
