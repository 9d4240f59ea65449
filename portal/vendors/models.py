"""Vendor organisations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import Base, utcnow

VENDOR_STATUSES = ("invited", "onboarding", "active", "lapsed", "suspended")
CRITICALITIES = ("low", "medium", "high", "critical")
LANGUAGES = ("en", "zh", "de", "fr", "es")


class Vendor(Base):
    __tablename__ = "vendors"
    __table_args__ = (
        CheckConstraint(f"status IN {VENDOR_STATUSES!r}", name="status"),
        CheckConstraint(f"criticality IN {CRITICALITIES!r}", name="criticality"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    legal_name: Mapped[str] = mapped_column(String(300))
    registration_number: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    category: Mapped[str] = mapped_column(String(50), default="general")
    criticality: Mapped[str] = mapped_column(String(20), default="medium")
    status: Mapped[str] = mapped_column(String(20), default="invited", index=True)
    preferred_language: Mapped[str] = mapped_column(String(10), default="en")
    address: Mapped[str | None] = mapped_column(Text)
    # Where letters go, when not to the registered address.
    postal_address: Mapped[str | None] = mapped_column(Text)
    annual_spend_eur: Mapped[float | None] = mapped_column(Numeric(14, 2))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL", use_alter=True)
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    contacts: Mapped[list[VendorContact]] = relationship(
        back_populates="vendor", cascade="all, delete-orphan", order_by="VendorContact.id"
    )

    def __repr__(self) -> str:
        return f"<Vendor {self.id} {self.legal_name!r} {self.status}>"


class VendorContact(Base):
    """A person at the vendor: who gets reminders, in which language."""

    __tablename__ = "vendor_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    email: Mapped[str] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(50))
    position: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(10), default="en")
    receives_reminders: Mapped[bool] = mapped_column(default=True)
    is_primary: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    vendor: Mapped[Vendor] = relationship(back_populates="contacts")
