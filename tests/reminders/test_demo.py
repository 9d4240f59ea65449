"""`portal demo`: deterministic demo documents, stored as real files, that make reminders due."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from sqlalchemy import func, select

from portal.cli import main
from portal.core.db import db
from portal.core.storage import current_storage
from portal.demo.documents import DOCUMENTS, pdf_with_lines
from portal.documents.models import Document, ExtractedField
from portal.reminders.run import run_reminders
from portal.reminders.schedule import local_today
from portal.vendors.models import Vendor, VendorContact

pytestmark = pytest.mark.both_backends


def counts() -> tuple[int, ...]:
    db.session.expire_all()
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Vendor, VendorContact, Document, ExtractedField)
    )


@pytest.fixture
def demo(app, backend, monkeypatch):
    for name, value in backend.settings.items():
        monkeypatch.setenv(name, value)
    runner = CliRunner()
    first = runner.invoke(main, ["demo"])
    assert first.exit_code == 0, first.output
    return runner


def reminder_demo_documents():
    names = {d.filename for d in DOCUMENTS}
    return [d for d in db.session.scalars(select(Document)) if d.original_filename in names]


def test_demo_loads_once_and_twice_changes_nothing(demo):
    before = counts()
    assert len(reminder_demo_documents()) == len(DOCUMENTS)
    again = demo.invoke(main, ["demo"])
    assert again.exit_code == 0 and "(0 rows created)" in again.output
    assert counts() == before


def test_demo_documents_are_stored_files_that_match_their_rows(demo):
    storage = current_storage()
    for document in reminder_demo_documents():
        content = storage.read(document.storage_key)
        assert hashlib.sha256(content).hexdigest() == document.sha256
        assert len(content) == document.size
        if document.media_type == "application/pdf":
            text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
        else:
            text = content.decode("utf-8")
        if document.expiry_date:
            field = next(f for f in document.fields if f.name == "expiry_date")
            assert field.value == document.expiry_date.isoformat()
            assert field.evidence in text


def test_demo_documents_expire_across_the_coming_months_and_make_reminders_due(demo):
    today = local_today()
    expiries = [d.expiry_date for d in db.session.scalars(select(Document)) if d.expiry_date]
    assert min(expiries) < today - timedelta(days=14)  # long expired: escalation
    assert any(today < e <= today + timedelta(days=7) for e in expiries)
    assert max(expiries) > today + timedelta(days=90)
    languages = set(db.session.scalars(select(VendorContact.language)))
    assert languages == {"zh", "de", "fr", "es"}
    report = run_reminders(today, dry_run=True)
    assert report.due > 10


def test_the_pdf_writer_is_reproducible():
    assert pdf_with_lines(["Gültig bis 31.03.2027"]) == pdf_with_lines(["Gültig bis 31.03.2027"])
