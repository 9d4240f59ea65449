"""Page images of documents, rendered once and kept in storage (portal.review.pages)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.db import Base, utcnow


class DocumentPage(Base):
    """One rendered page: where its PNG is stored and the page's size in PDF points (the unit
    of the evidence boxes, origin top-left)."""

    __tablename__ = "document_pages"
    __table_args__ = (UniqueConstraint("document_id", "page"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    page: Mapped[int]
    storage_key: Mapped[str] = mapped_column(String(255))
    width_pt: Mapped[float] = mapped_column(Float)
    height_pt: Mapped[float] = mapped_column(Float)
    pixel_width: Mapped[int]
    pixel_height: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
