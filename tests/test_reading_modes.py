"""A Parquet export is read one of three ways, by its size (``scan._reading``): decoded whole,
streamed with only the risk stage's columns decoded, or streamed in every pass. The report must
not depend on which: same findings, same exact risk metrics, same verdict."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from minlint import scan
from minlint.io.discover import discover
from minlint.io.readers import open_dataset
from minlint.scan import ScanOptions, decode_for_reuse, scan_paths

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
STREAMED_NOTE = "larger than the memory budget: every pass streams the file (MINLINT_MEMORY_BUDGET)"


@pytest.fixture(scope="module")
def cohort(tmp_path_factory) -> Path:
    """Classes of several rows (k >= 2, so l-diversity reads the sensitive columns), a person
    key repeated over visits, nulls in a quasi-identifier and a generalisable ZIP, age and date."""
    rng = np.random.default_rng(11)
    rows = 6_000
    path = tmp_path_factory.mktemp("modes") / "visits.parquet"
    pl.DataFrame(
        {
            "patient_id": [f"P{i % 2_500:05d}" for i in range(rows)],
            "zip": rng.choice(["02139", "02144", "10001", "94110", None], rows),
            "birth_date": pl.Series(rng.integers(-9_000, -8_990, rows)).cast(pl.Date),
            "sex": rng.choice(["F", "M"], rows),
            "age": rng.integers(40, 44, rows),
            "icd10": rng.choice(["E11.9", "I10", "J45.909"], rows),
            "hba1c": rng.normal(6.5, 0.8, rows).round(1),
        }
    ).write_parquet(path, row_group_size=1_000)
    return path


def _mode(path: Path) -> str:
    source = next(iter(discover([str(path)])))
    return scan._reading(open_dataset(source))[1]


def _dataset_json(path: Path) -> dict:
    report = scan_paths([str(path)], ScanOptions(use_presidio=False, destination="CN"))
    return {"dataset": report.datasets[0].to_json(), "violations": [v.to_json() for v in report.violations]}


def _in_each_mode(path: Path, monkeypatch) -> dict[str, dict]:
    results = {}
    with monkeypatch.context() as patch:
        patch.setattr(scan, "WHOLE_DECODE_BYTES", 2**40)
        results["decoded"] = (_mode(path), _dataset_json(path))
    with monkeypatch.context() as patch:
        patch.setattr(scan, "WHOLE_DECODE_BYTES", 0)
        results["risk_columns"] = (_mode(path), _dataset_json(path))
    with monkeypatch.context() as patch:
        patch.setenv("MINLINT_MEMORY_BUDGET", "1")
        results["streamed"] = (_mode(path), _dataset_json(path))
    return results


@pytest.mark.parametrize(
    "name", ["cohort", "clinical_export.parquet", "genotypes_matrix.parquet", "nested.parquet", "partitioned"]
)
def test_every_reading_gives_the_same_report(name, cohort, monkeypatch):
    path = cohort if name == "cohort" else FIXTURES / name
    results = _in_each_mode(path, monkeypatch)
    assert {mode: chosen for mode, (chosen, _) in results.items()} == {
        "decoded": "decoded", "risk_columns": "risk_columns", "streamed": "streamed"
    }
    decoded, risk_columns, streamed = (results[m][1] for m in ("decoded", "risk_columns", "streamed"))
    assert decoded["dataset"]["risk"] == risk_columns["dataset"]["risk"] == streamed["dataset"]["risk"]
    assert decoded == risk_columns
    # Streamed in every pass, the report says so; nothing else differs.
    assert streamed["dataset"].pop("notes") == [*decoded["dataset"].pop("notes", []), STREAMED_NOTE]
    assert streamed == decoded


def test_the_cohort_exercises_the_class_and_person_passes(cohort, monkeypatch):
    """The comparison above means something only if the risk stage measured classes, l and
    persons on this cohort (not a report of nulls in every mode)."""
    risk = _in_each_mode(cohort, monkeypatch)["risk_columns"][1]["dataset"]["risk"]
    assert risk["quasi_identifiers"] == ["zip", "birth_date", "sex", "age"]
    assert risk["classes"] > 1 and risk["k_min"] >= 2
    assert set(risk["l_diversity"]) == {"hba1c", "icd10"} and risk["l_min"] >= 2
    assert risk["person_key"] == "patient_id" and risk["persons_by_category"]["health"] == 2_500
    assert {h["how"] for h in risk["generalisation_hints"]} == {"zip5->zip3", "age->5-year band", "date->year"}


def test_small_exports_are_decoded_and_larger_ones_decode_only_the_risk_columns(cohort, monkeypatch):
    assert _mode(cohort) == "decoded"  # a few hundred KiB: under WHOLE_DECODE_BYTES
    monkeypatch.setattr(scan, "WHOLE_DECODE_BYTES", 1_000)
    assert _mode(cohort) == "risk_columns"
    monkeypatch.setenv("MINLINT_MEMORY_BUDGET", "1")
    assert _mode(cohort) == "streamed"


def test_a_dataset_decoded_for_fix_is_scanned_from_memory(cohort, monkeypatch):
    """``minlint fix`` decodes an export that fits the budget once and scans that copy: the
    scan must not stream the file again, however large it is against WHOLE_DECODE_BYTES."""
    monkeypatch.setattr(scan, "WHOLE_DECODE_BYTES", 0)
    source = next(iter(discover([str(cohort)])))
    decoded, in_memory = decode_for_reuse(open_dataset(source))
    assert in_memory and decoded.decoded
    assert scan._reading(decoded)[1] == "decoded"


def test_streamed_batches_hold_whole_row_groups_when_groups_are_smaller(cohort, tmp_path):
    """A slice that cuts a Parquet row group decodes the group whole: batches are whole groups
    when a group is smaller than a batch, and a larger group is sliced (a batch of a whole
    large group would hold all its rows)."""
    from minlint import execution

    source = next(iter(discover([str(cohort)])))
    assert scan._row_group_rows(open_dataset(source)) == 1_000  # written in groups of 1,000 rows
    frame = pl.LazyFrame({"x": range(50_000)})
    unaligned = execution.batch_rows(frame, target_bytes=8 * 2_500)  # 2,500 rows of 8 bytes
    with execution.row_groups_of(1_000):
        assert execution.batch_rows(frame, target_bytes=8 * 2_500) == 2_000
    with execution.row_groups_of(10_000):
        assert execution.batch_rows(frame, target_bytes=8 * 2_500) == unaligned == 2_500
    # Uneven groups (the first smaller than the last) give no alignment.
    uneven = tmp_path / "uneven.parquet"
    import pyarrow as pa
    import pyarrow.parquet as pq

    with pq.ParquetWriter(uneven, pa.schema([("x", pa.int64())])) as writer:
        writer.write_table(pa.table({"x": list(range(300))}))
        writer.write_table(pa.table({"x": list(range(700))}))
    assert scan._row_group_rows(open_dataset(next(iter(discover([str(uneven)]))))) is None
