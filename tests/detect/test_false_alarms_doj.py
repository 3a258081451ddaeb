"""Tables with no one's genome in them that the DOJ rule prohibited as "human genomic data of N
persons" (found by a false-alarm hunt on unseen exports), each beside the personal table of
the same shape that must still count."""

from __future__ import annotations

import numpy as np
import polars as pl

from helpers import detect
from minlint.risk import assess

SNPS = [f"rs{1000 + i * 7919}" for i in range(20)]


def _genomic_persons(frame: pl.DataFrame) -> int | None:
    findings = tuple(detect(frame, use_presidio=False).values())
    return assess(frame.lazy(), findings).persons_by_category.get("human_genomic")


def _entities(frame: pl.DataFrame) -> dict[str, set[str]]:
    return {column: set(f.entities) for column, f in detect(frame, use_presidio=False).items()}


def test_a_gwas_catalogues_risk_allele_is_not_a_persons_genotype():
    catalogue = pl.DataFrame(
        {
            "rsid": [s for s in SNPS for _ in range(120)],
            "trait": [f"TRAIT_{t:03d}" for _ in SNPS for t in range(120)],
            "risk_allele": ["ACGT"[i % 4] for i in range(len(SNPS) * 120)],
        }
    )
    assert "GENOTYPE" not in _entities(catalogue)["risk_allele"]
    assert _genomic_persons(catalogue) is None
    # The same layout with each person's two-letter call is a long genotype table.
    rng = np.random.default_rng(1)
    calls = catalogue.with_columns(pl.Series("genotype", rng.choice(["AA", "AG", "GG"], catalogue.height))).drop("risk_allele")
    assert "GENOTYPE" in _entities(calls)["genotype"]
    assert _genomic_persons(calls) == 120


def test_a_sample_sheets_index_barcodes_are_no_ones_genome():
    rng = np.random.default_rng(0)
    sheet = pl.DataFrame(
        {
            "sample_id": [f"LIB{i:04d}" for i in range(150)],
            "index_sequence": ["".join(rng.choice(list("ACGT"), 8)) for _ in range(150)],
        }
    )
    assert _genomic_persons(sheet) is None
    # Reads of each sample beside the same key are that person's sequence.
    reads = sheet.with_columns(pl.Series("read_sequence", ["".join(rng.choice(list("ACGT"), 150)) for _ in range(150)]))
    assert "DNA_SEQUENCE" in _entities(reads)["read_sequence"]
    assert _genomic_persons(reads) == 150


def test_growth_curves_of_a_384_well_plate_are_not_allele_dosages():
    rng = np.random.default_rng(0)
    t = np.arange(145)
    curves = {"time_min": (t * 10).tolist()}
    for well in [f"{r}{c}" for r in "ABCDEFGHIJKLMNOP" for c in range(1, 25)]:
        lag, top = rng.integers(20, 60), rng.uniform(1.0, 1.08)
        curves[well] = np.round(0.05 + (top - 0.05) / (1 + np.exp(-(t - lag) / 1.5)) + rng.normal(0, 0.01, 145), 3)
    plate = pl.DataFrame(curves)
    assert not any("GENOTYPE" in entities for entities in _entities(plate).values())
    # 384 SNPs of hard calls in 145 people (homozygotes of the counted allele included).
    frequencies = rng.uniform(0.05, 0.5, 384)
    matrix = pl.DataFrame({f"f{i:04d}": rng.binomial(2, p, 145).astype(float) for i, p in enumerate(frequencies)})
    found = _entities(matrix)
    # Columns without a homozygote (rare alleles in 145 people) read as 0/1 flags, as before.
    with_twos = [c for c in matrix.columns if matrix[c].max() == 2]
    assert len(with_twos) > 300 and all("GENOTYPE" in found[c] for c in with_twos)
