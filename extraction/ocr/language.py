"""Which tesseract language pack fits a page: its script from a probe, its language by stop words.

Han script gets ``chi_sim`` (which also reads the Latin lines of a Chinese document well; mixing
``eng+chi_sim`` garbles Chinese dates). Latin script gets ``eng``, ``deu``, ``fra`` or ``spa`` by
the stop words of a probe read with ``eng`` (which drops accents but keeps short words intact).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources

# ISO 639-1 code of the configuration -> tesseract language pack.
TESSERACT_PACKS: dict[str, str] = {
    "en": "eng",
    "de": "deu",
    "fr": "fra",
    "es": "spa",
    "zh": "chi_sim",
}


@dataclass(frozen=True)
class LanguageCues:
    """What a language's text looks like: its short words, letters, word endings and prefixes."""

    words: frozenset[str]
    letters: frozenset[str]
    endings: tuple[str, ...]
    prefixes: tuple[str, ...]


def _load_cues() -> tuple[dict[str, LanguageCues], frozenset[str]]:
    data = resources.files("extraction.ocr").joinpath("stop_words.json")
    raw = json.loads(data.read_text("utf-8"))
    cues = {
        code: LanguageCues(
            frozenset(entry["words"]),
            frozenset(entry["letters"]),
            tuple(entry["endings"]),
            tuple(entry.get("prefixes", ())),
        )
        for code, entry in raw["languages"].items()
    }
    return cues, frozenset(raw["shared"])


CUES, _SHARED = _load_cues()
WORD_WEIGHT = 2

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
# Points of evidence needed before a language is named.
MIN_EVIDENCE = 3


def han_share(text: str) -> float:
    """Share of Han characters among the letters of ``text``."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if is_han(ch)) / len(letters)


def is_han(ch: str) -> bool:
    """Whether ``ch`` is a Han (Chinese) character."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def language_scores(text: str, candidates: tuple[str, ...]) -> Counter[str]:
    """Evidence for each candidate language: stop words, typical letters, endings, prefixes."""
    scores: Counter[str] = Counter()
    for token in _TOKEN.findall(text.lower()):
        word = token.strip("'’")
        for language in candidates:
            cues = CUES.get(language)
            if cues is None:
                continue
            if word in cues.words and word not in _SHARED:
                scores[language] += WORD_WEIGHT
            if any(ch in cues.letters for ch in word):
                scores[language] += 1
            if len(word) > 4 and word.endswith(cues.endings):
                scores[language] += 1
            if token.startswith(cues.prefixes):
                scores[language] += 1
    return scores


def guess_latin_language(text: str, candidates: tuple[str, ...]) -> str | None:
    """The language (``en``, ``de``, ``fr``, ``es``) the text most looks like.

    None when the evidence is too thin or too even to tell; only ``candidates`` are considered.
    """
    ranked = language_scores(text, candidates).most_common(2)
    if not ranked:
        return None
    best, best_score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if best_score >= MIN_EVIDENCE and best_score >= runner_up * 1.5:
        return best
    return None


def latin_pack(text: str, languages: tuple[str, ...], installed: frozenset[str]) -> str | None:
    """The tesseract pack for a Latin-script text; None when its language is unclear."""
    latin = tuple(code for code in languages if code != "zh")
    guess = guess_latin_language(text, latin)
    if guess is None:
        return None
    pack = TESSERACT_PACKS.get(guess, "eng")
    return pack if pack in installed else "eng"
