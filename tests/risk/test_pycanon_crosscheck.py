"""k-anonymity and l-diversity agree with an independent implementation (pycanon, pandas)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from pycanon.anonymity import k_anonymity, l_diversity
from risk.risk_findings import HEALTH, QUASI, finding

from minlint.risk import assess

QI = ["zip", "birth_year", "sex"]


def cohort(rows: int, seed: int, zips: int) -> pl.DataFrame:
    """Rows drawn from small domains so classes of every size occur."""
    rng = np.random.default_rng(seed)
    return pl.DataFrame(
        {
            "zip": [f"{z:05d}" for z in rng.choice([2139, 2144, 10001, 3601, 94110, 60614][:zips], rows)],
            "birth_year": rng.integers(1950, 1956, rows),
            "sex": rng.choice(["F", "M"], rows),
            "diagnosis": rng.choice(["I10", "E11.9", "J45.909", "C50.911"], rows),
            "genotype": rng.choice(["AA", "AG", "GG"], rows),
        }
    )


FINDINGS = (
    finding("zip", QUASI, "POSTAL_CODE"),
    finding("birth_year", QUASI, "AGE", dtype="Int64"),
    finding("sex", QUASI, "SEX"),
    finding("diagnosis", HEALTH, "ICD10_CODE"),
    finding("genotype", "genomic", "GENOTYPE"),
)


@pytest.mark.parametrize(("rows", "seed", "zips"), [(60, 1, 2), (200, 2, 3), (400, 3, 6), (1000, 4, 2)])
def test_k_and_l_equal_pycanons(rows: int, seed: int, zips: int):
    frame = cohort(rows, seed, zips)
    risk = assess(frame.lazy(), FINDINGS, quasi_identifiers=QI)
    pandas_frame = frame.to_pandas()
    assert risk.k_min == k_anonymity(pandas_frame, QI)
    assert risk.metrics["l_diversity"] == {
        "diagnosis": l_diversity(pandas_frame, QI, ["diagnosis"]),
        "genotype": l_diversity(pandas_frame, QI, ["genotype"]),
    }
    assert risk.metrics["l_min"] == l_diversity(pandas_frame, QI, ["diagnosis", "genotype"])


def test_k_equals_pycanons_on_dates_and_text():
    rng = np.random.default_rng(11)
    days = rng.integers(0, 4, 300)
    frame = pl.DataFrame(
        {
            "birth_date": [dt.date(1980, 1, 1) + dt.timedelta(days=int(d)) for d in days],
            "city": rng.choice(["Lyon", "Lille", "Nice"], 300),
            "diagnosis": rng.choice(["I10", "E11.9", "C50.911"], 300),
        }
    )
    findings = (
        finding("birth_date", QUASI, "DATE_OF_BIRTH", dtype="Date"),
        finding("city", QUASI, "CITY"),
        finding("diagnosis", HEALTH, "ICD10_CODE"),
    )
    risk = assess(frame.lazy(), findings)
    pandas_frame = frame.to_pandas()
    assert risk.k_min == k_anonymity(pandas_frame, ["birth_date", "city"])
    assert risk.metrics["l_diversity"]["diagnosis"] == l_diversity(pandas_frame, ["birth_date", "city"], ["diagnosis"])
