"""What may be uploaded: the type is decided by content, and must agree with the extension."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

from portal.i18n import lazy_gettext as _l

SNIFF_BYTES = 8192


@dataclass(frozen=True)
class FileType:
    media_type: str
    extensions: tuple[str, ...]
    label: str


PDF = FileType("application/pdf", ("pdf",), "PDF")
PNG = FileType("image/png", ("png",), "PNG image")
JPEG = FileType("image/jpeg", ("jpg", "jpeg"), "JPEG image")
TIFF = FileType("image/tiff", ("tif", "tiff"), "TIFF image")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ("docx",),
    "Word document",
)
TEXT = FileType("text/plain", ("txt",), "text file")
ALLOWED = (PDF, PNG, JPEG, TIFF, DOCX, TEXT)
ALLOWED_EXTENSIONS = tuple(ext for t in ALLOWED for ext in t.extensions)


class FileTypeRejected(Exception):
    """The message is a lazy string, translated when shown."""


def extension_of(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def sniff(head: bytes, stream: IO[bytes]) -> FileType | None:
    """The file type its first bytes (and, for DOCX, its zip directory) prove; None if unknown."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return TIFF
    if head.startswith(b"PK\x03\x04"):
        try:
            stream.seek(0)
            names = zipfile.ZipFile(stream).namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            stream.seek(0)
        return DOCX if "word/document.xml" in names else None
    if _looks_like_text(head):
        return TEXT
    return None


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True  # UTF-16 with a byte-order mark
    if not head.strip() or b"\x00" in head:
        return False
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script")):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the sniff boundary is still text.
        if exc.start < len(head) - 4:
            return False
    return True


def check_file_type(filename: str, stream: IO[bytes]) -> FileType:
    """The file's type, or FileTypeRejected with a message for the person who uploaded it."""
    extension = extension_of(filename)
    if extension not in ALLOWED_EXTENSIONS:
        raise FileTypeRejected(
            _l(
                "Files of type “.%(ext)s” cannot be uploaded. Allowed: %(allowed)s.",
                ext=extension or "?",
                allowed=", ".join(ALLOWED_EXTENSIONS),
            )
        )
    stream.seek(0)
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    detected = sniff(head, stream)
    if detected is None or extension not in detected.extensions:
        raise FileTypeRejected(
            _l(
                "The file “%(name)s” is not a real %(ext)s file: its content does not match its "
                "name.",
                name=filename,
                ext=extension.upper(),
            )
        )
    return detected
