"""What an uploaded letter is: a PDF we can read, checked by its content, never its name.

`check_letter(upload)` returns the number of pages, or raises LetterError saying what the
file is instead (a PNG renamed .pdf is "a PNG image"), that it is too large, damaged,
password-protected, or that it would run something when opened. The committee opens these
files on their own computers, so a letter that carries a script is refused.
"""

import io

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from awards.models import LETTER_MAX_BYTES
from programs.spreadsheets import SIGNATURES

PDF_MAGIC = b"%PDF-"
# PDF 1.7, 7.5.2: the header may follow some bytes of junk, within the first 1024.
HEADER_WITHIN = 1024
AS_PDF = ("Open it and choose File › Save As (or Print › Save as PDF), then upload the PDF.")


class LetterError(ValueError):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _what(head: bytes) -> str:
    for magic, what, _ in SIGNATURES:
        if head.startswith(magic):
            return what
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "a ZIP archive or an Office document (such as .docx)"
    if head.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "a web page (HTML)"
    return ""


def _runs_on_open(action) -> bool:
    """An opening action that is a script or launches a program (a plain "open at this
    page" destination, which word processors write, is fine)."""
    if action is None:
        return False
    action = action.get_object()
    return hasattr(action, "get") and action.get("/S") in ("/JavaScript", "/Launch")


def check_letter(upload) -> int:
    """The letter's page count, or LetterError. Reads the upload and rewinds it."""
    size = upload.size
    if size > LETTER_MAX_BYTES:
        raise LetterError(f"“{upload.name}” is {megabytes(size)}: a letter may be at most "
                          f"{megabytes(LETTER_MAX_BYTES)}. Save it with smaller images, or "
                          "split it.", "too_large")
    if size == 0:
        raise LetterError(f"“{upload.name}” is empty.", "empty")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if PDF_MAGIC not in data[:HEADER_WITHIN]:
        what = _what(data[:HEADER_WITHIN])
        if what:
            raise LetterError(f"“{upload.name}” is {what}, not a PDF, whatever its name says. "
                              + AS_PDF, "not_pdf")
        raise LetterError(f"“{upload.name}” is not a PDF, whatever its name says. " + AS_PDF,
                          "not_pdf")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise LetterError(f"“{upload.name}” is protected by a password, so the committee "
                              "could not open it. Save a copy without the password.",
                              "encrypted")
        pages = len(reader.pages)
        root = reader.trailer["/Root"].get_object()
        names = root.get("/Names")
        scripted = _runs_on_open(root.get("/OpenAction")) or (
            names is not None and "/JavaScript" in names.get_object())
    except LetterError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError):
        raise LetterError(f"“{upload.name}” starts like a PDF but cannot be read as one: it "
                          "may be damaged or cut short. " + AS_PDF, "unreadable") from None
    if pages == 0:
        raise LetterError(f"“{upload.name}” has no pages.", "no_pages")
    if scripted:
        raise LetterError(f"“{upload.name}” runs something when it is opened (a script or an "
                          "automatic action), which the committee's computers should not do. "
                          + AS_PDF, "scripted")
    return pages
