"""Admins set the score bands: the lowest score of preferred, approved and watch (below: exit),
stored in the database; without a stored value PORTAL_SCORE_BANDS applies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from portal.audit.service import record
from portal.core.db import db
from portal.i18n import gettext as _
from portal.scorecards.scoring import HUNDRED, Bands
from portal.scorecards.settings import bands_value, claim, current_version, setting
from portal.scorecards.tuning import parse_number, plain, read_version, stale_message

BAND_FIELDS = ("preferred", "approved", "watch")


@dataclass
class BandsForm:
    version: int
    typed: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    bands: Bands | None = None  # None: back to PORTAL_SCORE_BANDS

    @property
    def ok(self) -> bool:
        return not self.errors


def bands_form(effective: Bands) -> BandsForm:
    typed = {name: plain(getattr(effective, name)) for name in BAND_FIELDS}
    return BandsForm(current_version("bands"), typed)


def read_bands(form: Mapping[str, str], reset: bool) -> BandsForm:
    typed = {name: form.get(name, "") for name in BAND_FIELDS}
    result = BandsForm(read_version(form.get("version")), typed)
    if reset:
        return result
    message = _("Enter a score from 0 to 100.")
    values: dict[str, Decimal] = {}
    for name in BAND_FIELDS:
        value = parse_number(typed[name], name, result.errors, message)
        if value is not None and not Decimal(0) <= value <= HUNDRED:
            result.errors[name] = message
        elif value is not None:
            values[name] = value
    higher = {"approved": "preferred", "watch": "approved"}
    for name, above in higher.items():
        if name in values and above in values and values[name] >= values[above]:
            result.errors[name] = _(
                "Must be lower than the %(band)s threshold (%(value)s).",
                band=band_labels()[above],
                value=plain(values[above]),
            )
    if result.ok:
        result.bands = Bands(values["preferred"], values["approved"], values["watch"])
    return result


def band_labels() -> dict[str, str]:
    return {
        "preferred": _("Preferred"),
        "approved": _("Approved"),
        "watch": _("Watch"),
        "exit": _("Exit"),
    }


def save_bands(form: BandsForm, user_id: int | None) -> bool:
    """Store the thresholds (or clear them); True when something changed."""
    claim("bands", form.version, user_id, stale_message())
    row = setting("bands")
    before = row.value
    after = bands_value(form.bands)
    if before == after:
        return False
    row.value = after
    db.session.flush()
    record(
        "score_bands.changed",
        object_type="score_bands",
        object_id="bands",
        # None: PORTAL_SCORE_BANDS applies.
        before=before,
        after=after,
    )
    return True
