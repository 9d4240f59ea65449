"""The scoring rules: weights, missing periods, bands, explanations (plain functions)."""

from decimal import Decimal as D

import pytest

from portal.scorecards.scoring import (
    Bands,
    LineSpec,
    WeightsInvalid,
    attainment,
    check_weights,
    normalise,
    score_period,
    selection_total,
)

SPECS = (
    LineSpec("otd", "On-time delivery", D(50), D(98), D(85)),
    LineSpec("quality", "Quality", D(30), D("4.5"), D(1)),
    LineSpec("incidents", "Incidents", D(20), D(0), D(5), counted=True),
)
BANDS = Bands()


def test_weights_must_sum_to_exactly_100():
    check_weights({"a": D(60), "b": D(40)})
    with pytest.raises(WeightsInvalid, match="sum to 99"):
        check_weights({"a": D(60), "b": D(39)})
    with pytest.raises(WeightsInvalid, match="between 0 and 100"):
        check_weights({"a": D(120), "b": D(-20)})


def test_a_scorecard_with_weights_not_summing_to_100_is_refused():
    specs = (LineSpec("a", "A", D(70), D(1), D(0)), LineSpec("b", "B", D(20), D(1), D(0)))
    with pytest.raises(WeightsInvalid):
        score_period(specs, {"a": D(1), "b": D(1)}, BANDS)


def test_normalise_scales_weights_to_100():
    assert normalise({"a": D(1), "b": D(3)}) == {"a": D(25), "b": D(75)}
    assert normalise({"a": D(0)}) == {}
    with pytest.raises(WeightsInvalid):
        normalise({"a": D(-1)})


@pytest.mark.parametrize(
    ("value", "target", "worst", "points"),
    [
        (D(98), D(98), D(85), D(100)),
        (D(99), D(98), D(85), D(100)),  # beyond target: capped
        (D(85), D(98), D(85), D(0)),
        (D(80), D(98), D(85), D(0)),  # below worst: floored
        (D("91.5"), D(98), D(85), D(50)),
        (D(0), D(0), D(5), D(100)),  # counts: lower is better
        (D(1), D(0), D(5), D(80)),
        (D(7), D(0), D(5), D(0)),
    ],
)
def test_attainment_is_linear_between_worst_and_target(value, target, worst, points):
    assert attainment(value, target, worst) == points


def test_the_score_is_the_weighted_sum_of_points():
    card = score_period(SPECS, {"otd": D(98), "quality": D("2.75"), "incidents": D(1)}, BANDS)
    # otd 100 × 50 % + quality 50 × 30 % + incidents 80 × 20 % = 50 + 15 + 16
    assert card.score == D(81)
    assert card.band == "approved"
    assert card.line("quality").contribution == D(15)


def test_a_missing_line_is_left_out_and_its_weight_shared_not_scored_as_zero_or_full():
    card = score_period(SPECS, {"otd": D(98), "quality": None, "incidents": D(5)}, BANDS)
    quality = card.line("quality")
    assert quality.missing and quality.points is None and quality.contribution is None
    # Remaining weights 50 and 20 become 71.4 % and 28.6 %: 100 × 71.43 % + 0 × 28.57 %.
    assert card.score == D("71.4")
    assert any("Missing" in s and "Quality" in s for s in card.explanation)


def test_a_period_without_data_scores_as_missing_not_100():
    card = score_period(SPECS, {}, BANDS)
    assert card.score is None and card.band is None and card.missing
    assert all(line.missing for line in card.lines)


def test_counted_events_alone_do_not_make_a_score():
    card = score_period(SPECS, {"incidents": D(0)}, BANDS)
    assert card.score is None and card.band is None
    assert "missing" in card.explanation[0]


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (D(100), "preferred"),
        (D(85), "preferred"),
        (D("84.9"), "approved"),
        (D(70), "approved"),
        (D("69.9"), "watch"),
        (D(50), "watch"),
        (D("49.9"), "exit"),
        (D(0), "exit"),
        (None, None),
    ],
)
def test_default_bands(score, band):
    assert BANDS.band(score) == band


def test_bands_are_configurable_and_validated():
    strict = Bands.parse("95, 90, 80")
    assert strict.band(D(89)) == "watch"
    assert strict.band(D(79)) == "exit"
    for bad in ("90,95,80", "85,70", "a,b,c", "120,70,50"):
        with pytest.raises(ValueError):
            Bands.parse(bad)


def test_the_explanation_names_the_kpi_that_moved_the_score():
    before = score_period(SPECS, {"otd": D(98), "quality": D("4.5"), "incidents": D(0)}, BANDS)
    after = score_period(
        SPECS, {"otd": D(98), "quality": D("1.0"), "incidents": D(0)}, BANDS, previous=before
    )
    assert before.score == D(100) and after.score == D(70)
    assert after.change == D(-30)
    assert after.line("quality").change == D(-30)
    assert after.line("otd").change == D(0)
    text = " ".join(after.explanation)
    assert "down 30.0 points from 100.0" in text
    assert "moved most by Quality (−30.0)" in text
    assert "Quality cost the most" in text


def test_a_previous_period_without_score_is_said_so():
    empty = score_period(SPECS, {}, BANDS)
    card = score_period(SPECS, {"otd": D(90)}, BANDS, previous=empty)
    assert card.change is None
    assert "no score to compare" in " ".join(card.explanation)


def test_selection_total_weights_mean_reviewer_scores_and_reports_coverage():
    criteria = [
        (1, "compliance", "ISO 27001", D(40), True),
        (2, "capability", "Experience", D(35), False),
        (3, "cost", "Price", D(25), False),
    ]
    result = selection_total(criteria, {1: [5], 2: [4, 2]})
    # ISO 40 × 5/5 + experience 35 × 3/5 = 61 points of the 75 scored: 81.3 of 100
    assert result.total == D("81.3")
    assert result.coverage == D(75)
    assert result.criteria[2].score is None and result.criteria[2].points is None
    assert result.by_group() == {"compliance": D(40), "capability": D(21)}


def test_selection_refuses_bad_weights_and_scores():
    with pytest.raises(WeightsInvalid):
        selection_total([(1, "cost", "Price", D(50), False)], {})
    with pytest.raises(ValueError):
        selection_total([(1, "cost", "Price", D(100), False)], {1: [6]})


def test_nothing_scored_gives_no_selection_total():
    assert selection_total([(1, "cost", "Price", D(100), False)], {}).total is None


def test_a_bad_score_bands_setting_stops_start_up_naming_the_variable():
    from portal.core.config import ConfigError, load_settings

    assert load_settings({"PORTAL_SCORE_BANDS": "90,75,60"}).score_bands == (90.0, 75.0, 60.0)
    for bad in ("70,85,50", "85,70", "high,mid,low"):
        with pytest.raises(ConfigError, match="PORTAL_SCORE_BANDS"):
            load_settings({"PORTAL_SCORE_BANDS": bad})
