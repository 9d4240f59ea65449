"""Date fields from role-labelled dates: choice per role, day/month order, validity rules.

Confidence starts from how clearly the label names the role, then drops for an ambiguous
numeric date read by a language default, for competing values, and for values that break the
validity rules of their type (ISO certificates at most three years, SOC 2 periods of 3-12
months, insurance policies of about a year, expiry after issue).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta

from extraction.dates import DateMention, numeric_order, swap
from extraction.document import TextDocument
from extraction.fields.evidence import field_value
from extraction.roles import NoExpiry, RoledDate, label_dates
from extraction.types import ExtractionConfig, FieldValue

ROLE_FIELDS: dict[str, str] = {
    "issue": "issue_date",
    "effective": "effective_date",
    "expiry": "expiry_date",
    "period_start": "period_start",
    "period_end": "period_end",
    "fiscal_year_end": "fiscal_year_end",
}
# Fields each type carries; other dates found in a document are not reported for it.
TYPE_DATE_FIELDS: dict[str, tuple[str, ...]] = {
    "business_licence": ("issue_date", "effective_date", "expiry_date"),
    "certification": ("issue_date", "effective_date", "expiry_date"),
    "insurance_certificate": ("issue_date", "effective_date", "expiry_date"),
    "audit_report": ("issue_date", "period_start", "period_end"),
    "financial_statement": ("fiscal_year_end", "period_start", "period_end", "issue_date"),
    "self_report": ("issue_date", "period_start", "period_end"),
    "contract": ("effective_date", "expiry_date"),
    "other": ("issue_date", "expiry_date"),
}
# Where an issue date comes from when no label names one; a certificate's validity starts on issue.
_ISSUE_FALLBACKS: dict[str, float] = {"signature": 0.8, "effective": 0.78, "generic": 0.7}


def _base_confidence(strength: float) -> float:
    return 0.95 * strength


def _choose(candidates: Sequence[RoledDate]) -> tuple[RoledDate, float] | None:
    """The best candidate and a factor for competing values with a similar label."""
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (c.strength, -c.mention.page, -c.mention.line))
    rivals = {
        c.mention.value
        for c in candidates
        if c.strength >= best.strength - 0.1 and c.mention.value != best.mention.value
    }
    return best, (0.75 if rivals else 1.0)


def _ordered(roled: Iterable[RoledDate], order: str) -> list[RoledDate]:
    if order == "DMY":
        return list(roled)
    return [replace(r, mention=swap(r.mention)) for r in roled]


def _consistent(chosen: dict[str, RoledDate]) -> bool:
    starts = [
        chosen[k].mention.value for k in ("issue", "effective", "period_start") if k in chosen
    ]
    ends = [chosen[k].mention.value for k in ("expiry", "period_end") if k in chosen]
    return all(start < end for start in starts for end in ends)


def _select(
    roled: Sequence[RoledDate], doc_type: str
) -> tuple[dict[str, RoledDate], dict[str, float]]:
    chosen: dict[str, RoledDate] = {}
    factors: dict[str, float] = {}
    for role in ROLE_FIELDS:
        picked = _choose([r for r in roled if r.role == role])
        if picked:
            chosen[role], factors[role] = picked
    if "issue" not in chosen:
        for role, strength in _ISSUE_FALLBACKS.items():
            if role == "effective" and doc_type != "certification":
                continue
            picked = _choose([replace(r, strength=strength) for r in roled if r.role == role])
            if picked:
                chosen["issue"], factors["issue"] = picked
                break
    return chosen, factors


def _report_date(roled: Sequence[RoledDate], period_end: date) -> RoledDate | None:
    """An assurance report is dated after its period ends: the first unlabelled date within a
    year after it ("/s/ Auditor LLP, San Francisco, June 20, 2025")."""
    later = [
        r
        for r in roled
        if r.role in {"unlabelled", "generic"}
        and period_end < r.mention.value <= period_end + timedelta(days=366)
    ]
    if not later:
        return None
    return replace(min(later, key=lambda r: r.mention.value), strength=0.7)


def _years_between(start: date, end: date) -> float:
    return (end - start).days / 365.25


def _validity_factors(doc_type: str, values: dict[str, date]) -> dict[str, float]:
    factors: dict[str, float] = {}
    start = values.get("issue") or values.get("effective")
    expiry = values.get("expiry")
    if expiry and start:
        span = _years_between(start, expiry)
        if span <= 0:
            factors["expiry"] = 0.5
        elif doc_type == "certification" and span > 3.1:
            factors["expiry"] = 0.55
        elif doc_type == "insurance_certificate" and not 0.8 <= span <= 1.15:
            factors["expiry"] = 0.85
    period_start, period_end = values.get("period_start"), values.get("period_end")
    if period_start and period_end:
        months = _years_between(period_start, period_end) * 12
        if months <= 0:
            factors["period_start"] = factors["period_end"] = 0.5
        elif doc_type == "audit_report" and not 2.8 <= months <= 12.5:
            factors["period_start"] = factors["period_end"] = 0.65
    issue = values.get("issue")
    if doc_type == "audit_report" and issue and period_end and issue < period_end:
        factors["issue"] = 0.6
    return factors


def _no_expiry_value(document: TextDocument, statements: Sequence[NoExpiry]) -> FieldValue:
    best = max(statements, key=lambda s: s.strength)
    return field_value(document, None, best.strength, best.page, best.line, best.start, best.end)


def extract_date_fields(
    document: TextDocument, doc_type: str, language: str | None, config: ExtractionConfig
) -> dict[str, FieldValue]:
    """Issue, effective, expiry, period and fiscal-year-end dates of one document."""
    roled, no_expiry, mentions = label_dates(document, doc_type)
    order, reason = numeric_order(mentions, language, config.country_hint, document.text)
    roled = _ordered(roled, order)
    chosen, factors = _select(roled, doc_type)
    ambiguity = 0.97 if reason != "language" or language != "en" else 0.82
    if reason != "explicit" and not _consistent(chosen):
        flipped, flipped_factors = _select(_ordered(roled, "MDY"), doc_type)
        if _consistent(flipped):
            chosen, factors = flipped, flipped_factors
            ambiguity = 0.88
    if doc_type == "audit_report" and "issue" not in chosen and "period_end" in chosen:
        report_date = _report_date(roled, chosen["period_end"].mention.value)
        if report_date:
            chosen["issue"], factors["issue"] = report_date, 1.0
    values = {role: r.mention.value for role, r in chosen.items()}
    rules = _validity_factors(doc_type, values)
    wanted = TYPE_DATE_FIELDS.get(doc_type, ())
    out: dict[str, FieldValue] = {}
    for role, candidate in chosen.items():
        name = ROLE_FIELDS[role]
        if name not in wanted:
            continue
        mention: DateMention = candidate.mention
        confidence = _base_confidence(candidate.strength) * factors[role] * rules.get(role, 1.0)
        if mention.alternative is not None:
            confidence *= ambiguity
        start = min(candidate.evidence_start, mention.start)
        out[name] = field_value(
            document,
            mention.value.isoformat(),
            confidence,
            mention.page,
            mention.line,
            start,
            mention.end,
        )
    if "expiry_date" in wanted and "expiry_date" not in out and no_expiry:
        out["expiry_date"] = _no_expiry_value(document, no_expiry)
    return out
