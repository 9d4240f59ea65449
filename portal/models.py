"""Every model, imported once so that the metadata is complete (Alembic, create_all)."""

from portal.audit.models import AuditEvent
from portal.auth.models import AccessRequest, Invitation, User, UserSession
from portal.core.db import Base
from portal.core.outbox import MailMessage
from portal.documents.models import Document, ExtractedField, FieldRevision
from portal.kpis.models import KpiDefinition, KpiReport, KpiSchedule, KpiValue
from portal.reminders.models import Reminder, ReminderPolicy, ReminderRun
from portal.requirements.models import Requirement
from portal.review.models import DocumentPage
from portal.vendors.models import Vendor, VendorContact

__all__ = [
    "AccessRequest",
    "AuditEvent",
    "Base",
    "Document",
    "DocumentPage",
    "ExtractedField",
    "FieldRevision",
    "Invitation",
    "KpiDefinition",
    "KpiReport",
    "KpiSchedule",
    "KpiValue",
    "MailMessage",
    "Reminder",
    "ReminderPolicy",
    "ReminderRun",
    "Requirement",
    "User",
    "UserSession",
    "Vendor",
    "VendorContact",
]
