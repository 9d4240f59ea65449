"""Reminder tests: a real SMTP server (aiosmtpd) on loopback, and factories for the data."""

from __future__ import annotations

import dataclasses
import email
import threading
import uuid
from collections.abc import Iterator
from datetime import date
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

from portal.auth.models import User
from portal.core.db import db
from portal.documents.models import Document, ExtractedField
from portal.vendors.models import Vendor, VendorContact
from tests.support.services import free_port


class Mailbox:
    """The SMTP server's side: what it accepted, and what it should refuse."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse: set[str] = set()
        self.lock = threading.Lock()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        if address.lower() in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        assert isinstance(message, EmailMessage)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in m["To"]]

    def message_ids(self) -> list[str]:
        return [m["Message-ID"] for m in self.messages]


class SmtpServer:
    """aiosmtpd on 127.0.0.1 that can be stopped and started again on the same port."""

    def __init__(self, **options: Any) -> None:
        self.port = free_port()
        self.mailbox = Mailbox()
        self.options = options
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(
            self.mailbox, hostname="127.0.0.1", port=self.port, **self.options
        )
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


def use_mail_url(app: Flask, url: str, **settings: Any) -> None:
    """Point the running app at another transport (the settings are read at each delivery)."""
    app.config["PORTAL"] = dataclasses.replace(app.config["PORTAL"], mail_url=url, **settings)


@pytest.fixture
def smtp_app(app: Flask, smtp_server: SmtpServer) -> Flask:
    use_mail_url(app, smtp_server.url, mail_from="Vendor Portal <portal@portal.example>")
    return app


class Factory:
    """Rows for reminder tests, committed as they are made."""

    def __init__(self) -> None:
        self.counter = 0

    def _next(self) -> int:
        self.counter += 1
        return self.counter

    def staff(self, role: str = "reviewer", **values: Any) -> User:
        n = self._next()
        user = User(
            issuer="https://idp.example",
            subject=f"staff-{n}",
            email=values.pop("email", f"{role}{n}@portal.example"),
            name=values.pop("name", f"{role.title()} {n}"),
            role=role,
            **values,
        )
        db.session.add(user)
        db.session.commit()
        return user

    def vendor(self, owner: User | None = None, **values: Any) -> Vendor:
        n = self._next()
        vendor = Vendor(
            legal_name=values.pop("legal_name", f"Vendor {n} GmbH"),
            country=values.pop("country", "DE"),
            status=values.pop("status", "active"),
            owner_id=owner.id if owner else None,
            **values,
        )
        db.session.add(vendor)
        db.session.commit()
        return vendor

    def contact(self, vendor: Vendor, email: str, language: str = "en", **values: Any) -> Any:
        contact = VendorContact(
            vendor_id=vendor.id,
            name=values.pop("name", email.split("@")[0].title()),
            email=email,
            language=language,
            **values,
        )
        db.session.add(contact)
        db.session.commit()
        return contact

    def document(
        self,
        vendor: Vendor,
        expiry: date | None,
        doc_type: str = "certification",
        state: str = "approved",
        filename: str | None = None,
        notice_days: Any = None,
        **values: Any,
    ) -> Document:
        n = self._next()
        document = Document(
            vendor_id=vendor.id,
            kind=values.pop("kind", KIND_OF_TYPE.get(doc_type)),
            declared_type=doc_type,
            original_filename=filename or f"{doc_type}-{n}.pdf",
            storage_key=f"test/{uuid.uuid4().hex}",
            sha256=uuid.uuid4().hex * 2,
            size=1000,
            media_type="application/pdf",
            state=state,
            expiry_date=expiry,
            **values,
        )
        db.session.add(document)
        db.session.flush()
        if notice_days is not None:
            db.session.add(
                ExtractedField(
                    document_id=document.id,
                    kind="clause",
                    name="non_renewal_notice_days",
                    value=notice_days,
                    source="reviewer",
                )
            )
        db.session.commit()
        return document


@pytest.fixture
def make(app: Flask, requirements: None) -> Factory:
    return Factory()


# The document kind (requirements catalogue) the tests' documents of each type are.
KIND_OF_TYPE = {
    "certification": "iso27001_certificate",
    "insurance_certificate": "insurance_certificate",
    "business_licence": "business_licence",
    "contract": "service_agreement",
}


@pytest.fixture
def requirements(app: Flask) -> None:
    """The matrix these tests assume: every vendor must hold a valid ISO/IEC 27001 certificate
    and insurance certificate, high-criticality vendors a business licence too (the seeded
    defaults are switched off)."""
    from sqlalchemy import update

    from portal.requirements.models import Requirement

    db.session.execute(update(Requirement).values(active=False))
    db.session.add_all(
        [
            Requirement(name="Security certificate", kinds=["iso27001_certificate"]),
            Requirement(name="Insurance", kinds=["insurance_certificate"]),
            Requirement(name="Licence", kinds=["business_licence"], min_criticality="high"),
        ]
    )
    db.session.commit()
