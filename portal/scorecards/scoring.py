"""The scoring rules, as plain functions over plain values (no database).

Weights are validated (non-negative, summing to 100) when admins save them and normalised again
here over the lines that have data, so a missing line neither counts as 0 nor as full marks: it
is shown as missing and its weight goes to the others. A period where no line but counted events
has data scores as missing (no events is not evidence of good work).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
BAND_ORDER = ("preferred", "approved", "watch", "exit")


class WeightsInvalid(ValueError):
    """Weights that cannot be used: negative, or not summing to 100."""


@dataclass(frozen=True)
class Bands:
    """The lowest score of each band; below `watch` is `exit`."""

    preferred: Decimal = Decimal(85)
    approved: Decimal = Decimal(70)
    watch: Decimal = Decimal(50)

    def __post_init__(self) -> None:
        if not HUNDRED >= self.preferred > self.approved > self.watch >= 0:
            raise ValueError("band thresholds must fall: 100 >= preferred > approved > watch >= 0")

    @classmethod
    def parse(cls, text: str) -> Bands:
        """`"85,70,50"` → Bands; ValueError with the reason otherwise."""
        parts = [p.strip() for p in text.split(",")]
        if len(parts) != 3:
            raise ValueError("expected three numbers: preferred,approved,watch (e.g. 85,70,50)")
        try:
            numbers = [Decimal(p) for p in parts]
        except ArithmeticError:
            raise ValueError("expected three numbers: preferred,approved,watch") from None
        return cls(*numbers)

    def band(self, score: Decimal | None) -> str | None:
        if score is None:
            return None
        if score >= self.preferred:
            return "preferred"
        if score >= self.approved:
            return "approved"
        if score >= self.watch:
            return "watch"
        return "exit"


def check_weights(weights: Mapping[str, Decimal]) -> None:
    """Raise WeightsInvalid unless every weight is in 0..100 and they sum to exactly 100."""
    for name, weight in weights.items():
        if weight < 0 or weight > HUNDRED:
            raise WeightsInvalid(f"the weight of {name} must be between 0 and 100, not {weight}")
    total = sum(weights.values(), Decimal(0))
    if total != HUNDRED:
        raise WeightsInvalid(f"the weights must sum to 100; they sum to {total.normalize():f}")


def normalise(weights: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Scale weights to sum to 100 (an empty or all-zero set gives {})."""
    if any(w < 0 for w in weights.values()):
        raise WeightsInvalid("weights cannot be negative")
    total = sum(weights.values(), Decimal(0))
    if total == 0:
        return {}
    return {name: w * HUNDRED / total for name, w in weights.items()}


def attainment(value: Decimal, target: Decimal, worst: Decimal) -> Decimal:
    """Points 0..100: `worst` or beyond scores 0, `target` or beyond 100, linear between."""
    if target == worst:
        raise ValueError("target and worst must differ")
    share = (value - worst) / (target - worst)
    return max(Decimal(0), min(HUNDRED, share * HUNDRED))


@dataclass(frozen=True)
class LineSpec:
    code: str
    name: str
    weight: Decimal
    target: Decimal
    worst: Decimal
    # Counted events: they add to a score but never make one on their own.
    counted: bool = False


@dataclass(frozen=True)
class Line:
    code: str
    name: str
    value: Decimal | None
    target: Decimal
    configured_weight: Decimal
    # Share of the score after missing lines are left out (sums to 100 over present lines).
    weight: Decimal | None
    points: Decimal | None
    contribution: Decimal | None
    # Change of the contribution since the previous period (None: no comparison).
    change: Decimal | None = None

    @property
    def missing(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Scorecard:
    lines: tuple[Line, ...]
    score: Decimal | None
    band: str | None
    previous_score: Decimal | None = None
    explanation: tuple[str, ...] = field(default_factory=tuple)

    @property
    def missing(self) -> bool:
        return self.score is None

    @property
    def change(self) -> Decimal | None:
        if self.score is None or self.previous_score is None:
            return None
        return self.score - self.previous_score

    def line(self, code: str) -> Line:
        return next(line for line in self.lines if line.code == code)


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def score_period(
    specs: Sequence[LineSpec],
    values: Mapping[str, Decimal | None],
    bands: Bands,
    previous: Scorecard | None = None,
) -> Scorecard:
    """The weighted 0–100 score of one period, its band and why.

    `values` maps a line's code to its value, None (or absent) when there is no data.
    """
    check_weights({s.code: s.weight for s in specs})
    present = [s for s in specs if values.get(s.code) is not None]
    shares = normalise({s.code: s.weight for s in present})
    lines: list[Line] = []
    for spec in specs:
        value = values.get(spec.code)
        if value is None or spec.code not in shares:
            lines.append(
                Line(spec.code, spec.name, None, spec.target, spec.weight, None, None, None)
            )
            continue
        points = attainment(value, spec.target, spec.worst)
        contribution = points * shares[spec.code] / HUNDRED
        lines.append(
            Line(
                spec.code,
                spec.name,
                value,
                spec.target,
                spec.weight,
                shares[spec.code],
                points,
                contribution,
            )
        )
    has_evidence = any(not s.counted and s.code in shares for s in specs)
    if not has_evidence:
        lines = [
            Line(ln.code, ln.name, ln.value, ln.target, ln.configured_weight, None, None, None)
            for ln in lines
        ]
        return Scorecard(
            tuple(lines),
            None,
            None,
            previous.score if previous else None,
            ("No validated figures or ratings for this period: the score is missing.",),
        )
    score = _round(sum((ln.contribution or Decimal(0) for ln in lines), Decimal(0)))
    lines = _with_changes(lines, previous)
    return Scorecard(
        tuple(lines),
        score,
        bands.band(score),
        previous.score if previous else None,
        tuple(explain(lines, score, previous)),
    )


def _with_changes(lines: list[Line], previous: Scorecard | None) -> list[Line]:
    if previous is None or previous.score is None:
        return lines
    before = {ln.code: ln.contribution for ln in previous.lines}
    changed = []
    for ln in lines:
        earlier = before.get(ln.code)
        change = None
        if ln.contribution is not None or earlier is not None:
            change = (ln.contribution or Decimal(0)) - (earlier or Decimal(0))
        changed.append(
            Line(
                ln.code,
                ln.name,
                ln.value,
                ln.target,
                ln.configured_weight,
                ln.weight,
                ln.points,
                ln.contribution,
                change,
            )
        )
    return changed


def _points(value: Decimal) -> str:
    return f"{_round(value):f}"


def explain(lines: Iterable[Line], score: Decimal, previous: Scorecard | None) -> list[str]:
    """Sentences saying which lines made the score and which moved it since last period."""
    lines = list(lines)
    out = []
    present = [ln for ln in lines if ln.contribution is not None]
    missing = [ln for ln in lines if ln.contribution is None]
    lost = sorted(present, key=lambda ln: (ln.weight or 0) - (ln.contribution or 0), reverse=True)
    if lost and (lost[0].weight or 0) - (lost[0].contribution or 0) > 0:
        worst = lost[0]
        share = worst.weight or Decimal(0)
        out.append(
            f"{worst.name} cost the most: {_points(share - (worst.contribution or 0))}"
            f" of its {_points(share)} points were lost."
        )
    if missing:
        names = ", ".join(ln.name for ln in missing)
        out.append(f"Missing, left out and their weight shared among the rest: {names}.")
    if previous is not None and previous.score is not None:
        delta = score - previous.score
        movers = sorted(
            (ln for ln in lines if ln.change is not None and ln.change != 0),
            key=lambda ln: abs(ln.change or Decimal(0)),
            reverse=True,
        )
        direction = "up" if delta > 0 else "down" if delta < 0 else "unchanged"
        sentence = f"Score {direction} {_points(abs(delta))} points from {_points(previous.score)}"
        if movers:
            top = movers[0]
            change = top.change or Decimal(0)
            sign = "+" if change > 0 else "−"
            sentence += f"; moved most by {top.name} ({sign}{_points(abs(change))})"
        out.append(sentence + ".")
    elif previous is not None:
        out.append("The previous period has no score to compare with.")
    return out


# --- selection ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionResult:
    criterion_id: int
    group: str
    name: str
    weight: Decimal
    # The mean 0–5 score (reviewers' or automatic), None when nobody scored it.
    score: Decimal | None
    points: Decimal | None  # weight × score / 5
    automatic: bool = False


@dataclass(frozen=True)
class SelectionResult:
    criteria: tuple[CriterionResult, ...]
    # Points over the scored criteria, scaled to 100; None when nothing is scored.
    total: Decimal | None
    # Share of the weight that has been scored (a total over 40 % of weight means less).
    coverage: Decimal

    def by_group(self) -> dict[str, Decimal]:
        groups: dict[str, Decimal] = {}
        for c in self.criteria:
            if c.points is not None:
                groups[c.group] = groups.get(c.group, Decimal(0)) + c.points
        return groups


def selection_total(
    criteria: Sequence[tuple[int, str, str, Decimal, bool]],
    scores: Mapping[int, Sequence[int | Decimal]],
) -> SelectionResult:
    """criteria: (id, group, name, weight, automatic); scores: criterion id → 0–5 scores."""
    check_weights({str(c[0]): c[3] for c in criteria})
    results = []
    for cid, group, name, weight, automatic in criteria:
        given = [Decimal(s) for s in scores.get(cid, ())]
        if any(s < 0 or s > 5 for s in given):
            raise ValueError("selection scores run from 0 to 5")
        mean = sum(given, Decimal(0)) / len(given) if given else None
        points = weight * mean / 5 if mean is not None else None
        results.append(CriterionResult(cid, group, name, weight, mean, points, automatic))
    scored_weight = sum((r.weight for r in results if r.points is not None), Decimal(0))
    total = None
    if scored_weight:
        earned = sum((r.points or Decimal(0) for r in results), Decimal(0))
        total = _round(earned * HUNDRED / scored_weight)
    return SelectionResult(tuple(results), total, _round(scored_weight))
