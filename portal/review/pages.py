"""Page images and text of a document, drawn once (in a limited child process) and kept in
storage; the database row says a page is there and how large it is in points.

Two reviewers opening the same new page at once both draw it; the unique (document, page) key
keeps one row and the other's image is dropped.
"""

from __future__ import annotations

import io
import json
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from extraction.render import RenderError, RenderLimits, page_texts_isolated, render_page_isolated
from portal.core.db import db
from portal.core.storage import ObjectMissing, StorageUnavailable, current_storage
from portal.documents.models import Document
from portal.review.models import DocumentPage

log = logging.getLogger(__name__)

IMAGE_TYPES = ("application/pdf", "image/png", "image/jpeg", "image/tiff")
TEXT_LIMIT = 200_000


class PageUnavailable(Exception):
    """The page cannot be shown as an image; the text is shown instead. `status` says why:
    404 no such page, 410 the stored file is gone, 422 it cannot be drawn, 503 storage down."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class PageImage:
    page: int
    width_pt: float
    height_pt: float
    storage_key: str


def has_page_images(document: Document) -> bool:
    return document.media_type in IMAGE_TYPES


def _limits() -> RenderLimits:
    return RenderLimits()


def stored_page(document_id: int, page: int) -> PageImage | None:
    row = db.session.scalar(
        select(DocumentPage).where(
            DocumentPage.document_id == document_id, DocumentPage.page == page
        )
    )
    if row is None:
        return None
    return PageImage(row.page, row.width_pt, row.height_pt, row.storage_key)


def _original(document: Document, folder: Path) -> Path:
    path = folder / "original"
    try:
        with current_storage().open(document.storage_key) as source, path.open("wb") as target:
            while chunk := source.read(1024 * 1024):
                target.write(chunk)
    except ObjectMissing as exc:
        raise PageUnavailable("the stored file is missing", 410) from exc
    except StorageUnavailable as exc:
        raise PageUnavailable("document storage is unavailable", 503) from exc
    return path


def page_image(document: Document, page: int) -> PageImage:
    """The page's image, drawn now if it never was; raises PageUnavailable."""
    found = stored_page(document.id, page)
    if found is not None:
        return found
    if not has_page_images(document):
        raise PageUnavailable("this kind of document has no page images")
    if document.pages is not None and not 1 <= page <= max(document.pages, 1):
        raise PageUnavailable(f"the document has no page {page}", 404)
    with tempfile.TemporaryDirectory(prefix="portal-page-") as folder:
        original = _original(document, Path(folder))
        try:
            rendered = render_page_isolated(original, page, _limits())
        except RenderError as exc:
            raise PageUnavailable(str(exc)) from exc
    key = f"pages/{document.id}/{page}-{rendered.pixel_width}.png"
    try:
        current_storage().put(key, io.BytesIO(rendered.png), "image/png")
    except StorageUnavailable as exc:
        raise PageUnavailable("document storage is unavailable", 503) from exc
    row = DocumentPage(
        document_id=document.id,
        page=page,
        storage_key=key,
        width_pt=rendered.width_pt,
        height_pt=rendered.height_pt,
        pixel_width=rendered.pixel_width,
        pixel_height=rendered.pixel_height,
    )
    # Its own transaction: the image is kept even if the caller's request rolls back.
    with Session(db.engine) as session:
        session.add(row)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            log.info("page %s of document %s was drawn twice at once", page, document.id)
    stored = stored_page(document.id, page)
    return stored or PageImage(page, rendered.width_pt, rendered.height_pt, key)


def page_png(image: PageImage) -> bytes:
    try:
        return current_storage().read(image.storage_key)
    except (ObjectMissing, StorageUnavailable) as exc:
        raise PageUnavailable("the page image is not available", 410) from exc


def page_texts(document: Document) -> list[str]:
    """The document's text per page (read without OCR), cached in storage beside the images."""
    storage = current_storage()
    key = f"pages/{document.id}/text.json"
    try:
        cached = json.loads(storage.read(key).decode("utf-8"))
        if isinstance(cached, list):
            return [str(text) for text in cached]
    except ObjectMissing:
        pass
    except (StorageUnavailable, ValueError) as exc:
        raise PageUnavailable("the text is not available") from exc
    with tempfile.TemporaryDirectory(prefix="portal-text-") as folder:
        original = _original(document, Path(folder))
        try:
            texts = page_texts_isolated(original, _limits())
        except RenderError as exc:
            raise PageUnavailable(str(exc)) from exc
    texts = [text[:TEXT_LIMIT] for text in texts]
    try:
        storage.put(key, io.BytesIO(json.dumps(texts).encode("utf-8")), "application/json")
    except StorageUnavailable:
        log.warning("text of document %s not cached: storage unavailable", document.id)
    return texts


def prerender(document_id: int, pages: int) -> int:
    """Draw the first `pages` pages of a document ahead of its review; returns how many are
    stored now. A page that cannot be drawn stops the run: the reviewer sees the text instead,
    and the first view tries again."""
    document = db.session.get(Document, document_id)
    if document is None or not has_page_images(document):
        return 0
    count = min(pages, max(document.pages or 1, 1))
    done = 0
    for page in range(1, count + 1):
        try:
            page_image(document, page)
        except PageUnavailable as exc:
            log.info("document %s page %s not drawn ahead: %s", document_id, page, exc)
            break
        done += 1
    return done
