"""Every model, imported once so that the metadata is complete (Alembic, create_all)."""

from portal.audit.models import AuditEvent
from portal.auth.models import AccessRequest, Invitation, User, UserSession
from portal.core.db import Base
from portal.core.outbox import MailMessage
from portal.diligence.models import DiligenceCheck
from portal.documents.models import Document, ExtractedField, FieldRevision
from portal.integrations.models import Channel, Delivery
from portal.kpis.models import KpiDefinition, KpiReport, KpiSchedule, KpiValue
from portal.lifecycle.models import AgreedAction, EscalationStep, LifecycleEvent
from portal.reminders.models import Reminder, ReminderPolicy, ReminderRun
from portal.requirements.models import Requirement
from portal.review.models import DocumentPage
from portal.risks.models import Risk, WatchCountry
from portal.scorecards.models import (
    PerformanceRating,
    ScorecardKpi,
    ScorecardSetting,
    SelectionCriterion,
    SelectionScore,
    ServiceMeasurement,
    SlaBreach,
)
from portal.vendors.models import Vendor, VendorContact

__all__ = [
    "AccessRequest",
    "AgreedAction",
    "AuditEvent",
    "Base",
    "Channel",
    "Delivery",
    "DiligenceCheck",
    "Document",
    "DocumentPage",
    "EscalationStep",
    "ExtractedField",
    "FieldRevision",
    "Invitation",
    "KpiDefinition",
    "KpiReport",
    "KpiSchedule",
    "KpiValue",
    "LifecycleEvent",
    "MailMessage",
    "PerformanceRating",
    "Reminder",
    "ReminderPolicy",
    "ReminderRun",
    "Requirement",
    "Risk",
    "ScorecardKpi",
    "ScorecardSetting",
    "SelectionCriterion",
    "SelectionScore",
    "ServiceMeasurement",
    "SlaBreach",
    "User",
    "UserSession",
    "Vendor",
    "VendorContact",
    "WatchCountry",
]
