"""From a financial statement PDF to the ratios on the vendor's scorecard: the balance sheet's
liabilities, current assets and current liabilities are extracted, the vendor sends the
statement for review, a reviewer approves it, and the scorecard shows the debt ratio and the
current ratio (issue 9)."""

import io
from decimal import Decimal

from portal.core.db import db
from portal.core.queue import queue
from portal.documents import processing
from portal.documents.models import Document
from portal.documents.upload import upload_document
from portal.finance.health import financial_health
from tests.fixtures.documents import generate_document

# A German statement of the held-out template family: "Umlaufvermögen", "Kurzfristige
# Verbindlichkeiten", "Fremdkapital", closed by "Summe Passiva" (equity + liabilities).
STATEMENT = generate_document("financial_statement", "de", "eval", 3)


def test_a_statement_pdf_ends_as_debt_and_current_ratio_on_the_scorecard(
    app, vendor_a, vendor_a_user, reviewer_user, login_as, monkeypatch
):
    monkeypatch.setattr(queue, "try_enqueue", lambda *args, **kwargs: None)
    truth = STATEMENT.fields
    document = upload_document(
        vendor_a, None, "jahresabschluss.pdf", io.BytesIO(STATEMENT.text_pdf())
    )
    db.session.commit()
    processing.extract_document(document.id)
    db.session.expire_all()
    document = db.session.get(Document, document.id)
    extracted = {f.name: f.value for f in document.fields}
    assert document.state == "extracted"
    names = ("total_assets", "total_liabilities", "current_assets", "current_liabilities")
    assert {k: extracted.get(k) for k in names} == {k: truth[k] for k in names}

    sent = login_as(vendor_a_user).post(
        f"/vendor/documents/{document.id}/submit",
        data={"version": document.version, "kind": "audited_financial_statements"},
    )
    assert sent.status_code == 303
    db.session.expire_all()
    document = db.session.get(Document, document.id)
    reviewer = login_as(reviewer_user)
    approved = reviewer.post(
        f"/review/documents/{document.id}/approve", data={"version": document.version}
    )
    assert approved.status_code == 303
    db.session.expire_all()
    assert db.session.get(Document, document.id).state == "approved"

    (year,) = financial_health(vendor_a.id).years
    assert year.year == int(truth["fiscal_year_end"][:4])
    debt = Decimal(truth["total_liabilities"]) / Decimal(truth["total_assets"]) * 100
    liquidity = Decimal(truth["current_assets"]) / Decimal(truth["current_liabilities"])
    assert (year.debt_ratio, year.current_ratio) == (debt, liquidity)
    page = reviewer.get(f"/vendors/{vendor_a.id}/scorecard").get_data(as_text=True)
    row = page[page.index(f'<th scope="row">{year.year}</th>') :].split("</tr>", 1)[0]
    assert f"<td>{round(debt, 1)}</td>" in row and f"<td>{round(liquidity, 2)}</td>" in row
