from __future__ import annotations

import gzip
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from minlint.errors import InputError
from minlint.io.discover import DatasetSource, discover
from minlint.io.readers import open_dataset


def write_parquet(path: str, frame: pl.DataFrame) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    frame.write_parquet(path)


def open_error(source: DatasetSource) -> str:
    with pytest.raises(InputError) as raised:
        open_dataset(source)
    return str(raised.value)


def test_parquet_file_is_scanned_lazily_with_its_schema() -> None:
    write_parquet("cohort.parquet", pl.DataFrame({"ssn": ["123-45-6789"], "age": [34]}))
    dataset = open_dataset(DatasetSource("cohort.parquet", "parquet"))
    assert isinstance(dataset.frame, pl.LazyFrame)
    assert dataset.frame.collect().rows() == [("123-45-6789", 34)]
    assert (dataset.path, dataset.format, dataset.notes, dataset.samples) == (
        "cohort.parquet", "parquet", (), ()
    )


def test_hive_directory_has_partition_keys_as_columns() -> None:
    write_parquet("cohort/year=2024/site=A/part-0.parquet", pl.DataFrame({"zip": ["02134", "1"]}))
    write_parquet("cohort/year=2025/site=B/part-0.parquet", pl.DataFrame({"zip": ["94105"]}))
    Path("cohort/_SUCCESS").write_bytes(b"")
    Path("cohort/year=2024/.part-0.parquet.crc").write_bytes(b"crc")
    (source,) = discover(["cohort"])
    frame = open_dataset(source).frame
    expected = pl.Schema({"zip": pl.String, "year": pl.Int64, "site": pl.String})
    assert frame.collect_schema() == expected
    assert frame.sort("zip").collect().rows() == [
        ("02134", 2024, "A"), ("1", 2024, "A"), ("94105", 2025, "B")
    ]


def test_parquet_directory_with_differing_part_schemas_is_an_input_error() -> None:
    write_parquet("mixed/part-0.parquet", pl.DataFrame({"id": [1]}))
    write_parquet("mixed/part-1.parquet", pl.DataFrame({"id": ["a"], "ssn": ["x"]}))
    message = open_error(DatasetSource("mixed", "parquet_dir"))
    assert message == (
        "mixed/part-1.parquet: schema differs from mixed/part-0.parquet in the same dataset"
    )


def test_csv_named_parquet_is_an_input_error_naming_the_file() -> None:
    Path("fake.parquet").write_bytes(b"ssn,name\n123-45-6789,Ann\n")
    message = open_error(DatasetSource("fake.parquet", "parquet"))
    assert message == "fake.parquet: not a valid Parquet file (bad magic bytes)"


def test_truncated_parquet_is_an_input_error() -> None:
    write_parquet("whole.parquet", pl.DataFrame({"ssn": ["123-45-6789"] * 100}))
    data = Path("whole.parquet").read_bytes()
    Path("cut.parquet").write_bytes(data[: len(data) - 20])
    message = open_error(DatasetSource("cut.parquet", "parquet"))
    assert message == "cut.parquet: not a valid Parquet file (corrupt or truncated footer)"


def test_corrupt_part_in_a_directory_is_named() -> None:
    write_parquet("parts/year=2024/part-0.parquet", pl.DataFrame({"id": [1]}))
    Path("parts/year=2025").mkdir()
    Path("parts/year=2025/part-0.parquet").write_bytes(b"PAR1 not really")
    message = open_error(DatasetSource("parts", "parquet_dir"))
    assert message == (
        "parts/year=2025/part-0.parquet: not a valid Parquet file (corrupt or truncated footer)"
    )


def test_gzipped_parquet_is_read() -> None:
    write_parquet("plain.parquet", pl.DataFrame({"id": [7]}))
    Path("wrapped.parquet.gz").write_bytes(gzip.compress(Path("plain.parquet").read_bytes()))
    (source,) = discover(["wrapped.parquet.gz"])
    assert open_dataset(source).frame.collect().rows() == [(7,)]


def test_nested_parquet_columns_are_flattened_to_dotted_names() -> None:
    table = pa.table(
        {
            "patient": pa.array(
                [{"name": "Ann", "address": {"zip": "02134", "city": "Boston"}}, None],
                pa.struct([
                    ("name", pa.string()),
                    ("address", pa.struct([("zip", pa.string()), ("city", pa.string())])),
                ]),
            ),
            "phones": pa.array([["555-0100", "555-0199"], []], pa.list_(pa.string())),
            "visits": pa.array(
                [
                    [{"date": "2020-01-02", "icd": "E11.9"}, {"date": "2021-03-04", "icd": None}],
                    None,
                ],
                pa.list_(pa.struct([("date", pa.string()), ("icd", pa.string())])),
            ),
        }
    )
    pq.write_table(table, "nested.parquet")
    frame = open_dataset(DatasetSource("nested.parquet", "parquet")).frame
    assert frame.collect_schema() == pl.Schema(
        {
            "patient.name": pl.String,
            "patient.address.zip": pl.String,
            "patient.address.city": pl.String,
            "phones": pl.String,
            "visits.date": pl.String,
            "visits.icd": pl.String,
        }
    )
    assert frame.collect().rows() == [
        ("Ann", "02134", "Boston", "555-0100; 555-0199", "2020-01-02; 2021-03-04", "E11.9"),
        (None, None, None, "", None, None),
    ]


def test_partition_values_with_leading_zeros_stay_text() -> None:
    write_parquet("byzip/zip3=021/year=2024/part-0.parquet", pl.DataFrame({"id": [1]}))
    write_parquet("byzip/zip3=100/year=2025/part-0.parquet", pl.DataFrame({"id": [2]}))
    frame = open_dataset(DatasetSource("byzip", "parquet_dir")).frame
    expected = pl.Schema({"id": pl.Int64, "zip3": pl.String, "year": pl.Int64})
    assert frame.collect_schema() == expected
    assert frame.sort("id").collect().rows() == [(1, "021", 2024), (2, "100", 2025)]
