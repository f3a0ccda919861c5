"""What text typed by a person may contain, for every app's forms and, as a backstop,
its services. Pure functions: no database.

Refused, with a message that says what and where:
- C0 and C1 control characters and DEL (NUL, escape, ...). PostgreSQL refuses NUL (a
  500), and the others are stored invisibly. Multi-line text keeps tab and line breaks.
- lone surrogates: half a character, which no encoder can write.
- bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069).
  No keyboard types them; they make text read differently from what is stored (the
  "Trojan Source" trick) and turn the text around them on the page.
- Unicode noncharacters (U+FDD0 to U+FDEF, U+FFFE, U+FFFF and their kin in every plane).
- the replacement character U+FFFD: what is left where text was lost to a wrong encoding
  on the way (a browser sends none; a garbled paste or a broken client does).
- text that is all invisible (zero-width spaces and the like): nothing would show.

Left alone: zero-width joiner and non-joiner (Persian, Indic scripts, emoji), the
left-to-right and right-to-left marks, and right-to-left letters themselves.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_LINE_BREAKS = "\t\n\r\x85\u2028\u2029"
_SURROGATES = "\ud800-\udfff"
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))

_LOST = "\ufffd"

_MULTI_LINE_REFUSED = re.compile(
    f"[{_CONTROL}{_SURROGATES}{_BIDI_CONTROLS}{_NONCHARACTERS}{_LOST}]")
_ONE_LINE_REFUSED = re.compile(
    f"[{_CONTROL}{_LINE_BREAKS}{_SURROGATES}{_BIDI_CONTROLS}{_NONCHARACTERS}{_LOST}]")

# Letters that draw nothing, which Unicode does not class as spaces or format characters.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})


def _what(char: str) -> str:
    code = ord(char)
    if char in "\n\r\x85\u2028\u2029":
        return "a line break"
    if char == "\t":
        return "a tab"
    if 0xD800 <= code <= 0xDFFF:
        return f"a broken character (half of a character pair, U+{code:04X})"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return (f"an invisible character that turns the direction of the text around "
                f"(U+{code:04X})")
    if char == _LOST:
        return ("a replacement character (U+FFFD), left where part of the text was lost on "
                "the way")
    if unicodedata.category(char) == "Cc":
        return f"an invisible control character (U+{code:04X})"
    return f"a code that is not a character (U+{code:04X})"


def _where(text: str, index: int) -> str:
    line_start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    before = _ONE_LINE_REFUSED.sub("", text[max(line_start, index - 20):index]).strip()
    line = text.count("\n", 0, index) + 1
    place = f"on line {line}, " if "\n" in text else ""
    if not before:
        return f"{place}at the start" if place else "at the start"
    return f"{place}after “{before}”"


def has_visible_text(text: str) -> bool:
    return any(unicodedata.category(char) not in _INVISIBLE_CATEGORIES
               and char not in _BLANK_LETTERS for char in text)


def text_problem(text: str, *, multiline: bool) -> str:
    """Why this text cannot be saved, in words the person can act on; "" if it can."""
    refused = (_MULTI_LINE_REFUSED if multiline else _ONE_LINE_REFUSED).search(text)
    if refused is not None:
        what, where = _what(refused.group()), _where(text, refused.start())
        if not multiline and what in ("a line break", "a tab"):
            return f"Keep this to one line: there is {what} {where}."
        return f"The text has {what} {where}. Delete it, or retype the text there."
    if text and not has_visible_text(text):
        return ("The text has only invisible characters (such as zero-width spaces). "
                "Write something, or leave it empty.")
    return ""


@deconstructible
class TextValidator:
    """The checks above, as a Django validator for form (and model) fields."""

    code = "invalid_text"

    def __init__(self, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value) -> None:
        problem = text_problem(str(value), multiline=self.multiline)
        if problem:
            raise ValidationError(problem, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, TextValidator) and other.multiline == self.multiline

    def __hash__(self) -> int:
        return hash((TextValidator, self.multiline))
