"""Roles of the dates in a document, from their labels and layout.

A date takes the role of the nearest label before it on its line; when the line holds only the
value, of the label line above (one label: that label; a header of several labels over as many
dates: column by column). Two dates joined by a connector ("from X to Y", "X 至 Y", "du X au
Y") form a range whose label says whether it is a validity (effective..expiry) or a period
(start..end). A validity that ends in "长期", "unbefristet" or "indefinite" has no expiry.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from extraction.dates import DateMention, find_dates
from extraction.document import Line, TextDocument
from extraction.text import LabelSet, compile_labels, fold, is_cjk, label_regex, load_data

# What a label kind means for a single date and for the two ends of a range.
SINGLE_ROLE: dict[str, str] = {
    "expiry": "expiry",
    "validity": "expiry",
    "effective": "effective",
    "issue": "issue",
    "period": "period_end",
    "period_start": "period_start",
    "period_end": "period_end",
    "fiscal_year_end": "fiscal_year_end",
    "audit": "audit",
    "print": "print",
    "established": "established",
    "signature": "signature",
    "generic": "generic",
}
RANGE_ROLES: dict[str, tuple[str, str]] = {
    "expiry": ("effective", "expiry"),
    "validity": ("effective", "expiry"),
    "effective": ("effective", "expiry"),
    "issue": ("issue", "expiry"),
    "period": ("period_start", "period_end"),
    "period_start": ("period_start", "period_end"),
    "period_end": ("period_start", "period_end"),
    "fiscal_year_end": ("period_start", "fiscal_year_end"),
    "audit": ("audit", "audit"),
    "print": ("print", "print"),
    "established": ("established", "established"),
    "signature": ("signature", "signature"),
    "generic": ("effective", "expiry"),
}
PERIOD_TYPES = frozenset({"audit_report", "self_report", "financial_statement"})
_LABEL_REACH = 60  # characters between a label and its date
_CONNECTOR = re.compile(
    r"\s*(?:\(?\s*(?:inclusive|inclus|einschl\.?|incluido)\s*\)?)?\s*,?\s*"
    r"(?:-|~|to|until|till|through|thru|and|bis|bis zum|bis einschließlich|und|au|jusqu'au|et|"
    r"a|al|hasta|hasta el|y|起至|至|到|起到|止至|—|–)\s*(?:the\s+|le\s+|el\s+)?",
    re.IGNORECASE,
)
_TRAILING_LABEL = re.compile(r"^\s*(起|止年度|止|年度)")
_PLACE_DATE = re.compile(r"^\s*[^\W\d_][^\d:]{1,30},\s*(?:le|den|am|a|el|the|on)?\s*$")


@dataclass(frozen=True)
class RoledDate:
    """A date mention with its role and the evidence span on its line."""

    mention: DateMention
    role: str
    strength: float
    evidence_start: int
    label: str = ""
    in_range: bool = False


@dataclass(frozen=True)
class NoExpiry:
    """An explicit statement that a document does not expire ("营业期限 长期")."""

    page: int
    line: int
    start: int
    end: int
    strength: float


@cache
def date_labels() -> LabelSet:
    data: dict[str, dict[str, list[str]]] = load_data("date_labels.json")
    return compile_labels(
        {
            kind: [p for phrases in langs.values() for p in phrases]
            for kind, langs in data.items()
            if not kind.startswith("_")
        }
    )


@cache
def _no_expiry() -> re.Pattern[str]:
    terms: list[str] = load_data("no_expiry.json")
    terms.sort(key=len, reverse=True)
    return re.compile("|".join(label_regex(term) for term in terms))


def _label_before(
    labels: LabelSet, folded: str, segment_start: int, date_start: int, original: str | None = None
) -> tuple[str, int, float, str] | None:
    """(kind, label start, strength, label text) of the closest label before a date."""
    matches = labels.find(folded, segment_start, date_start, original=original)
    for position in range(len(matches) - 1, -1, -1):
        match = matches[position]
        gap = folded[match.end() : date_start]
        if len(gap) > _LABEL_REACH:
            continue
        tidy = gap.strip(" :：-.,()[]/")
        strength = 1.0 if len(tidy) <= 6 else 0.85 if len(tidy) <= 30 else 0.75
        # A bare preposition after a real label ("pour la période du") defers to that label.
        if position and len(match.group(0).replace(" ", "")) <= 4 and not is_cjk(match.group(0)[0]):
            previous = matches[position - 1]
            if len(folded[previous.end() : match.start()].strip(" :：-,")) == 0:
                return labels.kind(previous), previous.start(), strength, previous.group(0)
        return labels.kind(match), match.start(), strength, match.group(0)
    return None


def _lines_above(lines: Sequence[Line], index: int) -> list[str]:
    """Texts of the lines above ``lines[index]``, nearest first: by position on the page when
    boxes are known (the lines over the same stretch of width when one is close, else any
    line, as for a seal date right of its label), else in reading order."""
    box = lines[index].bbox
    if box is None:
        return [lines[i].text for i in range(index - 1, -1, -1)]
    height = box[3] - box[1]
    above = [
        line for line in lines if line.bbox is not None and line.bbox[3] <= box[1] + 0.3 * height
    ]
    above.sort(key=lambda line: -line.bbox[3])  # type: ignore[index]
    over = [line for line in above if line.bbox[0] < box[2] and line.bbox[2] > box[0]]  # type: ignore[index]
    if over and over[0].bbox[3] >= box[1] - 2.5 * height:  # type: ignore[index]
        above = over
    return [line.text for line in above]


def _label_lines_above(
    lines: Sequence[Line], index: int, labels: LabelSet
) -> list[tuple[str, str]]:
    """Labels of the nearest line above that holds labels but no dates (a header or caption).

    "Above" is where the page shows it when lines have boxes: OCR reads a form's right-hand
    column as a block of its own, so a seal date at the foot of a licence can follow the
    company name in reading order while its label line stands right above it.
    """
    for text in _lines_above(lines, index)[:2]:
        if find_dates(text):
            return []
        folded = fold(text)
        found = [(labels.kind(m), m.group(0)) for m in labels.find(folded)]
        if found:
            return found
        if text.strip():
            return []
    return []


def _groups(mentions: Sequence[DateMention], folded: str) -> list[list[DateMention]]:
    """Dates of one line grouped into ranges (two joined by a connector) and single dates."""
    groups: list[list[DateMention]] = []
    for mention in mentions:
        if groups and len(groups[-1]) == 1:
            between = folded[groups[-1][0].end : mention.start]
            if _CONNECTOR.fullmatch(between):
                groups[-1].append(mention)
                continue
        groups.append([mention])
    return groups


def _open_end(folded: str, position: int) -> re.Match[str] | None:
    """A no-expiry term after a start date ("2015年3月1日至长期", "ab 1.3.2015 unbefristet")."""
    connector = _CONNECTOR.match(folded, position)
    for start in (connector.end() if connector else position, position):
        while start < len(folded) and folded[start] in " :()（）,":
            start += 1
        term = _no_expiry().match(folded, start)
        if term:
            return term
    return None


def label_dates(
    document: TextDocument, doc_type: str
) -> tuple[list[RoledDate], list[NoExpiry], list[DateMention]]:
    """Every date of ``document`` with a role, the no-expiry statements, and all mentions."""
    labels = date_labels()
    roled: list[RoledDate] = []
    no_expiry: list[NoExpiry] = []
    mentions_all: list[DateMention] = []
    for page in document.pages:
        lines = page.lines
        for index, line in enumerate(lines):
            folded = fold(line.text)
            mentions = find_dates(line.text, page.number, index)
            mentions_all.extend(mentions)
            roled.extend(_label_line(line, index, lines, folded, mentions, labels, doc_type))
            no_expiry.extend(_no_expiry_in_line(folded, page.number, index, mentions, labels))
    return roled, no_expiry, mentions_all


def _label_line(
    line: Line,
    index: int,
    lines: Sequence[Line],
    folded: str,
    mentions: Sequence[DateMention],
    labels: LabelSet,
    doc_type: str,
) -> list[RoledDate]:
    out: list[RoledDate] = []
    groups = _groups(mentions, folded)
    paired = _paired_labels(labels, folded, line.text, groups)
    if paired:
        return paired
    above: list[tuple[str, str]] | None = None
    previous_end = 0
    for position, group in enumerate(groups):
        first = group[0]
        found = _label_before(labels, folded, previous_end, first.start, line.text)
        if found is None and position == 0 and _TRAILING_LABEL.match(folded[group[-1].end :]):
            trailing = _TRAILING_LABEL.match(folded[group[-1].end :])
            assert trailing is not None
            kind = "fiscal_year_end" if "年度" in trailing.group(1) else "effective"
            found = (kind, first.start, 0.9, trailing.group(1))
        segment = folded[previous_end : first.start]
        place_date = position == 0 and _PLACE_DATE.match(segment)
        if place_date and (found is None or len(found[3].replace(" ", "")) <= 3):
            found = ("signature", previous_end, 0.7, "")
        if found is None and above is None:
            above = _label_lines_above(lines, index, labels)
        dated_labels = [a for a in (above or []) if a[0] in SINGLE_ROLE]
        if found is None and len(dated_labels) == len(groups) > 1:
            # A header of date labels over a row with as many dates ("POLICY EFF  POLICY EXP").
            kind, text = dated_labels[position]
            found = (kind, first.start, 0.85, text)
        if found is None and len(segment.strip(" :：-.,()[]/|")) <= 3:
            # The value stands alone: take the label line above (a caption or table header).
            if above is None:
                above = _label_lines_above(lines, index, labels)
            if len(above) == len(groups) and len(groups) > 1:
                kind, text = above[position]
                found = (kind, first.start, 0.85, text)
            elif len(above) >= 1 and len(groups) == 1:
                kind, text = above[-1]
                found = (kind, first.start, 0.88, text)
        if found is None:
            kind = "unlabelled"
            strength, start, label = 0.5, first.start, ""
        else:
            kind, start, strength, label = found
        if len(group) == 2:
            if kind == "unlabelled":
                kind = "period" if doc_type in PERIOD_TYPES else "validity"
                strength = 0.75
            roles = RANGE_ROLES.get(kind, ("other", "other"))
            for mention, role in zip(group, roles, strict=True):
                out.append(RoledDate(mention, role, strength, start, label, in_range=True))
        elif _open_end(folded, first.end):
            # "2015年3月1日至长期": the date starts an open-ended validity.
            role = RANGE_ROLES.get(kind, ("effective", "expiry"))[0]
            if kind == "unlabelled":
                role, strength = "effective", 0.75
            out.append(RoledDate(first, role, strength, start, label, in_range=True))
        else:
            role = SINGLE_ROLE.get(kind, kind)
            out.append(RoledDate(first, role, strength, start, label))
        previous_end = group[-1].end
    return out


def _paired_labels(
    labels: LabelSet, folded: str, original: str, groups: Sequence[Sequence[DateMention]]
) -> list[RoledDate]:
    """ "Issue Date / Expiry Date: 01.01.2024 / 31.12.2026": as many labels before the first
    date as there are dates after them, with nothing but separators between the dates."""
    if len(groups) < 2 or any(len(group) != 1 for group in groups):
        return []
    first = groups[0][0]
    found = labels.find(folded, 0, first.start, original=original)
    if len(found) != len(groups):
        return []
    for before, after in pairwise(groups):
        if folded[before[0].end : after[0].start].strip(" /|,;-") != "":
            return []
    out = []
    for match, group in zip(found, groups, strict=True):
        role = SINGLE_ROLE.get(labels.kind(match), "other")
        out.append(RoledDate(group[0], role, 0.85, match.start(), match.group(0)))
    return out


def _no_expiry_in_line(
    folded: str, page: int, index: int, mentions: Sequence[DateMention], labels: LabelSet
) -> list[NoExpiry]:
    found: list[NoExpiry] = []
    for mention in mentions:
        term = _open_end(folded, mention.end)
        if term:
            found.append(NoExpiry(page, index, mention.start, term.end(), 0.92))
    if found:
        return found
    for term in _no_expiry().finditer(folded):
        before = _label_before(labels, folded, 0, term.start())
        if before and before[0] in {"validity", "expiry"}:
            found.append(NoExpiry(page, index, before[1], term.end(), 0.9 * before[2]))
    return found
