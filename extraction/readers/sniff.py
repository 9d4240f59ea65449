"""Type by content: the MIME type of a document from its first bytes, never from its name.

Formats we do not read, and formats that are dangerous to hand on (HTML, SVG, executables),
are refused here with a message that says what the file is.
"""

from __future__ import annotations

import io
import zipfile

from extraction.errors import ExtractionError

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"

# (magic bytes at offset 0, what the file is) for formats we refuse outright.
_REFUSED_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "a Windows executable"),
    (b"\x7fELF", "a Linux executable"),
    (b"\xfe\xed\xfa\xce", "a macOS executable"),
    (b"\xfe\xed\xfa\xcf", "a macOS executable"),
    (b"\xcf\xfa\xed\xfe", "a macOS executable"),
    (b"\xce\xfa\xed\xfe", "a macOS executable"),
    (b"\xca\xfe\xba\xbe", "a Java class or macOS executable"),
    (b"#!", "a script"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "a legacy Office file (.doc/.xls); save it as PDF or DOCX",
    ),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"GIF87a", "a GIF image; upload PNG, JPEG, TIFF or PDF"),
    (b"GIF89a", "a GIF image; upload PNG, JPEG, TIFF or PDF"),
    (b"BM", "a BMP image; upload PNG, JPEG, TIFF or PDF"),
    (b"{\\rtf", "an RTF document; save it as PDF or DOCX"),
)

# Markup that a browser would run: refused even when it hides a PDF further down (polyglots).
_MARKUP_PREFIXES: tuple[tuple[bytes, str], ...] = (
    (b"<!doctype html", "an HTML page"),
    (b"<html", "an HTML page"),
    (b"<head", "an HTML page"),
    (b"<body", "an HTML page"),
    (b"<script", "an HTML page"),
    (b"<iframe", "an HTML page"),
    (b"<svg", "an SVG image"),
)


def refuse(what: str) -> ExtractionError:
    return ExtractionError(f"the file is {what}, which is not accepted")


def sniff_content_type(data: bytes) -> str:
    """The MIME type of ``data`` judged by its content; raises for refused or unknown types."""
    if not data:
        raise ExtractionError("the file is empty")
    if not data.strip(b" \t\r\n\f\v\x00"):
        raise ExtractionError("the file holds no text, only blank space")
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return TIFF
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_content_type(data)
    for magic, what in _REFUSED_MAGIC:
        if data.startswith(magic):
            raise refuse(what)
    _refuse_markup(data)
    if b"%PDF-" in data[:1024]:
        # Readers tolerate junk before the header; we do not, as that is how polyglots hide.
        raise ExtractionError("the file has data before its PDF header and is not accepted")
    if looks_like_text(data):
        return TEXT
    raise ExtractionError("the file is not a supported document type (PDF, image, DOCX, text)")


def _zip_content_type(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ExtractionError("the file is a damaged ZIP archive and cannot be read") from exc
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        raise refuse("a spreadsheet (XLSX); save it as PDF")
    if "ppt/presentation.xml" in names:
        raise refuse("a presentation (PPTX); save it as PDF")
    raise refuse("a ZIP archive; upload the documents in it one by one")


def _refuse_markup(data: bytes) -> None:
    head = _decoded_head(data).lstrip().lower()
    if head.startswith("<?xml"):
        head_bytes = head.encode()
        if b"<svg" in head_bytes or b"<!doctype svg" in head_bytes:
            raise refuse("an SVG image")
        if b"<html" in head_bytes:
            raise refuse("an HTML page")
        raise refuse("an XML file")
    for prefix, what in _MARKUP_PREFIXES:
        if head.encode().startswith(prefix):
            raise refuse(what)
    if head.startswith("<!doctype") or head.startswith("<!--"):
        raise refuse("a markup (HTML/XML) file")


def _decoded_head(data: bytes) -> str:
    head = data[:2048]
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(codec, errors="ignore")
    return head.decode("latin-1")


def looks_like_text(data: bytes) -> bool:
    """True when the bytes read as text in one of the encodings the text reader accepts."""
    from extraction.readers.plain import decode_text

    try:
        decode_text(data[:65536], strict_tail=False)
    except ExtractionError:
        return False
    return True
