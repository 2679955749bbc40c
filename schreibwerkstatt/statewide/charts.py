"""Geometry of the statewide picture's bar charts, drawn as inline SVG by
statewide/partials/chart.html. The SVG has no viewBox: its bars are given in percent of its
width and its text in pixels, so the chart fills a phone's width without shrinking the text.
Every stage has a pattern as well as a colour (partials/patterns.html), and the tables next
to the chart hold the same figures.

Coordinates are strings with a dot as decimal mark, so the German number format of the
templates cannot break the SVG.
"""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .picture import Row, Stage

LABEL_HEIGHT = 20  # the line of text above each bar
BAR_HEIGHT = 22
GAP = 14  # below each bar


def _percent(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") + "%"


def share_text(value: float) -> str:
    """A share for people: 4,8 (one decimal, none when whole), in the active language."""
    rounded = round(value, 1)
    places = 0 if rounded == int(rounded) else 1
    return number_format(rounded, places, use_l10n=True)


@dataclass(frozen=True)
class Segment:
    stage: Stage
    x: str
    width: str
    title: str  # for the segment's <title>


@dataclass(frozen=True)
class Bar:
    label: str
    text_y: int
    bar_y: int
    segments: list[Segment]


@dataclass(frozen=True)
class BarChart:
    height: int
    bars: list[Bar]


def _bar(index: int, label: str, segments: list[Segment]) -> Bar:
    top = index * (LABEL_HEIGHT + BAR_HEIGHT + GAP)
    return Bar(label=label, text_y=top + 15, bar_y=top + LABEL_HEIGHT, segments=segments)


def _title(stage: Stage, count: int, share: float) -> str:
    return _("%(stage)s: %(count)s (%(share)s %%)") % {
        "stage": stage.label,
        "count": count,
        "share": share_text(share),
    }


def _chart(bars: list[Bar]) -> BarChart:
    return BarChart(height=len(bars) * (LABEL_HEIGHT + BAR_HEIGHT + GAP), bars=bars)


def stage_chart(total: Row) -> BarChart:
    """One bar per stage, as long as its share of all municipalities."""
    bars = []
    for index, (stage, count, share) in enumerate(total.cells):
        label = _("%(stage)s: %(count)s of %(total)s (%(share)s %%)") % {
            "stage": stage.label,
            "count": count,
            "total": total.total,
            "share": share_text(share),
        }
        segment = Segment(stage, "0%", _percent(share), _title(stage, count, share))
        bars.append(_bar(index, label, [segment] if count else []))
    return _chart(bars)


def stacked_chart(rows: list[Row]) -> BarChart:
    """One bar per group (a district, a kind), split into the shares of the stages."""
    bars = []
    for index, row in enumerate(rows):
        segments, x = [], 0.0
        for stage, count, share in row.cells:
            if count:
                segments.append(
                    Segment(stage, _percent(x), _percent(share), _title(stage, count, share))
                )
                x += share
        label = _("%(name)s (%(total)s)") % {"name": row.label, "total": row.total}
        bars.append(_bar(index, label, segments))
    return _chart(bars)
