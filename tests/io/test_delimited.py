from __future__ import annotations

import gzip

import polars as pl
import pytest
from io_helpers import input_error, load

from minlint.io import common
from minlint.io.readers import LoadedDataset


def rows(dataset: LoadedDataset) -> list[tuple]:
    return dataset.frame.collect().rows()


def test_csv_types_are_inferred_and_leading_zero_zip_stays_text() -> None:
    content = b"zip,age,weight,smoker,name\n02134,34,71.5,true,Ann\n10001,45,80,False,Bob\n"
    dataset = load("patients.csv", content)
    assert dataset.frame.collect_schema() == pl.Schema(
        {
            "zip": pl.String,
            "age": pl.Int64,
            "weight": pl.Float64,
            "smoker": pl.Boolean,
            "name": pl.String,
        }
    )
    assert rows(dataset) == [("02134", 34, 71.5, True, "Ann"), ("10001", 45, 80.0, False, "Bob")]
    assert (dataset.path, dataset.format) == ("patients.csv", "csv")
    assert (dataset.notes, dataset.samples) == ((), ())


def test_leading_zero_beyond_the_first_rows_still_keeps_the_column_text() -> None:
    body = b"".join(b"%d\n" % (10000 + i) for i in range(20000)) + b"00123\n"
    dataset = load("mrn.csv", b"mrn\n" + body)
    assert dataset.frame.collect_schema()["mrn"] == pl.String
    assert rows(dataset)[-1] == ("00123",)


def test_text_beyond_the_first_rows_keeps_a_numeric_looking_column_text() -> None:
    body = b"".join(b"%d,%d.5\n" % (i, i) for i in range(5000)) + b"pending,about 2\n"
    dataset = load("late.csv", b"count,dose\n" + body)
    assert dataset.frame.collect_schema() == pl.Schema({"count": pl.String, "dose": pl.String})


def test_short_row_among_empty_last_fields_names_its_line() -> None:
    # The last column is often empty, so a short record looks like one to polars.
    body = b"".join(b"%d,%s\n" % (i, b"x" if i % 3 else b"") for i in range(5000))
    message = input_error("short.csv", b"id,note\n" + body + b"5000\n5001,y\n")
    assert message == "short.csv: line 5002: expected 2 fields, found 1"


def test_r_and_pandas_missing_spellings_are_nulls_in_numeric_and_boolean_columns() -> None:
    # R's write.csv writes NA in every column; a column of numbers and NA stays numeric.
    content = b"age,smoker,dose,name\n34,TRUE,1.5,Ann\nNA,NA,NULL,NA\n45,false,2,Bob\n"
    dataset = load("r_export.csv", content)
    assert dataset.frame.collect_schema() == pl.Schema(
        {"age": pl.Int64, "smoker": pl.Boolean, "dose": pl.Float64, "name": pl.String}
    )
    assert rows(dataset) == [(34, True, 1.5, "Ann"), (None, None, None, "NA"), (45, False, 2.0, "Bob")]


def test_integer_overflow_keeps_the_column_text() -> None:
    dataset = load("ids.csv", b"id\n1\n123456789012345678901234567890\n")
    assert rows(dataset) == [("1",), ("123456789012345678901234567890",)]


def test_semicolon_and_tab_and_pipe_delimiters_are_sniffed() -> None:
    semicolon = load("eu.csv", b"name;weight\nAnn;71,5\nBob;80,2\nCy;65,0\n")
    assert rows(semicolon) == [("Ann", "71,5"), ("Bob", "80,2"), ("Cy", "65,0")]
    tabs = load("lab.tsv", b"id\tnote\n1\tA, B\n2\tC\n")
    assert rows(tabs) == [(1, "A, B"), (2, "C")]
    pipes = load("pipes.csv", b"a|b\n1|2\n")
    assert rows(pipes) == [(1, 2)]


def test_utf8_bom_is_not_part_of_the_first_column_name() -> None:
    dataset = load("bom.csv", b"\xef\xbb\xbfzip,city\n02134,Boston\n")
    assert dataset.frame.collect_schema().names() == ["zip", "city"]
    assert rows(dataset) == [("02134", "Boston")]


def test_windows_1252_text_is_read_as_such_with_a_note() -> None:
    # Legacy European exports: no byte sequence in them reads as UTF-8.
    content = "name;straße;notiz\nJosé Müller;Hauptstraße 5;€ 20, „bezahlt“\n".encode("cp1252")
    for dataset in (load("latin1.csv", content), load("latin1.csv.gz", gzip.compress(content, mtime=0))):
        assert dataset.notes == ("not UTF-8: read as Windows-1252 (Latin-1)",)
        assert dataset.frame.collect_schema().names() == ["name", "straße", "notiz"]
        assert rows(dataset) == [("José Müller", "Hauptstraße 5", "€ 20, „bezahlt“")]


def test_a_file_mixing_utf8_and_other_bytes_is_read_as_utf8_with_replacement() -> None:
    content = "name,city\nJosé,Köln\n".encode("utf-8") + "José,Köln\n".encode("latin-1")
    dataset = load("mixed.csv", content)
    assert dataset.notes == ("invalid UTF-8 replaced",)
    assert rows(dataset) == [("José", "Köln"), ("Jos\ufffd", "K\ufffdln")]


def test_header_only_file_is_a_dataset_with_no_rows() -> None:
    dataset = load("header.csv", b"ssn,name\n")
    assert dataset.frame.collect().shape == (0, 2)
    assert dataset.frame.collect_schema().names() == ["ssn", "name"]


def test_quoted_fields_with_delimiters_and_newlines_are_one_value() -> None:
    dataset = load("notes.csv", b'id,note\n1,"Seen by Dr. X, ward 3\nfollow-up"\n2,none\n')
    assert rows(dataset) == [(1, "Seen by Dr. X, ward 3\nfollow-up"), (2, "none")]


def test_gzip_csv_is_read() -> None:
    dataset = load("cohort.csv.gz", gzip.compress(b"zip;age\n02134;34\n"))
    assert (dataset.format, rows(dataset)) == ("csv", [("02134", 34)])


def test_control_characters_in_column_names_do_not_crash() -> None:
    dataset = load("ctrl.csv", b"na\x1bme,age\nAnn,3\n")
    assert dataset.frame.collect_schema().names() == ["na\x1bme", "age"]


def test_empty_file_is_an_input_error() -> None:
    assert input_error("empty.csv", b"") == "empty.csv: empty file"
    assert input_error("blank.csv", b"\xef\xbb\xbf\n\n") == "blank.csv: empty file"


def test_ragged_row_names_its_line_and_no_value() -> None:
    message = input_error("ragged.csv", b"ssn,name\n123-45-6789,Ann\n987-65-4321,Bob,EXTRA\n")
    assert message == "ragged.csv: line 3: expected 2 fields, found 3"
    short = input_error("short.csv", b"ssn,name\n123-45-6789,Ann\n987-65-4321\n")
    assert short == "short.csv: line 3: expected 2 fields, found 1"


def test_unterminated_quote_is_an_input_error_without_values() -> None:
    message = input_error("quote.csv", b'ssn,name\n123-45-6789,"Ann\n987-65-4321,Bob\n')
    assert message == "quote.csv: line 3: malformed delimited text (unexpected end of data)"
    junk = input_error("junk.csv", b'ssn,name\n123-45-6789,"Ann"x\n')
    assert junk == "junk.csv: line 2: malformed delimited text (',' expected after '\"')"


def test_duplicate_column_names_are_an_input_error() -> None:
    assert input_error("dup.csv", b"id,name,id\n1,A,2\n") == "dup.csv: duplicate column name 'id'"


def test_gzip_bomb_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "RATIO_FLOOR_BYTES", 1024)
    bomb = gzip.compress(b"a\n" + b"0\n" * 500_000)
    assert len(bomb) * common.MAX_COMPRESSION_RATIO < 1_000_002
    message = input_error("bomb.csv.gz", bomb)
    assert message.startswith("bomb.csv.gz: decompressed size exceeds limit")


def test_absolute_decompressed_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "MAX_DECOMPRESSED_BYTES", 100)
    message = input_error("big.csv.gz", gzip.compress(b"a\n" + b"1\n" * 100))
    assert message.startswith("big.csv.gz: decompressed size exceeds limit")


def test_truncated_and_fake_gzip_are_input_errors() -> None:
    whole = gzip.compress(b"a,b\n" + b"1,2\n" * 1000)
    truncated = input_error("cut.csv.gz", whole[: len(whole) // 2])
    assert truncated == "cut.csv.gz: truncated gzip stream"
    assert input_error("fake.csv.gz", b"a,b\n1,2\n") == "fake.csv.gz: not a valid gzip file"


def test_stray_quote_inside_an_unquoted_field_is_read_as_text() -> None:
    dataset = load("heights.csv", b"id,height\n1,5'10\"\n2,6'1\"\n")
    assert rows(dataset) == [(1, "5'10\""), (2, "6'1\"")]


def test_carriage_return_line_ends_are_read() -> None:
    dataset = load("mac.csv", b"zip,age\r02134,34\r10001,45\r")
    assert rows(dataset) == [("02134", 34), ("10001", 45)]


def test_blank_line_is_a_row_of_nulls() -> None:
    dataset = load("gap.csv", b"a,b\n1,2\n\n3,4\n")
    assert rows(dataset) == [(1, 2), (None, None), (3, 4)]


def test_23andme_comment_preamble_is_skipped_and_its_last_line_is_the_header() -> None:
    content = b"# generated by 23andMe\n#\n# rsid\tchromosome\tposition\tgenotype\nrs4988235\t2\t136608646\tAG\ni713426\t1\t55\tCC\n"
    dataset = load("genome.txt", content)
    assert dataset.frame.collect_schema().names() == ["rsid", "chromosome", "position", "genotype"]
    assert rows(dataset) == [("rs4988235", 2, 136608646, "AG"), ("i713426", 1, 55, "CC")]


def test_comment_preamble_without_header_keeps_the_first_data_line_as_header() -> None:
    dataset = load("with_comments.csv", b"# exported 2024-01-01\nid,code\n1,E11.9\n")
    assert dataset.frame.collect_schema().names() == ["id", "code"]


def test_a_file_of_only_comments_is_an_input_error() -> None:
    assert "only comment lines" in input_error("comments.csv", b"# nothing\n# here\n")
