"""One chart specification for the screen and the documents: a Vega-Lite spec of the roadmap,
rendered to SVG (page, download, DOCX/PDF) or PNG by vl-convert (no browser, no JavaScript
on the page).

A render takes about 0.15 s (more for big strategies), so rendered charts are kept in the
Django cache under a hash of everything that goes into them; any change of the data changes
the hash. The SVG gets role="img", a <title> and a <desc>, and no ARIA roles inside: the
table view carries the same data for screen readers.

Other apps call `roadmap_svg(strategy)` / `roadmap_png(strategy)`.
"""

import hashlib
import html
import json
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import vl_convert
from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from schreibwerkstatt.strategies.models import Measure, Strategy

from .timeline import GROUP_FIELD, Roadmap, load_roadmap

CACHE_SECONDS = 7 * 24 * 3600
WIDTH = 900  # of the plot area, px; the labels of the rows come on top
ROW_STEP = 24
LABEL_LIMIT = 300
FONT = "Fira Sans, Arial, Helvetica, sans-serif"

# KERN colours (tokens of @kern-ux/native, converted from OKLCH to hex), each with at least
# 3:1 contrast to the white and light grey background of the chart (WCAG 1.4.11).
TEXT = "#1d2034"  # neutral-900
MUTED = "#454b6b"  # neutral-700
GRID = "#c0c3d5"  # neutral-200
YEAR_GRID = "#6e7597"  # neutral-500
BAND = ("#f4f5f9", "#e8e9ef")  # neutral-025 / neutral-050, alternating programme phases
DANGER = "#c31c13"  # red-600
TODAY = "#9e0000"  # red-700
STATUS_COLOURS = {
    Measure.Status.IDEA: "#6e7597",  # neutral-500
    Measure.Status.PLANNED: "#006b8c",  # lightblue-600
    Measure.Status.RUNNING: "#2044aa",  # darkblue-700
    Measure.Status.DONE: "#007328",  # green-600
    Measure.Status.DEFERRED: "#925400",  # orange-600
}

_ARIA_INSIDE = re.compile(r' (?:role|aria-roledescription|aria-label)="[^"]*"')


def _iso(day: date, *, end: bool = False) -> str:
    """Local midnight (Vega reads a date-time without offset as local time, and draws its
    ticks in local time); an `end` is the midnight after the day, so the bar covers it."""
    return f"{(day + timedelta(days=1) if end else day).isoformat()}T00:00:00"


def _js(text: str) -> str:
    """A JavaScript string literal for a Vega expression."""
    return json.dumps(text)


def _day(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def roadmap_spec(roadmap: Roadmap) -> dict[str, Any]:
    """The Vega-Lite specification of the roadmap (data inline, nothing loaded from outside)."""
    first, last = roadmap.period
    status_labels = {value: str(label) for value, label in Measure.Status.choices}
    milestone_ok = _("Milestone")
    milestone_outside = _("Milestone outside the period of its measure")
    rows: list[dict[str, str]] = []  # the lines of the chart, top to bottom
    headings: list[str] = []
    bars, milestones, phase_bars = [], [], []
    if roadmap.phases:
        rows.append({"row": "phases", "label": _("Programme phases")})
        headings.append("phases")
        phase_bars = [
            {
                "row": "phases",
                "name": p.name,
                "start": _iso(p.start),
                "end": _iso(p.end, end=True),
                "i": i,
            }
            for i, p in enumerate(roadmap.phases)
        ]
    if roadmap.strategy_milestones:
        rows.append({"row": "strategy", "label": _("Milestones of the strategy")})
        headings.append("strategy")
        milestones += [
            {"row": "strategy", "date": _iso(m.date), "kind": milestone_ok}
            for m in roadmap.strategy_milestones
        ]
    conflicting_milestones = roadmap.conflicting_milestones
    row_key: dict[int, str] = {}  # id(Row) -> key
    for g, group in enumerate(roadmap.groups):
        rows.append({"row": f"g{g}", "label": group.title})
        headings.append(f"g{g}")
        for r, row in enumerate(group.rows):
            key = f"g{g}r{r}"
            row_key[id(row)] = key
            rows.append({"row": key, "label": "› " * row.depth + row.measure.title})
            bars.append(
                {
                    "row": key,
                    "start": _iso(row.start),
                    "end": _iso(row.end, end=True),
                    "status": status_labels[row.measure.status],
                }
            )
            milestones += [
                {
                    "row": key,
                    "date": _iso(m.date),
                    "kind": milestone_outside if m.pk in conflicting_milestones else milestone_ok,
                }
                for m in row.milestones
            ]
    conflicting = roadmap.conflicting_dependencies
    dependency_ok, dependency_bad = _("Dependency"), _("Starts before its prerequisite ends")
    dependencies = [
        {
            "from": row_key[id(prerequisite)],
            "to": row_key[id(dependent)],
            "x": _iso(prerequisite.end, end=True),
            "x2": _iso(dependent.start),
            "kind": dependency_bad
            if (dependent.measure.pk, prerequisite.measure.pk) in conflicting
            else dependency_ok,
        }
        for prerequisite, dependent in roadmap.dependencies_shown
    ]
    order = [row["row"] for row in rows]
    quarter = _("Q%(number)s").split("%(number)s")
    x_scale = {"domain": [_iso(first), _iso(last, end=True)]}

    def x(name: str, axis: Any = None) -> dict[str, Any]:
        return {"field": name, "type": "temporal", "title": None, "scale": x_scale, "axis": axis}

    y = {
        "field": "row",
        "type": "nominal",
        "sort": order,
        "scale": {"domain": order},
        "title": None,
    }
    status_scale = {
        "domain": [str(label) for _value, label in Measure.Status.choices],
        "range": [STATUS_COLOURS[value] for value in Measure.Status.values],
    }
    layers: list[dict[str, Any]] = [
        {  # programme phases as bands over the whole height; the year axis on top
            "data": {
                "values": phase_bars
                or [{"start": _iso(first), "end": _iso(last, end=True), "i": 0}]
            },
            "mark": {"type": "rect"},
            "encoding": {
                "x": x(
                    "start",
                    {
                        "orient": "top",
                        "tickCount": {"interval": "year", "step": 1},
                        "format": "%Y",
                        "labelFontWeight": "bold",
                        "labelFontSize": 13,
                        "offset": 16,
                        "domain": False,
                        "ticks": False,
                        "grid": True,
                        "gridColor": YEAR_GRID,
                        "labelAlign": "left",
                        "labelOffset": 4,
                        "labelExpr": f"year(datum.value) > {last.year} ? '' : datum.label",
                    },
                ),
                "x2": {"field": "end"},
                "color": {
                    "condition": {"test": "datum.i % 2 == 0", "value": BAND[0]},
                    "value": BAND[1],
                },
            },
        },
        {  # the bars of the measures; this layer draws the quarter axis and the row labels
            "data": {"values": bars},
            "mark": {"type": "bar", "cornerRadius": 2, "height": {"band": 0.7}},
            "encoding": {
                "x": x(
                    "start",
                    {
                        "orient": "top",
                        "tickCount": {"interval": "month", "step": 3},
                        "grid": True,
                        "gridColor": GRID,
                        "labelAlign": "left",
                        "labelOffset": 4,
                        "labelExpr": f"year(datum.value) > {last.year} ? '' : "
                        f"{_js(quarter[0])} + quarter(datum.value) + {_js(quarter[-1])}",
                    },
                ),
                "x2": {"field": "end"},
                "y": {
                    **y,
                    "axis": {
                        "labelExpr": "rowLabels[datum.value]",
                        "labelLimit": LABEL_LIMIT,
                        "labelFontWeight": {
                            "condition": {
                                "test": "indexof(headings, datum.value) >= 0",
                                "value": "bold",
                            },
                            "value": "normal",
                        },
                        "labelAlign": "left",
                        "labelPadding": LABEL_LIMIT + 8,
                        "ticks": False,
                        "domain": False,
                    },
                },
                "color": {
                    "field": "status",
                    "type": "nominal",
                    "scale": status_scale,
                    "legend": {
                        "title": _("Status of the measures"),
                        "orient": "bottom",
                        "direction": "horizontal",
                    },
                },
            },
        },
    ]
    if phase_bars:
        layers += [
            {
                "data": {"values": phase_bars},
                "mark": {"type": "bar", "color": MUTED, "height": {"band": 0.8}},
                "encoding": {"x": x("start"), "x2": {"field": "end"}, "y": y},
            },
            {
                "data": {"values": phase_bars},
                "mark": {
                    "type": "text",
                    "align": "left",
                    "dx": 6,
                    "color": "#ffffff",
                    "fontWeight": "bold",
                },
                "encoding": {"x": x("start"), "y": y, "text": {"field": "name"}},
            },
        ]
    if dependencies:
        layers.append(
            {
                "data": {"values": dependencies},
                "mark": {"type": "rule", "strokeWidth": 2},
                "encoding": {
                    "x": x("x"),
                    "x2": {"field": "x2"},
                    "y": {**y, "field": "from"},
                    "y2": {"field": "to"},
                    "stroke": {
                        "field": "kind",
                        "type": "nominal",
                        "title": _("Dependencies"),
                        "scale": {
                            "domain": [dependency_ok, dependency_bad],
                            "range": [MUTED, DANGER],
                        },
                        "legend": {"orient": "bottom", "direction": "horizontal"},
                    },
                    "strokeDash": {
                        "field": "kind",
                        "type": "nominal",
                        "title": _("Dependencies"),
                        "scale": {
                            "domain": [dependency_ok, dependency_bad],
                            "range": [[1, 0], [5, 3]],
                        },
                    },
                },
            }
        )
    if milestones:
        kinds = [milestone_ok, milestone_outside]
        layers.append(
            {
                "data": {"values": milestones},
                "mark": {
                    "type": "point",
                    "filled": True,
                    "size": 120,
                    "stroke": "#ffffff",
                    "strokeWidth": 1.5,
                    "opacity": 1,
                },
                "encoding": {
                    "x": x("date"),
                    "y": y,
                    "shape": {
                        "field": "kind",
                        "type": "nominal",
                        "title": _("Milestones"),
                        "scale": {"domain": kinds, "range": ["diamond", "triangle-up"]},
                        "legend": {"orient": "bottom", "direction": "horizontal"},
                    },
                    "fill": {
                        "field": "kind",
                        "type": "nominal",
                        "title": _("Milestones"),
                        "scale": {"domain": kinds, "range": [TEXT, DANGER]},
                    },
                },
            }
        )
    today = _iso(roadmap.today)
    layers += [
        {
            "data": {"values": [{"date": today}]},
            "mark": {"type": "rule", "color": TODAY, "strokeWidth": 2, "strokeDash": [4, 3]},
            "encoding": {"x": x("date")},
        },
        {
            "data": {"values": [{"date": today, "label": _("Today")}]},
            "mark": {
                "type": "text",
                "color": TODAY,
                "fontWeight": "bold",
                "align": "left",
                "baseline": "top",
                "dx": 4,
                "y": {"expr": "height + 4"},
            },
            "encoding": {"x": x("date"), "text": {"field": "label"}},
        },
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": WIDTH,
        "height": {"step": ROW_STEP},
        "background": "#ffffff",
        "padding": {"left": 8, "right": 24, "top": 8, "bottom": 8},
        "params": [
            {"name": "rowLabels", "value": {row["row"]: row["label"] for row in rows}},
            {"name": "headings", "value": headings},
        ],
        "config": {
            "aria": False,
            "font": FONT,
            "view": {"stroke": None},
            "axis": {
                "labelColor": TEXT,
                "labelFontSize": 12,
                "domainColor": MUTED,
                "tickColor": MUTED,
            },
            "legend": {
                "labelColor": TEXT,
                "titleColor": TEXT,
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelLimit": 320,
            },
        },
        "layer": layers,
        "resolve": {"axis": {"x": "independent"}},
    }


def describe(roadmap: Roadmap) -> tuple[str, str]:
    """(title, description) of the chart, for its <title>/<desc> and the page."""
    title = _("Roadmap of the strategy “%(title)s”") % {"title": roadmap.strategy.title}
    first, last = roadmap.period
    parts = [
        ngettext(
            "Time plan of %(count)s measure by quarter, grouped by %(grouping)s, from %(first)s to %(last)s.",
            "Time plan of %(count)s measures by quarter, grouped by %(grouping)s, from %(first)s to %(last)s.",
            roadmap.dated_count,
        )
        % {
            "count": roadmap.dated_count,
            "grouping": roadmap.grouping_label,
            "first": first.year,
            "last": last.year,
        },
        ngettext("%(count)s programme phase.", "%(count)s programme phases.", len(roadmap.phases))
        % {"count": len(roadmap.phases)},
        ngettext(
            "%(count)s dependency, of which %(conflicts)s with a conflict.",
            "%(count)s dependencies, of which %(conflicts)s with a conflict.",
            len(roadmap.dependencies_shown),
        )
        % {
            "count": len(roadmap.dependencies_shown),
            "conflicts": sum(
                1
                for p, d in roadmap.dependencies_shown
                if (d.measure.pk, p.measure.pk) in roadmap.conflicting_dependencies
            ),
        },
        _("The dashed red line marks today, %(today)s.") % {"today": _day(roadmap.today)},
        _("The table view shows the same data."),
    ]
    return title, " ".join(parts)


def _key(kind: str, spec: dict[str, Any], extra: Any) -> str:
    payload = json.dumps(
        {"spec": spec, "extra": extra, "vega": vl_convert.get_vega_version()},
        sort_keys=True,
        ensure_ascii=False,
    )
    return f"roadmap:{kind}:{hashlib.sha256(payload.encode()).hexdigest()}"


def _cached(kind: str, spec: dict[str, Any], extra: Any, render: Callable[[], Any]) -> Any:
    """`render()`, kept in the cache under a hash of the spec and everything else that
    goes into the result (`extra`), so a change of any of them renders anew."""
    key = _key(kind, spec, extra)
    rendered = cache.get(key)
    if rendered is None:
        rendered = render()
        cache.set(key, rendered, CACHE_SECONDS)
    return rendered


# No data from outside: the specification carries its data inline.
OPTIONS = {"allowed_base_urls": [], "format_locale": "de-DE", "time_format_locale": "de-DE"}


def _accessible(svg: str, title: str, description: str) -> str:
    """role="img" with a title and description on the root; no roles inside (aria=false in
    the spec leaves a few on the root group)."""
    body = _ARIA_INSIDE.sub("", svg)
    head, _sep, rest = body.partition(">")
    return (
        f'{head} role="img" aria-labelledby="roadmap-chart-title roadmap-chart-desc">'
        f'<title id="roadmap-chart-title">{html.escape(title)}</title>'
        f'<desc id="roadmap-chart-desc">{html.escape(description)}</desc>{rest}'
    )


def render_svg(roadmap: Roadmap) -> str:
    title, description = describe(roadmap)
    spec = roadmap_spec(roadmap)
    return str(
        _cached(
            "svg",
            spec,
            [title, description],
            lambda: _accessible(vl_convert.vegalite_to_svg(spec, **OPTIONS), title, description),
        )
    )


def cached_svg(roadmap: Roadmap) -> str | None:
    """The SVG of render_svg if it is in the cache, else None, without rendering: rendering
    a large roadmap takes more than a second, so the chart page leaves that to a request of
    its own (views.chart_figure) instead of holding the whole page back."""
    title, description = describe(roadmap)
    rendered = cache.get(_key("svg", roadmap_spec(roadmap), [title, description]))
    return None if rendered is None else str(rendered)


def render_png(roadmap: Roadmap, scale: float = 2) -> bytes:
    spec = roadmap_spec(roadmap)
    return bytes(
        _cached(
            "png", spec, scale, lambda: vl_convert.vegalite_to_png(spec, scale=scale, **OPTIONS)
        )
    )


def roadmap_svg(
    strategy: Strategy,
    *,
    grouping: str = GROUP_FIELD,
    status: str = "",
    priority: str = "",
    today: date | None = None,
) -> str:
    """The roadmap chart of `strategy` as an accessible SVG document (for the exports)."""
    roadmap = load_roadmap(
        strategy,
        grouping=grouping,
        status=status,
        priority=priority,
        today=today or timezone.localdate(),
    )
    return render_svg(roadmap)


def roadmap_png(
    strategy: Strategy,
    *,
    grouping: str = GROUP_FIELD,
    status: str = "",
    priority: str = "",
    today: date | None = None,
    scale: float = 2,
) -> bytes:
    """The roadmap chart of `strategy` as a PNG image (`scale` 2: sharp when printed)."""
    roadmap = load_roadmap(
        strategy,
        grouping=grouping,
        status=status,
        priority=priority,
        today=today or timezone.localdate(),
    )
    return render_png(roadmap, scale)
