"""Charts of the document as standalone SVG text, drawn from snapshot data.

The maturity radar uses the geometry of inventory/charts.py (the same chart as on the
inventory page); every text inside the SVG is escaped. The roadmap chart is rendered when
the snapshot is taken (roadmap/chart.py needs the live strategy) and stored as SVG text.
"""

from html import escape
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from schreibwerkstatt.inventory.charts import radar_chart
from schreibwerkstatt.inventory.models import MATURITY_MAX, FieldScore, QuestionGroup

FONT = "Fira Sans, Arial, Helvetica, sans-serif"


def _scores(maturity: list[dict[str, Any]]) -> list[FieldScore]:
    return [
        FieldScore(
            QuestionGroup(int(item["key"]), str(item["title"]), int(item.get("questions") or 0)),
            int(item.get("answers") or 0),
            None if item.get("average") is None else float(item["average"]),
        )
        for item in maturity
    ]


def radar_alt(maturity: list[dict[str, Any]]) -> str:
    count = len(maturity)
    return ngettext(
        "Radar chart of the average maturity in %(count)s field of action, on a scale from "
        "0 (not started) at the centre to 4 (fully implemented) at the edge. The table after "
        "the chart lists the same data.",
        "Radar chart of the average maturity in %(count)s fields of action, on a scale from "
        "0 (not started) at the centre to 4 (fully implemented) at the edge. The table after "
        "the chart lists the same data.",
        count,
    ) % {"count": count}


def radar_svg(maturity: list[dict[str, Any]]) -> str:
    """The maturity radar as an SVG document with <title> and <desc>."""
    radar = radar_chart(_scores(maturity))
    title = escape(_("Maturity per field of action"))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {radar.width} {radar.height}" '
        f'width="{radar.width}" height="{radar.height}" role="img" font-family="{FONT}">',
        f"<title>{title}</title><desc>{escape(radar_alt(maturity))}</desc>",
        f'<rect width="{radar.width}" height="{radar.height}" fill="#ffffff"/>',
    ]
    for _level, points in radar.rings:
        parts.append(f'<polygon points="{points}" fill="none" stroke="#b9bdcc" stroke-width="1"/>')
    for axis in radar.axes:
        parts.append(
            f'<line x1="{radar.cx}" y1="{radar.cy}" x2="{axis.x}" y2="{axis.y}" '
            'stroke="#8c92ad" stroke-width="1"/>'
        )
    for level, x, y in radar.ring_labels:
        if level <= MATURITY_MAX:
            parts.append(f'<text x="{x}" y="{y}" font-size="12" fill="#404565">{level}</text>')
    if radar.axes:
        parts.append(
            f'<polygon points="{radar.polygon}" fill="#0a3f8c" fill-opacity="0.2" '
            'stroke="#0a3f8c" stroke-width="2.5" stroke-linejoin="round"/>'
        )
    for axis in radar.axes:
        fill = "#ffffff" if axis.score.average is None else "#0a3f8c"
        parts.append(
            f'<circle cx="{axis.point_x}" cy="{axis.point_y}" r="5" fill="{fill}" '
            'stroke="#0a3f8c" stroke-width="2"/>'
        )
        spans = "".join(
            f'<tspan x="{axis.label_x}" y="{y}">{escape(line)}</tspan>' for y, line in axis.lines
        )
        parts.append(
            f'<text text-anchor="{axis.anchor}" font-size="13" fill="#171a2b">{spans}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
