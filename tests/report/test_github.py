"""GitHub workflow-command annotations and the job summary."""

from __future__ import annotations

import dataclasses

import pytest

from minlint.errors import ConfigError
from minlint.report import render
from minlint.report.github import escape_data, escape_property

EXPECTED = [
    "::error file=exports/cohort.parquet,title=DOJ-GENOMIC-BULK::Human genomic data of 20,000 persons exceeds the "
    "bulk threshold of 100 for CN%0ARemediation: Do not send this export to a country of concern"
    "%0ACitation: 28 CFR 202.205, 202.303",
    "::error file=exports/cohort.parquet,title=HIPAA-SH-SSN::column ssn: Social Security numbers must be removed"
    "%0ARemediation: Drop the column%0ACitation: 45 CFR 164.514(b)(2)(i)(G)",
    "::warning file=exports/cohort.parquet,title=HIPAA-SH-DATES::column birth_date: Dates finer than year"
    "%0ARemediation: Keep the year only%0ACitation: 45 CFR 164.514(b)(2)(i)(C)",
    "::warning file=exports/cohort.parquet,title=HIPAA-SH-ZIP::5-digit ZIP codes in \\x1b[31mred"
    "%0ARemediation: Truncate to ZIP3 outside restricted areas%0ACitation: 45 CFR 164.514(b)(2)(i)(B)",
    "::warning file=exports/labs 2024.csv,title=HIPAA-SH-MRN::column patient_id: Medical record numbers must be "
    "removed%0ARemediation: Replace with a study pseudonym%0ACitation: 45 CFR 164.514(b)(2)(i)(H)",
    "::notice file=exports/labs 2024.csv,title=GDPR-ART9-HEALTH::column hba1c: Health data is a special category"
    "%0ACitation: GDPR Art. 9(1)",
    "minlint: fail: 2 errors, 3 warnings, 1 note; 1 waived",
]


@pytest.fixture(autouse=True)
def no_summary_file(monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def test_one_annotation_per_violation_most_severe_first(report):
    assert render(report, "github").splitlines() == EXPECTED


def test_escaping_follows_the_actions_toolkit():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_a_path_or_name_cannot_end_a_property_or_start_a_new_command(report):
    hostile = dataclasses.replace(
        report.violations[1], dataset="exports/a,title=x:y.csv", column="ssn\n::error::forged", message="50% gone"
    )
    text = render(dataclasses.replace(report, violations=(hostile,), waived=()), "github")
    assert text.splitlines() == [
        "::error file=exports/a%2Ctitle=x%3Ay.csv,title=HIPAA-SH-SSN::column ssn\\x0a::error::forged: 50%25 gone"
        "%0ARemediation: Drop the column%0ACitation: 45 CFR 164.514(b)(2)(i)(G)",
        "minlint: fail: 1 error",
    ]


def test_job_summary_is_appended_when_github_names_the_file(report, tmp_path, monkeypatch):
    summary = tmp_path / "step_summary.md"
    summary.write_text("## earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert render(report, "github").splitlines() == EXPECTED
    assert summary.read_text(encoding="utf-8") == "## earlier step\n" + render(report, "markdown")


def test_no_job_summary_without_the_variable(report, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    render(report, "github")
    assert list(tmp_path.iterdir()) == []


def test_unwritable_job_summary_is_a_config_error(report, tmp_path, monkeypatch):
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "missing-dir" / "summary.md"))
    with pytest.raises(ConfigError, match="GITHUB_STEP_SUMMARY=.*summary.md: cannot append the job summary"):
        render(report, "github")
