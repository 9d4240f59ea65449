"""Chart geometry for server-rendered SVG (templates/lifecycle/_charts.html draws it).

No script and no inline style: the CSP stays strict, and every chart has a title, a
description and a table of the same numbers beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT, PAD = 480, 200, 32


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value: Decimal | None


@dataclass(frozen=True)
class LineChart:
    points: tuple[Point, ...]
    path: str  # the SVG path over the points that have a value
    y_max: Decimal
    width: int = WIDTH
    height: int = HEIGHT


def line_chart(series: list[tuple[str, Decimal | None]], y_max: Decimal | None = None) -> LineChart:
    """Points left to right; a None value leaves a gap (shown as missing)."""
    known = [v for _, v in series if v is not None]
    top = y_max if y_max is not None else max(known, default=Decimal(1)) or Decimal(1)
    n = max(len(series) - 1, 1)
    points = []
    for i, (label, value) in enumerate(series):
        x = PAD + (WIDTH - 2 * PAD) * i / n
        y = HEIGHT - PAD - (HEIGHT - 2 * PAD) * float(value / top) if value is not None else 0.0
        points.append(Point(round(x, 1), round(y, 1), label, value))
    parts = []
    pen_down = False
    for p in points:
        if p.value is None:
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{p.x},{p.y}")
        pen_down = True
    return LineChart(tuple(points), " ".join(parts), top)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    w: float
    h: float
    label: str
    value: int
    css: str


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    width: int = WIDTH
    height: int = HEIGHT


def bar_chart(items: list[tuple[str, int]], css: str = "bar") -> BarChart:
    top = max((v for _, v in items), default=0) or 1
    slot = (WIDTH - 2 * PAD) / max(len(items), 1)
    bars = []
    for i, (label, value) in enumerate(items):
        h = (HEIGHT - 2 * PAD) * value / top
        bars.append(
            Bar(
                round(PAD + slot * i + slot * 0.15, 1),
                round(HEIGHT - PAD - h, 1),
                round(slot * 0.7, 1),
                round(h, 1),
                label,
                value,
                f"{css} {css}-{label.lower().replace(' ', '-')}",
            )
        )
    return BarChart(tuple(bars))


def heat_level(count: int, likelihood: int, impact: int) -> str:
    """The CSS class of a heat-map cell: its rating band, and whether any risk sits there."""
    rating = likelihood * impact
    band = "high" if rating >= 15 else "medium" if rating >= 8 else "low"
    return f"heat heat-{band}{' heat-filled' if count else ''}"
