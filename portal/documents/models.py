"""Documents and the fields extracted from them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.core.db import Base, utcnow
from portal.documents.lifecycle import STATES
from portal.vendors.models import Vendor

FIELD_SOURCES = ("extracted", "vendor", "reviewer")
# A reviewer's verdict on a field: not yet seen, confirmed, corrected, or not in the document.
REVIEW_STATUSES = ("pending", "accepted", "corrected", "absent")
FIELD_KINDS = ("field", "clause", "kpi")


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint(f"state IN {STATES!r}", name="state"),
        Index("ix_documents_vendor_sha256", "vendor_id", "sha256"),
        Index("ix_documents_state_lease", "state", "lease_expires_at"),
        # The review queue pages through one state by a sort key and the id (keyset).
        Index("ix_documents_review_age", "state", "submitted_at", "id"),
        Index("ix_documents_review_due", "state", "review_due_on", "id"),
        Index("ix_documents_review_confidence", "state", "min_confidence", "id"),
        Index("ix_documents_review_claimed", "claimed_by_id", "state", "submitted_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(
        ForeignKey("vendors.id", ondelete="RESTRICT"), index=True
    )
    # The document kind the vendor says it is (portal.requirements.catalog.KINDS).
    kind: Mapped[str | None] = mapped_column(String(40), index=True)
    declared_type: Mapped[str | None] = mapped_column(String(40))
    detected_type: Mapped[str | None] = mapped_column(String(40))
    original_filename: Mapped[str] = mapped_column(String(255))
    storage_key: Mapped[str] = mapped_column(String(255), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(20), default="uploaded")
    attempts: Mapped[int] = mapped_column(default=0)
    infra_retries: Mapped[int] = mapped_column(default=0)
    lease_token: Mapped[str | None] = mapped_column(String(36))
    lease_expires_at: Mapped[datetime | None]
    queued_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    # The reviewer's message to the vendor (changes requested, rejection).
    review_note: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(10))
    pages: Mapped[int | None]
    expiry_date: Mapped[date | None] = mapped_column(index=True)
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL")
    )
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Optimistic concurrency for decisions: a stale version gets 409.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    extracted_at: Mapped[datetime | None]
    # When the vendor sent it to the reviewers (extracted -> in_review).
    submitted_at: Mapped[datetime | None]
    # The review workbench (portal.review): by when the review is due, the lowest confidence of
    # the values still to check (1.0 when none is left), who works on it until when.
    review_due_on: Mapped[date | None]
    min_confidence: Mapped[float] = mapped_column(Float, default=1.0, server_default="1")
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    claim_expires_at: Mapped[datetime | None]
    # Four-eyes: the first of two approvals (documents of critical vendors).
    first_approved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    first_approved_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]

    vendor: Mapped[Vendor] = relationship()
    uploaded_by: Mapped[User | None] = relationship(foreign_keys=[uploaded_by_id])
    claimed_by: Mapped[User | None] = relationship(foreign_keys=[claimed_by_id])
    first_approved_by: Mapped[User | None] = relationship(foreign_keys=[first_approved_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    supersedes: Mapped[Document | None] = relationship(remote_side=[id])
    fields: Mapped[list[ExtractedField]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="ExtractedField.id"
    )

    @property
    def doc_type(self) -> str | None:
        return self.declared_type or self.detected_type

    def __repr__(self) -> str:
        return f"<Document {self.id} {self.original_filename!r} {self.state}>"


class ExtractedField(Base):
    __tablename__ = "extracted_fields"
    __table_args__ = (
        UniqueConstraint("document_id", "name"),
        CheckConstraint(f"source IN {FIELD_SOURCES!r}", name="source"),
        CheckConstraint(f"kind IN {FIELD_KINDS!r}", name="kind"),
        CheckConstraint(f"review_status IN {REVIEW_STATUSES!r}", name="review_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10), default="field")
    name: Mapped[str] = mapped_column(String(60))
    raw_value: Mapped[str | None] = mapped_column(Text)
    # The normalised value as JSON: ISO date strings, plain numbers, booleans, lists.
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    confidence: Mapped[float | None] = mapped_column(Float)
    page: Mapped[int | None]
    bbox: Mapped[list[float] | None] = mapped_column(JSON, nullable=True)
    evidence: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(20), default="extracted")
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    review_status: Mapped[str] = mapped_column(String(20), default="pending")
    # The vendor's flag on a value they believe is wrong, with their note.
    vendor_note: Mapped[str | None] = mapped_column(Text)
    flagged_at: Mapped[datetime | None]
    # Optimistic concurrency: every change names the version it saw; a stale one gets 409.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    document: Mapped[Document] = relationship(back_populates="fields")
    revisions: Mapped[list[FieldRevision]] = relationship(
        back_populates="field", cascade="all, delete-orphan", order_by="FieldRevision.version"
    )

    def __repr__(self) -> str:
        return f"<ExtractedField {self.document_id}.{self.name}={self.value!r}>"


class FieldRevision(Base):
    """A field's history: one row per change, who made it and why."""

    __tablename__ = "field_revisions"
    __table_args__ = (UniqueConstraint("field_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    field_id: Mapped[int] = mapped_column(ForeignKey("extracted_fields.id", ondelete="CASCADE"))
    version: Mapped[int]
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    review_status: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(20))
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    field: Mapped[ExtractedField] = relationship(back_populates="revisions")
