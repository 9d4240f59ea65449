"""E-mails about a vendor to its people and its internal owner, each in the reader's language.

Stored in the outbox in the caller's transaction (a rollback sends nothing). Recipients are the
reminders' (portal.reminders.recipients): the contacts who take reminders, else the vendor's
users; the owner in their own language.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import render_template
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.core.config import settings
from portal.core.db import utcnow
from portal.core.mail import address_domain
from portal.core.outbox import add_message
from portal.i18n import LOCALES
from portal.i18n import gettext as _
from portal.reminders.recipients import owner_recipients, vendor_recipients
from portal.vendors.models import Vendor

CATEGORY = "vendor"


@dataclass(frozen=True)
class Addressee:
    email: str
    name: str | None
    language: str
    staff: bool


def _language(code: str | None) -> str:
    short = (code or "").split("-")[0].split("_")[0].lower()
    return short if short in LOCALES else "en"


def addressees(session: Session, vendor_id: int, owner: bool = True) -> list[Addressee]:
    """The vendor's recipients (and its owner), each address once."""
    people = vendor_recipients().subquery()
    rows = list(session.execute(select(people).where(people.c.vendor_id == vendor_id)))
    if owner:
        owners = owner_recipients().subquery()
        rows += list(session.execute(select(owners).where(owners.c.vendor_id == vendor_id)))
    found: dict[str, Addressee] = {}
    for row in rows:
        if row.email and row.email not in found:
            found[row.email] = Addressee(
                row.email, row.name, _language(row.language), row.kind not in ("contact", "user")
            )
    return list(found.values())


def store_notice(
    session: Session,
    addressee: Addressee,
    template: str,
    subject: Callable[[], str],
    category: str = CATEGORY,
    **context: Any,
) -> None:
    """Render `emails/<template>.txt|html` in the addressee's language and put it in the outbox."""
    with force_locale(addressee.language):
        title = subject()
        values = {
            "language": addressee.language,
            "name": addressee.name,
            "staff": addressee.staff,
            "subject": title,
            **context,
        }
        text = render_template(f"emails/{template}.txt", **values)
        html = render_template(f"emails/{template}.html", **values)
    digest = hashlib.sha256(addressee.email.encode()).hexdigest()[:12]
    add_message(
        session,
        message_id=f"{template}.{uuid.uuid4().hex}.{digest}@{address_domain(settings().mail_from)}",
        category=category,
        to_addr=addressee.email,
        to_name=addressee.name,
        subject=title,
        text_body=text,
        html_body=html,
        language=addressee.language,
        now=utcnow(),
    )


def vendor_url(vendor_id: int, staff: bool) -> str:
    path = f"/staff/vendors/{vendor_id}" if staff else "/vendor/"
    return settings().base_url + path


def send_activation_notices(session: Session, vendor_ids: Iterable[int]) -> int:
    """The vendor is active: tell its people and its owner. Returns the messages stored."""
    sent = 0
    for vendor_id in vendor_ids:
        vendor = session.get_one(Vendor, vendor_id)
        for addressee in addressees(session, vendor_id):

            def subject(staff: bool = addressee.staff, name: str = vendor.legal_name) -> str:
                if staff:
                    return str(_("%(vendor)s is now an active vendor", vendor=name))
                return str(_("Your organisation is now an active vendor"))

            store_notice(
                session,
                addressee,
                "vendor_activated",
                subject,
                vendor_name=vendor.legal_name,
                link=vendor_url(vendor_id, addressee.staff),
            )
            sent += 1
    return sent
