"""Admins' scorecard settings: the stored band thresholds, and the version of each set of
weights that stale edits are checked against."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from sqlalchemy import update

from portal.core.db import db
from portal.scorecards.models import ScorecardSetting
from portal.scorecards.scoring import Bands

SETS = ("performance", "selection", "bands")


class StaleSettings(ValueError):
    status = 409


def setting(key: str) -> ScorecardSetting:
    """The row of one set, created on first use (a database older than 0010 has none)."""
    row = db.session.get(ScorecardSetting, key)
    if row is None:
        row = ScorecardSetting(key=key, value=None, version=1)
        db.session.add(row)
        db.session.flush()
    return row


def current_version(key: str) -> int:
    return setting(key).version


def claim(key: str, expected_version: int, user_id: int | None, message: str) -> None:
    """Take the next version of a set, or raise StaleSettings when someone saved it since
    `expected_version` was read. One conditional UPDATE, so two saves at once cannot both win."""
    setting(key)
    result = db.session.execute(
        update(ScorecardSetting)
        .where(ScorecardSetting.key == key, ScorecardSetting.version == expected_version)
        .values(version=expected_version + 1, updated_by_id=user_id)
        .execution_options(synchronize_session="fetch")
    )
    if getattr(result, "rowcount", 0) != 1:
        raise StaleSettings(message)


def stored_bands() -> Bands | None:
    """The thresholds an admin saved, None when PORTAL_SCORE_BANDS applies."""
    row = db.session.get(ScorecardSetting, "bands")
    if row is None or not row.value:
        return None
    try:
        return Bands(
            Decimal(str(row.value["preferred"])),
            Decimal(str(row.value["approved"])),
            Decimal(str(row.value["watch"])),
        )
    except (KeyError, TypeError, ValueError, InvalidOperation):
        # A hand-edited row must not take the scorecards down: the configured bands apply.
        return None


def bands_value(bands: Bands | None) -> dict[str, str] | None:
    if bands is None:
        return None
    return {
        "preferred": f"{bands.preferred.normalize():f}",
        "approved": f"{bands.approved.normalize():f}",
        "watch": f"{bands.watch.normalize():f}",
    }
