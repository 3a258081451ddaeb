from __future__ import annotations

import gzip
import os
from pathlib import Path

import polars as pl
import pytest

from minlint.errors import InputError
from minlint.io.discover import DatasetSource, discover


def write(path: str, content: bytes = b"a,b\n1,2\n") -> str:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(content)
    return path


def write_parquet(path: str) -> str:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    pl.DataFrame({"id": [1, 2]}).write_parquet(path)
    return path


def test_each_extension_maps_to_its_format_and_compression() -> None:
    write_parquet("a.parquet")
    write_parquet("b.pq")
    write("c.csv")
    write("d.tsv", b"a\tb\n1\t2\n")
    write("e.jsonl", b'{"a": 1}\n')
    write("f.ndjson", b'{"a": 1}\n')
    write("g.vcf", b"#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n")
    write("h.csv.gz", gzip.compress(b"a,b\n1,2\n"))
    write("i.VCF.GZ", gzip.compress(b"#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"))
    names = ["i.VCF.GZ", "h.csv.gz", "g.vcf", "f.ndjson", "e.jsonl", "d.tsv", "c.csv", "b.pq"]
    assert discover([*names, "a.parquet"]) == [
        DatasetSource("a.parquet", "parquet", None),
        DatasetSource("b.pq", "parquet", None),
        DatasetSource("c.csv", "csv", None),
        DatasetSource("d.tsv", "tsv", None),
        DatasetSource("e.jsonl", "jsonl", None),
        DatasetSource("f.ndjson", "jsonl", None),
        DatasetSource("g.vcf", "vcf", None),
        DatasetSource("h.csv.gz", "csv", "gzip"),
        DatasetSource("i.VCF.GZ", "vcf", "gzip"),
    ]


def test_txt_is_sniffed_as_tsv_or_csv() -> None:
    write("tabs.txt", b"id\tzip\n1\t02134\n2\t10001\n")
    write("commas.txt", b"id,zip\n1,02134\n2,10001\n")
    write("tabs.txt.gz", gzip.compress(b"id\tzip\n1\t02134\n"))
    assert [(s.path, s.format) for s in discover(["tabs.txt", "commas.txt", "tabs.txt.gz"])] == [
        ("commas.txt", "csv"),
        ("tabs.txt", "tsv"),
        ("tabs.txt.gz", "tsv"),
    ]


def test_hive_partitioned_directory_is_one_dataset() -> None:
    write_parquet("exports/cohort/year=2024/site=A/part-0.parquet")
    write_parquet("exports/cohort/year=2025/site=B/part-0.parquet")
    write("exports/cohort/_SUCCESS", b"")
    assert discover(["exports/cohort"]) == [DatasetSource("exports/cohort", "parquet_dir")]
    assert discover(["exports/cohort/"]) == [DatasetSource("exports/cohort", "parquet_dir")]


def test_directory_of_mixed_files_yields_each_file_and_each_parquet_subdirectory() -> None:
    write_parquet("exports/cohort/year=2024/part-0.parquet")
    write("exports/summary.csv")
    write("exports/nested/visits.jsonl", b'{"a": 1}\n')
    write("exports/README.md", b"not data")
    assert [(s.path, s.format) for s in discover(["exports"])] == [
        ("exports/cohort", "parquet_dir"),
        ("exports/nested/visits.jsonl", "jsonl"),
        ("exports/summary.csv", "csv"),
    ]


def test_glob_results_are_sorted_and_deduplicated_whatever_the_argument_order() -> None:
    for name in ("c.csv", "a.csv", "b.csv"):
        write(f"exports/{name}")
    write("exports/notes.md", b"x")
    expected = ["exports/a.csv", "exports/b.csv", "exports/c.csv"]
    assert [s.path for s in discover(["exports/*.csv"])] == expected
    assert [s.path for s in discover(["exports/c.csv", "exports/*", "./exports/a.csv"])] == expected


def test_recursive_glob_does_not_repeat_parts_of_a_parquet_directory() -> None:
    write_parquet("data/cohort/year=2024/part-0.parquet")
    write("data/extra/list.csv")
    assert [(s.path, s.format) for s in discover(["data/**"])] == [
        ("data/cohort", "parquet_dir"),
        ("data/extra/list.csv", "csv"),
    ]


def test_paths_outside_the_cwd_are_absolute_and_posix(tmp_path: Path) -> None:
    write("outside/x.csv")
    os.mkdir("inside")
    os.chdir("inside")
    expected = (tmp_path / "outside" / "x.csv").as_posix()
    assert [s.path for s in discover(["../outside/x.csv"])] == [expected]


def test_include_and_exclude_filter_on_the_dataset_path() -> None:
    for name in ("a.csv", "b.tsv", "c.jsonl"):
        write(f"exports/{name}", b'{"a": 1}\n' if name.endswith("jsonl") else b"a\n1\n")
    selected = discover(["exports"], include=["*.csv", "*.jsonl"], exclude=["*/c.*"])
    assert [s.path for s in selected] == ["exports/a.csv"]


def test_excluding_every_dataset_fails_closed() -> None:
    write("a.csv")
    with pytest.raises(InputError, match=r"^a\.csv: every dataset is excluded"):
        discover(["a.csv"], exclude=["*"])


@pytest.mark.parametrize(
    ("setup", "argument", "message"),
    [
        (lambda: None, "missing.csv", "missing.csv: path does not exist"),
        (lambda: None, "exports/*.csv", "exports/*.csv: glob matches nothing"),
        (lambda: write("x/notes.md", b"hi"), "x/*", "x/*: glob matches no supported data file"),
        (lambda: write("empty/notes.md", b"hi"), "empty", "empty: directory contains no supported"),
        (lambda: write("book.xlsx", b"PK"), "book.xlsx", "book.xlsx: unsupported file type"),
    ],
)
def test_named_paths_that_yield_nothing_fail_closed(setup, argument: str, message: str) -> None:
    setup()
    with pytest.raises(InputError) as raised:
        discover([argument])
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)


def test_symlink_loop_is_an_input_error() -> None:
    os.symlink("loop.csv", "loop.csv")
    with pytest.raises(InputError, match=r"^loop\.csv: symlink loop$"):
        discover(["loop.csv"])


def test_directory_symlink_back_to_an_ancestor_is_an_input_error() -> None:
    write("data/a.csv")
    os.symlink("..", "data/up")
    with pytest.raises(InputError, match=r"symlink loop"):
        discover(["data"])


def test_dangling_data_link_inside_a_directory_is_not_skipped() -> None:
    write("data/a.csv")
    os.symlink("gone.csv", "data/b.csv")
    with pytest.raises(InputError, match=r"^data/b\.csv: broken symbolic link$"):
        discover(["data"])


def test_unreadable_file_is_an_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, where chmod 000 does not deny reading; deny it at open() instead.
    write("secret.csv")
    real_open = open

    def denying_open(path, *args, **kwargs):
        if str(path).endswith("secret.csv"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", denying_open)
    with pytest.raises(InputError, match=r"^secret\.csv: permission denied$"):
        discover(["secret.csv"])


def test_unlistable_directory_is_an_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    write("locked/a.csv")
    real_listdir = os.listdir

    def denying_listdir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", denying_listdir)
    with pytest.raises(InputError, match=r"^locked: permission denied$"):
        discover(["locked"])
