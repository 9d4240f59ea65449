"""Editing the risk register: new risks, changes (stale ones refused), the heat map."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from portal.audit.service import record
from portal.auth.models import User
from portal.core.db import db
from portal.lifecycle.events import publish
from portal.risks.models import ACTIVE_STATUSES, RISK_CATEGORIES, RISK_STATUSES, Risk

FIELDS = (
    "category",
    "title",
    "description",
    "likelihood",
    "impact",
    "owner_id",
    "mitigation",
    "review_on",
    "status",
)


class RiskInvalid(ValueError):
    status = 400


class StaleRisk(RiskInvalid):
    status = 409


@dataclass(frozen=True)
class RiskForm:
    values: dict[str, Any]
    errors: dict[str, str]


def _scale(raw: str, name: str, errors: dict[str, str]) -> int:
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= 5:
        errors[name] = "Choose 1 to 5."
    return value


def read_risk(form: Mapping[str, str]) -> RiskForm:
    errors: dict[str, str] = {}
    title = " ".join(form.get("title", "").split())[:300]
    if not title:
        errors["title"] = "Enter a title."
    category = form.get("category", "")
    if category not in RISK_CATEGORIES:
        errors["category"] = "Choose a category."
    status = form.get("status", "open")
    if status not in RISK_STATUSES:
        errors["status"] = "Choose a status."
    review_on = None
    if raw := form.get("review_on", "").strip():
        try:
            review_on = date.fromisoformat(raw)
        except ValueError:
            errors["review_on"] = "Enter a date as YYYY-MM-DD."
    owner_id = None
    if raw := form.get("owner_id", "").strip():
        if not raw.isdigit() or db.session.get(User, int(raw)) is None:
            errors["owner_id"] = "Choose an owner from the list."
        else:
            owner_id = int(raw)
    values = {
        "category": category,
        "title": title,
        "description": form.get("description", "").strip()[:4000] or None,
        "likelihood": _scale(form.get("likelihood", ""), "likelihood", errors),
        "impact": _scale(form.get("impact", ""), "impact", errors),
        "owner_id": owner_id,
        "mitigation": form.get("mitigation", "").strip()[:4000] or None,
        "review_on": review_on,
        "status": status,
    }
    return RiskForm(values, errors)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def create_risk(vendor_id: int, values: Mapping[str, Any]) -> Risk:
    risk = Risk(vendor_id=vendor_id, **{k: values[k] for k in FIELDS})
    db.session.add(risk)
    db.session.flush()
    record(
        "risk.created",
        vendor_id=vendor_id,
        object_type="risk",
        object_id=risk.id,
        after={k: _plain(values[k]) for k in FIELDS},
    )
    if risk.status in ("open", "mitigating"):
        publish(
            "risk_opened",
            vendor_id,
            f"Risk opened: {risk.title}",
            risk.description or "",
            f"/risks/{risk.id}",
            dedupe_key=f"risk_opened:{risk.id}",
        )
    return risk


def update_risk(risk: Risk, values: Mapping[str, Any], expected_version: int) -> Risk:
    if risk.version != expected_version:
        raise StaleRisk("Someone changed this risk since you opened it. Reload and try again.")
    before = {k: _plain(getattr(risk, k)) for k in FIELDS}
    was = risk.status
    for k in FIELDS:
        setattr(risk, k, values[k])
    risk.version += 1
    db.session.flush()
    after = {k: _plain(values[k]) for k in FIELDS}
    record(
        "risk.changed",
        vendor_id=risk.vendor_id,
        object_type="risk",
        object_id=risk.id,
        changes={k: [before[k], after[k]] for k in FIELDS if before[k] != after[k]},
    )
    if was == "proposed" and risk.status in ("open", "mitigating"):
        publish(
            "risk_opened",
            risk.vendor_id,
            f"Risk opened: {risk.title}",
            risk.description or "",
            f"/risks/{risk.id}",
            dedupe_key=f"risk_opened:{risk.id}",
        )
    return risk


def vendor_risks(vendor_id: int, include_closed: bool = True) -> list[Risk]:
    stmt = select(Risk).where(Risk.vendor_id == vendor_id)
    if not include_closed:
        stmt = stmt.where(Risk.status.in_(ACTIVE_STATUSES))
    return list(db.session.scalars(stmt.order_by((Risk.likelihood * Risk.impact).desc(), Risk.id)))


def heat_map(vendor_id: int | None = None) -> list[list[int]]:
    """Counts of active risks: rows impact 5→1, columns likelihood 1→5."""
    stmt = select(Risk.likelihood, Risk.impact, func.count(Risk.id)).where(
        Risk.status.in_(ACTIVE_STATUSES)
    )
    if vendor_id is not None:
        stmt = stmt.where(Risk.vendor_id == vendor_id)
    grid = [[0] * 5 for _ in range(5)]
    for likelihood, impact, count in db.session.execute(
        stmt.group_by(Risk.likelihood, Risk.impact)
    ):
        grid[5 - impact][likelihood - 1] = count
    return grid


def risks_by_category() -> dict[str, int]:
    rows = db.session.execute(
        select(Risk.category, func.count(Risk.id))
        .where(Risk.status.in_(ACTIVE_STATUSES))
        .group_by(Risk.category)
    )
    found = {category: count for category, count in rows}
    return {c: found.get(c, 0) for c in RISK_CATEGORIES}
