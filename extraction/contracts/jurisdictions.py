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
    name: str  # canonical: "New York", "England and Wales", "People's Republic of China"
    kind: str  # us_state, province, country...
    start: int
    end: int
    country: str = ""  # the country a state or province belongs to


@dataclass(frozen=True)
class _Lexicon:
    pattern: re.Pattern[str]
    by_alias: dict[str, tuple[str, str, str]]


def _alias_pattern(alias: str) -> str:
    escaped = re.escape(alias).replace(r"\ ", r"\s+")
    if re.search(r"[\u4e00-\u9fff]", alias):
        return escaped
    # Short forms ("UK", "PRC", "Ohio") only as written or in capitals, long ones in any case.
    if len(alias) <= 4 or "." in alias:
        upper = re.escape(alias.upper()).replace(r"\ ", r"\s+")
        body = escaped if upper == escaped else f"(?:{escaped}|{upper})"
        return rf"(?<![A-Za-z]){body}(?![A-Za-z])"
    return rf"(?<![A-Za-z])(?i:{escaped})(?![A-Za-z])"


@cache
def _lexicon() -> _Lexicon:
    raw = json.loads(
        resources.files("extraction.contracts.data").joinpath("jurisdictions.json").read_text()
    )
    by_alias: dict[str, tuple[str, str, str]] = {}
    for entry in raw["jurisdictions"]:
        for alias in entry["aliases"]:
            by_alias[_key(alias)] = (entry["name"], entry["kind"], entry.get("country", ""))
    aliases = sorted({a for e in raw["jurisdictions"] for a in e["aliases"]}, key=len, reverse=True)
    pattern = re.compile("|".join(_alias_pattern(a) for a in aliases))
    return _Lexicon(pattern, by_alias)


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
    found: list[JurisdictionMention] = []
    for match in lexicon.pattern.finditer(text, start, end):
        entry = lexicon.by_alias.get(_key(match.group(0)))
        if entry is None:
            continue
        if _NOT_A_LAW_AFTER.match(text, match.end()):
            continue
        found.append(JurisdictionMention(entry[0], entry[1], match.start(), match.end(), entry[2]))
    return found


def canonical_jurisdiction(text: str) -> str | None:
    """The canonical name for a jurisdiction written any known way ("State of Delaware")."""
    mentions = find_jurisdictions(text)
    return mentions[0].name if mentions else None
