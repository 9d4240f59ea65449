"""The reminder e-mail: in the recipient's language, one digest a day, hostile names as text,
a link straight to the renewal upload."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.core.db import db
from portal.core.outbox import MailMessage
from portal.reminders.emails import message_id_for
from portal.reminders.run import run_reminders
from tests.reminders.helpers import days, ledger

TODAY = days(0)  # 3 March 2031


def mails() -> list[MailMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(MailMessage).order_by(MailMessage.to_addr)))


@pytest.mark.parametrize(
    ("language", "subject", "greeting", "body"),
    [
        (
            "en",
            "Reminder: Certification “iso.pdf” expires on April 2, 2031",
            "Hello Ana,",
            "in 30 days",
        ),
        (
            "de",
            "Erinnerung: Zertifikat „iso.pdf“ läuft am 2. April 2031 ab",
            "Guten Tag Ana,",
            "in 30 Tagen",
        ),
        (
            "fr",
            "Rappel : Certification « iso.pdf » expire le 2 avril 2031",
            "Bonjour Ana,",
            "dans 30 jours",
        ),
        (
            "es",
            "Recordatorio: Certificación «iso.pdf» vence el 2 de abril de 2031",
            "Hola, Ana:",
            "dentro de 30 días",
        ),
        ("zh", "提醒：认证证书“iso.pdf” 将于 2031年4月2日 到期", "Ana，您好：", "还剩 30 天"),
    ],
)
def test_the_reminder_is_written_in_the_contacts_language(
    app, make, language, subject, greeting, body
):
    vendor = make.vendor()
    make.contact(vendor, "ana@vendor.example", language=language, name="Ana")
    make.document(vendor, days(30), filename="iso.pdf")
    run_reminders(TODAY)
    [mail] = mails()
    assert (mail.subject, mail.language) == (subject, language)
    assert mail.text_body.startswith(greeting)
    assert body in mail.text_body and body in mail.html_body
    assert f'lang="{language}"' in mail.html_body


def test_the_vendor_gets_a_link_to_the_renewal_upload_and_the_owner_to_the_document(app, make):
    owner = make.staff(email="owner@portal.example")
    vendor = make.vendor(owner)
    make.contact(vendor, "ana@vendor.example")
    document = make.document(vendor, days(14))
    run_reminders(TODAY)
    vendor_mail, owner_mail = mails()
    assert f"http://localhost/vendor/documents/{document.id}/renew" in vendor_mail.text_body
    assert f'href="http://localhost/vendor/documents/{document.id}/renew"' in vendor_mail.html_body
    assert f"http://localhost/review/documents/{document.id}\n" in owner_mail.text_body
    assert "/renew" not in owner_mail.text_body


def test_the_link_in_an_owners_reminder_opens_the_document_for_a_reviewer(app, make, login_as):
    owner = make.staff(email="owner@portal.example")
    vendor = make.vendor(owner)
    document = make.document(vendor, days(14), filename="insurance-2031.pdf")
    run_reminders(TODAY)
    [owner_mail] = [m for m in mails() if m.to_addr == "owner@portal.example"]
    link = re.search(r"http://localhost(/\S+)", owner_mail.text_body)
    assert link is not None
    response = login_as(owner).get(link.group(1))
    assert response.status_code == 200
    assert b'data-testid="document-name"' in response.data
    assert b"insurance-2031.pdf" in response.data
    assert f"/review/documents/{document.id}/download".encode() in response.data


def test_five_reminders_for_a_contact_make_one_digest(app, make):
    vendor = make.vendor(legal_name="Rheinwerk GmbH")
    other = make.vendor(legal_name="Atlántico S.L.", status="onboarding")
    make.contact(vendor, "ana@vendor.example")
    make.contact(other, "ana@vendor.example")  # the same person at two vendors
    for n, expiry in enumerate((1, 7, 14, 30)):
        make.document(vendor, days(expiry), filename=f"doc{n}.pdf")
    make.document(other, days(-3), filename="expired.pdf")
    run_reminders(TODAY)
    [mail] = mails()
    assert mail.subject == "5 documents need your attention"
    assert len(ledger(message_id=mail.id)) == 5
    text = mail.text_body
    assert text.index("Atlántico S.L.") < text.index("expired.pdf") < text.index("Rheinwerk GmbH")
    assert [line for line in text.splitlines() if line.startswith("- ")] == [
        "- Certification “expired.pdf” expired on February 28, 2031, 3 days ago.",
        "- Certification “doc0.pdf” expires on March 4, 2031, in 1 day.",
        "- Certification “doc1.pdf” expires on March 10, 2031, in 7 days.",
        "- Certification “doc2.pdf” expires on March 17, 2031, in 14 days.",
        "- Certification “doc3.pdf” expires on April 2, 2031, in 30 days.",
    ]


def test_names_from_documents_and_vendors_are_text_not_markup(app, make):
    vendor = make.vendor(legal_name='"><svg onload=alert(1)>')
    make.contact(vendor, "ana@vendor.example", name="<b>Ana</b>")
    make.document(vendor, days(7), filename="<script>alert(1)</script>.pdf")
    make.document(vendor, days(8), filename='<div hx-get="/x" hx-trigger="load">.pdf')
    run_reminders(TODAY)
    [mail] = mails()
    for hostile in ("<script>", "<svg", "<div hx-get", "<b>Ana"):
        assert hostile not in mail.html_body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.pdf" in mail.html_body
    assert "&#34;&gt;&lt;svg onload=alert(1)&gt;" in mail.html_body
    assert "<script>alert(1)</script>.pdf" in mail.text_body  # plain text shows it as it is


def test_the_message_id_follows_from_the_ledger_keys(app, make):
    vendor = make.vendor()
    make.contact(vendor, "ana@vendor.example")
    make.document(vendor, days(7))
    make.document(vendor, days(30))
    run_reminders(TODAY)
    [mail] = mails()
    reminders = ledger()
    assert mail.message_id == message_id_for(reminders)
    assert mail.message_id == message_id_for(list(reversed(reminders)))
    assert message_id_for(reminders[:1]) != mail.message_id
    assert mail.message_id.endswith("@localhost")
