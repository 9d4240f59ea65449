"""An extracted document's first pages are drawn in the background, so its review opens at once
without drawing anything in the reviewer's request."""

from __future__ import annotations

import io
from dataclasses import replace

from sqlalchemy import func, select

from portal.core.db import db
from portal.core.queue import queue
from portal.documents import processing
from portal.documents.upload import upload_document
from portal.review import pages
from portal.review.models import DocumentPage
from tests.support.documents import text_pdf

THREE_PAGES = text_pdf(
    [["ISO/IEC 27001 CERTIFICATE", f"Page {n} of the certificate"] for n in (1, 2, 3)]
)


def stored_pages(document_id: int) -> list[int]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(DocumentPage.page)
            .where(DocumentPage.document_id == document_id)
            .order_by(DocumentPage.page)
        )
    )


def test_extraction_wakes_the_prerender_job_which_draws_the_first_pages(app, vendor_a, monkeypatch):
    document = upload_document(vendor_a, None, "certificate.pdf", io.BytesIO(THREE_PAGES))
    db.session.commit()
    woken: list[tuple[str, tuple[object, ...]]] = []
    monkeypatch.setattr(queue, "try_enqueue", lambda name, *args, **_: woken.append((name, args)))
    processing.extract_document(document.id)
    assert (processing.PRERENDER_JOB, (document.id,)) in woken
    monkeypatch.undo()
    app.config["PORTAL"] = replace(app.config["PORTAL"], prerender_pages=2)
    from portal.review.tasks import prerender

    db.session.expire_all()
    assert db.session.get(type(document), document.id).pages == 3
    prerender(document.id)
    assert stored_pages(document.id) == [1, 2]
    prerender(document.id)  # again: nothing drawn twice
    assert db.session.scalar(select(func.count(DocumentPage.id))) == 2


def test_no_prerender_when_it_is_switched_off(app, vendor_a, monkeypatch):
    app.config["PORTAL"] = replace(app.config["PORTAL"], prerender_pages=0)
    document = upload_document(vendor_a, None, "certificate.pdf", io.BytesIO(THREE_PAGES))
    db.session.commit()
    woken: list[str] = []
    monkeypatch.setattr(queue, "try_enqueue", lambda name, *args, **_: woken.append(name))
    processing.extract_document(document.id)
    assert processing.PRERENDER_JOB not in woken


def test_a_document_without_page_images_is_skipped(app, vendor_a):
    document = upload_document(vendor_a, None, "notes.txt", io.BytesIO(b"Valid until 2027"))
    db.session.commit()
    assert pages.prerender(document.id, 3) == 0
    assert stored_pages(document.id) == []
