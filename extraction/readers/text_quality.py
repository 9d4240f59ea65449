"""Is a page's text layer real text, or empty or garbage that needs OCR instead?"""

from __future__ import annotations

import unicodedata

# Fewer word characters than this on a page covered by an image: a scan with a stamp, not text.
MIN_WORD_CHARS_OVER_IMAGE = 40
# Share of characters that are broken (unmapped glyphs, private use, controls) to call it garbage.
MAX_BROKEN_SHARE = 0.10
# Share of word characters (letters, digits) among the visible ones below which it is garbage.
MIN_WORD_CHAR_SHARE = 0.45


def _is_broken(ch: str) -> bool:
    if ch == "\ufffd":
        return True
    category = unicodedata.category(ch)
    return category in {"Co", "Cn", "Cs"} or (category == "Cc" and ch not in "\t\n\r\f")


def text_layer_is_garbage(text: str) -> bool:
    """True when the visible characters do not read as text (wrong font maps, symbols)."""
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return True
    broken = sum(1 for ch in visible if _is_broken(ch))
    if broken > MAX_BROKEN_SHARE * len(visible):
        return True
    word_chars = sum(1 for ch in visible if ch.isalnum())
    return word_chars < MIN_WORD_CHAR_SHARE * len(visible)


def page_needs_ocr(text: str, image_coverage: float) -> bool:
    """Decide per page: empty or garbage text layers are OCR'd, real text layers never.

    ``image_coverage`` is the share of the page area covered by images (0..1); a page that is
    mostly an image and has only a few characters of text (a scanner's stamp or page number)
    counts as empty.
    """
    if text_layer_is_garbage(text):
        return True
    word_chars = sum(1 for ch in text if ch.isalnum())
    return image_coverage >= 0.5 and word_chars < MIN_WORD_CHARS_OVER_IMAGE
