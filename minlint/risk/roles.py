"""The roles columns play in the risk stage: quasi-identifiers, the person key, sensitive
and genomic columns, chosen from the detect stage's findings; the thresholds they are judged by."""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl

from minlint.detect.names import normalise
from minlint.errors import ConfigError
from minlint.model import ColumnFinding

DEFAULT_K = 11  # CMS cell-size suppression of 1-10 (policy-reference.md section 2)
SNPS_THAT_IDENTIFY = 30  # Lin, Owen & Altman, Science 2004: ~30-80 independent SNPs
MAX_L_DIVERSITY_COLUMNS = 20
OVER_89 = 89  # 45 CFR 164.514(b)(2)(i)(C): ages over 89 aggregate into "90 or older"
_DECIMALS = 4
QUASI = "quasi_identifier"
DIRECT = "direct_identifier"
# research_id: the secret re-identification code a covered entity may keep (45 CFR 164.514(c))
# still tells persons apart.
# Names of the column that says whose row it is. Long genotype tables (one row per sample and
# variant, as `bcftools query` writes them) name it `SAMPLE` or `IID` (PLINK's individual id):
# without it their persons counted as one, and a bulk transfer passed.
PERSON_KEY_NAMES = frozenset(
    {"patient_id", "subject_id", "sample_id", "person_id", "participant_id", "mrn", "member_id",
     "research_id", "sample", "sample_name", "participant", "subject", "patient", "person",
     "individual", "individual_id", "iid", "donor", "donor_id", "pid", "pat_id", "patid",
     "pt_id", "patient_number", "probandennummer", "patienten_id", "id_patient", "id_paciente",
     "specimen", "specimen_id", "case_id", "subj_id", "subject_key", "patient_key", "person_key",
     "eid", "kit_id", "proband", "proband_id", "probanden_id", "identifiant_patient",
     "id_paziente", "paciente_id", "patient_nr", "样本编号", "样本号", "患者编号", "患者id",
     "受试者编号", "被験者id", "患者番号", "환자번호"}
)
PERSON_KEY_ENTITY = "MEDICAL_RECORD_NUMBER"
# The genomic entities that are always one person's data (28 CFR 202.224: results of a
# person's sequencing or genotyping). Variant ids, positions and accessions also describe
# allele-frequency tables, GWAS summary statistics and array manifests, which have no persons;
# sequences and HGVS strings also describe primers, reference transcripts and variant
# catalogues, so they count a person's rows only beside a person key.
PERSONAL_GENOMIC_ENTITIES = frozenset({"GENOTYPE", "HLA_ALLELE", "Y_STR", "POLYGENIC_SCORE"})
KEYED_GENOMIC_ENTITIES = frozenset({"DNA_SEQUENCE", "HGVS"})
# Sequences a lab designs and orders, one per library or assay, not read from a person: a
# sample sheet's index barcodes beside `sample_id` are no one's genome.
_DESIGNED_OLIGO_TOKENS = frozenset({"index", "barcode", "adapter", "adaptor", "primer", "probe", "oligo", "umi",
                                    "i5", "i7", "guide", "sgrna", "grna", "spacer", "bait", "linker"})


def names_designed_oligos(column: str) -> bool:
    """Whether a sequence column's name says it holds designed oligos (index, primer, probe)."""
    return any(token in _DESIGNED_OLIGO_TOKENS for token in normalise(column).split("_"))
# Other human 'omic data (28 CFR 202.224: epigenomic, proteomic, transcriptomic): the feature-id
# detectors of minlint.detect.genomic (OMIC_FEATURES); METABOLOMIC has no detector yet.
OTHER_OMIC_ENTITIES = frozenset({"EPIGENOMIC", "PROTEOMIC", "TRANSCRIPTOMIC", "METABOLOMIC"})
# 28 CFR 202.204: biometric identifiers include facial images (and voice prints, iris scans,
# fingerprints...), so a column of face photographs counts its persons in this category.
BIOMETRIC_ENTITIES = frozenset({"BIOMETRIC", "FACE_IMAGE"})
GEOLOCATION_ENTITIES = frozenset({"GEO_COORDINATE"})
FINANCIAL_ENTITIES = frozenset({"IBAN_CODE", "CREDIT_CARD", "ACCOUNT_NUMBER"})
# Demographic and contact data among 28 CFR 202.234 listed identifiers that detectors file as
# quasi-identifiers; every direct identifier is a listed identifier kind as well.
LISTED_QUASI_ENTITIES = frozenset({"DATE_OF_BIRTH", "POSTAL_CODE"})
_RSID_NAME = re.compile(r"^rs\d+$", re.IGNORECASE)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(float(value), _DECIMALS)


def _share(value: float | None) -> float | None:
    """A share rounded to 4 decimals that is 0 or 1 only when exactly so.

    One unique row in two million must not read as ``0.0`` (that would say "no unique rows").
    """
    if value is None or value in (0, 1):
        return None if value is None else float(value)
    smallest = 10.0**-_DECIMALS
    return min(max(round(float(value), _DECIMALS), smallest), 1 - smallest)


def _has_any(finding: ColumnFinding, entities: frozenset[str]) -> bool:
    return any(entity in entities for entity in finding.entities)


def discover_quasi_identifiers(findings: Sequence[ColumnFinding]) -> list[str]:
    """Columns the detectors filed as quasi-identifiers, in dataset order."""
    return [f.column for f in findings if f.category == QUASI]


def find_person_key(findings: Sequence[ColumnFinding]) -> str | None:
    """The column that names a person: a patient/subject/sample id by name, else an MRN."""
    for finding in findings:
        if normalise(finding.column) in PERSON_KEY_NAMES:
            return finding.column
    for finding in findings:
        if finding.has(PERSON_KEY_ENTITY):
            return finding.column
    return None


def _is_genotype_column(finding: ColumnFinding) -> bool:
    return finding.has("GENOTYPE") or (
        finding.category == "genomic" and _RSID_NAME.match(finding.column) is not None
    )


def _sensitive_columns(findings: Sequence[ColumnFinding], exclude: set[str]) -> list[str]:
    """Health and genomic columns (diagnoses, genotypes, measures), by name."""
    return sorted(
        f.column for f in findings if f.category in ("health", "genomic") and f.column not in exclude
    )


def _check_columns(setting: str, columns: Sequence[str], schema: pl.Schema) -> None:
    for column in columns:
        if column not in schema:
            raise ConfigError(f"{setting}: column {column!r} is not in the dataset")


def _age_expr(column: str, dtype: pl.DataType) -> pl.Expr:
    col = pl.col(column)
    if dtype.is_numeric():
        return col
    return col.cast(pl.String).str.strip_chars().cast(pl.Float64, strict=False)
