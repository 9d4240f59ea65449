"""The reviewer's reason, e-mailed to the vendor's contacts in their own language."""

from __future__ import annotations

from portal.core.config import settings
from portal.core.db import db
from portal.documents.models import Document
from portal.i18n import gettext as _
from portal.reminders.emails import DOCUMENT_TYPE_LABELS
from portal.vendors.notices import Addressee, addressees, store_notice

CATEGORY = "review"
VENDOR_DOCUMENT_PATH = "/vendor/documents/{document_id}"


def document_label(document: Document) -> str:
    label = DOCUMENT_TYPE_LABELS.get(document.doc_type or "other", DOCUMENT_TYPE_LABELS["other"])
    return str(_("%(type)s “%(filename)s”", type=label, filename=document.original_filename))


def _subject(document: Document, state: str) -> str:
    if state == "changes_requested":
        return str(_("Changes requested: %(document)s", document=document_label(document)))
    return str(_("Not accepted: %(document)s", document=document_label(document)))


def send_decision_notices(document: Document, state: str, reason: str) -> int:
    """One e-mail per vendor recipient; returns how many were stored in the outbox."""
    session = db.session
    link = settings().base_url + VENDOR_DOCUMENT_PATH.format(document_id=document.id)
    people: list[Addressee] = addressees(session, document.vendor_id, owner=False)
    for person in people:
        store_notice(
            session,
            person,
            "review_decision",
            lambda: _subject(document, state),
            category=CATEGORY,
            decision=state,
            reason=reason,
            link=link,
            type_label=DOCUMENT_TYPE_LABELS.get(
                document.doc_type or "other", DOCUMENT_TYPE_LABELS["other"]
            ),
            filename=document.original_filename,
        )
    return len(people)
