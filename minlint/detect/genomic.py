"""Genomic detectors: rsIDs, genotype calls, HGVS, sequences, HLA, Y-STR, accessions.

Rows have the same shape as the PII table (`entities.EntitySpec`); `DATASET_RULES` hold checks
that need the whole column set (a SNP matrix is recognised by its many rs-named columns).
"""

from __future__ import annotations

from minlint.detect.entities import GENOMIC, EntitySpec

SPECS: tuple[EntitySpec, ...] = (
    EntitySpec(
        entity="RSID",
        category=GENOMIC,
        names=("rsid", "rs_id", "snp", "snp_id", "dbsnp", "variant_id", "marker"),
        pattern=r"rs\d{3,10}",
        min_share=0.9,
        description="dbSNP reference SNP id (human genomic data, 28 CFR 202.224)",
    ),
)

DATASET_RULES: tuple = ()
