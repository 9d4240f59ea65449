"""The reviewer's verdict on one extracted value: accept, correct (validated by the kind of
value), or mark it absent from the document. Built on portal.documents.fields.change_field
(optimistic concurrency, revision, audit row); the document's expiry date and its lowest
confidence still to check follow the fields."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import NumberFormatError, list_currencies, parse_decimal
from sqlalchemy import and_, func, insert, or_, select, update

from extraction.fields.financials import BALANCE_SHEET, FIGURES
from portal.core.db import db, utcnow
from portal.documents.fields import FieldChange, change_field
from portal.documents.models import Document, ExtractedField, FieldRevision
from portal.i18n import lazy_gettext as _l
from portal.review.claims import InvalidReviewInput, ReviewRefused, ensure_claim
from portal.vendor.words import DATE_FIELDS, PERCENT_FIELDS

CURRENCY_FIELDS = frozenset(("currency", "liability_cap_currency"))
WHOLE_NUMBER_FIELDS = frozenset(
    (
        "initial_term_months",
        "renewal_term_months",
        "termination_notice_days",
        "non_renewal_notice_days",
        "payment_terms_days",
        "incidents",
        "liability_cap_months_fees",
    )
)
# Every figure the extraction library reads from financial statements, and the liability cap.
AMOUNT_FIELDS = frozenset((*FIGURES, *BALANCE_SHEET, "liability_cap_amount"))
BOOLEAN_FIELDS = frozenset(("auto_renewal",))
LIST_FIELDS = frozenset(("parties",))
TEXT_LIMIT = 1000
NOTE_LIMIT = 1000
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)


def value_kind(field: ExtractedField) -> str:
    """How a value is entered and checked: date, currency, number, percent, boolean, list, text."""
    name = field.name
    if name in DATE_FIELDS:
        return "date"
    if name in CURRENCY_FIELDS:
        return "currency"
    if name in PERCENT_FIELDS:
        return "percent"
    if name in WHOLE_NUMBER_FIELDS:
        return "whole"
    if name in AMOUNT_FIELDS or name == "nps":
        return "number"
    if name in BOOLEAN_FIELDS or isinstance(field.value, bool):
        return "boolean"
    if name in LIST_FIELDS or isinstance(field.value, list):
        return "list"
    if isinstance(field.value, int | float):
        return "number"
    return "text"


def input_value(field: ExtractedField) -> str:
    """The current value as the correction form shows it (ISO dates, plain numbers)."""
    value = field.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    return str(value)


def _number(text: str, locale: str) -> Decimal:
    cleaned = text.replace("\u00a0", " ").strip()
    try:
        return Decimal(cleaned.replace(" ", ""))
    except InvalidOperation:
        pass
    try:
        return parse_decimal(cleaned, locale=locale, strict=True)
    except NumberFormatError:
        raise InvalidReviewInput(
            _l("“%(text)s” is not a number. Write it like 1234567.89.", text=text)
        ) from None


def parse_correction(field: ExtractedField, text: str, locale: str = "en") -> Any:
    """The value a reviewer typed, checked and normalised as the extraction contract writes it;
    raises InvalidReviewInput with a message saying what is expected."""
    kind = value_kind(field)
    text = text.strip()
    if not text:
        raise InvalidReviewInput(
            _l("Enter the correct value, or mark the value as not in the document.")
        )
    if kind == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise InvalidReviewInput(_l("Write the date as YYYY-MM-DD, for example 2028-03-31."))
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise InvalidReviewInput(
                _l("%(text)s is not a date in the calendar.", text=text)
            ) from None
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            raise InvalidReviewInput(_l("The date %(text)s is not plausible.", text=text))
        return day.isoformat()
    if kind == "currency":
        code = text.upper()
        if not re.fullmatch(r"[A-Z]{3}", code) or code not in list_currencies():
            raise InvalidReviewInput(
                _l("Use a three-letter ISO 4217 currency code such as EUR, USD or CNY.")
            )
        return code
    if kind == "boolean":
        lowered = text.lower()
        if lowered in ("yes", "true", "1", "y"):
            return True
        if lowered in ("no", "false", "0", "n"):
            return False
        raise InvalidReviewInput(_l("Answer yes or no."))
    if kind == "list":
        items = [line.strip() for line in text.splitlines() if line.strip()]
        if any(len(item) > TEXT_LIMIT for item in items):
            raise InvalidReviewInput(_l("Keep each entry under %(n)d characters.", n=TEXT_LIMIT))
        return items
    if kind in ("number", "whole", "percent"):
        number = _number(text, locale)
        if not number.is_finite():
            raise InvalidReviewInput(_l("“%(text)s” is not a number.", text=text))
        if kind == "whole":
            if number != number.to_integral_value() or number < 0:
                raise InvalidReviewInput(_l("Enter a whole number of 0 or more."))
            return int(number)
        if kind == "percent" and not Decimal(0) <= number <= Decimal(100):
            raise InvalidReviewInput(_l("A percentage is between 0 and 100."))
        if field.name == "nps" and not Decimal(-100) <= number <= Decimal(100):
            raise InvalidReviewInput(_l("A Net Promoter Score is between -100 and 100."))
        return int(number) if number == number.to_integral_value() else float(number)
    if len(text) > TEXT_LIMIT:
        raise InvalidReviewInput(_l("Keep the value under %(n)d characters.", n=TEXT_LIMIT))
    return text


def _checked_note(note: str | None) -> str | None:
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        raise InvalidReviewInput(_l("Keep the note under %(n)d characters.", n=NOTE_LIMIT))
    return note or None


def refresh_review_summary(document_id: int) -> None:
    """The document's lowest confidence among values still to check (the queue sorts by it)."""
    lowest = (
        select(func.min(ExtractedField.confidence))
        .where(ExtractedField.document_id == document_id, ExtractedField.review_status == "pending")
        .scalar_subquery()
    )
    db.session.execute(
        update(Document)
        .where(Document.id == document_id)
        .values(min_confidence=func.coalesce(lowest, 1.0))
        .execution_options(synchronize_session=False)
    )


def _follow_expiry(field: ExtractedField) -> None:
    if field.name != "expiry_date" or field.kind != "field":
        return
    value = field.value if field.review_status != "absent" else None
    expiry = date.fromisoformat(value) if isinstance(value, str) else None
    document = field.document
    if document.expiry_date != expiry:
        document.expiry_date = expiry


def review_field(
    field: ExtractedField,
    expected_version: int,
    user_id: int,
    action: str,
    text: str = "",
    note: str | None = None,
    locale: str = "en",
) -> ExtractedField:
    """`accept`, `correct` (with `text`) or `absent`; raises ReviewRefused / StaleField."""
    document = field.document
    if document.state != "in_review":
        raise ReviewRefused(_l("Values can be reviewed only while the document is in review."))
    note = _checked_note(note)
    if action == "accept":
        change = FieldChange(review_status="accepted", note=note)
    elif action == "correct":
        value = parse_correction(field, text, locale)
        change = FieldChange(value=value, review_status="corrected", note=note)
    elif action == "absent":
        change = FieldChange(value=None, review_status="absent", note=note)
    else:
        raise InvalidReviewInput(_l("Unknown action."))
    ensure_claim(document, user_id)
    change_field(field, expected_version, change, "reviewer")
    _follow_expiry(field)
    db.session.flush()
    refresh_review_summary(document.id)
    return field


def accept_remaining(document: Document, user_id: int, note: str) -> list[str]:
    """Accept every value still pending, set-wise (on approval): one UPDATE that only takes rows
    still at the version read, and one revision per value. The decision's audit row carries
    every value before and after. Returns the names accepted."""
    pending = {f.id: f for f in document.fields if f.review_status == "pending"}
    if not pending:
        return []
    now = utcnow()
    rows = db.session.execute(
        update(ExtractedField)
        .where(
            ExtractedField.id.in_(list(pending)),
            ExtractedField.review_status == "pending",
            or_(
                *(
                    and_(ExtractedField.id == f.id, ExtractedField.version == f.version)
                    for f in pending.values()
                )
            ),
        )
        .values(
            review_status="accepted",
            reviewer_id=user_id,
            version=ExtractedField.version + 1,
            updated_at=now,
        )
        .returning(
            ExtractedField.id, ExtractedField.version, ExtractedField.value, ExtractedField.source
        )
        .execution_options(synchronize_session=False)
    ).all()
    if len(rows) != len(pending):
        raise ReviewRefused(_l("A value changed while you decided. Reload the page and check it."))
    db.session.execute(
        insert(FieldRevision),
        [
            {
                "field_id": row.id,
                "version": row.version,
                "value": row.value,
                "review_status": "accepted",
                "source": row.source,
                "actor_user_id": user_id,
                "note": note,
                "at": now,
            }
            for row in rows
        ],
    )
    names = sorted(pending[row.id].name for row in rows)  # before expiring: no reload per value
    for field in pending.values():
        db.session.expire(field)
    return names
