"""Plain text: UTF-8 or UTF-16 (with a BOM), UTF-8 without one, GB18030 for Chinese files."""

from __future__ import annotations

import unicodedata

from extraction.document import TextDocument
from extraction.errors import ExtractionError
from extraction.readers.sniff import TEXT
from extraction.types import ExtractionConfig

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# Share of characters that may be controls or unassigned before we call the bytes binary.
_MAX_JUNK_SHARE = 0.02


def decode_text(data: bytes, strict_tail: bool = True) -> str:
    """Decode text bytes; ``strict_tail=False`` tolerates a multi-byte character cut at the end."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _checked(_decode(data[len(bom) :], codec, strict_tail))
    if b"\x00" in data:
        raise ExtractionError("the file is binary, not text")
    for codec in ("utf-8", "gb18030"):
        try:
            text = _decode(data, codec, strict_tail)
        except UnicodeDecodeError:
            continue
        if codec == "gb18030" and not _mostly_cjk_or_ascii(text):
            break
        return _checked(text)
    raise ExtractionError("the file is not text in UTF-8, UTF-16 or GB18030")


def _decode(data: bytes, codec: str, strict_tail: bool) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        # A sniffing window may cut the last character in half.
        if not strict_tail and exc.start >= len(data) - 4:
            return data[: exc.start].decode(codec)
        raise


def _checked(text: str) -> str:
    if not text.strip():
        raise ExtractionError("the file holds no text")
    junk = sum(1 for ch in text if _is_junk(ch))
    if junk > _MAX_JUNK_SHARE * len(text):
        raise ExtractionError("the file is binary, not text")
    return text


def _is_junk(ch: str) -> bool:
    if ch in "\t\n\r\f\v":
        return False
    return unicodedata.category(ch) in {"Cc", "Cn", "Cs", "Co"}


def _mostly_cjk_or_ascii(text: str) -> bool:
    # GB18030 decodes almost any byte string; only accept what reads as Chinese text.
    wanted = sum(
        1
        for ch in text
        if ch.isascii()
        or "\u4e00" <= ch <= "\u9fff"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
    )
    return wanted >= 0.95 * len(text)


class PlainTextReader:
    """Reads text files; pages are separated by form feeds."""

    name: str = "text"
    content_types: tuple[str, ...] = (TEXT,)
    score: int = 10

    def read(self, data: bytes, config: ExtractionConfig) -> TextDocument:
        """Decode and split into pages of lines of words (no boxes)."""
        text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
        return TextDocument.from_text(text)
