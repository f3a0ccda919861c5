"""programs.spreadsheets: reading uploads, CSV records with their lines, cleaning a cell,
and the formula guard. The roster import's use of it is in test_roster_files.py."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programs.spreadsheets import (
    CellError,
    LineProblem,
    Record,
    UnreadableFile,
    clean_key,
    clean_text,
    decode_upload,
    guard_formula,
    read_records,
    unguard_formula,
)

# --- The formula guard ------------------------------------------------------------------


@pytest.mark.parametrize(("value", "written"), [
    ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
    ("+1", "'+1"),
    ("-Jr", "'-Jr"),
    ("@user", "'@user"),
    ("\t=1", "'\t=1"),
    ("\uff1dSUM(1)", "'\uff1dSUM(1)"),  # full-width equals, read as a formula in some locales
    ("'=x", "''=x"),  # already starts like a guard: one more apostrophe
    ("'Ofa", "'Ofa"),  # a real leading apostrophe before a letter is left alone
    ("O'Neil", "O'Neil"),
    ("Ada", "Ada"),
    ("", ""),
])
def test_the_guard_writes_formula_like_cells_as_text(value, written):
    assert guard_formula(value) == written
    assert unguard_formula(written) == value


@given(st.text())
def test_the_guard_is_undone_exactly_for_every_value(value):
    assert unguard_formula(guard_formula(value)) == value


@given(st.text())
def test_a_guarded_cell_never_starts_with_a_formula_character(value):
    assert guard_formula(value)[:1] not in ("=", "+", "-", "@", "\t", "\r", "\uff1d")


def test_unguarding_leaves_hand_typed_values_alone():
    """An HR file typed by hand: only an apostrophe before a formula character is ours."""
    for value in ("'Ofa", "''", "'", "'Tis", "=SUM(1)", "-"):
        assert unguard_formula(value) == value


# --- Cleaning a cell ------------------------------------------------------------------


@given(st.text())
def test_cleaning_is_idempotent(value):
    for clean in (clean_text, clean_key):
        try:
            once = clean(value)
        except CellError:
            continue
        assert clean(once) == once


@given(st.text())
def test_a_clean_key_holds_nothing_invisible(value):
    import unicodedata

    try:
        key = clean_key(value)
    except CellError:
        return
    assert all(unicodedata.category(char) not in ("Cc", "Cf", "Cs") for char in key)
    assert key == key.strip()


def test_text_is_composed_and_trimmed_of_any_kind_of_space():
    assert clean_text("\u00a0Zoe\u0308\u200b\u3000") == "Zoë"


@pytest.mark.parametrize("value", ["a\x00b", "a\x07b", "a\u202eb", "a\u2066b", "a\ud800b",
                                   "a\nb", "a\u2028b", "a\ufffeb"])
def test_text_refuses_what_cannot_be_stored_or_shows_differently(value):
    with pytest.raises(CellError):
        clean_text(value)


# --- Decoding an upload -----------------------------------------------------------------


def test_it_reads_utf8_utf16_and_windows_1252():
    text = "email,first_name\r\nzoë@example.org,Zoë\r\n"
    for data in (text.encode("utf-8"), text.encode("utf-8-sig"), text.encode("utf-16"),
                 text.encode("utf-16-le"), text.encode("utf-16-be"), text.encode("utf-32"),
                 text.encode("cp1252")):
        assert decode_upload(data).lstrip("\ufeff") == text


def test_it_says_the_utf16_file_is_broken_rather_than_guessing():
    with pytest.raises(UnreadableFile, match="starts as UTF-16 text but part of it is not"):
        decode_upload("ab".encode("utf-16") + b"\x00\xd8")  # a lone surrogate half


# --- Records and their lines ------------------------------------------------------------


def lines_of(text: str, **kwargs) -> list:
    return [(item.line, item.values) if isinstance(item, Record)
            else ("problem", item.line, item.last_line) for item in read_records(text, **kwargs)]


def test_records_keep_their_physical_line_numbers_across_blank_lines_and_line_ends():
    assert lines_of("a,b\r\n\r\nc,d\re,f\ng,h") == [
        (1, ["a", "b"]), (2, []), (3, ["c", "d"]), (4, ["e", "f"]), (5, ["g", "h"])]


def test_a_value_over_several_lines_is_a_problem_with_its_lines_and_reading_goes_on():
    assert lines_of('a,b\n"x\ny\nz",c\nd,e\n') == [
        (1, ["a", "b"]), ("problem", 2, 4), (5, ["d", "e"])]


def test_text_after_a_closing_quote_is_a_problem_not_a_guess():
    assert lines_of('a,b\n"x"y,c\nd,e\n') == [(1, ["a", "b"]), ("problem", 2, 2), (3, ["d", "e"])]


def test_a_quote_that_never_closes_is_a_problem_to_the_end_of_the_file():
    [header, problem] = read_records('a,b\n"x,c\nd,e\n')
    assert isinstance(problem, LineProblem)
    assert (problem.line, problem.last_line) == (2, 3)
    assert "never closed" in problem.message


def test_excels_sep_line_is_skipped_but_counted():
    assert lines_of("sep=;\na;b\n", delimiter=";", skip_first_line=True) == [(2, ["a", "b"])]
