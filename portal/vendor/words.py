"""What states, statuses and extracted field names are called on the vendor's pages.

Every word is a lazy string, translated when shown in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.i18n import lazy_gettext as _l


@dataclass(frozen=True)
class Words:
    label: object
    explanation: object
    # A CSS modifier: ok, wait, act (the vendor has something to do), bad.
    tone: str


DOCUMENT_STATES: dict[str, Words] = {
    "uploaded": Words(_l("Received"), _l("We have your file and will read it shortly."), "wait"),
    "queued": Words(_l("Waiting to be read"), _l("Your file is next in line to be read."), "wait"),
    "extracting": Words(
        _l("Being read"), _l("We are reading the document. This usually takes a minute."), "wait"
    ),
    "extracted": Words(
        _l("Ready for you to check"),
        _l("Check the values we read, flag any that are wrong, then send it for review."),
        "act",
    ),
    "in_review": Words(
        _l("With our reviewers"), _l("A reviewer is checking the document. Nothing to do."), "wait"
    ),
    "approved": Words(_l("Approved"), _l("The document is approved."), "ok"),
    "changes_requested": Words(
        _l("Changes requested"),
        _l("A reviewer asked you to change something; see their message."),
        "act",
    ),
    "rejected": Words(
        _l("Rejected"), _l("A reviewer did not accept the document; see their message."), "bad"
    ),
    "failed": Words(
        _l("Could not be read"),
        _l("We could not read this file. Upload a clearer copy or another format."),
        "bad",
    ),
    "superseded": Words(
        _l("Replaced"), _l("A newer version of this document has been approved."), "old"
    ),
    "expired": Words(_l("Expired"), _l("The document is past its expiry date. Renew it."), "bad"),
}

VENDOR_STATUSES: dict[str, Words] = {
    "invited": Words(
        _l("Invited"), _l("Welcome. Upload the documents below to start onboarding."), "act"
    ),
    "onboarding": Words(
        _l("Onboarding"),
        _l("You become an active vendor once every required document is approved."),
        "act",
    ),
    "active": Words(_l("Active"), _l("Every required document is approved and valid."), "ok"),
    "lapsed": Words(
        _l("Lapsed"),
        _l("A required document has expired. Upload a renewal to become active again."),
        "bad",
    ),
    "suspended": Words(
        _l("Suspended"),
        _l("Your organisation is suspended. Please contact your account manager."),
        "bad",
    ),
}

CHECKLIST_STATUSES: dict[str, Words] = {
    "missing": Words(_l("Missing"), _l("Nothing uploaded yet."), "act"),
    "expired": Words(_l("Expired"), _l("The approved document has expired."), "bad"),
    "changes_requested": Words(_l("Changes requested"), _l("A reviewer asked for changes."), "act"),
    "in_progress": Words(_l("In progress"), _l("Uploaded; being read or reviewed."), "wait"),
    "expiring": Words(_l("Expires soon"), _l("Approved, but expires within 90 days."), "act"),
    "approved": Words(_l("Done"), _l("Approved and valid."), "ok"),
}

FIELD_NAMES: dict[str, object] = {
    "holder_name": _l("Holder"),
    "parties": _l("Parties"),
    "issuer_name": _l("Issued by"),
    "document_number": _l("Document number"),
    "standard": _l("Standard"),
    "scope": _l("Scope"),
    "issue_date": _l("Issue date"),
    "effective_date": _l("Effective date"),
    "expiry_date": _l("Expiry date"),
    "period_start": _l("Period start"),
    "period_end": _l("Period end"),
    "fiscal_year_end": _l("Fiscal year end"),
    "currency": _l("Currency"),
    "revenue": _l("Revenue"),
    "net_income": _l("Net income"),
    "total_assets": _l("Total assets"),
    "total_liabilities": _l("Total liabilities"),
    "current_assets": _l("Current assets"),
    "current_liabilities": _l("Current liabilities"),
    "total_equity": _l("Total equity"),
    "initial_term_months": _l("Initial term (months)"),
    "governing_law": _l("Governing law"),
    "dispute_forum": _l("Dispute forum"),
    "termination_notice_days": _l("Termination notice (days)"),
    "auto_renewal": _l("Renews automatically"),
    "renewal_term_months": _l("Renewal term (months)"),
    "non_renewal_notice_days": _l("Notice to stop renewal (days)"),
    "liability_cap_months_fees": _l("Liability cap (months of fees)"),
    "liability_cap_amount": _l("Liability cap (amount)"),
    "liability_cap_currency": _l("Liability cap (currency)"),
    "sla_uptime": _l("SLA uptime"),
    "sla_response_hours": _l("Incident response time (hours)"),
    "sla_response_business_hours": _l("Response time in business hours"),
    "sla_resolution_hours": _l("Incident resolution time (hours)"),
    "sla_resolution_business_hours": _l("Resolution time in business hours"),
    "payment_terms_days": _l("Payment terms (days)"),
    "data_transfer_mechanism": _l("Data transfer mechanism"),
    "audit_rights": _l("Audit rights"),
    "force_majeure": _l("Force majeure"),
    "on_time_delivery_rate": _l("On-time delivery rate"),
    "nps": _l("Net Promoter Score"),
    "incidents": _l("Incidents"),
}
DATE_FIELDS = frozenset(
    ("issue_date", "effective_date", "expiry_date", "period_start", "period_end", "fiscal_year_end")
)
PERCENT_FIELDS = frozenset(("sla_uptime", "on_time_delivery_rate"))


def field_name(name: str) -> object:
    """The words for an extracted field; an unknown name made readable."""
    return FIELD_NAMES.get(name) or name.replace("_", " ").capitalize()


def document_state(state: str) -> Words:
    return DOCUMENT_STATES.get(state, Words(state, "", "wait"))


def display_value(name: str, value: object) -> str:
    """An extracted value as the reader writes it: local dates and numbers, yes / no, lists."""
    from portal.i18n import gettext
    from portal.i18n.formatting import local_date, local_number, local_percent

    if value is None or value == "":
        return str(gettext("(not found)"))
    if isinstance(value, bool):
        return str(gettext("Yes") if value else gettext("No"))
    if isinstance(value, list):
        return "; ".join(display_value(name, item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {display_value(name, v)}" for k, v in value.items())
    if name in DATE_FIELDS and isinstance(value, str):
        return local_date(value)
    if isinstance(value, int | float):
        if name in PERCENT_FIELDS:
            return local_percent(value)
        return local_number(value)
    return str(value)


# The default matrix's names (migration 0002); names admins write are shown as written.
DEFAULT_REQUIREMENT_NAMES: dict[str, object] = {
    "Business licence": _l("Business licence"),
    "Information security certification": _l("Information security certification"),
    "Data processing agreement": _l("Data processing agreement"),
    "EU standard contractual clauses": _l("EU standard contractual clauses"),
    "Insurance certificate": _l("Insurance certificate"),
    "Service agreement": _l("Service agreement"),
    "Audited financial statements": _l("Audited financial statements"),
}


def requirement_name(name: str) -> object:
    return DEFAULT_REQUIREMENT_NAMES.get(name, name)
