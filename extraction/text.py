"""Text helpers shared by the extractors: position-preserving folding and label patterns.

Folding keeps one character per input character so that a match in the folded text maps straight
back to the original line for evidence and boxes.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u3000": " ",
        "\t": " ",
    }
)


@cache
def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char).translate(_PUNCTUATION)
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)
    ).lower()
    return folded[0] if folded else char


def fold(text: str) -> str:
    """Lower-case, strip accents, unify quotes, dashes and spaces; same length as ``text``."""
    return "".join(_fold_char(c) for c in text.translate(_PUNCTUATION))


def clean(text: str) -> str:
    """Drop control characters some PDF producers leave in extracted text."""
    if not any(ord(c) < 32 and c not in "\n\f" for c in text):
        return text
    return "".join(c for c in text if ord(c) >= 32 or c in "\n\f")


def is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


# How OCR reads the ordinal sign of "Nº" / "N°" (number): "N2", "N£2", "N°2", "No", "N0",
# "N?2", "n*" (a small raised sign read as whatever mark it resembles).
_ORDINAL_OCR = r"(?:[£°?*º]2(?!\d)|[o°02£?*º])"
_ORDINAL_READ = re.compile(r"(?<=n)" + _ORDINAL_OCR)


def label_regex(label: str) -> str:
    """A regex for one label: flexible spaces, OCR-split CJK characters, word boundaries, and
    the ordinal sign of "Nº" as OCR reads it."""
    stripped = label.strip()
    folded = fold(stripped)  # as long as ``stripped``
    parts: list[str] = []
    for index, char in enumerate(folded):
        if stripped[index] in "º°" and index and folded[index - 1] == "n":
            parts.append(_ORDINAL_OCR)
            continue
        if char == " ":
            parts.append(r"[\s\-]*" if index and is_cjk(folded[index - 1]) else r"[\s\-]+")
            continue
        if index and is_cjk(char) and is_cjk(folded[index - 1]):
            parts.append(r"\s?")
        parts.append(re.escape(char))
    body = "".join(parts)
    start = ""
    # The end boundary is checked by LabelSet.find, which also accepts a case change
    # ("DienstleistungsorganisationSchneider" from readers that drop the gap between cells).
    return start + body


@dataclass(frozen=True)
class LabelSet:
    """Labels of several kinds compiled into one longest-first alternation."""

    pattern: re.Pattern[str]
    kinds: Mapping[str, str]

    def kind(self, match: re.Match[str]) -> str:
        key = _squash(match.group(0))
        found = self.kinds.get(key)
        if found is None:
            # "n£2 de licencia" is the label "nº de licencia" (or "n° ...") as OCR read it
            for sign in ("o", "°"):
                found = self.kinds.get(_ORDINAL_READ.sub(sign, key, count=1))
                if found is not None:
                    break
        return found or ""

    def find(
        self, folded: str, start: int = 0, end: int | None = None, original: str | None = None
    ) -> list[re.Match[str]]:
        """Every non-overlapping label in ``folded[start:end]``, longest first at a position.

        A label must end at a word boundary; given the ``original`` text, a change from lower to
        upper case counts as one.
        """
        stop = len(folded) if end is None else end
        found = []
        for match in self.pattern.finditer(folded, start, stop):
            if not self._starts_word(match, folded, original):
                continue
            after = match.end()
            if after < len(folded) and folded[after].isalpha() and match.group(0)[-1:].isalpha():
                if is_cjk(folded[after]) or is_cjk(match.group(0)[-1]):
                    found.append(match)
                    continue
                if original is None or not (
                    original[after].isupper() and original[after - 1].islower()
                ):
                    continue
            found.append(match)
        return found

    @staticmethod
    def _starts_word(match: re.Match[str], folded: str, original: str | None) -> bool:
        begin = match.start()
        first = match.group(0)[:1]
        if begin == 0 or not first.isalnum() or is_cjk(first):
            return True
        before = folded[begin - 1]
        if not before.isalnum() or is_cjk(before):
            return True
        # "RéaliséTrimestre": readers that drop the gap between cells leave a case change.
        return (
            original is not None
            and original[begin].isupper()
            and (original[begin - 1].islower() or original[begin - 1].isdigit())
        )


def _squash(text: str) -> str:
    return re.sub(r"[\s\-]+", "", text)


def compile_labels(labels: Mapping[str, Iterable[str]]) -> LabelSet:
    """Compile ``{kind: [phrase, ...]}``; a phrase listed under two kinds keeps the first."""
    kinds: dict[str, str] = {}
    phrases: list[str] = []
    seen: set[str] = set()
    for kind, kind_phrases in labels.items():
        for phrase in kind_phrases:
            key = _squash(fold(phrase.strip()))
            if not key:
                continue
            kinds.setdefault(key, kind)
            # "recertification date" and "re-certification date" share a kind, not a pattern.
            folded = fold(phrase.strip())
            if kinds[key] == kind and folded not in seen:
                seen.add(folded)
                phrases.append(phrase)
    # Longest first so that "valid until" wins over "valid" at the same position.
    phrases.sort(key=lambda phrase: len(_squash(fold(phrase))), reverse=True)
    pattern = re.compile("|".join(label_regex(phrase) for phrase in phrases) or r"(?!)")
    return LabelSet(pattern, kinds)


@cache
def load_data(name: str) -> Any:
    """A JSON data file shipped in ``extraction/data``."""
    text = resources.files("extraction.data").joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)
