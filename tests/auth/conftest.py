"""The tests of this folder sign in against oidc-provider-mock running on loopback."""

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.core.db import db
from tests.support.oidc import provider_settings


@pytest.fixture
def portal_settings(oidc_mock):
    return provider_settings(oidc_mock.issuer, PORTAL_OIDC_ROLE_CLAIM="groups")


@pytest.fixture
def audit_actions():
    def actions(prefix=""):
        db.session.expire_all()
        rows = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        return [row for row in rows if row.action.startswith(prefix)]

    return actions
