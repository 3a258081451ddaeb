"""Binary columns (photos, templates) are read as base64 text: every byte, magic bytes first."""

from __future__ import annotations

import base64

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from minlint.io.discover import DatasetSource
from minlint.io.readers import open_dataset

JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"


def test_binary_and_lists_of_binary_become_base64_text() -> None:
    table = pa.table({
        "photo": pa.array([JPEG_HEAD + b"\x00\xff", None, b""], pa.binary()),
        "scans": pa.array([[b"\x89PNG", b"\x01"], [], None], pa.list_(pa.large_binary())),
        "id": pa.array([1, 2, 3], pa.int64()),
    })
    pq.write_table(table, "images.parquet")
    frame = open_dataset(DatasetSource("images.parquet", "parquet")).frame
    assert frame.collect_schema() == pl.Schema({"photo": pl.String, "scans": pl.String, "id": pl.Int64})
    assert frame.collect().rows() == [
        (base64.b64encode(JPEG_HEAD + b"\x00\xff").decode(), "iVBORw==; AQ==", 1),
        (None, "", 2),
        ("", None, 3),
    ]
