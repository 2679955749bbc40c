"""Geometry of the indicator chart (actual values against the straight path from baseline to
target), drawn as inline SVG by monitoring/partials/indicator_chart.html.

Coordinates are strings with a dot as decimal mark, so the German number format of the
templates cannot break the SVG; tick labels are formatted for the active language. The
indicator page shows the same data as a table.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils.formats import date_format, number_format

WIDTH, HEIGHT = 720, 360
LEFT, RIGHT, TOP, BOTTOM = 84, 24, 44, 48  # margins around the plot area


def plain_decimal(value: Decimal) -> Decimal:
    """12.5000 → 12.5 and 1000.0000 → 1000 (never 1E+3)."""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


@dataclass(frozen=True)
class Point:
    x: str
    y: str
    label: str  # date and value, for the point's <title>


@dataclass(frozen=True)
class IndicatorChart:
    width: int
    height: int
    left: int
    top: int
    right: int  # x of the plot's right edge
    bottom: int  # y of the plot's lower edge
    y_ticks: list[tuple[str, str]]  # (y, label)
    x_ticks: list[tuple[str, str]]  # (x, label)
    actual: str  # polyline points of the measured values
    points: list[Point]
    path: tuple[Point, Point] | None  # baseline → target
    today_x: str | None


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 × 10^k) that divides `span` into about `ticks` parts."""
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _label(value: float, step: float) -> str:
    places = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    return number_format(
        Decimal(str(round(value, places))), places, use_l10n=True, force_grouping=True
    )


def indicator_chart(
    *,
    values: Sequence[tuple[date, Decimal]],
    baseline: tuple[date, Decimal] | None,
    target: tuple[date, Decimal] | None,
    today: date,
) -> IndicatorChart | None:
    """None when there is nothing to draw (no values, no baseline, no target)."""
    dates = [d for d, _ in values] + [p[0] for p in (baseline, target) if p]
    numbers = [float(v) for _, v in values] + [float(p[1]) for p in (baseline, target) if p]
    if not dates:
        return None
    first, last = min(dates), max(dates)
    if first == last:
        first, last = first - timedelta(days=180), last + timedelta(days=180)
    low, high = min(numbers), max(numbers)
    if low == high:
        low, high = low - 1, high + 1
    step = nice_step(high - low)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step
    if low < 0 <= min(numbers):  # never show negative values that nobody can measure
        low = 0.0
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM
    span_days = (last - first).days

    def x(day: date) -> float:
        return LEFT + (right - LEFT) * (day - first).days / span_days

    def y(number: float) -> float:
        return bottom - (bottom - TOP) * (number - low) / (high - low)

    y_ticks = []
    tick = low
    while tick <= high + step / 2:
        y_ticks.append((_n(y(tick)), _label(tick, step)))
        tick += step
    years = list(range(first.year + (first > date(first.year, 1, 1)), last.year + 1))
    every = max(1, math.ceil(len(years) / 8))
    x_ticks = [(_n(x(date(year, 1, 1))), str(year)) for year in years[::every]]
    if len(x_ticks) < 2:
        x_ticks = [(_n(x(day)), date_format(day, "SHORT_DATE_FORMAT")) for day in (first, last)]

    def point(day: date, value: Decimal) -> Point:
        shown = number_format(plain_decimal(value), use_l10n=True, force_grouping=True)
        return Point(
            _n(x(day)), _n(y(float(value))), f"{date_format(day, 'SHORT_DATE_FORMAT')}: {shown}"
        )

    points = [point(d, v) for d, v in sorted(values)]
    path = (point(*baseline), point(*target)) if baseline and target else None
    return IndicatorChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        top=TOP,
        right=right,
        bottom=bottom,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        actual=" ".join(f"{p.x},{p.y}" for p in points),
        points=points,
        path=path,
        today_x=_n(x(today)) if first <= today <= last else None,
    )
