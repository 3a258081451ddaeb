"""A short human summary of the risk block for the text report (metrics only, no values)."""

from __future__ import annotations

from minlint.model import RiskReport
from minlint.risk.roles import DEFAULT_K

_SUMMARY_L_COLUMNS = 5  # beyond this the text summary gives the minimum, the JSON every column


def _percent(share: float | None) -> str:
    return "n/a" if share is None else f"{share * 100:.1f}%"


def summary_lines(risk: RiskReport) -> list[str]:
    """A short human summary of the risk block for the text report (metrics only, no values)."""
    m = risk.metrics
    lines: list[str] = []
    k = m.get("k", DEFAULT_K)
    if risk.quasi_identifiers:
        source = m.get("quasi_identifier_source", "discovered")
        lines.append(f"Quasi-identifiers ({source}): {', '.join(risk.quasi_identifiers)}")
        lines.append(
            f"k-anonymity: k = {risk.k_min} (target {k}); unique rows {_percent(risk.unique_share)}; "
            f"rows in classes smaller than {k}: {_percent(m.get('rows_below_k_share'))}"
        )
        if m.get("risk_average") is not None:
            lines.append(
                f"Re-identification risk (prosecutor): average {m['risk_average']:.4f}, "
                f"maximum {m['risk_maximum']:.4f}"
            )
        diversity = m.get("l_diversity") or {}
        if 0 < len(diversity) <= _SUMMARY_L_COLUMNS:
            lines.append("l-diversity: " + ", ".join(f"{c} l = {v}" for c, v in diversity.items()))
        elif diversity:
            lowest = sorted(c for c, v in diversity.items() if v == m["l_min"])
            measured = str(len(diversity))
            if m.get("l_diversity_truncated"):
                measured += f" of {m['l_diversity_columns']}"
            lines.append(
                f"l-diversity: minimum l = {m['l_min']} over {measured} sensitive columns"
                f" (lowest: {lowest[0]})"
            )
        hints = m.get("generalisation_hints") or []
        if hints and (hints[0]["k_after"] or 0) > (risk.k_min or 0):
            best = hints[0]
            lines.append(
                f"Best single generalisation: {best['column']} ({best['how']}) raises k from "
                f"{risk.k_min} to {best['k_after']}"
            )
        elif hints:
            tried = ", ".join(sorted(h["column"] for h in hints))
            lines.append(f"No single generalisation raises k above {risk.k_min} (tried {tried})")
    else:
        lines.append("Quasi-identifiers: none found; k-anonymity not measured")
    hipaa = m.get("hipaa") or {}
    hipaa_parts = []
    if hipaa.get("zip5_columns"):
        hipaa_parts.append(f"5-digit ZIP in {', '.join(hipaa['zip5_columns'])}")
    if hipaa.get("restricted_zip3_rows"):
        hipaa_parts.append(f"{hipaa['restricted_zip3_rows']} rows in restricted ZIP3 areas")
    if hipaa.get("dates_finer_than_year"):
        hipaa_parts.append(f"dates finer than year in {', '.join(hipaa['dates_finer_than_year'])}")
    if hipaa.get("ages_over_89_rows"):
        hipaa_parts.append(f"{hipaa['ages_over_89_rows']} rows with age over 89")
    if hipaa_parts:
        lines.append("HIPAA Safe Harbor: " + "; ".join(hipaa_parts))
    if risk.genotype_columns or m.get("y_str_columns") or m.get("hla_columns"):
        identifying = " (identifying: >= 30 SNPs per person)" if m.get("snp_identifying") else ""
        lines.append(
            f"Genomic linkage: {risk.genotype_columns} genotype columns{identifying}, "
            f"{m.get('y_str_columns', 0)} Y-STR, {m.get('hla_columns', 0)} HLA columns"
        )
    if risk.persons is not None:
        counted = f"by {m['person_key']}" if m.get("person_key") else "by rows"
        exactness = "estimated" if m.get("persons_estimated") else "exact"
        by_category = ", ".join(f"{c} {n}" for c, n in sorted(risk.persons_by_category.items()))
        line = f"Persons: {risk.persons} ({exactness}, {counted})"
        lines.append(f"{line}; {by_category}" if by_category else line)
    return lines
