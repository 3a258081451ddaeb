"""Genomic detectors: rsIDs, genotype calls, HGVS, sequences, HLA, Y-STR, scores, accessions.

Rows have the same shape as the PII table (`entities.EntitySpec`). Human genomic data is
sensitive even de-identified (28 CFR 202.206, 202.224): ~75 independent SNPs identify a person
(Lin, Owen & Altman, Science 2004), Y-STR markers reveal surnames (Gymrek et al., Science 2013),
accessions link rows to controlled-access records.

`DATASET_RULES` hold what one column cannot tell: a SNP matrix is recognised by its rs-named (or
many ACGT-call) columns, a VCF by its CHROM/POS/REF/ALT set, a Y-STR panel by its DYS markers.
They read the profile's distinct-value sample. Genotype columns have a handful of distinct values
(`AA`, `AG`, `GG`, `--`), far below the sample size, so the sample holds every distinct value and
checking it checks every row; columns with more distinct values than `COMPLETE_SAMPLE` are not
treated as genotype calls (float dosages excepted, which are checked for range).
"""

from __future__ import annotations

import re
from typing import Callable

from minlint.detect.entities import GENOMIC, EntitySpec
from minlint.detect.names import match_synonym, normalise
from minlint.model import ColumnProfile, Detection
from minlint.partials import is_blank

# A column with at most this many distinct values is fully known from its profile sample
# (profile.DEFAULT_SAMPLE_SIZE is 200; a sample smaller than this is the whole distinct set).
COMPLETE_SAMPLE = 64
# Many columns of ACGT calls make a genotype matrix even under cryptic names (`c0001`); ten is
# well below the ~30-80 SNPs that identify a person (policy-reference.md section 6).
MATRIX_MIN_COLUMNS = 10

# 1-22, X, Y, mitochondrial; PLINK and AncestryDNA number X, Y, XY, MT as 23-26.
_CHROMOSOME = r"(?:[1-9]|1\d|2[0-6]|X|Y|XY|MT|M)"
_HLA_LOCUS = r"(?:A|B|C|E|F|G|DRB[1-9]|DRA|DQA1|DQB1|DPA1|DPB1|DMA|DMB|DOA|DOB|MICA|MICB)"
_HLA_FIELDS = r"\d{2,3}(?::\d{2,3}){0,3}[NLSCAQ]?"
_HLA_ALLELE = rf"HLA-[A-Z0-9]{{1,5}}\*{_HLA_FIELDS}|{_HLA_LOCUS}\*\d{{2,3}}(?::\d{{2,3}}){{1,3}}[NLSCAQ]?"
_HGVS_REFERENCE = (
    r"(?:(?:N[CGMRPTW]|X[MRP])_\d{6,9}\.\d{1,2}|ENS[TGP]\d{11}(?:\.\d{1,2})?|LRG_\d+(?:[tp]\d+)?)"
    r"(?:\([A-Za-z0-9-]+\))?"
)
_GENE_SYMBOL = r"[A-Z][A-Z0-9]{1,7}(?:-[A-Z0-9]{1,4})?"  # HGNC symbols: EGFR, BRCA1, HLA-DRB1
_AMINO_ACID3 = r"(?:Ala|Arg|Asn|Asp|Cys|Gln|Glu|Gly|His|Ile|Leu|Lys|Met|Phe|Pro|Ser|Thr|Trp|Tyr|Val|Sec|Pyl|Ter)"
_HGVS_DNA_CHANGE = (
    r"[cgmnr]\.[-*]?\d+(?:[+-]\d+)?(?:_[-*]?\d+(?:[+-]\d+)?)?"
    r"(?:[ACGTacgu]+>[ACGTacgu]+|delins[ACGTacgu]+|del[ACGTacgu]*|dup[ACGTacgu]*|ins[ACGTacgu]+|inv|=)"
)
_HGVS_PROTEIN_CHANGE = (
    rf"p\.\(?{_AMINO_ACID3}\d+(?:{_AMINO_ACID3}|\*|=|fs(?:Ter|\*)?\d*|del|dup|delins\w+|ins\w+)\)?"
    r"|p\.\(?[ACDEFGHIKLMNPQRSTVWY]\d+(?:[ACDEFGHIKLMNPQRSTVWY*=]|fs\*?\d*)\)?"
)
_ACCESSION = (
    r"[SED]R[RXSPAZ]\d{6,9}"  # SRA / ENA / DDBJ run, experiment, sample, study, submission, analysis
    r"|SAM[NED][A-Z]?\d{5,10}"  # BioSample
    r"|PRJ[NED][A-Z]\d{3,8}"  # BioProject
    r"|phs\d{6}(?:\.v\d{1,2}(?:\.p\d{1,2})?)?"  # dbGaP study
    r"|EGA[SDNFRCBXZAP]\d{11}"  # EGA study, dataset, sample, file, run…
    r"|TCGA-[A-Z0-9]{2}-[A-Z0-9]{4}(?:-\d{2}[A-Z]?(?:-\d{2}[A-Z]?(?:-[A-Z0-9]{4}-\d{2})?)?)?"  # TCGA
    r"|GS[ME]\d{3,9}"  # GEO sample / series
)

SPECS: tuple[EntitySpec, ...] = (
    EntitySpec(
        entity="RSID",
        category=GENOMIC,
        names=("rsid", "rs_id", "snp", "snp_id", "snpid", "dbsnp", "dbsnp_id", "variant_id",
               "marker", "marker_name", "rs_number", "refsnp", "snp_name"),
        pattern=r"rs\d{3,10}",
        # 23andMe writes its own `i1234567` ids between the rsIDs; VCF writes `.` for none.
        named_pattern=r"rs\d{1,10}|i\d{4,9}|\.",
        search=r"\brs\d{4,10}\b",
        min_share=0.9,
        description="dbSNP reference SNP id (human genomic data, 28 CFR 202.224)",
    ),
    EntitySpec(
        entity="GENOTYPE",
        category=GENOMIC,
        names=("genotype", "genotypes", "gt", "genotype_call", "allele_call", "alleles",
               "diplotype", "snp_call", "call_code", "genotyp", "genotipo", "genotypage",
               "allele1", "allele2", "allele_1", "allele_2", "allel1", "allel2",
               "genotype_dosage", "allele_dosage", "alt_dosage", "snp_dosage"),
        # Slashed or phased nucleotide pairs are genotypes by shape; `AG` and `0/1` also spell
        # product grades and fractions, so they count only under a name or a column-set rule.
        pattern=r"[ACGT][/|][ACGT]",
        named_pattern=r"[ACGTDI-]{1,2}|[ACGTDIN.][/|][ACGTDIN.]|[0-9.]{1,2}(?:[/|][0-9.]{1,2})+|[012](?:\.\d+)?",
        numeric_range=(0, 2),
        min_share=0.9,
        description="Genotype call or dosage of a person (SNP-array / sequencing data, 28 CFR 202.224)",
    ),
    EntitySpec(
        entity="VARIANT_POSITION",
        category=GENOMIC,
        names=("variant", "variant_key", "locus", "var_id", "snp_position", "chrpos", "chr_pos",
               "variant_position", "genomic_position"),
        pattern=(
            rf"chr{_CHROMOSOME}:\d{{1,9}}(?:-\d{{1,9}})?(?:[:_-][ACGTN]+[:_/>-][ACGTN]+)?"
            rf"|{_CHROMOSOME}[:-]\d{{1,9}}[:_-][ACGTN]+[:_/>-][ACGTN]+"
        ),
        min_share=0.9,
        description="Chromosome position and alleles of a variant (human genomic data, 28 CFR 202.224)",
    ),
    EntitySpec(
        entity="HGVS",
        category=GENOMIC,
        names=("hgvs", "hgvs_c", "hgvs_p", "hgvs_g", "hgvsc", "hgvsp", "hgvsg", "cdna_change",
               "protein_change", "aa_change", "mutation", "variant_hgvs", "nomenclature"),
        # Also after the gene symbol, as tumour reports write them: `EGFR p.L858R`, `BRCA1 c.68_69delAG`.
        pattern=(
            rf"{_HGVS_REFERENCE}:(?:{_HGVS_DNA_CHANGE}|{_HGVS_PROTEIN_CHANGE})"
            rf"|(?:{_GENE_SYMBOL}[ :])?(?:{_HGVS_DNA_CHANGE}|{_HGVS_PROTEIN_CHANGE})"
        ),
        search=(
            rf"\b{_HGVS_REFERENCE}:[cgmnrp]\.[^\s,;]+|\bp\.{_AMINO_ACID3}\d+{_AMINO_ACID3}\b"
            # c.68_69delAG, c.1A>G, p.R175H, p.(Leu858Arg): a change, not just a position
            r"|\b[cgm]\.[-*]?\d+(?:[+-]\d+)?(?:_[-*]?\d+(?:[+-]\d+)?)?"
            r"(?:[ACGT]+>[ACGT]+|delins[ACGT]+|del[ACGT]*|dup[ACGT]*|ins[ACGT]+)"
            # (`p.T2N0` is a tumour stage: the change ends the word)
            r"|\bp\.\(?[ACDEFGHIKLMNPQRSTVWY]\d+(?:[ACDEFGHIKLMNPQRSTVWY]\b|\*|fs\*?\d*)\)?"
        ),
        min_share=0.9,
        description="HGVS variant description (human genomic data, 28 CFR 202.224)",
    ),
    EntitySpec(
        entity="DNA_SEQUENCE",
        category=GENOMIC,
        names=("sequence", "seq", "dna", "rna", "dna_sequence", "rna_sequence", "protein_sequence",
               "nucleotide_sequence", "read_sequence", "amplicon", "primer", "probe_sequence",
               "sequenz", "sequence_adn", "secuencia", "read"),
        # Twenty bases: a DNA fragment, not a word. Thirty amino-acid letters and no digit:
        # not a base32 token (which would also use B, J, O, U, Z or 2-7).
        pattern=r"[ACGTUN]{20,}|[acgtun]{20,}|[ACDEFGHIKLMNPQRSTVWY]{30,}",
        named_pattern=r"[ACGTUNacgtun-]{8,}|[ACDEFGHIKLMNPQRSTVWY*]{10,}",
        search=r"\b[ACGTN]{25,}\b",
        min_share=0.9,
        description="DNA, RNA or protein sequence (human genomic data, 28 CFR 202.224)",
    ),
    EntitySpec(
        entity="HLA_ALLELE",
        category=GENOMIC,
        names=("hla", "hla_type", "hla_typing", "hla_allele", "hla_a", "hla_b", "hla_c", "hla_drb1",
               "hla_dqb1", "hla_dqa1", "hla_dpb1", "hla_genotype", "hla_haplotype"),
        pattern=rf"(?:{_HLA_ALLELE})(?: ?[/,;+] ?(?:{_HLA_ALLELE}))*",
        named_pattern=rf"(?:(?:HLA-)?[A-Z0-9]{{1,5}}\*)?{_HLA_FIELDS}(?: ?[/,;+] ?(?:(?:HLA-)?[A-Z0-9]{{1,5}}\*)?{_HLA_FIELDS})*",
        search=r"\bHLA-[A-Z0-9]{1,5}\*\d{2,3}(?::\d{2,3}){0,3}",
        min_share=0.9,
        description="HLA allele (identifying genotype of the immune system, 28 CFR 202.224)",
    ),
    EntitySpec(
        entity="Y_STR",
        category=GENOMIC,
        names=("y_str", "ystr", "y_str_haplotype", "y_haplotype", "ystr_profile", "y_str_profile"),
        # A Y-STR profile written as one string: `14-24-13-30-11-...` repeat counts.
        named_pattern=r"\d{1,2}(?:\.\d)?(?:[-,;/ ]\d{1,2}(?:\.\d)?){4,}",
        min_share=0.9,
        description="Y-chromosome STR marker repeats (surname inference, Gymrek et al. 2013)",
    ),
    EntitySpec(
        entity="POLYGENIC_SCORE",
        category=GENOMIC,
        names=("prs", "pgs", "polygenic_score", "polygenic_risk_score", "grs", "genetic_risk_score",
               "prs_score", "pgs_score", "polygenic_risk", "polygener_risikoscore", "score_polygenique",
               "puntuacion_poligenica", "prs_percentile", "prs_z"),
        named_pattern=r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?",
        numeric_range=(-1_000_000, 1_000_000),
        min_share=0.9,
        description="Polygenic risk score: data derived from a person's genome (28 CFR 202.224)",
    ),
    EntitySpec(
        entity="GENOMIC_ACCESSION",
        category=GENOMIC,
        names=("accession", "run_accession", "sample_accession", "study_accession", "biosample",
               "biosample_id", "sra_run", "sra_sample", "ena_run", "ega_id", "egan", "dbgap",
               "dbgap_id", "tcga_barcode", "tcga_id", "geo_accession", "gsm"),
        pattern=_ACCESSION,
        search=rf"\b(?:{_ACCESSION})\b",
        min_share=0.9,
        description="Sequence-archive or biobank accession linking to controlled-access genomic records",
    ),
)


# --- value shapes checked on complete samples -------------------------------------------------

_NO_CALL = r"--|00|NN|\?\?|\.|-"
GENOTYPE_ENCODINGS: dict[str, re.Pattern[str]] = {
    # 23andMe / AncestryDNA / PLINK-ped style: `AG`, hemizygous `A`, indels `DI`, no-call `--`.
    "letters": re.compile(rf"[ACGT]{{1,2}}|[DI]{{1,2}}|{_NO_CALL}"),
    "slashed letters": re.compile(rf"[ACGTDIN.][/|][ACGTDIN.]|{_NO_CALL}"),
    # VCF GT: allele indices, `/` unphased or `|` phased, `.` missing (VCF 4.3 section 1.6.2).
    "VCF GT": re.compile(r"(?:\d{1,2}|\.)(?:[/|](?:\d{1,2}|\.))*"),
    # Illumina A/B allele coding: only trusted under rsID or array-marker column names.
    "Illumina AB": re.compile(rf"AA|AB|BA|BB|{_NO_CALL}"),
}
_REAL_CALL = re.compile(r"[ACGT]{1,2}|[DI]{1,2}|[ACGTDIN.][/|][ACGTDIN.]|[0-9.]{1,3}(?:[/|][0-9.]{1,3})+|AA|AB|BB|[0-9]")
_SEPARATED_CALL = re.compile(r"[^/|]+[/|].+")
_SNP_COLUMN_NAME = re.compile(
    r"rs\d{1,10}(?:[_.:][ACGTDI0-9]+)*"  # dbSNP id, PLINK .raw `rs123_A`
    rf"|(?:chr)?{_CHROMOSOME}[:_.-]\d{{3,9}}(?:[:_.-][ACGTDI]+)*"  # chr1:12345[:A:G]
    r"|SNP_A-\d+|AFFX-SNP_\d+|AX-\d+"  # Affymetrix
    r"|kgp\d+|exm-?(?:rs)?\d+|GSA-rs\d+|imm_\d+_\d+|seq-rs\d+|newrs\d+",  # Illumina arrays
    re.IGNORECASE,
)
_Y_STR_NAME = re.compile(r"(?:DYS\d{2,4}(?:[A-Z]|_?I{1,2}|[._-]?[a-d](?:/[a-d])?)*|DYF\d{3}S\d[a-z]?|Y[_-]?GATA[_-]?[A-Z]\d+(?:\.\d+)?|YCAII[ab]?)", re.IGNORECASE)
_Y_STR_VALUE = re.compile(r"\d{1,2}(?:\.\d)?(?:[-,/]\d{1,2}(?:\.\d)?)*")
_PGS_NAME = re.compile(r"PGS\d{6}(?:_\w+)?", re.IGNORECASE)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_CHROMOSOME_VALUE = re.compile(rf"(?:chr)?{_CHROMOSOME}", re.IGNORECASE)
_POSITION_VALUE = re.compile(r"\d{1,9}")
_ALLELE_VALUE = re.compile(r"[ACGTN*]+(?:,[ACGTN*]+)*|\.|<[A-Z:0-9]+>|[ACGTN]*[\[\]][^\s]+", re.IGNORECASE)
_Y_STR_RANGE = (5, 60)  # repeat counts of forensic Y-STR loci (YHRD kits)

# Column roles of a variant table by normalised name (VCF header and common exports).
_VCF_FIXED = frozenset({"id", "qual", "filter", "info", "format"})
_VARIANT_ROLES: dict[str, tuple[str, ...]] = {
    "chrom": ("chrom", "chromosome", "chr", "contig", "seqname", "seqnames", "chromosom",
              "chromosome_name", "chrom_id", "chr_name", "cromosoma", "chromosome_id"),
    "pos": ("pos", "position", "bp", "base_pair", "basepair", "pos_hg19", "pos_hg38", "start",
            "position_grch37", "position_grch38", "physical_position", "pos_b37", "pos_b38",
            "genomic_position", "posicion"),
    "ref": ("ref", "reference", "ref_allele", "reference_allele", "allele_ref", "a2", "other_allele",
            "non_effect_allele", "ref_base"),
    "alt": ("alt", "alternate", "alt_allele", "alternate_allele", "allele_alt", "a1", "effect_allele",
            "alt_base", "alts", "counted"),  # PLINK .traw names the allele it counts COUNTED
}
# A person's count of the alternate allele, in a long table of one row per person and variant.
_DOSAGE_NAMES = ("dosage", "ds", "gt_dosage", "genotype_dosage", "allele_dosage", "alt_dosage", "snp_dosage",
                 "dosage_alt", "allele_count", "alt_allele_count", "alt_count")
# Alleles that describe the variant, not a person's call: a GWAS catalogue's risk allele, a
# frequency table's minor allele (one letter per variant and trait, the same for everyone).
_VARIANT_ALLELE_NAMES = ("risk_allele", "minor_allele", "major_allele", "ancestral_allele", "derived_allele",
                         "tested_allele", "coded_allele", "noncoded_allele", "non_coded_allele", "strongest_snp_risk_allele")
_ROLE_VALUES = {"chrom": _CHROMOSOME_VALUE, "pos": _POSITION_VALUE, "ref": _ALLELE_VALUE, "alt": _ALLELE_VALUE}
_POSITION_DTYPES = ("Int", "UInt", "String")


def _percent(share: float) -> str:
    return f"{share * 100:.1f}%".replace(".0%", "%")


def _present(sample: tuple[str, ...]) -> list[str]:
    """The sampled values that hold something (no-calls like `NA`, `-9` are missing)."""
    return [v.strip() for v in sample if not is_blank(v)]


def is_complete(profile: ColumnProfile) -> bool:
    """The sample holds every distinct value (few distinct values, none left out)."""
    return 0 < len(profile.sample) <= COMPLETE_SAMPLE and profile.distinct <= len(profile.sample) + 1


def genotype_encoding(profile: ColumnProfile, encodings: tuple[str, ...] = tuple(GENOTYPE_ENCODINGS)) -> str | None:
    """The encoding in which every distinct value of the column is a genotype call, if any."""
    if not is_complete(profile):
        return None
    values = _present(profile.sample)
    if not values or not any(_REAL_CALL.fullmatch(v) for v in values):
        return None
    for encoding in encodings:
        if encoding == "VCF GT" and not any(_SEPARATED_CALL.fullmatch(v) for v in values):
            continue  # bare small integers are counts unless some call pairs alleles (`0/1`)
        if all(GENOTYPE_ENCODINGS[encoding].fullmatch(v) for v in values):
            return encoding
    return None


def _is_dosage(profile: ColumnProfile) -> bool:
    """Allele dosages: numbers in [0, 2] (0/1/2 hard calls or imputed expected counts), also
    as text (a PLINK `--recode A` file writes `NA` for a missing call, so no column is numeric)."""
    if not profile.dtype.startswith(("Int", "UInt", "Float", "Decimal", "String")):
        return False
    values = _present(profile.sample)
    numbers = [float(v) for v in values if _NUMBER.fullmatch(v)]
    return bool(numbers) and len(numbers) == len(values) and all(0 <= n <= 2 for n in numbers) and max(numbers) > 0


def _counts_to_two(profile: ColumnProfile) -> bool:
    """Dosages that reach above 1 (a homozygote's 2): p-values, frequencies and standard errors
    of summary statistics stay within [0, 1]."""
    return _is_dosage(profile) and max(float(v) for v in _present(profile.sample)) > 1


def _with(per_column: dict[str, list[Detection]], detection: Detection) -> None:
    """Add a detection unless the column already has one for that entity (keep the better)."""
    existing = per_column[detection.column]
    same = next((d for d in existing if d.entity == detection.entity), None)
    if same is None:
        existing.append(detection)
    elif same.score < detection.score:
        existing[existing.index(same)] = detection


def _copy(per_column: dict[str, list[Detection]]) -> dict[str, list[Detection]]:
    return {column: list(detections) for column, detections in per_column.items()}


def _genotype(column: str, score: float, *evidence: str) -> Detection:
    return Detection(column, "GENOTYPE", GENOMIC, score, tuple(evidence))


# --- dataset rules ----------------------------------------------------------------------------


def snp_named_columns(profiles: dict[str, ColumnProfile], per_column: dict[str, list[Detection]]) -> dict[str, list[Detection]]:
    """A column named by an rsID or array marker (`rs4988235`, `SNP_A-1780419`) holding calls or dosages."""
    out = _copy(per_column)
    for column, profile in profiles.items():
        if not _SNP_COLUMN_NAME.fullmatch(column.strip()):
            continue
        name = f"name:{normalise(column) or column.lower()}"
        if _is_dosage(profile):
            _with(out, _genotype(column, 0.9, name, "values:dosage 0-2 100%"))
        elif encoding := genotype_encoding(profile):
            _with(out, _genotype(column, 0.95, name, f"values:{encoding} 100%"))
    return out


def genotype_call_matrix(profiles: dict[str, ColumnProfile], per_column: dict[str, list[Detection]]) -> dict[str, list[Detection]]:
    """Many columns of ACGT calls are a genotype matrix whatever their names (`c0001`, `v17`)."""
    calls = {
        column: encoding
        for column, profile in profiles.items()
        if (encoding := genotype_encoding(profile, ("letters", "slashed letters")))
        and any(re.fullmatch(r"[ACGT]{2}|[ACGT][/|][ACGT]", v) for v in profile.sample)
    }
    if len(calls) < MATRIX_MIN_COLUMNS:
        return per_column
    out = _copy(per_column)
    for column, encoding in sorted(calls.items()):
        _with(out, _genotype(column, 0.85, f"columns:{len(calls)} genotype-call columns", f"values:{encoding} 100%"))
    return out


# Allele dosages in many cryptic columns (`f0000`…, a PLINK `.raw` or an imputed matrix renamed).
# A questionnaire has tens of 0-2 items and a plate reader 96 wells of optical densities; a
# genotype matrix has hundreds of SNPs, whose dosages sit at or near 0, 1 and 2.
DOSAGE_MATRIX_MIN_COLUMNS = 100
NEAR_CALL = 0.1  # an imputed dosage this close to 0, 1 or 2 is a confident call
NEAR_CALL_SHARE = 0.8
# Homozygotes of the counted allele (2) turn up in most SNPs of a cohort; optical densities of
# growth curves that level off near 1 (a 384-well kinetic read) never reach them.
HOMOZYGOTE_COLUMN_SHARE = 0.1


def _near_calls(profile: ColumnProfile) -> bool:
    values = [float(v) for v in _present(profile.sample)]
    return bool(values) and sum(1 for v in values if abs(v - round(v)) <= NEAR_CALL) >= NEAR_CALL_SHARE * len(values)


def dosage_matrix(profiles: dict[str, ColumnProfile], per_column: dict[str, list[Detection]]) -> dict[str, list[Detection]]:
    """Many columns of allele dosages (0/1/2 calls, or expected counts up to 2, mostly near a
    call) are a genotype matrix whatever their names."""
    dosages = [column for column, profile in profiles.items() if _counts_to_two(profile) and _near_calls(profile)]
    if len(dosages) < DOSAGE_MATRIX_MIN_COLUMNS:
        return per_column
    homozygotes = [c for c in dosages if any(float(v) >= 2 - NEAR_CALL for v in _present(profiles[c].sample))]
    if len(homozygotes) < HOMOZYGOTE_COLUMN_SHARE * len(dosages):
        return per_column
    out = _copy(per_column)
    for column in sorted(dosages):
        _with(out, _genotype(column, 0.8, f"columns:{len(dosages)} dosage columns", "values:dosage 0-2 100%"))
    return out


# Diploid calls of one column, alleles separated: VCF indices (`0/1`, `1|0`) or bases (`A/G`).
# Unseparated bases (`AG`) count only as a matrix of them (`genotype_call_matrix`).
_DIPLOID_CALL = re.compile(r"([0-9.])[/|]([0-9.])|([ACGT])[/|]([ACGT])")


def _diploid_genotypes(alleles: list[tuple[str, str]]) -> bool:
    called = [pair for pair in alleles if "." not in pair]
    if not any(first != second for first, second in called):
        return False
    if all(first.isdigit() for first, _ in called):
        return all(a in "012" and b in "012" for a, b in called) and ("0", "0") in called
    return len({first for first, second in called if first == second}) >= 2


def single_genotype_columns(profiles: dict[str, ColumnProfile], per_column: dict[str, list[Detection]]) -> dict[str, list[Detection]]:
    """One column of separated diploid calls under any name (`g1`: `0/0`, `0/1`, `1/1`).

    Every distinct value is a call, three or more of them: a heterozygous one, and either the
    reference homozygote (`0/0`; alleles 0-2) or two homozygotes of bases. Ratios such as
    `0/1` stand beside `3/2` and never `0/0`; letter grades (`A/B`) use other letters.
    """
    out = _copy(per_column)
    for column, profile in profiles.items():
        if not is_complete(profile) or any(d.entity == "GENOTYPE" for d in out[column]):
            continue
        values = _present(profile.sample)
        calls = [m.groups() for v in values if (m := _DIPLOID_CALL.fullmatch(v))]
        if len(values) < 3 or len(calls) < len(values):
            continue
        alleles = [(a or c, b or d) for a, b, c, d in calls]
        if _diploid_genotypes(alleles):
            _with(out, _genotype(column, 0.85, "values:diploid genotype calls 100%"))
    return out


def variant_roles(profiles: dict[str, ColumnProfile]) -> dict[str, str]:
    """Columns playing CHROM, POS, REF, ALT (by name, confirmed by every sampled value)."""
    roles: dict[str, str] = {}
    for role, synonyms in _VARIANT_ROLES.items():
        for column, profile in sorted(profiles.items()):
            if column in roles.values() or not match_synonym(column, synonyms):
                continue
            values = _present(profile.sample)
            if role == "pos" and not profile.dtype.startswith(_POSITION_DTYPES):
                continue
            if values and all(_ROLE_VALUES[role].fullmatch(v) for v in values):
                roles[role] = column
                break
    return roles


def _has_genomic(per_column: dict[str, list[Detection]], entities: tuple[str, ...]) -> bool:
    return any(d.entity in entities for detections in per_column.values() for d in detections)


def variant_tables(profiles: dict[str, ColumnProfile], per_column: dict[str, list[Detection]]) -> dict[str, list[Detection]]:
    """VCF-like and consumer (23andMe) tables: coordinates, and the per-person calls beside them.

    CHROM+POS with REF+ALT, or with rsIDs or genotype calls, locate variants: VARIANT_POSITION.
    In such a table, columns of genotype calls are per-person genotypes (VCF sample columns
    `0/1`, consumer `genotype`/`result` columns `AG`, AncestryDNA `allele1`/`allele2`).
    """
    roles = variant_roles(profiles)
    has_alleles = "ref" in roles and "alt" in roles
    rsid_columns = [c for c, ds in per_column.items() if any(d.entity == "RSID" for d in ds)]
    if not ("chrom" in roles and "pos" in roles and (has_alleles or rsid_columns or _has_genomic(per_column, ("GENOTYPE",)))):
        if not rsid_columns:
            return per_column
        roles = {}
    out = _copy(per_column)
    role_columns = set(roles.values())
    if roles:
        evidence = "columns:" + ",".join(roles[r] for r in ("chrom", "pos", "ref", "alt") if r in roles)
        for role, column in sorted(roles.items()):
            name = normalise(column).lstrip("_")
            _with(out, Detection(column, "VARIANT_POSITION", GENOMIC, 0.9, (f"name:{name}", evidence, f"values:{role} 100%")))
    allele_names = _VARIANT_ROLES["ref"] + _VARIANT_ROLES["alt"] + _VARIANT_ALLELE_NAMES
    context = "columns:" + ",".join([roles[r] for r in ("chrom", "pos", "ref", "alt") if r in roles] or rsid_columns[:1])
    others = [
        (column, profile) for column, profile in sorted(profiles.items())
        if not (column in role_columns or column in rsid_columns or match_synonym(column, allele_names)
                or normalise(column) in _VCF_FIXED)
    ]  # REF/ALT, GWAS effect alleles and VCF's own fields (FORMAT `GT`) describe the variant
    for column, profile in others:
        encoding = genotype_encoding(profile, ("letters", "slashed letters", "VCF GT"))
        if encoding:
            _with(out, _genotype(column, 0.9, context, f"values:{encoding} 100%"))
    # Allele dosages per sample beside located variants: PLINK's `.traw` (one column per
    # FID_IID). Two at least: one count column beside a variant is as often an allele count.
    dosages = [column for column, profile in others if "chrom" in roles and "pos" in roles and _counts_to_two(profile)]
    if len(dosages) >= 2:
        for column in dosages:
            _with(out, _genotype(column, 0.85, context, "values:dosage 0-2 100%"))
    # A long table (`iid, snp, dosage`): one column named as a dosage beside the rsIDs.
    for column, profile in others:
        if rsid_columns and (name := match_synonym(column, _DOSAGE_NAMES)) and _counts_to_two(profile):
            _with(out, _genotype(column, 0.85, f"name:{name}", context, "values:dosage 0-2 100%"))
    return out


def _named_family(
    pattern: re.Pattern[str], entity: str, accepts: Callable[[ColumnProfile], str | None]
) -> Callable[[dict[str, ColumnProfile], dict[str, list[Detection]]], dict[str, list[Detection]]]:
    """A rule for markers whose column names form a family (`DYS390`, `PGS000018`)."""

    def rule(profiles: dict[str, ColumnProfile], per_column: dict[str, list[Detection]]) -> dict[str, list[Detection]]:
        out = per_column
        for column, profile in profiles.items():
            if not pattern.fullmatch(column.strip()):
                continue
            values = accepts(profile)
            if values:
                if out is per_column:
                    out = _copy(per_column)
                name = re.sub(r"[^a-z0-9]+", "_", column.strip().lower()).strip("_")
                _with(out, Detection(column, entity, GENOMIC, 0.9, (f"name:{name}", values)))
        return out

    rule.__name__ = f"{entity.lower()}_columns"
    return rule


def _y_str_values(profile: ColumnProfile) -> str | None:
    """Repeat counts: small integers (`13`), microvariants (`12.2`), multi-copy pairs (`13-14`)."""
    values = _present(profile.sample)
    if not values or not is_complete(profile) or not all(_Y_STR_VALUE.fullmatch(v) for v in values):
        return None
    repeats = [float(n) for v in values for n in re.split(r"[-,/]", v)]
    low, high = _Y_STR_RANGE
    return "values:repeat counts 100%" if all(low <= n <= high for n in repeats) else None


def _score_values(profile: ColumnProfile) -> str | None:
    values = _present(profile.sample)
    numeric = profile.dtype.startswith(("Float", "Int", "Decimal"))
    return "values:numeric 100%" if values and numeric and all(_NUMBER.fullmatch(v) for v in values) else None


y_str_columns = _named_family(_Y_STR_NAME, "Y_STR", _y_str_values)
polygenic_score_columns = _named_family(_PGS_NAME, "POLYGENIC_SCORE", _score_values)

# Other human 'omic data (28 CFR 202.224): the feature ids of human arrays and panels, which
# name the columns of a wide table (one row per sample) or fill a column of a long one.
# Illumina methylation probes (450K/EPIC `cg00000029`, EPIC v2 `cg00000029_TC21`, non-CpG
# `ch.1.1234R`); Ensembl human genes and transcripts (`ENSG00000141510.17`; mouse ids are
# `ENSMUSG`); SomaScan aptamers (`seq.10000.28`) and Olink assays (`OID00471`).
OMIC_FEATURES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("EPIGENOMIC", re.compile(r"cg\d{8}(?:_[A-Z]{2}\d{1,2})?|ch\.\d{1,2}\.\d{3,9}[FR]?"), "methylation probe"),
    ("TRANSCRIPTOMIC", re.compile(r"ENS[GT]\d{11}(?:\.\d{1,3})?"), "Ensembl human gene"),
    ("PROTEOMIC", re.compile(r"seq\.\d{4,5}\.\d{1,3}|OID\d{5}"), "SomaScan or Olink assay"),
)
epigenomic_columns, transcriptomic_columns, proteomic_columns = (
    _named_family(pattern, entity, _score_values) for entity, pattern, _ in OMIC_FEATURES
)
# A long table repeats each feature once per sample; a manifest or catalogue lists it once.
OMIC_MIN_REPEATS = 2
# Samples of a long table: a column whose values, crossed with the features, make the rows.
# Results per contrast (DESeq2: 3 contrasts), QC per plate or batch, and edge lists (gene to
# gene) repeat feature ids too, across far fewer groups or far more pairs.
OMIC_MIN_SAMPLES = 20
_CROSSED = (0.9, 1.1)


def _sample_column(feature: ColumnProfile, profiles: dict[str, ColumnProfile]) -> str | None:
    low, high = _CROSSED
    for column, profile in profiles.items():
        if column == feature.column or profile.distinct < OMIC_MIN_SAMPLES:
            continue
        if low * feature.non_null <= profile.distinct * feature.distinct <= high * feature.non_null:
            return column
    return None


def omic_feature_tables(profiles: dict[str, ColumnProfile], per_column: dict[str, list[Detection]]) -> dict[str, list[Detection]]:
    """Long 'omic tables (sample, feature, value): a column of feature ids, each repeated once
    per sample, beside a numeric measurement (beta value, NPX, TPM). The feature column carries
    the entity, and its rows are the measurements of persons."""
    if not any(p.dtype.startswith(("Float", "Decimal")) for p in profiles.values()):
        return per_column
    out = per_column
    for column, profile in profiles.items():
        values = _present(profile.sample)
        if not values or profile.distinct * OMIC_MIN_REPEATS > profile.non_null:
            continue
        if _sample_column(profile, profiles) is None:
            continue
        for entity, pattern, label in OMIC_FEATURES:
            if all(pattern.fullmatch(v) for v in values):
                if out is per_column:
                    out = _copy(per_column)
                evidence = (f"values:{label} ids 100%", f"repeats:{profile.non_null // max(profile.distinct, 1)} rows per id")
                _with(out, Detection(column, entity, GENOMIC, 0.85, evidence))
    return out


# Order matters: the variant rule reads the GENOTYPE detections the matrix rules add.
DATASET_RULES: tuple = (
    snp_named_columns,
    genotype_call_matrix,
    dosage_matrix,
    single_genotype_columns,
    variant_tables,
    y_str_columns,
    polygenic_score_columns,
    epigenomic_columns,
    transcriptomic_columns,
    proteomic_columns,
    omic_feature_tables,
)
