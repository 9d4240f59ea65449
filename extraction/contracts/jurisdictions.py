"""Recognising jurisdictions in text and naming them the one way the portal reports them.

The names and their spellings live in data/jurisdictions.json ("State of New York", "NY law"
is not there on purpose: postal codes are too ambiguous in running text).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class JurisdictionMention:
    """A jurisdiction named in the text, under its canonical name."""

    name: str  # canonical: "New York", "England and Wales", "People's Republic of China"
    kind: str  # us_state, province, country...
    start: int
    end: int
    country: str = ""  # the country a state or province belongs to


@dataclass(frozen=True)
class _Lexicon:
    folded: re.Pattern[str]  # long aliases, matched on text with ASCII and Latin-1 letters lowered
    exact: re.Pattern[str]  # short forms ("UK", "PRC", "Ohio"), matched as written or in capitals
    by_alias: dict[str, tuple[str, str, str]]


# Lowercases A-Z and À-Þ one character for one, so offsets into the text stay valid.
_LOWER = str.maketrans(
    {chr(c): chr(c + 32) for c in [*range(0x41, 0x5B), *range(0xC0, 0xDF)] if c != 0xD7}
)


def _short(alias: str) -> bool:
    return len(alias) <= 4 or "." in alias


@cache
def _lexicon() -> _Lexicon:
    raw = json.loads(
        resources.files("extraction.contracts.data")
        .joinpath("jurisdictions.json")
        .read_text(encoding="utf-8")
    )
    by_alias: dict[str, tuple[str, str, str]] = {}
    for entry in raw["jurisdictions"]:
        for alias in entry["aliases"]:
            by_alias[_key(alias)] = (entry["name"], entry["kind"], entry.get("country", ""))
    aliases = sorted({a for e in raw["jurisdictions"] for a in e["aliases"]}, key=len, reverse=True)
    long_forms = [
        re.escape(a.translate(_LOWER)).replace(r"\ ", r"\s+") for a in aliases if not _short(a)
    ]
    short_forms: list[str] = []
    for alias in (a for a in aliases if _short(a)):
        short_forms.append(re.escape(alias).replace(r"\ ", r"\s+"))
        if alias.upper() != alias:
            short_forms.append(re.escape(alias.upper()).replace(r"\ ", r"\s+"))
    letter = r"A-Za-zÀ-ÿ"
    folded = re.compile(rf"(?<![{letter}])(?:{'|'.join(long_forms)})(?![{letter}])")
    exact = re.compile(rf"(?<![{letter}])(?:{'|'.join(short_forms)})(?![{letter}])")
    return _Lexicon(folded, exact, by_alias)


def _key(alias: str) -> str:
    return re.sub(r"\s+", " ", alias).strip().casefold()


# "New York Convention", "Hong Kong International Arbitration Centre": institutions, not laws.
_NOT_A_LAW_AFTER = re.compile(
    r"\s*(?:Convention|International\s+Arbitration|Arbitration\s+Cent|Chamber|Stock\s+Exchange|"
    r"(?:Standard\s+)?Time\b)",
)


def find_jurisdictions(
    text: str, start: int = 0, end: int | None = None
) -> list[JurisdictionMention]:
    """Jurisdictions named between `start` and `end`, in order."""
    lexicon = _lexicon()
    end = len(text) if end is None else end
    window = text[start:end]
    matches = [*lexicon.folded.finditer(window.translate(_LOWER)), *lexicon.exact.finditer(window)]
    matches.sort(key=lambda m: (m.start(), m.start() - m.end()))
    found: list[JurisdictionMention] = []
    for match in matches:
        if found and match.start() < found[-1].end - start:
            continue  # "New York" inside "State of New York" already taken
        entry = lexicon.by_alias.get(_key(window[match.start() : match.end()]))
        if entry is None or _NOT_A_LAW_AFTER.match(window, match.end()):
            continue
        found.append(
            JurisdictionMention(
                entry[0], entry[1], start + match.start(), start + match.end(), entry[2]
            )
        )
    return found


def canonical_jurisdiction(text: str) -> str | None:
    """The canonical name for a jurisdiction written any known way ("State of Delaware")."""
    mentions = find_jurisdictions(text)
    return mentions[0].name if mentions else None
