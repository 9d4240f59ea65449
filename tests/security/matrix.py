"""The access matrix, generated from the application's URL map (SECURITY.md checks 9 and 11).

Every route is walked as anonymous, pending, owner (vendor A), other vendor (vendor B), reviewer
and admin, and must answer as its declared policy says (portal.auth.access). Nothing here lists
routes: a new route is covered as soon as it exists. What a new route may need here:

- an object kind it declares with `@vendor_object("kind", ...)` needs a factory in
  `OBJECT_FACTORIES` (an object of vendor A, with a marker string that must never reach vendor B);
- a URL argument that is not an object id (a token, a provider name) needs a value in
  `SAMPLE_ARGUMENTS`; an `<int:...>` argument must always be a declared object.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import Flask

from portal.auth.access import AccessPolicy, policy_of
from portal.auth.models import AccessRequest, Invitation, User
from portal.core.db import db, utcnow
from portal.core.outbox import add_message
from portal.documents.models import Document, ExtractedField
from portal.integrations.models import Channel, Delivery
from portal.kpis.models import KpiDefinition, KpiReport
from portal.lifecycle.models import AgreedAction, EscalationStep, LifecycleEvent
from portal.requirements.models import Requirement
from portal.risks.models import Risk
from portal.vendors.models import Vendor, VendorContact

SKIPPED_METHODS = {"HEAD", "OPTIONS"}
# The reviewer's workbench and the staff vendor pages (issue 7): staff only, suspension admins
# only; they take document, field and vendor ids (factories below), nothing else.
WORKBENCH_ROUTES = {
    "/review": "staff",
    "/review/next": "staff",
    "/review/documents/<int:document_id>": "staff",
    "/review/documents/<int:document_id>/viewer": "staff",
    "/review/documents/<int:document_id>/page-image": "staff",
    "/review/documents/<int:document_id>/download": "staff",
    "/review/documents/<int:document_id>/claim": "staff",
    "/review/documents/<int:document_id>/release": "staff",
    "/review/documents/<int:document_id>/approve": "staff",
    "/review/documents/<int:document_id>/request-changes": "staff",
    "/review/documents/<int:document_id>/reject": "staff",
    "/review/fields/<int:field_id>/review": "staff",
    "/review/fields/<int:field_id>/history": "staff",
    "/staff/vendors": "staff",
    "/staff/vendors/<int:vendor_id>": "staff",
    "/staff/vendors/<int:vendor_id>/suspend": "admin",
    "/staff/vendors/<int:vendor_id>/reinstate": "admin",
    "/staff/exports/vendors.csv": "staff",
    "/staff/exports/documents.csv": "staff",
}
# Scorecard settings (weights, targets, bands): staff read them, admins change them.
SCORECARD_SETTINGS_ROUTES = {
    ("/admin/scorecards", "GET"): "staff",
    ("/admin/scorecards/lines", "POST"): "admin",
    ("/admin/scorecards/criteria", "POST"): "admin",
    ("/admin/scorecards/bands", "POST"): "admin",
}
# URL arguments that are not object ids, with a value to call the route with.
SAMPLE_ARGUMENTS: dict[str, str] = {
    "token": "not-a-real-invitation-token",
    "name": "default",
    # A quarter that has ended (vendors report quarterly unless an admin says otherwise).
    "period_code": "2025-Q4",
    "check_type": "sanctions_screening",
    "country": "ZZ",
}
# Tables a read may write to: the session's last-seen time, and the audit of reads/denials.
ROUTE_TABLES_CHANGED_BY_READING = {"user_sessions", "audit_events"}
ACTORS = ("anonymous", "pending", "other_vendor", "reviewer", "admin", "owner")


@dataclass(frozen=True)
class Route:
    endpoint: str
    rule: str
    method: str
    arguments: tuple[str, ...]
    int_arguments: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"{self.method} {self.rule}"


@dataclass(frozen=True)
class Made:
    id: int
    marker: str


def _make_vendor(vendor_a: Vendor) -> Made:
    return Made(vendor_a.id, vendor_a.legal_name)


def _make_contact(vendor_a: Vendor) -> Made:
    contact = VendorContact(
        vendor_id=vendor_a.id, name="Marker Contact Zq7", email="zq7@alpha.example"
    )
    db.session.add(contact)
    db.session.commit()
    return Made(contact.id, "Marker Contact Zq7")


def _document(vendor_a: Vendor) -> Document:
    document = Document(
        vendor_id=vendor_a.id,
        original_filename="marker-licence-Xk9.pdf",
        storage_key=f"matrix/{utcnow().timestamp()}-{id(vendor_a)}-{_counter()}",
        sha256="0" * 64,
        size=10,
        media_type="application/pdf",
    )
    db.session.add(document)
    db.session.commit()
    return document


_count = iter(range(1_000_000))


def _counter() -> int:
    return next(_count)


def _make_document(vendor_a: Vendor) -> Made:
    return Made(_document(vendor_a).id, "marker-licence-Xk9")


def _make_field(vendor_a: Vendor) -> Made:
    document = _document(vendor_a)
    field = ExtractedField(
        document_id=document.id, name="holder_name", raw_value="Marker Holder Wv3"
    )
    db.session.add(field)
    db.session.commit()
    return Made(field.id, "Marker Holder Wv3")


def _make_user(vendor_a: Vendor) -> Made:
    user = User(
        issuer="https://idp.example",
        subject=f"matrix-{_counter()}",
        email="marker-colleague-Jh2@alpha.example",
        role="vendor",
        vendor_id=vendor_a.id,
    )
    db.session.add(user)
    db.session.commit()
    return Made(user.id, "marker-colleague-Jh2")


def _make_invitation(vendor_a: Vendor) -> Made:
    invitation = Invitation(
        vendor_id=vendor_a.id,
        email="marker-invitee-Pp4@alpha.example",
        token_hash=f"{_counter():064d}",
        expires_at=utcnow() + timedelta(days=1),
    )
    db.session.add(invitation)
    db.session.commit()
    return Made(invitation.id, "marker-invitee-Pp4")


def _make_access_request(vendor_a: Vendor) -> Made:
    requester = User(issuer="https://idp.example", subject=f"requester-{_counter()}", role="vendor")
    db.session.add(requester)
    db.session.flush()
    item = AccessRequest(user_id=requester.id, organisation="Marker Org Qm5", status="pending")
    db.session.add(item)
    db.session.commit()
    return Made(item.id, "Marker Org Qm5")


def _make_requirement(vendor_a: Vendor) -> Made:
    requirement = Requirement(name="Marker Requirement Rq8", kinds=["other"])
    db.session.add(requirement)
    db.session.commit()
    return Made(requirement.id, "Marker Requirement Rq8")


def _make_kpi_definition(vendor_a: Vendor) -> Made:
    definition = KpiDefinition(code=f"marker_kpi_{_counter()}", name="Marker KPI Kd6", unit="count")
    db.session.add(definition)
    db.session.commit()
    return Made(definition.id, "Marker KPI Kd6")


def _make_kpi_report(vendor_a: Vendor) -> Made:
    start = date(2020, 1, 1) + timedelta(days=31 * _counter())
    start = start.replace(day=1)
    report = KpiReport(
        vendor_id=vendor_a.id,
        frequency="monthly",
        period_start=start,
        period_end=start + timedelta(days=27),
        note="Marker KPI note Kn2",
    )
    db.session.add(report)
    db.session.commit()
    return Made(report.id, "Marker KPI note Kn2")


def _make_risk(vendor_a: Vendor) -> Made:
    risk = Risk(vendor_id=vendor_a.id, category="operational", title="Marker Risk Rk3")
    db.session.add(risk)
    db.session.commit()
    return Made(risk.id, "Marker Risk Rk3")


def _make_issue(vendor_a: Vendor) -> Made:
    issue = LifecycleEvent(vendor_id=vendor_a.id, kind="sla_breach", title="Marker Issue Is5")
    db.session.add(issue)
    db.session.commit()
    return Made(issue.id, "Marker Issue Is5")


def _make_escalation_step(vendor_a: Vendor) -> Made:
    step = EscalationStep(vendor_id=vendor_a.id, level=1, side="vendor", name="Marker Step Es4")
    db.session.add(step)
    db.session.commit()
    return Made(step.id, "Marker Step Es4")


def _make_agreed_action(vendor_a: Vendor) -> Made:
    action = AgreedAction(vendor_id=vendor_a.id, period_code="2025-Q4", text="Marker Action Aa7")
    db.session.add(action)
    db.session.commit()
    return Made(action.id, "Marker Action Aa7")


def _make_mail_message(vendor_a: Vendor) -> Made:
    message = add_message(
        db.session,
        message_id=f"matrix-{_counter()}@portal.example",
        category="test",
        to_addr="marker-recipient-Ml3@alpha.example",
        to_name=None,
        subject="Marker Mail Ms7",
        text_body="Marker Mail Ms7",
        html_body="<p>Marker Mail Ms7</p>",
        language="en",
        now=utcnow(),
    )
    message.status = "failed"
    db.session.commit()
    return Made(message.id, "Marker Mail Ms7")


def _channel(marker: str) -> Channel:
    channel = Channel(
        name=f"{marker} {_counter()}",
        kind="slack",
        events=["risk"],
        categories=[],
        secret_env="PORTAL_HOOK_MATRIX",
        secret_hint="from $PORTAL_HOOK_MATRIX",
        options={},
    )
    db.session.add(channel)
    db.session.commit()
    return channel


def _make_integration_channel(vendor_a: Vendor) -> Made:
    return Made(_channel("Marker Channel Ic4").id, "Marker Channel Ic4")


def _make_integration_delivery(vendor_a: Vendor) -> Made:
    delivery = Delivery(
        dedupe_key=f"matrix:{_counter()}",
        channel_id=_channel("Marker Delivery Channel").id,
        event_kind="risk",
        vendor_id=vendor_a.id,
        title="Marker Delivery Dv5",
        detail="",
        status="failed",
    )
    db.session.add(delivery)
    db.session.commit()
    return Made(delivery.id, "Marker Delivery Dv5")


# kind → factory of an object owned by vendor A (or by no vendor, for staff-only kinds).
OBJECT_FACTORIES: dict[str, Callable[[Vendor], Made]] = {
    "vendor": _make_vendor,
    "contact": _make_contact,
    "document": _make_document,
    "field": _make_field,
    "user": _make_user,
    "invitation": _make_invitation,
    "access_request": _make_access_request,
    "requirement": _make_requirement,
    "kpi_definition": _make_kpi_definition,
    "kpi_report": _make_kpi_report,
    "risk": _make_risk,
    "issue": _make_issue,
    "escalation_step": _make_escalation_step,
    "agreed_action": _make_agreed_action,
    "mail_message": _make_mail_message,
    "integration_channel": _make_integration_channel,
    "integration_delivery": _make_integration_delivery,
}


def application_routes(app: Flask) -> Iterator[tuple[Route, AccessPolicy | None]]:
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        policy = policy_of(app.view_functions.get(rule.endpoint))
        int_arguments = tuple(
            name
            for name, converter in rule._converters.items()
            if type(converter).__name__ in ("IntegerConverter", "UUIDConverter")
        )
        for method in sorted((rule.methods or set()) - SKIPPED_METHODS):
            yield (
                Route(
                    rule.endpoint, rule.rule, method, tuple(sorted(rule.arguments)), int_arguments
                ),
                policy,
            )


def declaration_problems(routes: Iterable[tuple[Route, AccessPolicy | None]]) -> list[str]:
    """Why the matrix cannot walk some route: an empty list when every route is covered."""
    problems = []
    for route, policy in routes:
        if policy is None:
            problems.append(f"{route.id}: no access declaration (@public, @login_required, ...)")
            continue
        declared = {obj.arg: obj.kind for obj in policy.objects}
        for kind in declared.values():
            if kind not in OBJECT_FACTORIES:
                problems.append(f"{route.id}: object kind {kind!r} has no factory in matrix.py")
        for name in route.arguments:
            if name in declared:
                continue
            if name in route.int_arguments or name.endswith("_id"):
                problems.append(
                    f"{route.id}: <{name}> looks like an object id but is not declared with "
                    "@vendor_object(kind, arg)"
                )
            elif name not in SAMPLE_ARGUMENTS:
                problems.append(f"{route.id}: add a sample value for <{name}> in matrix.py")
        if policy.public and not policy.reason:
            problems.append(f"{route.id}: @public needs a reason")
    return problems


def build_app_for_collection() -> Flask:
    """An application to read the URL map from while pytest collects the tests."""
    from portal.app import create_app

    folder = tempfile.mkdtemp(prefix="portal-matrix-")
    return create_app(
        {
            "PORTAL_ENV": "test",
            "PORTAL_INSTANCE_PATH": folder,
            "PORTAL_SECRET_KEY": "collection-only-" + "x" * 32,
            "PORTAL_DATABASE_URL": f"sqlite:///{folder}/portal.db",
            "PORTAL_QUEUE_URL": f"sqlite://{folder}/queue.db",
            "PORTAL_STORAGE_URL": f"file://{folder}/files",
        }
    )


def expected_outcome(policy: AccessPolicy, actor: str, has_objects: bool) -> str:
    """ "signin", "forbidden", "hidden" (404) or "allowed" for an actor on a route."""
    if policy.public:
        return "allowed"
    if actor == "anonymous":
        return "signin"
    kind = {"owner": "vendor", "other_vendor": "vendor"}.get(actor, actor)
    if not policy.allows_kind(kind):
        return "forbidden"
    if actor == "other_vendor" and has_objects:
        return "hidden"
    return "allowed"


def url_for_route(route: Route, values: dict[str, Any]) -> str:
    path = route.rule
    for name in route.arguments:
        value = values[name]
        for pattern in (f"<int:{name}>", f"<{name}>", f"<string:{name}>", f"<path:{name}>"):
            path = path.replace(pattern, str(value))
    return path
