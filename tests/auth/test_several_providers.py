"""Several providers (PORTAL_OIDC_PROVIDERS): one for vendors, one for staff."""

import json

import pytest
from sqlalchemy import select

from portal.auth.models import User
from portal.core.db import db
from tests.support.auth import sign_in_with_provider
from tests.support.oidc import CLIENT_ID, CLIENT_SECRET


@pytest.fixture
def portal_settings(oidc_mock, rogue_provider):
    providers = [
        {
            "name": "vendors",
            "label": "Vendor sign-in",
            "issuer": rogue_provider.issuer,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        },
        {
            "name": "staff",
            "label": "Staff sign-in",
            "issuer": oidc_mock.issuer,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "role_claim": "groups",
            "role_map": {"grp-compliance": "reviewer", "grp-it": "admin"},
        },
    ]
    return {"PORTAL_OIDC_PROVIDERS": json.dumps(providers)}


def test_the_sign_in_page_offers_every_provider(client):
    page = client.get("/auth/login?next=/admin/users")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Vendor sign-in" in html and "Staff sign-in" in html
    assert "/auth/login/staff?next=/admin/users" in html


def test_unknown_provider_is_a_404(client):
    assert client.get("/auth/login/nobody").status_code == 404


def test_staff_provider_maps_its_groups_to_roles(client, oidc_mock):
    oidc_mock.set_user("it-person", email="it@portal.example", groups=["grp-it", "grp-other"])
    response = sign_in_with_provider(client, oidc_mock, "it-person", "/auth/login/staff")
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.subject == "it-person"))
    assert (user.role, user.issuer) == ("admin", oidc_mock.issuer)
    assert client.get("/admin/users").status_code == 200


def test_same_subject_at_two_providers_is_two_accounts(client, app, oidc_mock, rogue_provider):
    import requests

    from tests.support.oidc import split_location

    oidc_mock.set_user("rogue-subject", email="x@portal.example", groups=["grp-compliance"])
    sign_in_with_provider(client, oidc_mock, "rogue-subject", "/auth/login/staff")
    other = app.test_client()
    started = other.get("/auth/login/vendors")
    at_provider = requests.get(started.headers["Location"], allow_redirects=False, timeout=5)
    path, query = split_location(at_provider.headers["Location"])
    assert other.get(path, query_string=query).status_code == 302
    accounts = db.session.scalars(select(User).where(User.subject == "rogue-subject")).all()
    assert sorted((u.issuer, u.role) for u in accounts) == sorted(
        [(oidc_mock.issuer, "reviewer"), (rogue_provider.issuer, "vendor")]
    )
