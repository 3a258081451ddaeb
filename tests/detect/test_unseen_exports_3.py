"""Exports a helper generated without seeing the code (fifth session of 2026-11-26): other human
'omic data, tables of variants without persons, and look-alikes hidden in a few rows.

Each case failed before its fix: 'omic data of any size passed to a country of concern, allele
frequencies were 500 persons' genomic data, an upper-case UUID column was card numbers.
"""

from __future__ import annotations

import random
import uuid

import polars as pl
import pytest
from helpers import detect

from minlint.scan import ScanOptions, scan_paths

DOJ_TO_CHINA = ScanOptions(policies=("us-doj-bulk-data",), destination="CN", use_presidio=False)


def _rule_ids(path) -> list[str]:
    report = scan_paths([str(path)], DOJ_TO_CHINA)
    return sorted({v.rule_id for v in report.violations})


def _wide_omics(features: list[str], samples: int, seed: int) -> pl.DataFrame:
    rng = random.Random(seed)
    columns = {"sample_id": [f"S{i:05d}" for i in range(samples)]}
    columns |= {name: [round(rng.random(), 4) for _ in range(samples)] for name in features}
    return pl.DataFrame(columns)


OMIC_FEATURE_NAMES = {
    "EPIGENOMIC": [f"cg{17 * i + 29:08d}" for i in range(40)],
    "TRANSCRIPTOMIC": [f"ENSG{141510 + 97 * i:011d}" for i in range(40)],
    "PROTEOMIC": [f"seq.{10000 + 7 * i}.{i % 90 + 1}" for i in range(20)] + [f"OID{471 + i:05d}" for i in range(20)],
}


@pytest.mark.parametrize("entity", sorted(OMIC_FEATURE_NAMES))
def test_wide_omic_tables_are_found_by_their_feature_names(entity):
    found = detect(_wide_omics(OMIC_FEATURE_NAMES[entity], 300, 7), use_presidio=False)
    features = [c for c in found if c != "sample_id"]
    assert {found[c].entities for c in features} == {(entity,)}
    assert found["sample_id"].category == "none"


def test_mouse_genes_and_non_numeric_columns_are_not_omic_data():
    mouse = _wide_omics([f"ENSMUSG{i:011d}" for i in range(40)], 300, 8)
    assert {f.category for f in detect(mouse, use_presidio=False).values()} == {"none"}
    labels = pl.DataFrame({"cg00000029": ["probe ok"] * 50})
    assert detect(labels, use_presidio=False)["cg00000029"].category == "none"


def _long_methylation(samples: int, probes: int, key: str | None) -> pl.DataFrame:
    rng = random.Random(samples)
    ids = [f"cg{1000 + 13 * p:08d}" for p in range(probes)]
    table = pl.DataFrame(
        {
            "k": [f"S{s:05d}" for s in range(samples) for _ in ids],
            "probe": ids * samples,
            "beta": [round(rng.random(), 4) for _ in range(samples * probes)],
        }
    )
    return table.drop("k") if key is None else table.rename({"k": key})


@pytest.mark.parametrize("key", ["sample_id", "c1", None])
def test_long_omic_tables_count_their_samples_at_the_doj_threshold(tmp_path, key):
    # 28 CFR 202.205: more than 1,000 persons' epigenomic data is bulk, and prohibited to CN.
    for samples, expected in ((1000, []), (1001, ["DOJ-OMIC-BULK"])):
        path = tmp_path / f"methylation_{samples}.parquet"
        _long_methylation(samples, 5, key).write_parquet(path)
        assert _rule_ids(path) == expected


def test_a_probe_manifest_lists_each_probe_once_and_holds_no_persons(tmp_path):
    manifest = pl.DataFrame({"IlmnID": [f"cg{7 * i:08d}" for i in range(1500)], "MAPINFO": list(range(1500)),
                             "GC_content": [0.4] * 1500})
    assert detect(manifest, use_presidio=False)["IlmnID"].category == "none"


def test_allele_frequencies_and_gwas_summary_statistics_hold_no_persons(tmp_path):
    rng = random.Random(3)
    variants = 500
    frequencies = pl.DataFrame(
        {
            "CHROM": [rng.randint(1, 22) for _ in range(variants)],
            "POS": [rng.randint(10_000, 90_000_000) for _ in range(variants)],
            "ID": [f"rs{rng.randint(1000, 90_000_000)}" for _ in range(variants)],
            "REF": [rng.choice("ACGT") for _ in range(variants)],
            "ALT": [rng.choice("ACGT") for _ in range(variants)],
            "AF": [round(rng.random() / 2, 4) for _ in range(variants)],
        }
    )
    path = tmp_path / "allele_frequencies.tsv"
    frequencies.write_csv(path, separator="\t")
    report = scan_paths([str(path)], DOJ_TO_CHINA)
    assert "genomic" in {c.category for c in report.datasets[0].columns}
    assert report.datasets[0].risk.persons_by_category.get("human_genomic", 0) == 0
    assert report.violations == ()


@pytest.mark.parametrize("persons", [100, 101])
def test_a_long_genotype_table_under_a_key_named_specimen_counts_its_persons(tmp_path, persons):
    rng = random.Random(persons)
    rsids = [f"rs{rng.randint(1000, 9_000_000)}" for _ in range(20)]
    table = pl.DataFrame(
        {
            "specimen_id": [f"S{p}" for p in range(persons) for _ in rsids],
            "rsid": rsids * persons,
            "genotype": [rng.choice(["AA", "AG", "GG", "CT", "TT"]) for _ in range(20 * persons)],
        }
    )
    path = tmp_path / "long.csv"
    table.write_csv(path)
    assert _rule_ids(path) == ([] if persons == 100 else ["DOJ-GENOMIC-BULK"])


def test_upper_case_uuids_holding_a_luhn_valid_card_layout_are_not_card_numbers():
    # About one upper-case UUID in 30,000 starts with 16 digits that pass Luhn after an issuer
    # prefix (`40926395-7212-8961-1296-…`); a card in text is four groups with one separator.
    rng = random.Random(5)
    ids = [str(uuid.UUID(int=rng.getrandbits(128))).upper() for _ in range(100_000)]
    notes = [f"visit {i} ok" for i in range(100_000)]
    notes[17] = "paid with card 4111 1111 1111 1111 today"
    notes[70_001] = "card 4111-1111-1111-1111."
    found = detect(pl.DataFrame({"c7": ids, "notes": notes}), use_presidio=False)
    assert found["c7"].category == "none"
    assert found["notes"].entities == ("CREDIT_CARD",)
