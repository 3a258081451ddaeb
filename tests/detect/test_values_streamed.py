"""A streamed dataset's value measures and residual search run over batches of rows; their
merged partials give exactly the evidence of one pass over the decoded frame."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from minlint import execution
from minlint.detect import values
from minlint.detect.registry import ALL_SPECS
from minlint.io.discover import discover
from minlint.io.readers import open_dataset
from minlint.profile import profile_frame

FIXTURES = Path(__file__).parents[2] / "fixtures"


@pytest.mark.parametrize("name", ["clinical_export.parquet", "lookalikes.parquet", "multilingual.csv"])
def test_batched_measures_equal_one_pass_over_the_decoded_frame(name, monkeypatch):
    (source,) = discover([str(FIXTURES / name)])
    frame = open_dataset(source).frame
    with execution.in_memory():
        profiles = profile_frame(name, frame)
        decoded = values.measure_values(frame, profiles, ALL_SPECS)
    batches = []
    monkeypatch.setattr(values, "batch_rows", lambda projected: batches.append(projected) or 7)
    streamed = values.measure_values(frame, profiles, ALL_SPECS)
    assert batches  # the streamed path ran in batches of 7 rows
    assert frame.select(pl.len()).collect().item() > 7
    assert any(decoded.values())  # evidence was found, and the batches found the same
    assert streamed == decoded
