"""Output formats: ``render(report, fmt)`` turns a finished scan into text, JSON, SARIF, ...

Each format is one small module implementing ``base.Formatter``; this table is the only place
that maps ``--format`` names to them. Adding a format is a module and a row here.
"""

from __future__ import annotations

from typing import Callable

from minlint.errors import ConfigError
from minlint.model import Report
from minlint.report.base import Formatter

FORMATS: tuple[str, ...] = ("text", "json", "sarif", "github", "junit", "markdown")


def _text(color: bool) -> Formatter:
    from minlint.report.text import TextFormat

    return TextFormat(color=color)


def _json(color: bool) -> Formatter:
    from minlint.report.json import JsonFormat

    return JsonFormat()


def _sarif(color: bool) -> Formatter:
    from minlint.report.sarif import SarifFormat

    return SarifFormat()


def _github(color: bool) -> Formatter:
    from minlint.report.github import GithubFormat

    return GithubFormat()


def _junit(color: bool) -> Formatter:
    from minlint.report.junit import JunitFormat

    return JunitFormat()


def _markdown(color: bool) -> Formatter:
    from minlint.report.markdown import MarkdownFormat

    return MarkdownFormat()


# Imported on use: a JSON run in CI need not import rich.
_FORMATTERS: dict[str, Callable[[bool], Formatter]] = {
    "text": _text,
    "json": _json,
    "sarif": _sarif,
    "github": _github,
    "junit": _junit,
    "markdown": _markdown,
}


def formatter_for(fmt: str, *, color: bool = False) -> Formatter:
    """The formatter behind a ``--format`` name; ``color`` only affects ``text``."""
    try:
        make = _FORMATTERS[fmt]
    except KeyError:
        raise ConfigError(f"--format {fmt!r}: unknown format; choose one of {', '.join(FORMATS)}") from None
    return make(color)


def render(report: Report, fmt: str, *, color: bool = False) -> str:
    """The report in format ``fmt`` (one of ``FORMATS``); byte-identical for the same report."""
    return formatter_for(fmt, color=color).format(report)


__all__ = ["FORMATS", "Formatter", "formatter_for", "render"]
