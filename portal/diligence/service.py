"""A vendor's due diligence checklist: every check type, what the requirements matrix asks
for, and recording an outcome (stale edits refused)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from portal.audit.service import record
from portal.auth.models import User
from portal.core.db import db
from portal.diligence.models import CHECK_TYPES, CLEARED, OUTCOMES, DiligenceCheck
from portal.documents.models import Document
from portal.vendors.models import Vendor

CHECK_LABELS = {
    "registry_check": "Company registry check",
    "litigation_search": "Litigation search",
    "sanctions_screening": "Sanctions screening",
    "site_visit": "Site visit or interview",
    "reference_calls": "Reference calls",
}
OUTCOME_LABELS = {
    "pending": "Pending",
    "passed": "Passed",
    "passed_with_findings": "Passed with findings",
    "failed": "Failed",
}


class CheckRefused(ValueError):
    status = 400


class StaleCheck(CheckRefused):
    status = 409


@dataclass(frozen=True)
class CheckRow:
    check_type: str
    label: str
    required: bool
    check: DiligenceCheck | None

    @property
    def outcome(self) -> str:
        return self.check.outcome if self.check else "pending"

    @property
    def cleared(self) -> bool:
        return self.outcome in CLEARED


def checks_by_type(vendor_id: int) -> dict[str, DiligenceCheck]:
    rows = db.session.scalars(select(DiligenceCheck).where(DiligenceCheck.vendor_id == vendor_id))
    return {row.check_type: row for row in rows}


def required_checks(vendor: Vendor) -> set[str]:
    from portal.requirements.checklist import applicable_requirements

    return {c for r in applicable_requirements(vendor) for c in (r.checks or [])}


def diligence_checklist(vendor: Vendor) -> list[CheckRow]:
    existing = checks_by_type(vendor.id)
    required = required_checks(vendor)
    return [CheckRow(t, CHECK_LABELS[t], t in required, existing.get(t)) for t in CHECK_TYPES]


def checks_status(check_types: tuple[str, ...], checks: Mapping[str, DiligenceCheck]) -> str:
    """A checklist status for a requirement that asks for these checks."""
    outcomes = [checks[t].outcome if t in checks else None for t in check_types]
    if all(o in CLEARED for o in outcomes):
        return "approved"
    if "failed" in outcomes:
        return "changes_requested"
    if any(o is not None for o in outcomes):
        return "in_progress"
    return "missing"


def save_check(
    vendor: Vendor,
    check_type: str,
    form: Mapping[str, str],
    expected_version: int | None,
) -> DiligenceCheck:
    if check_type not in CHECK_TYPES:
        raise CheckRefused("Unknown check.")
    outcome = form.get("outcome", "pending")
    if outcome not in OUTCOMES:
        raise CheckRefused("Choose an outcome from the list.")
    performed_on = None
    if raw := form.get("performed_on", "").strip():
        try:
            performed_on = date.fromisoformat(raw)
        except ValueError:
            raise CheckRefused("Enter the date as YYYY-MM-DD.") from None
    owner_id = None
    if raw := form.get("owner_id", "").strip():
        if not raw.isdigit() or db.session.get(User, int(raw)) is None:
            raise CheckRefused("Choose an owner from the list.")
        owner_id = int(raw)
    evidence = form.get("evidence", "").strip()[:4000] or None
    if outcome != "pending" and not evidence:
        raise CheckRefused("Say what the check found and where its evidence is kept.")
    document_id = None
    if raw := form.get("evidence_document_id", "").strip():
        document = db.session.get(Document, int(raw)) if raw.isdigit() else None
        if document is None or document.vendor_id != vendor.id:
            raise CheckRefused("Choose one of this vendor's documents as evidence.")
        document_id = document.id
    check = checks_by_type(vendor.id).get(check_type)
    if check is not None and expected_version is not None and check.version != expected_version:
        raise StaleCheck("Someone changed this check since you opened it. Reload and try again.")
    before: dict[str, Any] | None = None
    if check is None:
        check = DiligenceCheck(vendor_id=vendor.id, check_type=check_type)
        db.session.add(check)
    else:
        before = {"outcome": check.outcome, "owner_id": check.owner_id}
        check.version += 1
    check.outcome = outcome
    check.owner_id = owner_id
    check.performed_on = performed_on
    check.evidence = evidence
    check.evidence_document_id = document_id
    db.session.flush()
    record(
        "diligence.check_recorded",
        vendor_id=vendor.id,
        object_type="diligence_check",
        object_id=check.id,
        check_type=check_type,
        before=before,
        after={"outcome": outcome, "owner_id": owner_id},
    )
    if outcome in CLEARED and vendor.status == "onboarding":
        # The last check of an onboarding vendor's checklist activates it, as an approval does.
        from portal.reminders.lapse import refresh_vendor_statuses
        from portal.reminders.schedule import local_today

        refresh_vendor_statuses(db.session, local_today(), [vendor.id], activate_onboarding=True)
    return check
