"""`portal demo` shows the Integrations pages populated, and never posts anywhere."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.cli import main
from portal.core.db import db
from portal.integrations.delivery import deliver_ready
from portal.integrations.models import Channel, Delivery
from tests.reminders.test_demo import demo  # noqa: F401  (fixture)


def test_the_demo_has_disabled_channels_a_ticket_and_a_failure(demo, login_as, admin_user):  # noqa: F811
    channels = list(db.session.scalars(select(Channel)))
    assert {c.kind for c in channels} == {"slack", "jira"}
    assert not any(c.enabled for c in channels)
    assert all(c.secret_ciphertext is None for c in channels)
    page = login_as(admin_user).get("/admin/integrations/deliveries").get_data(as_text=True)
    assert "VEND-101" in page and "no_service" in page
    before = db.session.scalar(select(func.count(Delivery.id)))
    result = demo.invoke(main, ["demo"])
    assert result.exit_code == 0
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Delivery.id))) == before
    assert deliver_ready() == []
