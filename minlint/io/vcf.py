"""VCF (4.x) files, plain or gzip: variant coordinates and one genotype column per sample.

Only what identifies or is genomic data is kept: CHROM, POS, ID, REF, ALT and, per sample, the GT
subfield. A column per sample makes the number of genotyped persons visible to the risk stage
(bulk genomic data thresholds, 28 CFR 202.205) and each sample name visible to detectors.
"""

from __future__ import annotations

import io
import re

import polars as pl

from minlint.errors import InputError
from minlint.io.common import Table, first_duplicate, printable, read_content

FIXED_COLUMNS = ("#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO")
INVALID_UTF8_NOTE = "invalid UTF-8 replaced"


def read_vcf(path: str, compression: str | None) -> Table:
    """A VCF as a LazyFrame of CHROM, POS, ID, REF, ALT and one GT string column per sample."""
    content = read_content(path, compression) if compression == "gzip" else None
    meta_lines, header, header_lossy, declared = _header(path, content)
    samples = tuple(header[9:])
    non_human = non_human_reference(declared)
    duplicate = first_duplicate(["CHROM", *header[1:]])
    if duplicate is not None:
        raise InputError(f"{path}: duplicate sample name {printable(duplicate)}")

    # The last header column is always read: a record cut short leaves it empty, and empty
    # fields do not occur in a valid VCF (missing values are ".").
    wanted = list(FIXED_COLUMNS[:5]) + (["FORMAT", *samples] if samples else [header[-1]])
    table, records_lossy = _read_records(path, content, meta_lines, wanted)
    lossy = header_lossy or records_lossy
    _check_records(path, table, wanted, first_line=meta_lines + 2)

    gt_first = pl.col("FORMAT").str.starts_with("GT:") | (pl.col("FORMAT") == "GT")
    genotypes = [
        # VCF 4.x section 1.6.2: GT, when present, must be the first FORMAT key.
        pl.when(gt_first).then(pl.col(sample).str.extract(r"^([^:]*)", 1)).alias(sample)
        for sample in samples
    ]
    frame = table.lazy().select(
        pl.col("#CHROM").alias("CHROM"),
        pl.col("POS").str.to_integer(strict=False).alias("POS"),
        pl.col("ID"),
        pl.col("REF"),
        pl.col("ALT"),
        *genotypes,
    )
    notes = ((INVALID_UTF8_NOTE,) if lossy else ()) + ((NON_HUMAN_NOTE.format(non_human),) if non_human else ())
    return Table(frame=frame, notes=notes, samples=samples, non_human=non_human)


# Assemblies and species of other organisms, as `##reference=` and `##contig=<…assembly=…>`
# name them (mouse GRCm39/mm10, rat, zebrafish, fly, worm, yeast, Arabidopsis, bacteria,
# viruses). A VCF naming none of them, or no reference at all, is read as human: fail closed.
_NON_HUMAN = re.compile(
    r"GRCm\d|\bmm(?:9|10|39)\b|mus[ _]musculus|mRatBN|\brn[4-7]\b|rattus|GRCz|danRer|danio|\bdm[36]\b|"
    r"drosophila|\bce1[01]\b|caenorhabditis|sacCer|R64|saccharomyces|TAIR|arabidopsis|escherichia|\bcoli\b|"
    r"galGal|gallus|susScr|Sscrofa|bosTau|ARS-UCD|canFam|equCab|plasmodium|mycobacterium|salmonella|"
    r"staphylococcus|SARS-CoV|NC_045512",
    re.IGNORECASE,
)
_DECLARED = re.compile(r"^##(?:reference=(.*)|contig=<.*?(?:assembly|species)=\"?([^,>\"]*))")
NON_HUMAN_NOTE = (
    "reference {} is not human: its genotypes are no human genomic data (28 CFR 202.224) and count no persons"
)


def non_human_reference(declared: list[str]) -> str | None:
    """The first declared reference or species that names another organism, if any."""
    return next((text.strip() for text in declared if _NON_HUMAN.search(text)), None)


def _header(path: str, content: bytes | None) -> tuple[int, list[str], bool, list[str]]:
    """(number of ``##`` meta lines, names of the ``#CHROM`` header line, whether they had to be
    repaired as invalid UTF-8: polars repairs header names silently, the declared references)."""
    meta_lines = 0
    declared: list[str] = []
    for raw_line in _lines(path, content):
        line = raw_line.rstrip(b"\r\n")
        if line.startswith(b"##"):
            meta_lines += 1
            if match := _DECLARED.match(line.decode("utf-8", errors="replace")):
                declared.append(match.group(1) or match.group(2) or "")
            continue
        if not line.startswith(b"#CHROM"):
            raise InputError(f"{path}: line {meta_lines + 1}: expected the #CHROM header line")
        try:
            header, lossy = line.decode("utf-8").split("\t"), False
        except UnicodeDecodeError:
            header, lossy = line.decode("utf-8", errors="replace").split("\t"), True
        _check_header(path, header, meta_lines + 1)
        return meta_lines, header, lossy, declared
    if meta_lines == 0:
        raise InputError(f"{path}: empty file")
    raise InputError(f"{path}: no #CHROM header line")


def _lines(path: str, content: bytes | None):
    if content is not None:
        yield from io.BytesIO(content)
        return
    try:
        with open(path, "rb") as stream:
            yield from stream
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None


def _check_header(path: str, header: list[str], line: int) -> None:
    if tuple(header[:8]) != FIXED_COLUMNS:
        raise InputError(
            f"{path}: line {line}: header must start with the columns {' '.join(FIXED_COLUMNS)}"
        )
    if len(header) > 8 and header[8] != "FORMAT":
        raise InputError(f"{path}: line {line}: the ninth header column must be FORMAT")


def _read_records(
    path: str, content: bytes | None, meta_lines: int, wanted: list[str]
) -> tuple[pl.DataFrame, bool]:
    source: str | bytes = content if content is not None else path
    for encoding in ("utf8", "utf8-lossy"):
        try:
            table = pl.read_csv(
                source,
                separator="\t",
                skip_lines=meta_lines,
                has_header=True,
                quote_char=None,
                infer_schema=False,
                encoding=encoding,
                glob=False,
            )
            # Projection is applied after parsing: polars checks field counts only when it reads
            # every column.
            return table.select(wanted), encoding == "utf8-lossy"
        except pl.exceptions.ComputeError as error:
            if "utf-8" in str(error).lower() and encoding == "utf8":
                continue
            raise InputError(f"{path}: malformed VCF records (wrong number of fields)") from None
        except (pl.exceptions.PolarsError, OSError):
            # Polars' message can quote a field: never pass it on.
            raise InputError(f"{path}: could not parse the VCF records") from None
    raise InputError(f"{path}: could not parse the VCF records")


def _check_records(path: str, table: pl.DataFrame, wanted: list[str], first_line: int) -> None:
    """InputError naming the line of the first record with an empty field or a non-integer POS."""
    if table.height == 0:
        return
    bad = table.select(
        pl.any_horizontal(pl.col(wanted).is_null())
        | pl.col("POS").str.to_integer(strict=False).is_null()
    ).to_series()
    if bad.any():
        index = bad.arg_true()[0]
        raise InputError(
            f"{path}: line {first_line + index}: malformed VCF record "
            "(missing field or non-integer POS)"
        )
