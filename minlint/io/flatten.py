"""Flatten nested columns so that every leaf value sits in a top-level column detectors see.

A struct field becomes ``parent.child`` (recursively). A list keeps the row count: its elements,
cast to text, are joined with ``"; "`` into one string column, so an identifier hidden in the
third element of a list is still in the column's values. A list of structs becomes one such
joined column per struct field (``parent.child``). A binary value (a photo, a fingerprint
template) becomes its base64 text: detectors read text, and base64 keeps every byte, including
the leading magic bytes that say what a blob is. Everything stays lazy polars expressions.
"""

from __future__ import annotations

import polars as pl

from minlint.errors import InputError
from minlint.io.common import first_duplicate, printable

LIST_SEPARATOR = "; "


def flatten(frame: pl.LazyFrame, path: str) -> pl.LazyFrame:
    """``frame`` with nested columns replaced by flat ones; InputError on a name collision."""
    schema = frame.collect_schema()
    if not any(dtype.is_nested() or dtype == pl.Binary for dtype in schema.dtypes()):
        return frame
    columns: list[pl.Expr] = []
    names: list[str] = []
    for name, dtype in schema.items():
        for flat_name, expr in _flatten_column(pl.col(name), name, dtype):
            names.append(flat_name)
            columns.append(expr.alias(flat_name))
    duplicate = first_duplicate(names)
    if duplicate is not None:
        raise InputError(f"{path}: duplicate column name {printable(duplicate)} after flattening")
    return frame.select(columns)


def _flatten_column(expr: pl.Expr, name: str, dtype: pl.DataType) -> list[tuple[str, pl.Expr]]:
    if isinstance(dtype, pl.Struct):
        return [
            flat
            for field in dtype.fields
            for flat in _flatten_column(
                expr.struct.field(field.name), f"{name}.{field.name}", field.dtype
            )
        ]
    if isinstance(dtype, pl.Array):
        return _flatten_column(expr.arr.to_list(), name, pl.List(dtype.inner))
    if isinstance(dtype, pl.List):
        return _flatten_list(expr, name, dtype.inner)
    if dtype == pl.Binary:
        return [(name, expr.bin.encode("base64"))]
    return [(name, expr)]


def _flatten_list(expr: pl.Expr, name: str, inner: pl.DataType) -> list[tuple[str, pl.Expr]]:
    """Columns for a list whose elements have type ``inner``."""
    if isinstance(inner, pl.Array):
        return _flatten_list(expr.list.eval(pl.element().arr.to_list()), name, pl.List(inner.inner))
    if isinstance(inner, pl.List):
        # A list of lists is one list of all the inner elements, in order.
        return _flatten_list(expr.list.eval(pl.element().explode()), name, inner.inner)
    if isinstance(inner, pl.Struct):
        return [
            flat
            for field in inner.fields
            for flat in _flatten_list(
                expr.list.eval(pl.element().struct.field(field.name)),
                f"{name}.{field.name}",
                field.dtype,
            )
        ]
    element = pl.element().bin.encode("base64") if inner == pl.Binary else pl.element().cast(pl.String)
    return [(name, expr.list.eval(element).list.join(LIST_SEPARATOR))]
