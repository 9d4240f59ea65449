"""Uploading from the vendor's pages: several files in one plain form, errors per file in the
vendor's language, duplicates, quota, the 413 page, renewals, and the JavaScript fragment."""

import pytest
from sqlalchemy import func, select

from portal.core.db import db
from portal.core.storage import current_storage
from portal.documents.models import Document
from tests.support.documents import CERTIFICATE_LINES, text_pdf
from tests.vendor.conftest import multipart

PDF = text_pdf([CERTIFICATE_LINES])
CONTRACT = text_pdf([["SERVICE AGREEMENT", "This agreement is governed by the laws of Singapore."]])


def files(*pairs):
    return list(pairs)


def documents():
    return db.session.scalars(select(Document).order_by(Document.id)).all()


@pytest.mark.both_backends
def test_several_files_in_one_plain_form(login_as, vendor_a, vendor_a_user):
    client = login_as(vendor_a_user)
    response = client.post(
        "/vendor/upload",
        **multipart({"kind": "", "files": files(("cert.pdf", PDF), ("contract.pdf", CONTRACT))}),
    )
    assert response.status_code == 201
    page = response.get_data(as_text=True)
    stored = documents()
    assert [d.original_filename for d in stored] == ["cert.pdf", "contract.pdf"]
    assert all(d.vendor_id == vendor_a.id and d.kind is None for d in stored)
    assert page.count('data-testid="upload-ok"') == 2
    for document in stored:
        assert f"/vendor/documents/{document.id}" in page
    assert current_storage().read(stored[1].storage_key) == CONTRACT


def test_the_chosen_kind_is_kept(login_as, vendor_a_user):
    login_as(vendor_a_user).post(
        "/vendor/upload",
        **multipart({"kind": "iso27001_certificate", "files": files(("cert.pdf", PDF))}),
    )
    (document,) = documents()
    assert document.kind == "iso27001_certificate"
    assert document.declared_type == "certification"


def test_each_refused_file_says_why_in_the_vendors_language_and_the_rest_is_stored(
    login_as, vendor_a, vendor_a_user
):
    vendor_a.preferred_language = "de"
    db.session.commit()
    response = login_as(vendor_a_user).post(
        "/vendor/upload",
        **multipart(
            {
                "files": files(
                    ("setup.pdf", b"MZ\x90\x00" + b"\x00" * 100),
                    ("good.pdf", PDF),
                    ("drawing.svg", b"<svg/>"),
                )
            }
        ),
    )
    assert response.status_code == 200  # some stored, some refused
    page = response.get_data(as_text=True)
    assert page.count('data-testid="upload-refused"') == 2
    assert page.count('data-testid="upload-ok"') == 1
    # German, from the catalogue: the .exe named .pdf and the SVG
    assert "ist keine echte PDF-Datei" in page
    assert "können nicht hochgeladen werden" in page
    assert [d.original_filename for d in documents()] == ["good.pdf"]


def test_same_bytes_again_are_refused_with_a_link_to_the_existing_document(login_as, vendor_a_user):
    client = login_as(vendor_a_user)
    client.post("/vendor/upload", **multipart({"files": files(("a.pdf", PDF))}))
    (first,) = documents()
    response = client.post(
        "/vendor/upload",
        **multipart({"files": files(("copy of a.pdf", PDF))}),
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert 'data-testid="existing-document"' in page
    assert f'href="/vendor/documents/{first.id}"' in page
    assert len(documents()) == 1


def test_quota_used_up_is_said_inline(login_as, vendor_a_user, configure):
    configure(vendor_quota_mb=1)
    big = b"%PDF-1.7\n" + b"1" * 700_000
    bigger = b"%PDF-1.7\n" + b"2" * 700_000
    response = login_as(vendor_a_user).post(
        "/vendor/upload",
        **multipart({"files": files(("one.pdf", big), ("two.pdf", bigger))}),
    )
    page = response.get_data(as_text=True)
    assert "storage quota of 1 MB is used up" in page
    assert [d.original_filename for d in documents()] == ["one.pdf"]


def test_a_file_over_the_limit_is_refused_inline(login_as, vendor_a_user, configure):
    configure(max_upload_mb=1)
    response = login_as(vendor_a_user).post(
        "/vendor/upload",
        **multipart({"files": files(("huge.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 10)))}),
    )
    assert response.status_code == 413
    assert "larger than the limit of 1 MB" in response.get_data(as_text=True)
    assert documents() == []


def test_a_sending_over_the_request_limit_gets_a_clear_413_page(
    login_as, vendor_a, vendor_a_user, configure
):
    configure(max_upload_mb=1)  # one sending: up to 4 files of 1 MB
    vendor_a.preferred_language = "zh"
    db.session.commit()
    payload = b"%PDF-1.7\n" + b"0" * (6 * 1024 * 1024)
    response = login_as(vendor_a_user).post(
        "/vendor/upload",
        **multipart({"files": files(("all.pdf", payload))}),
    )
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert 'data-testid="too-large"' in page
    assert "文件太大" in page  # the vendor's language, not Werkzeug's English default
    assert "Request Entity Too Large" not in page
    assert documents() == []


def test_no_file_chosen_is_explained(login_as, vendor_a_user):
    response = login_as(vendor_a_user).post(
        "/vendor/upload",
        **multipart({"files": [("", b"")]}),
    )
    assert response.status_code == 400
    assert "Choose at least one file" in response.get_data(as_text=True)


def test_posted_vendor_state_or_kind_fields_change_nothing(
    login_as, vendor_a, vendor_b, vendor_a_user
):
    login_as(vendor_a_user).post(
        "/vendor/upload",
        **multipart(
            {
                "files": files(("a.pdf", PDF)),
                "vendor_id": str(vendor_b.id),
                "state": "approved",
                "supersedes_id": "1",
                "expiry_date": "2099-01-01",
            }
        ),
    )
    (document,) = documents()
    assert document.vendor_id == vendor_a.id
    assert document.state in ("uploaded", "queued")
    assert document.supersedes_id is None and document.expiry_date is None


def test_a_renewal_links_to_the_document_it_replaces_and_inherits_its_kind(
    login_as, vendor_a, vendor_a_user, make_document
):
    old = make_document(vendor_a, state="approved", kind="insurance_certificate")
    client = login_as(vendor_a_user)
    form = client.get(f"/vendor/documents/{old.id}/renew").get_data(as_text=True)
    assert old.original_filename in form
    response = client.post(
        f"/vendor/documents/{old.id}/renew",
        **multipart({"files": files(("insurance-2027.pdf", PDF))}),
    )
    assert response.status_code == 303
    renewal = db.session.scalar(select(Document).where(Document.supersedes_id == old.id))
    assert response.headers["Location"] == f"/vendor/documents/{renewal.id}"
    assert renewal.kind == "insurance_certificate"
    page = client.get(f"/vendor/documents/{renewal.id}").get_data(as_text=True)
    assert "Replaces" in page and old.original_filename in page


def test_a_renewal_takes_one_file(login_as, vendor_a, vendor_a_user, make_document):
    old = make_document(vendor_a, state="approved", kind="insurance_certificate")
    response = login_as(vendor_a_user).post(
        f"/vendor/documents/{old.id}/renew",
        **multipart({"files": files(("a.pdf", PDF), ("b.pdf", CONTRACT))}),
    )
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(Document.id))) == 1


def test_javascript_uploads_get_one_result_fragment_per_file(login_as, vendor_a_user):
    client = login_as(vendor_a_user)
    headers = {"HX-Request": "true"}
    ok = client.post(
        "/vendor/upload",
        **multipart({"files": files(("a.pdf", PDF))}),
        headers=headers,
    )
    assert ok.status_code == 201
    fragment = ok.get_data(as_text=True)
    assert "<html" not in fragment and 'data-testid="upload-ok"' in fragment
    again = client.post(
        "/vendor/upload",
        **multipart({"files": files(("a.pdf", PDF))}),
        headers=headers,
    )
    assert again.status_code == 409
    assert 'data-testid="existing-document"' in again.get_data(as_text=True)


def test_upload_page_works_without_javascript(login_as, vendor_a_user):
    page = (
        login_as(vendor_a_user)
        .get("/vendor/upload?kind=insurance_certificate")
        .get_data(as_text=True)
    )
    assert 'enctype="multipart/form-data"' in page
    assert '<input type="file" id="files" name="files" multiple' in page
    assert '<label for="files">' in page and '<label for="kind">' in page
    assert '<option value="insurance_certificate" selected>' in page
    assert "<script>" not in page  # only the static upload.js, loaded by src
    assert 'src="/static/js/upload.js"' in page
