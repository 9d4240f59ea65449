"""Admins edit the requirements matrix: reading the form, saving (audited), and previewing
which requirements a vendor profile would get."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select

from portal.audit.service import record
from portal.core.db import db
from portal.diligence.models import CHECK_TYPES
from portal.i18n import lazy_gettext as _l
from portal.requirements.catalog import EEA_COUNTRIES, KINDS, VENDOR_CATEGORIES
from portal.requirements.checklist import requirement_applies
from portal.requirements.models import Requirement
from portal.vendors.models import CRITICALITIES, Vendor

FIELDS = (
    "name",
    "description",
    "kinds",
    "checks",
    "categories",
    "countries",
    "excluded_countries",
    "min_criticality",
    "min_annual_spend_eur",
    "active",
)
COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass
class RequirementForm:
    values: dict[str, Any]
    errors: dict[str, object] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_countries(text: str) -> tuple[list[str], list[str]]:
    """`DE, fr EEA` → (sorted codes, unknown tokens); `EEA` stands for its members."""
    codes: set[str] = set()
    unknown = []
    for word in re.split(r"[\s,;]+", text.upper()):
        if not word:
            continue
        if word == "EEA":
            codes |= EEA_COUNTRIES
        elif COUNTRY.match(word):
            codes.add(word)
        else:
            unknown.append(word)
    return sorted(codes), unknown


def countries_text(codes: Sequence[str]) -> str:
    """The inverse of parse_countries, writing `EEA` for the whole set."""
    remaining = set(codes)
    parts = []
    if remaining >= EEA_COUNTRIES:
        parts.append("EEA")
        remaining -= EEA_COUNTRIES
    return ", ".join(parts + sorted(remaining))


def read_requirement(form: Mapping[str, str], lists: Mapping[str, list[str]]) -> RequirementForm:
    errors: dict[str, object] = {}
    raw = {k: form.get(k, "") for k in ("countries", "excluded_countries", "min_annual_spend_eur")}
    countries, bad = parse_countries(raw["countries"])
    if bad:
        errors["countries"] = _l("Unknown country codes: %(codes)s", codes=", ".join(bad))
    excluded, bad = parse_countries(raw["excluded_countries"])
    if bad:
        errors["excluded_countries"] = _l("Unknown country codes: %(codes)s", codes=", ".join(bad))
    spend = None
    if raw["min_annual_spend_eur"].strip():
        try:
            spend = Decimal(raw["min_annual_spend_eur"].replace(",", "").replace(" ", ""))
            if not spend.is_finite() or spend < 0:
                raise InvalidOperation
        except InvalidOperation:
            errors["min_annual_spend_eur"] = _l("Enter an amount in euros, or leave it empty.")
            spend = None
    values: dict[str, Any] = {
        "name": " ".join(form.get("name", "").split())[:200],
        "description": form.get("description", "").strip()[:2000] or None,
        "kinds": [k for k in KINDS if k in lists.get("kinds", [])],
        "checks": [c for c in CHECK_TYPES if c in lists.get("checks", [])],
        "categories": [c for c in VENDOR_CATEGORIES if c in lists.get("categories", [])],
        "countries": countries,
        "excluded_countries": excluded,
        "min_criticality": form.get("min_criticality") or None,
        "min_annual_spend_eur": spend,
        "active": form.get("active") in ("1", "on"),
    }
    if not values["name"]:
        errors["name"] = _l("Enter a name.")
    if not values["kinds"] and not values["checks"]:
        errors["kinds"] = _l(
            "Choose at least one kind of document that satisfies it, or a due diligence check."
        )
    if values["min_criticality"] not in (None, *CRITICALITIES):
        errors["min_criticality"] = _l("Choose a criticality from the list.")
    if set(countries) & set(excluded):
        errors["excluded_countries"] = _l("A country cannot be both required and excluded.")
    return RequirementForm(values, errors, raw)


def form_from(requirement: Requirement) -> RequirementForm:
    values = {name: getattr(requirement, name) for name in FIELDS}
    raw = {
        "countries": countries_text(requirement.countries or []),
        "excluded_countries": countries_text(requirement.excluded_countries or []),
        "min_annual_spend_eur": ""
        if requirement.min_annual_spend_eur is None
        else f"{Decimal(requirement.min_annual_spend_eur):f}",
    }
    return RequirementForm(values, {}, raw)


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def save_requirement(values: Mapping[str, Any], existing: Requirement | None) -> Requirement:
    requirement = existing or Requirement()
    before = {name: _plain(getattr(requirement, name, None)) for name in FIELDS}
    for name in FIELDS:
        setattr(requirement, name, values[name])
    if existing is None:
        db.session.add(requirement)
    db.session.flush()
    changes = {
        name: [before[name], _plain(values[name])]
        for name in FIELDS
        if existing is None or before[name] != _plain(values[name])
    }
    record(
        "requirement.created" if existing is None else "requirement.changed",
        object_type="requirement",
        object_id=requirement.id,
        changes=changes,
    )
    return requirement


def all_requirements() -> list[Requirement]:
    return list(db.session.scalars(select(Requirement).order_by(Requirement.id)))


def vendors_per_requirement(requirements: Sequence[Requirement]) -> dict[int, int]:
    """How many vendors each requirement applies to now."""
    vendors = list(db.session.scalars(select(Vendor)))
    return {r.id: sum(1 for v in vendors if requirement_applies(r, v)) for r in requirements}


@dataclass(frozen=True)
class Profile:
    category: str
    country: str
    criticality: str
    annual_spend_eur: Decimal | None


def read_profile(args: Mapping[str, str]) -> Profile | None:
    category = args.get("category", "")
    country = args.get("country", "").strip().upper()
    criticality = args.get("criticality", "medium")
    if category not in VENDOR_CATEGORIES or not COUNTRY.match(country):
        return None
    if criticality not in CRITICALITIES:
        criticality = "medium"
    try:
        spend = Decimal(args["spend"]) if args.get("spend", "").strip() else None
    except InvalidOperation:
        spend = None
    return Profile(category, country, criticality, spend)


def preview(profile: Profile, requirements: Sequence[Requirement]) -> list[Requirement]:
    """The requirements a vendor with this profile would have (nothing is stored)."""
    vendor = Vendor(
        legal_name="preview",
        country=profile.country,
        category=profile.category,
        criticality=profile.criticality,
        annual_spend_eur=profile.annual_spend_eur,
    )
    return [r for r in requirements if requirement_applies(r, vendor)]
