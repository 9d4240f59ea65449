"""Language of a document among en, zh, de, fr, es: script first, then stop words and letters.

Fast and rule-based; it only needs to tell the five languages the portal supports apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from extraction.text import is_cjk, load_data

SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "zh", "de", "fr", "es")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Letters that only one of the Latin-script languages uses often.
_LETTER_HINTS: dict[str, str] = {
    "ß": "de",
    "ä": "de",
    "ö": "de",
    "ü": "de",
    "ñ": "es",
    "¿": "es",
    "¡": "es",
    "ç": "fr",
    "è": "fr",
    "ê": "fr",
    "à": "fr",
    "ù": "fr",
    "œ": "fr",
}


@cache
def _stopwords() -> dict[str, frozenset[str]]:
    data: dict[str, list[str]] = load_data("stopwords.json")
    return {lang: frozenset(words) for lang, words in data.items()}


def script_counts(text: str) -> tuple[int, int]:
    """(CJK characters, Latin letters) in ``text``."""
    cjk = sum(1 for char in text if is_cjk(char))
    latin = sum(1 for char in text if char.isascii() and char.isalpha())
    return cjk, latin


def detect_language(text: str, allowed: Iterable[str] = SUPPORTED_LANGUAGES) -> str | None:
    """The main language of ``text``, or None when there is too little text to tell."""
    allowed_set = set(allowed)
    sample = text[:20000]
    cjk, latin = script_counts(sample)
    if cjk + latin < 12:
        return None
    # Chinese documents carry many Latin codes and names; a fifth of the letters suffices.
    if "zh" in allowed_set and cjk >= 10 and cjk * 4 >= latin * 0.5:
        return "zh"
    scores: dict[str, float] = {}
    stopwords = _stopwords()
    for word in _WORD.findall(sample.lower()):
        for lang, words in stopwords.items():
            if word in words and lang in allowed_set:
                scores[lang] = scores.get(lang, 0.0) + 1.0
    for char in sample.lower():
        hinted = _LETTER_HINTS.get(char)
        if hinted and hinted in allowed_set:
            scores[hinted] = scores.get(hinted, 0.0) + 0.5
    if not scores:
        return "en" if "en" in allowed_set else None
    return max(scores, key=lambda lang: scores[lang])
