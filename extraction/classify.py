"""Document type from content: scored phrases per type and language (data/doc_types.json).

Phrases are tiered: a *title* names the document and weighs most in the first lines of page 1,
*strong* phrases are typical of the type anywhere, *weak* ones only tip a close call. Longest
phrase wins at a position, so "certificate of insurance" never counts as "certificate".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from extraction.dates import find_dates
from extraction.document import TextDocument
from extraction.text import LabelSet, compile_labels, fold, load_data

TITLE_ZONE_LINES = 14
MIN_SCORE = 4.0
_TIER_WEIGHTS = {"title": 1.0, "strong": 1.5, "weak": 0.3}
_TIER_CAPS = {"title": 3.0, "strong": 15.0, "weak": 2.0}


@dataclass(frozen=True)
class Classification:
    """The chosen type, its confidence in [0, 1], and the score of every type."""

    doc_type: str
    confidence: float
    scores: dict[str, float]


@cache
def _phrases() -> LabelSet:
    data: dict[str, dict[str, list[str]]] = load_data("doc_types.json")
    table: dict[str, list[str]] = {}
    for doc_type, tiers in data.items():
        if doc_type.startswith("_"):
            continue
        for tier, phrases in tiers.items():
            table[f"{doc_type}|{tier}"] = phrases
    return compile_labels(table)


def _title_zone(document: TextDocument) -> list[str]:
    if not document.pages:
        return []
    lines = [line.text for line in document.pages[0].lines if line.text.strip()]
    return lines[:TITLE_ZONE_LINES]


def classify(document: TextDocument) -> Classification:
    """Score every type on the document's text and pick the best, or ``other``."""
    phrases = _phrases()
    scores: dict[str, float] = defaultdict(float)
    tier_totals: dict[tuple[str, str], float] = defaultdict(float)
    seen: set[str] = set()
    headline_given = False
    for position, line in enumerate(_title_zone(document)):
        folded = fold(line)
        stripped = line.strip()
        # A line with a colon or a full date is a field ("Certificate issue date 29/04/2022").
        headline = ":" not in folded and len(stripped.split()) <= 10 and not find_dates(line)
        for match in phrases.find(folded, original=line):
            doc_type, tier = phrases.kind(match).split("|")
            # A title starts its line or fills most of it: "Certificate issue date: ..." and
            # "please find attached our certificate" are not titles.
            at_start = not folded[: match.start()].strip(" -•*|")
            fills = len(match.group(0)) >= 0.6 * len(stripped)
            if tier != "title" or not (headline and (at_start or fills)):
                continue
            # The first title on the page names the document; the rest confirm it.
            bonus = 3.0 if not headline_given else 0.0
            headline_given = True
            scores[doc_type] += 6.0 + bonus - min(position, 8) * 0.25
            seen.add(match.group(0))
    text = fold(document.text[:60000])
    for match in phrases.find(text, original=document.text[:60000]):
        doc_type, tier = phrases.kind(match).split("|")
        phrase = match.group(0)
        weight = _TIER_WEIGHTS[tier] if phrase not in seen else 0.1
        seen.add(phrase)
        key = (doc_type, tier)
        if tier_totals[key] + weight > _TIER_CAPS[tier]:
            weight = max(0.0, _TIER_CAPS[tier] - tier_totals[key])
        tier_totals[key] += weight
        scores[doc_type] += weight
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    if not ranked or ranked[0][1] < MIN_SCORE:
        top = ranked[0][1] if ranked else 0.0
        return Classification("other", 0.6 if top < 2 else 0.45, dict(scores))
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    margin = (top - second) / top
    confidence = 0.5 + 0.5 * margin
    if top < 8:
        confidence *= 0.85
    return Classification(best, round(min(confidence, 0.99), 3), dict(scores))
