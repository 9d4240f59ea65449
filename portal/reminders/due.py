"""Which reminders are due on a day: one set-based query over all documents, no per-document loop.

For every standing document (approved, or expired and not yet renewed) the query finds the latest
threshold that has passed — the smallest "days before" that is at least the days still left. The
documents whose latest threshold the ledger does not hold yet are set apart first (one index probe
each), and only those are paired with their recipients. A run that missed days therefore sends the
latest reminder once; the thresholds it jumped over are reported as collapsed.

Thresholds are days before the anchor date (the expiry date, or a contract's notice deadline):
90 … 1, 0 on the day, and -7, -14 … every `repeat_after_expiry_days` once expired.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Row,
    Select,
    String,
    and_,
    bindparam,
    case,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    text,
    true,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from portal.documents.models import Document, ExtractedField
from portal.reminders.models import Reminder
from portal.reminders.policy import Policy, PolicySet
from portal.reminders.recipients import admin_recipients, owner_recipients, vendor_recipients
from portal.reminders.requirements import STANDING, document_type, uncovered_requirements
from portal.reminders.sqlfuncs import add_days, days_between, json_integer
from portal.requirements.checklist import RequirementSpec, active_requirement_specs
from portal.vendors.models import Vendor

# A renewal in these states is with the reviewers: the vendor has acted, so stop nagging them.
RENEWAL_IN_REVIEW = ("uploaded", "queued", "extracting", "extracted", "in_review")
NOTICE_CLAUSE = "non_renewal_notice_days"
# The statement is built once per policy set; the day and its limits are bound at execution.
TODAY = bindparam("today", type_=Date())
HORIZON = bindparam("horizon", type_=Date())
ESCALATION_DAYS = bindparam("escalation_days", type_=Integer())

DUE_COLUMNS = (
    "document_id",
    "vendor_id",
    "doc_type",
    "rule",
    "threshold_days",
    "anchor_date",
    "days_left",
    "recipient_email",
    "recipient_name",
    "recipient_kind",
    "contact_id",
    "user_id",
    "language",
    "previous_threshold",
)


def threshold_case(
    days_left: ColumnElement[int], thresholds: tuple[int, ...], repeat_every: int = 0
) -> ColumnElement[Any]:
    """The latest passed threshold: the smallest of `thresholds` (ascending) >= days_left,
    or, `repeat_every` days or more after the anchor, the last whole multiple of it (negative)."""
    whens = [(days_left <= threshold, literal(threshold)) for threshold in thresholds]
    latest: ColumnElement[Any] = case(*whens, else_=null()) if whens else null()
    if repeat_every > 0:
        repeats = (-days_left) // literal(repeat_every)
        latest = case((days_left <= -repeat_every, repeats * -repeat_every), else_=latest)
    return latest


def _per_type(
    doc_type: ColumnElement[str], policies: PolicySet, build: Callable[[Policy], Any]
) -> ColumnElement[Any]:
    default = build(policies.default)
    whens = [(doc_type == name, build(policy)) for name, policy in policies.by_type.items()]
    return case(*whens, else_=default) if whens else default


def _expiry_threshold(policy: Policy, days_left: ColumnElement[int]) -> Any:
    if not policy.enabled:
        return null()
    return threshold_case(days_left, policy.thresholds(), policy.repeat_after_expiry_days)


def _flag(policies: PolicySet, doc_type: ColumnElement[str], name: str) -> ColumnElement[bool]:
    return _per_type(doc_type, policies, lambda p: literal(bool(getattr(p, name))))


def _fresh(candidates: Any, rule: str, name: str, once: bool = False) -> Any:
    """The candidates whose latest passed threshold is newer than anything the ledger holds for
    them, as a materialised step of its own, so that the per-row work after it (recipients,
    requirements) is done for these few only.

    One index probe per document finds the smallest threshold already planned for its anchor
    (thresholds only ever get smaller as the day comes closer): the document is due when there
    is none, or when its latest threshold is smaller still. The probe is a correlated subquery,
    not an anti-join, so its cost does not grow with the ledger's history. A threshold is planned
    for all of a document's recipients at once, so a contact added later gets the next one.
    `once`: a rule that fires a single time per anchor (escalation)."""
    earlier = aliased(Reminder)
    previous = (
        select(func.min(earlier.threshold_days))
        .where(
            earlier.document_id == candidates.c.document_id,
            earlier.rule == rule,
            earlier.anchor_date == candidates.c.anchor_date,
        )
        .scalar_subquery()
    )
    probed = (
        select(*candidates.c, previous.label("previous_threshold"))
        .where(candidates.c.threshold_days.is_not(None))
        .cte(f"{name}_probed")
        .prefix_with("MATERIALIZED")
    )
    newer: ColumnElement[bool] = probed.c.previous_threshold.is_(None)
    if not once:
        newer = or_(newer, probed.c.threshold_days < probed.c.previous_threshold)
    return select(*probed.c).where(newer).cte(name).prefix_with("MATERIALIZED")


def _pair(row: Any, recipient: Any, rule: str, *conditions: Any) -> Select[Any]:
    """The due rows of one rule: fresh documents × their recipients."""
    vendor_match = [recipient.c.vendor_id == row.c.vendor_id] if "vendor_id" in recipient.c else []
    return (
        select(
            row.c.document_id,
            row.c.vendor_id,
            row.c.doc_type,
            literal(rule, String()).label("rule"),
            row.c.threshold_days,
            row.c.anchor_date,
            row.c.days_left,
            recipient.c.email.label("recipient_email"),
            recipient.c.name.label("recipient_name"),
            recipient.c.kind.label("recipient_kind"),
            recipient.c.contact_id,
            recipient.c.user_id,
            recipient.c.language,
            row.c.previous_threshold,
        )
        .select_from(row)
        .join(recipient, and_(*vendor_match) if vendor_match else true())
        .where(*conditions)
    )


def _standing_documents() -> Any:
    return and_(
        Document.state.in_(STANDING),
        Document.expiry_date.is_not(None),
        Vendor.status != "suspended",
    )


def _document_columns(doc_type: ColumnElement[str], days_left: ColumnElement[int]) -> list[Any]:
    return [
        Document.id.label("document_id"),
        Document.vendor_id.label("vendor_id"),
        doc_type.label("doc_type"),
        Document.expiry_date.label("anchor_date"),
        days_left.label("days_left"),
    ]


def horizon_days(policies: PolicySet) -> int:
    """How far ahead the earliest reminder of any policy looks."""
    return max([0, *(max(p.offsets_days, default=0) for p in policies.all())])


def _expiry_rows(policies: PolicySet) -> list[Select[Any]]:
    doc_type = document_type()
    days_left = days_between(TODAY, Document.expiry_date)
    candidates = (
        select(
            *_document_columns(doc_type, days_left),
            _per_type(doc_type, policies, lambda p: _expiry_threshold(p, days_left)).label(
                "threshold_days"
            ),
            _flag(policies, doc_type, "notify_vendor").label("notify_vendor"),
            _flag(policies, doc_type, "notify_owner").label("notify_owner"),
        )
        .join(Vendor, Vendor.id == Document.vendor_id)
        .where(_standing_documents(), Document.expiry_date <= HORIZON)
        .subquery("expiring")
    )
    documents = _fresh(candidates, "expiry", "expiry_due")
    renewal = aliased(Document)
    renewal_in_review = exists().where(
        renewal.supersedes_id == documents.c.document_id, renewal.state.in_(RENEWAL_IN_REVIEW)
    )
    return [
        _pair(
            documents,
            vendor_recipients().subquery("vendor_side"),
            "expiry",
            documents.c.notify_vendor.is_(True),
            ~renewal_in_review,
        ),
        _pair(
            documents,
            owner_recipients().subquery("owners"),
            "expiry",
            documents.c.notify_owner.is_(True),
        ),
    ]


def _renewal_rows(policies: PolicySet) -> Select[Any]:
    doc_type = document_type()
    notice = json_integer(ExtractedField.value)
    # Materialised: the notice period is read out of its JSON once per contract.
    contracts = (
        select(
            Document.id.label("document_id"),
            Document.vendor_id.label("vendor_id"),
            doc_type.label("doc_type"),
            Document.expiry_date.label("expiry_date"),
            days_between(TODAY, Document.expiry_date).label("days_to_expiry"),
            notice.label("notice_days"),
        )
        .join(Vendor, Vendor.id == Document.vendor_id)
        .join(
            ExtractedField,
            and_(
                ExtractedField.document_id == Document.id,
                ExtractedField.name == NOTICE_CLAUSE,
                ExtractedField.kind == "clause",
            ),
        )
        .where(_standing_documents(), doc_type == "contract", Document.expiry_date >= TODAY)
        .cte("contracts")
        .prefix_with("MATERIALIZED")
    )
    days_left = contracts.c.days_to_expiry - contracts.c.notice_days

    def threshold(policy: Policy) -> Any:
        if not (policy.enabled and policy.notify_owner):
            return null()
        return threshold_case(days_left, policy.renewal_thresholds())

    candidates = (
        select(
            contracts.c.document_id,
            contracts.c.vendor_id,
            contracts.c.doc_type,
            add_days(contracts.c.expiry_date, -contracts.c.notice_days).label("anchor_date"),
            days_left.label("days_left"),
            _per_type(contracts.c.doc_type, policies, threshold).label("threshold_days"),
        )
        .where(contracts.c.notice_days > 0)
        .subquery("deadlines")
    )
    documents = _fresh(candidates, "renewal_deadline", "renewal_due")
    return _pair(documents, owner_recipients().subquery("contract_owners"), "renewal_deadline")


def _escalation_rows(policies: PolicySet, requirements: tuple[RequirementSpec, ...]) -> Select[Any]:
    doc_type = document_type()
    days_left = days_between(TODAY, Document.expiry_date)

    def after(policy: Policy) -> Any:
        return literal(policy.escalation_days) if policy.escalation_days else ESCALATION_DAYS

    overdue = _per_type(doc_type, policies, after)
    # Only a document a requirement needs, that nothing valid replaces, escalates.
    uncovered = uncovered_requirements(TODAY, requirements).subquery("uncovered")
    candidates = (
        select(*_document_columns(doc_type, days_left), overdue.label("threshold_days"))
        .join(Vendor, Vendor.id == Document.vendor_id)
        .where(
            _standing_documents(),
            Document.expiry_date < TODAY,
            days_left <= -overdue,
            exists().where(
                uncovered.c.vendor_id == Document.vendor_id, uncovered.c.kind == Document.kind
            ),
        )
        .subquery("overdue")
    )
    documents = _fresh(candidates, "escalation", "escalation_due", once=True)
    return _pair(documents, admin_recipients().subquery("admins"), "escalation")


@lru_cache(maxsize=16)
def due_statement(
    policies: PolicySet, requirements: tuple[RequirementSpec, ...] = ()
) -> Select[Any]:
    """Every reminder due on the bound `today` that the ledger does not hold yet.

    Built once per policy set and requirements matrix (both hashable values)."""
    parts = [
        *_expiry_rows(policies),
        _renewal_rows(policies),
        _escalation_rows(policies, requirements),
    ]
    due = union_all(*parts).subquery("due")
    return select(*(due.c[name] for name in DUE_COLUMNS))


def due_parameters(today: date, policies: PolicySet, escalation_days: int) -> dict[str, Any]:
    return {
        "today": today,
        "horizon": today + timedelta(days=horizon_days(policies)),
        "escalation_days": escalation_days,
    }


def due_reminders(
    today: date, policies: PolicySet, escalation_days: int
) -> tuple[Select[Any], dict[str, Any]]:
    """The statement and its parameters: execute as `session.execute(*due_reminders(...))`.

    Columns: DUE_COLUMNS."""
    statement = due_statement(policies, active_requirement_specs())
    return statement, due_parameters(today, policies, escalation_days)


def due_rows(
    session: Session, today: date, policies: PolicySet, escalation_days: int
) -> Sequence[Row[Any]]:
    """Run the due query. PostgreSQL's JIT is switched off for it: compiling this many
    expressions costs more (a second at 100,000 documents) than it ever saves here."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))
    return session.execute(*due_reminders(today, policies, escalation_days)).all()
