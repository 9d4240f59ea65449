"""`portal demo` fills the lifecycle pages, and loading it twice adds nothing."""

from click.testing import CliRunner
from sqlalchemy import func, select

from portal.cli import main
from portal.core.db import db
from portal.lifecycle.models import LifecycleEvent
from portal.reminders.schedule import local_today
from portal.risks.models import Risk
from portal.scorecards.models import SlaBreach
from portal.scorecards.performance import latest_ended, scorecard
from portal.vendors.models import Vendor


def test_the_demo_shows_scorecards_risks_breaches_and_issues(app, backend, monkeypatch):
    for name, value in backend.settings.items():
        monkeypatch.setenv(name, value)
    runner = CliRunner()
    assert runner.invoke(main, ["demo"]).exit_code == 0
    db.session.expire_all()
    counted = [
        db.session.scalar(select(func.count()).select_from(m))
        for m in (Risk, SlaBreach, LifecycleEvent)
    ]
    assert counted[0] >= 2 and counted[2] >= 1
    # the contract's 4-hour priority-1 response time against a 5.5-hour quarter
    response = db.session.scalar(select(SlaBreach).where(SlaBreach.metric == "response_hours"))
    assert response is not None and (response.contracted, response.actual) == (4, 5.5)
    vendor = db.session.scalar(select(Vendor).where(Vendor.legal_name.like("Rheinwerk%")))
    card = scorecard(vendor, latest_ended(local_today()))
    assert card.score is not None and card.change is not None and card.change < 0
    assert runner.invoke(main, ["demo"]).exit_code == 0
    db.session.expire_all()
    assert [
        db.session.scalar(select(func.count()).select_from(m))
        for m in (Risk, SlaBreach, LifecycleEvent)
    ] == counted
