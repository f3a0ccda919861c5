"""Files that come from spreadsheets and go back to them, whatever they hold.

- `decode_upload`: say plainly what an uploaded file is, and read it as text if it is
  CSV (UTF-8, UTF-16 or Windows-1252).
- `read_records`: CSV records with the physical lines they came from. What is ambiguous
  (a value running over several lines, an unclosed quotation mark) is reported with its
  lines, never guessed.
- `clean_text`, `clean_key`: one cell, normalised the same way every time, so the same
  visible value is always the same stored value; what cannot be stored, or would display
  differently from how it is stored, is refused with a `CellError`.
- `guard_formula`, `unguard_formula`: cells a spreadsheet would run as a formula are
  written with a leading apostrophe, and reading removes exactly that apostrophe.
"""

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass

# --- What a file is, and its text ------------------------------------------------------

SAVE_AS_CSV = ("Open it in your spreadsheet program, choose File › Save As (or Export), pick "
               "“CSV UTF-8 (comma delimited)” and upload the new .csv file.")
SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image", False),
    (b"\xff\xd8\xff", "a JPEG image", False),
    (b"GIF87a", "a GIF image", False),
    (b"GIF89a", "a GIF image", False),
    (b"%PDF-", "a PDF document", False),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an older Microsoft Office file (such as .xls)", True),
    (b"\x1f\x8b", "a compressed (gzip) file", False),
    (b"{\\rtf", "a Rich Text (RTF) document", False),
]
BOMS = [  # UTF-32 first: its little-endian mark starts with UTF-16's.
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8"),
    (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
    (b"\xff\xfe", "utf-16", "UTF-16"),
    (b"\xfe\xff", "utf-16", "UTF-16"),
]


class UnreadableFile(ValueError):
    """The upload is not a CSV file we can read; the message says what it is and what to do."""


def decode_upload(data: bytes) -> str:
    """The text of an uploaded CSV file, or UnreadableFile saying what the file is instead."""
    kind = _binary_kind(data)
    if kind:
        what, spreadsheet = kind
        advice = SAVE_AS_CSV if spreadsheet else (
            "Upload the CSV file exported from HR or from your spreadsheet.")
        raise UnreadableFile(f"This file is {what}, not a CSV file. {advice}")
    text = _decode(data)
    start = text.lstrip()[:200].lower()
    if start.startswith(("<!doctype html", "<html", "<table")):
        raise UnreadableFile(f"This file is a web page (HTML), not a CSV file. {SAVE_AS_CSV}")
    if start.startswith("<?xml"):
        raise UnreadableFile("This file is an XML document (such as an “XML Spreadsheet”), not "
                             f"a CSV file. {SAVE_AS_CSV}")
    controls = sum(1 for char in text if char in CONTROL_CHARS)
    if controls > max(8, len(text) // 100):
        raise UnreadableFile("This file holds binary data, not text, so it is not a CSV file. "
                             + SAVE_AS_CSV)
    return text


def _binary_kind(data: bytes) -> tuple[str, bool] | None:
    for magic, what, spreadsheet in SIGNATURES:
        if data.startswith(magic):
            return what, spreadsheet
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    return None


def _zip_kind(data: bytes) -> tuple[str, bool]:
    """Office files are ZIP archives; their contents say which program made them."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            mimetype = (archive.read("mimetype")[:100].decode("ascii", "replace")
                        if "mimetype" in names else "")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return "a ZIP archive (or part of one)", False
    if any(name.startswith("xl/") for name in names):
        return "an Excel workbook (.xlsx)", True
    if "spreadsheet" in mimetype:
        return "an OpenDocument spreadsheet (.ods)", True
    if any(name.startswith("Index/") for name in names):
        return "an Apple Numbers spreadsheet", True
    if any(name.startswith("word/") for name in names) or "text" in mimetype:
        return "a word-processor document", False
    return "a ZIP archive", False


def _decode(data: bytes) -> str:
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise UnreadableFile(
                    f"The file starts as {name} text but part of it is not {name}. "
                    + SAVE_AS_CSV) from None
    codec = _utf16_without_mark(data)
    if codec:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass  # not UTF-16 after all; the checks below say what it is
    if data.count(0) > max(8, len(data) // 100):
        raise UnreadableFile("This file holds binary data, not text, so it is not a CSV file. "
                             + SAVE_AS_CSV)
    for codec in ("utf-8", "cp1252"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("The file is not text in an encoding we can read (UTF-8, UTF-16 or "
                         f"Windows-1252), or it is not text at all. {SAVE_AS_CSV}")


def _utf16_without_mark(data: bytes) -> str | None:
    """UTF-16 saved without a byte-order mark: every other byte of plain text is zero."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


# --- CSV records with their lines --------------------------------------------------------

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
SEP_LINE = re.compile(r"sep=(.)\r?\n?", re.IGNORECASE)
# PostgreSQL text cannot hold NUL, and UTF-8 cannot encode a lone surrogate.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


@dataclass(frozen=True)
class Record:
    line: int  # physical line, counting from 1; records never span lines (see read_records)
    values: list[str]


@dataclass(frozen=True)
class LineProblem:
    line: int
    last_line: int
    message: str


def choose_delimiter(text: str, *, wanted: Collection[str], key) -> tuple[str, bool]:
    """The delimiter whose split of the first line names the most `wanted` columns (each
    name passed through `key`), and whether that line was Excel's `sep=` line instead."""
    lines = io.StringIO(text, newline="")
    first = lines.readline()
    match = SEP_LINE.fullmatch(first)
    if match:
        return match.group(1), True
    for _ in range(20):  # the header is the first line with something on it
        if first.strip() or not first:
            break
        first = lines.readline()
    best, best_score = ",", -1
    for delimiter in DELIMITERS:
        try:
            names = next(csv.reader([first.rstrip("\r\n")], delimiter=delimiter), [])
        except csv.Error:
            continue
        score = sum(1 for name in names if key(name) in wanted)
        if score > best_score:
            best, best_score = delimiter, score
    return best, False


def read_records(text: str, *, delimiter: str = ",",
                 skip_first_line: bool = False) -> Iterator[Record | LineProblem]:
    """Every CSV record with its line number, or the problem that stops it being read.

    No value in a file this app reads may contain a line break. A quoted value that runs
    over several lines is how an unclosed quotation mark swallows the rows after it into
    one field, so it is reported with its lines rather than read.
    """
    source = io.StringIO(text, newline="")  # splits on \n, \r\n and a lone \r (old Macs)
    if skip_first_line:
        source.readline()
    reader = csv.reader(source, delimiter=delimiter, strict=True)
    suspect = UNSTORABLE.search(text) is not None  # one scan, then per line only if needed
    offset = 1 if skip_first_line else 0
    previous = offset
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            last = reader.line_num + offset
            yield LineProblem(previous + 1, last, _explain(str(error), previous + 1, last,
                                                           delimiter))
            previous = last
            continue
        first, last = previous + 1, reader.line_num + offset
        previous = last
        if last > first:
            yield LineProblem(first, last, (
                f"A value in quotation marks runs over {last - first + 1} lines. No value may "
                f"contain a line break, so a quotation mark on line {first} probably has no "
                "closing partner and has swallowed the lines after it. Close or remove that "
                "quotation mark (or remove the line break) and upload the file again."))
            continue
        if suspect and any(UNSTORABLE.search(value) for value in values):
            yield LineProblem(first, last, (
                "This line contains a NUL character or a broken (surrogate) character: "
                "invisible, often left by another program, and impossible to store. Retype "
                "the values on this line in your spreadsheet and save the file again."))
            continue
        yield Record(first, values)


def _explain(error: str, first: int, last: int, delimiter: str) -> str:
    """csv.Error, in words a spreadsheet user can act on."""
    if "unexpected end of data" in error:
        return (f"A quotation mark on line {first} opens a value that is never closed, so "
                f"everything up to the end of the file (line {last}) would be one value. "
                "Close or remove that quotation mark.")
    if "expected after" in error:
        return (f"A value in quotation marks is followed by more text before the next "
                f"{DELIMITERS.get(delimiter, repr(delimiter))}. Put the whole value in "
                'quotation marks and double any quotation mark inside it, like "Jane ""JJ"" '
                'Smith".')
    if "field larger than field limit" in error:
        return ("A value is more than 100,000 characters long, far longer than anything this "
                f"file can hold. Usually a quotation mark on line {first} has no closing "
                "partner. Close or remove it.")
    return f"This line cannot be read as CSV ({error}). Save the file again as CSV UTF-8."


# --- One cell ---------------------------------------------------------------------------

CONTROL_CHARS = frozenset(chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C,
                                           *range(0x0E, 0x20), *range(0x7F, 0xA0)))
# Invisible in every script and never meaningful in a name or an id: removed.
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad\u180e"))
# Make text display in another order than it is stored: refused in text people read.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
LINE_SEPARATORS = frozenset("\n\r\u2028\u2029")
SPACES = {c: " " for c in (0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)}


class CellError(ValueError):
    """A cell holds a character that cannot be stored, or would show differently."""


def clean_text(value: str) -> str:
    """A value people read (a name, a reason): composed (NFC) so that the same visible
    text is the same stored text, zero-width characters removed, any kind of space made a
    plain space, trimmed. Zero-width joiners and direction marks stay: some scripts need
    them. Control characters, broken (surrogate) characters and direction overrides are
    refused."""
    if value.isascii() and value.isprintable():
        return value.strip()
    value = unicodedata.normalize("NFC", _surrogate_free(value))
    value = value.translate(ZERO_WIDTH).translate(SPACES).strip()
    for index, char in enumerate(value):
        if char in CONTROL_CHARS or char == "\t":
            raise CellError(f"contains an invisible control character ({_code(char)}) at "
                            f"character {index + 1}")
        if char in LINE_SEPARATORS:
            raise CellError(f"contains a line break ({_code(char)}) at character {index + 1}")
        if char in BIDI_CONTROLS:
            raise CellError(f"contains a hidden text-direction character ({_code(char)}) at "
                            f"character {index + 1}, which makes it display differently "
                            "from how it is stored")
        if _is_noncharacter(char):
            raise CellError(f"contains a character that is not valid text ({_code(char)})")
    return value


def clean_key(value: str) -> str:
    """A value that identifies or selects something (an email, an id, a name from a list,
    a date): compatibility-normalised (NFKC: full-width letters become plain ones, a
    non-breaking space a space), every invisible formatting character removed, trimmed.
    So an id copied with a zero-width space is the same id as without it."""
    if value.isascii() and value.isprintable():
        return value.strip()
    value = unicodedata.normalize("NFKC", _surrogate_free(value))
    value = "".join(char for char in value if unicodedata.category(char) != "Cf").strip()
    for index, char in enumerate(value):
        if char in CONTROL_CHARS or char == "\t":
            raise CellError(f"contains an invisible control character ({_code(char)}) at "
                            f"character {index + 1}")
        if char in LINE_SEPARATORS:
            raise CellError(f"contains a line break ({_code(char)}) at character {index + 1}")
        if _is_noncharacter(char):
            raise CellError(f"contains a character that is not valid text ({_code(char)})")
    return value


def _surrogate_free(value: str) -> str:
    for index, char in enumerate(value):
        if "\ud800" <= char <= "\udfff":
            raise CellError(f"contains a broken character ({_code(char)}) at character "
                            f"{index + 1}; it is not valid text")
    return value


def _is_noncharacter(char: str) -> bool:
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def shown(value: str, limit: int = 40) -> str:
    """A value quoted for a message: invisible characters visible, long values cut."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


# --- Spreadsheet formulas ------------------------------------------------------------------

# What makes Excel, LibreOffice or Google Sheets read a cell as a formula, including the
# full-width forms some locales accept; apostrophes before them are part of the pattern
# so that the guard can be undone exactly (see unguard_formula).
_FORMULA = re.compile("'*[=+\\-@\t\r\uff1d\uff0b\uff0d\uff20]")


def guard_formula(value: str) -> str:
    """Written as text, not run: a leading apostrophe before a formula character.

    A value that already starts with apostrophes before a formula character gets one more,
    so `unguard_formula(guard_formula(v)) == v` for every value: a real name starting with
    an apostrophe ("'Ofa") is left alone, and one starting "'=" survives the round trip.
    """
    return f"'{value}" if _FORMULA.match(value) else value


def unguard_formula(value: str) -> str:
    """Undo `guard_formula`: drop one apostrophe, only where it stands before apostrophes
    and a formula character. Anything else (including "'Ofa") is kept as written."""
    return value[1:] if value[:1] == "'" and _FORMULA.match(value, 1) else value
