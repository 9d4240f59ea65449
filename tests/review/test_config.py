"""The workbench's settings: defaults, and a bad value stops start-up naming the variable."""

import pytest

from portal.core.config import ConfigError, load_settings


def test_the_review_settings_have_defaults():
    settings = load_settings({"PORTAL_INSTANCE_PATH": "/tmp/portal-review-config"})
    assert (settings.review_claim_minutes, settings.review_due_days) == (30, 5)
    assert settings.four_eyes_from == "critical"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PORTAL_FOUR_EYES_FROM", "sometimes"),
        ("PORTAL_REVIEW_CLAIM_MINUTES", "0"),
        ("PORTAL_REVIEW_DUE_DAYS", "soon"),
    ],
)
def test_a_bad_review_setting_names_its_variable(variable, value):
    with pytest.raises(ConfigError, match=variable):
        load_settings({"PORTAL_INSTANCE_PATH": "/tmp/portal-review-config", variable: value})
