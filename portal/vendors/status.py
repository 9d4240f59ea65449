"""Vendor status: the rules for moving between invited, onboarding, active, lapsed, suspended."""

from __future__ import annotations

from datetime import date

from portal.audit.service import record
from portal.requirements.checklist import onboarding_complete, vendor_checklist
from portal.vendors.models import VENDOR_STATUSES, Vendor


def change_vendor_status(vendor: Vendor, status: str, reason: str) -> bool:
    """Set the status with an audit row; False when it already had it."""
    if status not in VENDOR_STATUSES:
        raise ValueError(f"unknown vendor status {status!r}")
    if vendor.status == status:
        return False
    before = vendor.status
    vendor.status = status
    record(
        "vendor.status_changed",
        vendor_id=vendor.id,
        object_type="vendor",
        object_id=vendor.id,
        before=before,
        after=status,
        reason=reason,
    )
    return True


def refresh_vendor_status(vendor: Vendor, today: date) -> str | None:
    """Apply the checklist to the status; returns the new status when it changed.

    Complete → active (from onboarding or lapsed). An active vendor whose required document
    expired → lapsed. Suspension is only lifted by an admin; invited vendors wait for sign-in.
    """
    if vendor.status in ("suspended", "invited"):
        return None
    items = vendor_checklist(vendor, today)
    if onboarding_complete(items):
        if vendor.status in ("onboarding", "lapsed"):
            change_vendor_status(vendor, "active", "every required document is approved and valid")
            return "active"
        return None
    if vendor.status == "active" and any(item.status == "expired" for item in items):
        expired = ", ".join(item.name for item in items if item.status == "expired")
        change_vendor_status(vendor, "lapsed", f"required document expired: {expired}")
        return "lapsed"
    return None
