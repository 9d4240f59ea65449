"""A large upload is streamed to storage, never held whole in memory (the benchmark's check,
small enough for every run; `make bench-vendor-upload` measures 20 MB)."""

import hashlib
import tracemalloc

from sqlalchemy import select

from portal.core.db import db
from portal.core.storage import current_storage
from portal.documents.models import Document
from tests.vendor.bench_upload import call_upload, make_body, make_pdf, portal_instance

MB = 1024 * 1024


def test_a_16_mb_upload_is_stored_with_a_few_mb_of_python_memory(tmp_path):
    pdf, body = tmp_path / "big.pdf", tmp_path / "body"
    make_pdf(pdf, 16 * MB, seed=7)
    length = make_body(pdf, body, "big.pdf")
    with portal_instance(tmp_path / "instance") as (app, cookie):
        tracemalloc.start()
        try:
            status, _seconds = call_upload(app, cookie, body, length)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert status == 201
        assert peak < 4 * MB, f"peak {peak / MB:.1f} MB"
        with app.app_context():
            document = db.session.scalar(select(Document))
            stored = current_storage().read(document.storage_key)
            assert hashlib.sha256(stored).hexdigest() == document.sha256
            assert stored == pdf.read_bytes()
