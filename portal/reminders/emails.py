"""The reminder e-mail: one digest per recipient, in the recipient's language, HTML and text.

Everything that comes from documents or vendors (file names, vendor names) is data: the HTML
template escapes it, and headers never carry a line break (portal.core.mail).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import render_template
from flask_babel import force_locale, format_date

from portal.core.config import settings
from portal.core.mail import address_domain
from portal.i18n import LOCALES, lazy_gettext
from portal.i18n import gettext as _gettext
from portal.i18n import ngettext as _ngettext
from portal.reminders.models import Reminder

CATEGORY = "reminders"
STAFF_KINDS = ("owner", "admin")
# Paths of the pages the links lead to (the vendor pages and the reviewer workbench serve them).
RENEWAL_UPLOAD_PATH = "/vendor/documents/{document_id}/renew"
DOCUMENT_PATH = "/review/documents/{document_id}"

DOCUMENT_TYPE_LABELS = {
    "business_licence": lazy_gettext("Business licence"),
    "certification": lazy_gettext("Certification"),
    "insurance_certificate": lazy_gettext("Insurance certificate"),
    "audit_report": lazy_gettext("Audit report"),
    "financial_statement": lazy_gettext("Financial statement"),
    "self_report": lazy_gettext("KPI self-report"),
    "contract": lazy_gettext("Contract"),
    "other": lazy_gettext("Document"),
}
# Most urgent first: status changes, escalations, then by rule and the days left.
RULE_ORDER = {"lapsed": 0, "escalation": 1, "expiry": 2, "renewal_deadline": 3}


def gettext(string: str, **variables: Any) -> str:
    return str(_gettext(string, **variables))


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    return str(_ngettext(singular, plural, num, **variables))


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str
    language: str


@dataclass(frozen=True)
class DigestItem:
    vendor_name: str
    sentence: str
    action: str
    link: str


@dataclass(frozen=True)
class VendorGroup:
    vendor_name: str
    items: tuple[DigestItem, ...]


def language_of(reminders: Sequence[Reminder]) -> str:
    for reminder in reminders:
        code = (reminder.language or "").split("-")[0].split("_")[0].lower()
        if code in LOCALES:
            return code
    return "en"


def message_id_for(reminders: Sequence[Reminder]) -> str:
    """Deterministic: the same reminders always make the same Message-ID."""
    keys = "\n".join(sorted(reminder.key for reminder in reminders))
    digest = hashlib.sha256(keys.encode()).hexdigest()[:32]
    return f"reminders.{digest}@{address_domain(settings().mail_from)}"


def renewal_url(document_id: int) -> str:
    return settings().base_url + RENEWAL_UPLOAD_PATH.format(document_id=document_id)


def document_url(document_id: int) -> str:
    return settings().base_url + DOCUMENT_PATH.format(document_id=document_id)


def document_label(reminder: Reminder) -> str:
    document = reminder.document
    doc_type = document.doc_type or reminder.details.get("doc_type") or "other"
    label = DOCUMENT_TYPE_LABELS.get(doc_type, DOCUMENT_TYPE_LABELS["other"])
    return gettext("%(type)s “%(filename)s”", type=label, filename=document.original_filename)


def _date(value: date) -> str:
    return str(format_date(value, "long"))


def _sentence(reminder: Reminder, today: date) -> str:
    label = document_label(reminder)
    document = reminder.document
    expiry = document.expiry_date or reminder.anchor_date
    days = (reminder.anchor_date - today).days
    staff = reminder.recipient_kind in STAFF_KINDS
    if reminder.rule == "lapsed":
        if staff:
            return gettext(
                "The vendor's status is now “lapsed” because %(document)s expired on %(date)s.",
                document=label,
                date=_date(expiry),
            )
        return gettext(
            "Your status as a vendor is now “lapsed” because %(document)s expired on %(date)s. "
            "Upload a renewal to restore it.",
            document=label,
            date=_date(expiry),
        )
    if reminder.rule == "escalation":
        return ngettext(
            "%(document)s expired on %(date)s, %(num)d day ago, and has not been renewed.",
            "%(document)s expired on %(date)s, %(num)d days ago, and has not been renewed.",
            -days,
            document=label,
            date=_date(expiry),
        )
    if reminder.rule == "renewal_deadline":
        values = {"document": label, "deadline": _date(reminder.anchor_date), "date": _date(expiry)}
        if days > 0:
            return ngettext(
                "Notice of non-renewal for %(document)s is due by %(deadline)s, in %(num)d day; "
                "the contract ends on %(date)s.",
                "Notice of non-renewal for %(document)s is due by %(deadline)s, in %(num)d days; "
                "the contract ends on %(date)s.",
                days,
                **values,
            )
        if days == 0:
            return gettext(
                "Notice of non-renewal for %(document)s is due today, %(deadline)s; "
                "the contract ends on %(date)s.",
                **values,
            )
        return gettext(
            "The notice deadline for %(document)s passed on %(deadline)s; "
            "the contract ends on %(date)s.",
            **values,
        )
    if days > 0:
        return ngettext(
            "%(document)s expires on %(date)s, in %(num)d day.",
            "%(document)s expires on %(date)s, in %(num)d days.",
            days,
            document=label,
            date=_date(expiry),
        )
    if days == 0:
        return gettext("%(document)s expires today, %(date)s.", document=label, date=_date(expiry))
    return ngettext(
        "%(document)s expired on %(date)s, %(num)d day ago.",
        "%(document)s expired on %(date)s, %(num)d days ago.",
        -days,
        document=label,
        date=_date(expiry),
    )


def _subject(reminders: Sequence[Reminder], today: date) -> str:
    documents = {reminder.document_id for reminder in reminders}
    if len(documents) > 1:
        return ngettext(
            "%(num)d document needs your attention",
            "%(num)d documents need your attention",
            len(documents),
        )
    reminder = reminders[0]
    label = document_label(reminder)
    vendor = reminder.document.vendor.legal_name
    days = (reminder.anchor_date - today).days
    if reminder.rule == "lapsed":
        if reminder.recipient_kind in STAFF_KINDS:
            return gettext("%(vendor)s has lapsed", vendor=vendor)
        return gettext("Your vendor status has lapsed")
    if reminder.rule == "escalation":
        return gettext(
            "Escalation: %(document)s of %(vendor)s has not been renewed",
            document=label,
            vendor=vendor,
        )
    if reminder.rule == "renewal_deadline":
        return gettext(
            "Contract notice deadline %(deadline)s: %(vendor)s",
            deadline=_date(reminder.anchor_date),
            vendor=vendor,
        )
    if days > 0:
        return gettext(
            "Reminder: %(document)s expires on %(date)s",
            document=label,
            date=_date(reminder.anchor_date),
        )
    if days == 0:
        return gettext("Reminder: %(document)s expires today", document=label)
    return gettext("%(document)s has expired", document=label)


def _item(reminder: Reminder, today: date) -> DigestItem:
    staff = reminder.recipient_kind in STAFF_KINDS
    return DigestItem(
        vendor_name=reminder.document.vendor.legal_name,
        sentence=_sentence(reminder, today),
        action=gettext("Open the document") if staff else gettext("Upload the renewal"),
        link=document_url(reminder.document_id) if staff else renewal_url(reminder.document_id),
    )


def _sort_key(reminder: Reminder) -> tuple[str, int, date, int]:
    return (
        reminder.document.vendor.legal_name,
        RULE_ORDER.get(reminder.rule, 9),
        reminder.anchor_date,
        reminder.document_id,
    )


def render_digest(reminders: Sequence[Reminder], today: date) -> RenderedMail:
    """The one e-mail that carries all of a recipient's due reminders."""
    language = language_of(reminders)
    ordered = sorted(reminders, key=_sort_key)
    staff = any(r.recipient_kind in STAFF_KINDS for r in ordered)
    with force_locale(language):
        groups: list[VendorGroup] = []
        for reminder in ordered:
            item = _item(reminder, today)
            if groups and groups[-1].vendor_name == item.vendor_name:
                groups[-1] = VendorGroup(item.vendor_name, (*groups[-1].items, item))
            else:
                groups.append(VendorGroup(item.vendor_name, (item,)))
        subject = _subject(ordered, today)
        context = {
            "language": language,
            "name": ordered[0].recipient_name,
            "staff": staff,
            "groups": groups,
            "subject": subject,
        }
        html = render_template("emails/reminders.html", **context)
        text = render_template("emails/reminders.txt", **context)
    return RenderedMail(subject=subject, text=text, html=html, language=language)
