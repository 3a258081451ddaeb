"""The text summary and the JSON block carry metrics and column names, never cell values."""

from __future__ import annotations

import datetime as dt
import json
import re

import polars as pl
from risk.risk_findings import DIRECT, HEALTH, QUASI, finding

from minlint.risk import assess, summary_lines

FRAME = pl.DataFrame(
    {
        "mrn": ["MRN-884213", "MRN-884214", "MRN-884215", "MRN-884215"],
        "zip": ["03601", "03601", "02139", "02139"],
        "birth_date": [dt.date(1931, 5, 2), dt.date(1931, 5, 2), dt.date(1980, 7, 9), dt.date(1980, 7, 9)],
        "age": [93, 93, 44, 44],
        "diagnosis": ["C50.911", "J45.909", "C50.911", "C50.911"],
    }
)
FINDINGS = (
    finding("mrn", DIRECT, "MEDICAL_RECORD_NUMBER"),
    finding("zip", QUASI, "POSTAL_CODE"),
    finding("birth_date", QUASI, "DATE_OF_BIRTH", dtype="Date"),
    finding("age", QUASI, "AGE", dtype="Int64"),
    finding("diagnosis", HEALTH, "ICD10_CODE"),
)


def test_summary_lines_state_the_metrics():
    risk = assess(FRAME.lazy(), FINDINGS, k=2)
    assert summary_lines(risk) == [
        "Quasi-identifiers (discovered): zip, birth_date, age",
        "k-anonymity: k = 2 (target 2); unique rows 0.0%; rows in classes smaller than 2: 0.0%",
        "Re-identification risk (prosecutor): average 0.5000, maximum 0.5000",
        "l-diversity: diagnosis l = 1",
        "No single generalisation raises k above 2 (tried age, birth_date, zip)",
        "HIPAA Safe Harbor: 5-digit ZIP in zip; 2 rows in restricted ZIP3 areas; "
        "dates finer than year in birth_date; 2 rows with age over 89",
        "Persons: 3 (exact, by mrn); covered_personal_identifiers 3, health 3",
    ]


def test_summary_names_the_generalisation_that_raises_k():
    frame = FRAME.with_columns(pl.Series("age", [93, 93, 44, 42]))
    lines = summary_lines(assess(frame.lazy(), FINDINGS, quasi_identifiers=["age"]))
    assert "Best single generalisation: age (age->5-year band) raises k from 1 to 2" in lines


def test_summary_without_quasi_identifiers_says_so():
    findings = (finding("mrn", DIRECT, "MEDICAL_RECORD_NUMBER"), finding("diagnosis", HEALTH, "ICD10_CODE"))
    risk = assess(FRAME.select("mrn", "diagnosis").lazy(), findings)
    assert summary_lines(risk) == [
        "Quasi-identifiers: none found; k-anonymity not measured",
        "Persons: 3 (exact, by mrn); health 3",
    ]


def test_no_cell_value_reaches_the_summary_or_the_json():
    risk = assess(FRAME.lazy(), FINDINGS)
    text = "\n".join(summary_lines(risk)) + json.dumps(risk.to_json())
    # Whole tokens: the report's own numbers may contain a value's digits (the cut-off year 1936
    # holds "93"), the value itself must not stand anywhere.
    tokens = set(re.findall(r"[\w.-]+", text))
    for value in ["MRN-88421", "03601", "02139", "036", "1931", "C50", "J45", "93"]:
        assert value not in tokens and not any(token.startswith(value + ".") for token in tokens)
    assert "MRN-88421" not in text and "1931" not in text


def test_the_risk_block_is_deterministic_and_json_safe():
    first = json.dumps(assess(FRAME.lazy(), FINDINGS).to_json(), sort_keys=False)
    second = json.dumps(assess(FRAME.sample(fraction=1.0, shuffle=True, seed=3).lazy(), FINDINGS).to_json())
    assert first == second
    metrics = assess(FRAME.lazy(), FINDINGS).metrics
    assert list(metrics) == sorted(metrics)


def test_summary_gives_the_minimum_l_for_a_wide_genotype_matrix():
    snps = {f"rs{i:03d}": ["AA", "AG", "AA", "AA"] for i in range(25)}
    frame = pl.DataFrame({"sex": ["F", "F", "M", "M"], **snps}).with_columns(pl.Series("rs007", ["AA", "AG", "AA", "GG"]))
    findings = (finding("sex", QUASI, "SEX"), *(finding(c, "genomic", "GENOTYPE") for c in snps))
    lines = summary_lines(assess(frame.lazy(), findings))
    assert "l-diversity: minimum l = 1 over 20 of 25 sensitive columns (lowest: rs000)" in lines
