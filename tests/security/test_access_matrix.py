"""Every route of the URL map, as every kind of person (SECURITY.md checks 9 and 11).

Other vendor: 404 and none of the object's bytes. Anonymous: to sign-in. Vendors: 403 on staff
and admin routes. Owner and allowed staff: not refused. See tests/security/matrix.py.
"""

from __future__ import annotations

import pytest

from portal.auth.access import DEFAULT_POLICY
from tests.security.matrix import (
    OBJECT_FACTORIES,
    SAMPLE_ARGUMENTS,
    SCORECARD_SETTINGS_ROUTES,
    WORKBENCH_ROUTES,
    application_routes,
    build_app_for_collection,
    declaration_problems,
    expected_outcome,
    url_for_route,
)

ROUTES = list(application_routes(build_app_for_collection()))


def test_every_route_declares_its_access_and_can_be_walked():
    assert declaration_problems(ROUTES) == []


def test_an_undeclared_route_with_an_object_id_fails_the_matrix():
    from portal.auth.access import login_required, vendor_object

    app = build_app_for_collection()

    def leaky(document_id):  # declares sign-in but not whose document it is
        return "bytes"

    def undeclared(name):
        return "?"

    def unknown_kind(widget_id):
        return "?"

    app.add_url_rule("/leak/<int:document_id>", "leak", login_required(leaky))
    app.add_url_rule("/undeclared/<name>", "undeclared", undeclared)
    app.add_url_rule("/widgets/<int:widget_id>", "widget", vendor_object("widget")(unknown_kind))
    problems = declaration_problems(application_routes(app))
    assert any("/leak/" in p and "not declared" in p for p in problems)
    assert any("/undeclared/" in p and "no access declaration" in p for p in problems)
    assert any("/widgets/" in p and "no factory" in p for p in problems)


def test_the_matrix_covers_the_routes_of_this_issue():
    rules = {route.rule for route, _ in ROUTES}
    assert {"/", "/auth/callback", "/admin/users/<int:user_id>/role"} <= rules
    with_objects = [route for route, policy in ROUTES if policy and policy.objects]
    assert len(with_objects) >= 5


def test_the_matrix_walks_every_workbench_route_as_staff_or_admin_only():
    declared = {route.rule: policy for route, policy in ROUTES}
    for rule, who in WORKBENCH_ROUTES.items():
        policy = declared[rule]
        assert policy is not None and not policy.public, rule
        assert policy.kinds == ({"admin"} if who == "admin" else {"reviewer", "admin"}), rule
    workbench = {r.rule for r, _ in ROUTES if r.rule.startswith(("/review", "/staff"))}
    assert workbench == set(WORKBENCH_ROUTES)


def test_the_matrix_walks_the_scorecard_settings_as_staff_readers_and_admin_writers():
    declared = {(route.rule, route.method): policy for route, policy in ROUTES}
    for (rule, method), who in SCORECARD_SETTINGS_ROUTES.items():
        policy = declared[(rule, method)]
        assert policy is not None and not policy.public, rule
        assert policy.kinds == ({"admin"} if who == "admin" else {"reviewer", "admin"}), rule
    settings = {(r.rule, r.method) for r, _ in ROUTES if r.rule.startswith("/admin/scorecards")}
    assert settings == set(SCORECARD_SETTINGS_ROUTES)


def _create_objects(policy, vendor):
    made = {obj.arg: OBJECT_FACTORIES[obj.kind](vendor) for obj in policy.objects}
    values = {name: SAMPLE_ARGUMENTS.get(name) for name in SAMPLE_ARGUMENTS}
    values.update({name: item.id for name, item in made.items()})
    return values, [item.marker for item in made.values()]


@pytest.mark.parametrize(("route", "policy"), ROUTES, ids=[route.id for route, _ in ROUTES])
def test_route_answers_every_kind_of_person_as_declared(
    route,
    policy,
    login_as,
    vendor_a,
    vendor_a_user,
    vendor_b_user,
    pending_user,
    reviewer_user,
    admin_user,
):
    policy = policy or DEFAULT_POLICY
    people = {
        "anonymous": None,
        "pending": pending_user,
        "other_vendor": vendor_b_user,
        "reviewer": reviewer_user,
        "admin": admin_user,
        "owner": vendor_a_user,
    }
    failures = []
    for actor, user in people.items():
        # Fresh objects for each person: an allowed call may change or delete them.
        values, markers = _create_objects(policy, vendor_a)
        url = url_for_route(route, values)
        client = login_as(user)
        response = client.open(url, method=route.method, data={})
        status = response.status_code
        expected = expected_outcome(policy, actor, bool(policy.objects))
        body = response.get_data()
        ok = {
            "signin": status in (302, 303)
            and response.headers.get("Location", "").startswith("/auth/login"),
            "forbidden": status == 403,
            "hidden": status == 404 and not any(m.encode() in body for m in markers),
            "allowed": status not in (401, 403, 404) and status < 500,
        }[expected]
        if not ok:
            failures.append(f"{actor}: expected {expected}, got {status}")
        if status >= 500:
            failures.append(f"{actor}: server error {status}")
    assert failures == [], f"{route.id}: {failures}"


@pytest.mark.parametrize(
    ("route", "policy"),
    [(r, p) for r, p in ROUTES if p and not p.public and r.method == "GET"],
    ids=[r.id for r, p in ROUTES if p and not p.public and r.method == "GET"],
)
def test_htmx_requests_of_anonymous_people_are_told_to_sign_in(route, policy, login_as, vendor_a):
    values, _ = _create_objects(policy, vendor_a)
    response = login_as(None).get(url_for_route(route, values), headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/auth/login")
