"""Holder and issuer names: from labels, certification statements, letterheads and signatures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extraction.document import TextDocument
from extraction.fields.evidence import field_value
from extraction.fields.labelled import LabelledValue, labelled_values
from extraction.text import fold, label_regex, load_data
from extraction.types import FieldValue

_MAX_NAME = 110
_LETTERHEAD_LINES = 6
_SIGNATURE_LINES = 14
ISSUER_FROM_LETTERHEAD = frozenset({"certification", "insurance_certificate", "business_licence"})


@dataclass(frozen=True)
class NameCandidate:
    name: str
    confidence: float
    page: int
    line: int
    start: int
    end: int


@cache
def _organisation_pattern() -> re.Pattern[str]:
    data = load_data("organisations.json")
    latin = sorted((re.escape(fold(f)) for f in data["legal_forms"]), key=len, reverse=True)
    cjk = sorted((re.escape(f) for f in data["cjk_forms"]), key=len, reverse=True)
    return re.compile(r"(?<![a-z])(?:" + "|".join(latin) + r")(?![a-z])|" + "|".join(cjk))


@cache
def _statement_pattern() -> re.Pattern[str]:
    data = load_data("organisations.json")
    phrases = sorted(data["certify_statements"], key=len, reverse=True)
    return re.compile("|".join(label_regex(p) for p in phrases))


@cache
def _prefix_pattern() -> re.Pattern[str]:
    data = load_data("organisations.json")
    phrases = sorted(data["holder_prefixes"], key=len, reverse=True)
    return re.compile(r"^\s*(?:" + "|".join(label_regex(p) for p in phrases) + r")\s*[:,]?\s*")


def looks_like_organisation(text: str) -> bool:
    """A short line that carries a legal form ("GmbH", "Ltd", "有限公司") or an org word."""
    stripped = text.strip()
    if not 3 <= len(stripped) <= _MAX_NAME or len(stripped.split()) > 12:
        return False
    return bool(_organisation_pattern().search(fold(stripped)))


def clean_name(text: str) -> str:
    """Trim a name: surrounding punctuation, quotes, a trailing "has ..." clause."""
    name = text.strip(" \t:：,;.\"'“”«»()（）-|")
    name = re.split(
        r"\s+(?:has|have|hat|a été|a mis|ha|ha sido|located|with registered|registered office)\s",
        name,
        maxsplit=1,
    )[0]
    name = re.split(r"\s{3,}|\s\|\s", name, maxsplit=1)[0]
    if name.endswith(".") and not _organisation_pattern().search(fold(name[-6:])):
        name = name[:-1]
    return name.strip(" \t:：,;\"'“”«»-|")


def _from_label(document: TextDocument, value: LabelledValue, base: float) -> NameCandidate | None:
    name = clean_name(value.value)
    if not name or len(name) > _MAX_NAME or not re.search(r"[^\W\d_]", name):
        return None
    confidence = base * (0.8 if value.generic else 1.0)
    if looks_like_organisation(name):
        confidence = min(0.97, confidence + 0.05)
    elif value.generic:
        confidence *= 0.8
    line = document.pages[value.page - 1].lines[value.line].text
    start = line.find(name)
    start = start if start >= 0 else value.start
    return NameCandidate(name, confidence, value.page, value.line, start, start + len(name))


def _from_statement(document: TextDocument) -> NameCandidate | None:
    """The name after "This is to certify that" / "兹证明" (same line or the next one)."""
    pattern = _statement_pattern()
    for page in document.pages[:2]:
        for index, line in enumerate(page.lines):
            match = pattern.search(fold(line.text))
            if not match:
                continue
            rest = line.text[match.end() :]
            candidates = [(index, match.end(), rest)]
            candidates += [
                (i, 0, page.lines[i].text)
                for i in range(index + 1, min(index + 4, len(page.lines)))
            ]
            for line_index, offset, text in candidates:
                prefix = _prefix_pattern().match(fold(text))
                skip = prefix.end() if prefix else 0
                name = clean_name(text[skip:])
                if len(name) >= 3 and re.search(r"[^\W\d_]", name):
                    if len(name) > _MAX_NAME or (
                        len(name.split()) > 10 and not looks_like_organisation(name)
                    ):
                        break
                    start = offset + skip + text[skip:].find(name)
                    confidence = 0.9 if looks_like_organisation(name) else 0.78
                    return NameCandidate(
                        name, confidence, page.number, line_index, start, start + len(name)
                    )
    return None


def _organisation_lines(
    document: TextDocument, page_index: int, first: bool, count: int
) -> list[NameCandidate]:
    if not document.pages:
        return []
    page = document.pages[page_index]
    lines = list(enumerate(page.lines))
    chosen = lines[:count] if first else lines[-count:]
    out = []
    for index, line in chosen:
        text = clean_name(line.text)
        if looks_like_organisation(text) and not re.search(r"\d{3,}", text):
            start = max(0, line.text.find(text))
            out.append(NameCandidate(text, 0.6, page.number, index, start, start + len(text)))
    return out


def _best(candidates: list[NameCandidate]) -> NameCandidate | None:
    return max(candidates, key=lambda c: c.confidence) if candidates else None


def _same(a: str, b: str) -> bool:
    return re.sub(r"\W", "", fold(a)) == re.sub(r"\W", "", fold(b))


def extract_parties(document: TextDocument, doc_type: str) -> dict[str, FieldValue]:
    """``holder_name`` and ``issuer_name`` with evidence."""
    values = list(labelled_values(document, frozenset({"holder_name", "issuer_name"})))
    holders = [c for v in values if v.kind == "holder_name" if (c := _from_label(document, v, 0.9))]
    issuers = [
        c for v in values if v.kind == "issuer_name" if (c := _from_label(document, v, 0.88))
    ]
    statement = _from_statement(document)
    if statement:
        holders.append(statement)
    holder: NameCandidate | None = _best(holders)
    issuer: NameCandidate | None = _best(issuers)
    if doc_type in ISSUER_FROM_LETTERHEAD and issuer is None:
        for candidate in _organisation_lines(document, 0, True, _LETTERHEAD_LINES):
            if holder is None or not _same(candidate.name, holder.name):
                issuer = candidate
                break
    if doc_type == "audit_report" and issuer is None:
        signed = _organisation_lines(document, len(document.pages) - 1, False, _SIGNATURE_LINES)
        signed = [c for c in signed if holder is None or not _same(c.name, holder.name)]
        issuer = signed[-1] if signed else None
    if holder is None:
        for candidate in _organisation_lines(document, 0, True, 12):
            if issuer is None or not _same(candidate.name, issuer.name):
                holder = candidate
                break
    out: dict[str, FieldValue] = {}
    for name, chosen in (("holder_name", holder), ("issuer_name", issuer)):
        if chosen is not None:
            out[name] = field_value(
                document,
                chosen.name,
                chosen.confidence,
                chosen.page,
                chosen.line,
                chosen.start,
                chosen.end,
            )
    return out
