"""Every model, imported once so that the metadata is complete (Alembic, create_all)."""

from portal.audit.models import AuditEvent
from portal.auth.models import Invitation, User
from portal.core.db import Base
from portal.core.outbox import MailMessage
from portal.documents.models import Document, ExtractedField
from portal.reminders.models import Reminder, ReminderPolicy, ReminderRun
from portal.vendors.models import Vendor, VendorContact

__all__ = [
    "AuditEvent",
    "Base",
    "Document",
    "ExtractedField",
    "Invitation",
    "MailMessage",
    "Reminder",
    "ReminderPolicy",
    "ReminderRun",
    "User",
    "Vendor",
    "VendorContact",
]
