"""Which tesseract language pack fits a page: its script from a probe, its language by stop words.

Han script gets ``chi_sim`` (which also reads the Latin lines of a Chinese document well; mixing
``eng+chi_sim`` garbles Chinese dates). Latin script gets ``eng``, ``deu``, ``fra`` or ``spa`` by
the stop words of a probe read with ``eng`` (which drops accents but keeps short words intact).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from importlib import resources

# ISO 639-1 code of the configuration -> tesseract language pack.
TESSERACT_PACKS: dict[str, str] = {
    "en": "eng",
    "de": "deu",
    "fr": "fra",
    "es": "spa",
    "zh": "chi_sim",
}


def _load_stop_words() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    raw = json.loads(
        resources.files("extraction.ocr").joinpath("stop_words.json").read_text("utf-8")
    )
    shared = frozenset(raw.pop("shared"))
    raw.pop("_comment", None)
    return {code: frozenset(words) for code, words in raw.items()}, shared


STOP_WORDS, _SHARED = _load_stop_words()

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def han_share(text: str) -> float:
    """Share of Han characters among the letters of ``text``."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if _is_han(ch)) / len(letters)


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def guess_latin_language(text: str, candidates: tuple[str, ...]) -> str | None:
    """The language (``en``, ``de``, ``fr``, ``es``) whose stop words ``text`` uses most.

    None when the text has too few stop words to tell; only ``candidates`` are considered.
    """
    words = [w.lower() for w in _WORD.findall(text)]
    hits: Counter[str] = Counter()
    for word in words:
        if word in _SHARED:
            continue
        for language, stop_words in STOP_WORDS.items():
            if language in candidates and word in stop_words:
                hits[language] += 1
    if not hits:
        return None
    (best, best_hits), *rest = [*hits.most_common(2), ("", 0)]
    runner_up = rest[0][1]
    if best_hits >= 2 and best_hits > runner_up:
        return best
    return None


def latin_pack(text: str, languages: tuple[str, ...], installed: frozenset[str]) -> str:
    """The tesseract pack for a Latin-script page; ``eng`` when the language is unclear."""
    latin = tuple(code for code in languages if code != "zh")
    guess = guess_latin_language(text, latin) or "en"
    pack = TESSERACT_PACKS.get(guess, "eng")
    return pack if pack in installed else "eng"
