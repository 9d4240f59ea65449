"""Every model, imported once so that the metadata is complete (Alembic, create_all)."""

from portal.audit.models import AuditEvent
from portal.auth.models import Invitation, User
from portal.core.db import Base
from portal.documents.models import Document, ExtractedField
from portal.requirements.models import Requirement
from portal.vendors.models import Vendor, VendorContact

__all__ = [
    "AuditEvent",
    "Base",
    "Document",
    "ExtractedField",
    "Invitation",
    "Requirement",
    "User",
    "Vendor",
    "VendorContact",
]
