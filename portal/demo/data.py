"""Deterministic demo data: vendors in several countries, their users, staff, contacts and
documents (portal.demo.documents).

Safe to run twice: rows are looked up by natural keys before they are created.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from portal.auth.models import User
from portal.core.config import settings
from portal.core.db import db
from portal.demo.documents import load_demo_documents
from portal.demo.integrations import load_integrations_demo
from portal.demo.lifecycle import load_lifecycle_demo
from portal.demo.review import load_review_demo
from portal.demo.vendor_side import load_vendor_side_demo
from portal.reminders.schedule import local_today
from portal.vendors.models import Vendor


@dataclass(frozen=True)
class DemoVendor:
    legal_name: str
    registration_number: str
    country: str
    category: str
    criticality: str
    preferred_language: str
    status: str


@dataclass(frozen=True)
class DemoUser:
    subject: str
    email: str
    name: str
    role: str
    vendor: str | None = None


VENDORS = (
    DemoVendor(
        "Shenzhen Huaxin Logistics Co., Ltd.",
        "91440300MA5F0XXX1K",
        "CN",
        "logistics",
        "high",
        "zh",
        "onboarding",
    ),
    DemoVendor(
        "Rheinwerk Datenservice GmbH",
        "HRB 104233",
        "DE",
        "data_processor",
        "critical",
        "de",
        "active",
    ),
    DemoVendor(
        "Servicios Atlántico S.L.",
        "B-86754321",
        "ES",
        "professional_services",
        "medium",
        "es",
        "invited",
    ),
)

USERS = (
    DemoUser("vendor-huaxin", "li.wei@huaxin.example", "Li Wei", "vendor", VENDORS[0].legal_name),
    DemoUser(
        "vendor-rheinwerk",
        "anna.schmidt@rheinwerk.example",
        "Anna Schmidt",
        "vendor",
        VENDORS[1].legal_name,
    ),
    DemoUser(
        "vendor-atlantico",
        "lucia.garcia@atlantico.example",
        "Lucía García",
        "vendor",
        VENDORS[2].legal_name,
    ),
    DemoUser("reviewer", "rita.reviewer@portal.example", "Rita Reviewer", "reviewer"),
    DemoUser("admin", "adam.admin@portal.example", "Adam Admin", "admin"),
)


def dev_issuer() -> str:
    return f"http://127.0.0.1:{settings().dev_oidc_port}"


def load_demo() -> str:
    session = db.session
    vendors: dict[str, Vendor] = {}
    created = 0
    for spec in VENDORS:
        vendor = session.scalar(select(Vendor).where(Vendor.legal_name == spec.legal_name))
        if vendor is None:
            vendor = Vendor(**spec.__dict__)
            session.add(vendor)
            created += 1
        vendors[spec.legal_name] = vendor
    session.flush()
    issuer = dev_issuer()
    for person in USERS:
        user = session.scalar(
            select(User).where(User.issuer == issuer, User.subject == person.subject)
        )
        if user is None:
            session.add(
                User(
                    issuer=issuer,
                    subject=person.subject,
                    email=person.email,
                    name=person.name,
                    role=person.role,
                    vendor_id=vendors[person.vendor].id if person.vendor else None,
                )
            )
            created += 1
    session.flush()
    owner = session.scalar(select(User).where(User.issuer == issuer, User.subject == "reviewer"))
    created += load_demo_documents(vendors, owner, local_today())
    created += load_vendor_side_demo(vendors, local_today())
    created += load_integrations_demo(vendors)
    created += load_lifecycle_demo(vendors, owner, local_today())
    created += load_review_demo(vendors, owner.id if owner else None, local_today())
    session.commit()
    return f"demo data loaded ({created} rows created)"
