"""Geometry of the two inventory charts, drawn as inline SVG by the templates.

Coordinates are returned as strings with a dot as decimal mark, so that the German number
format of the templates cannot break the SVG. Each chart has a table alternative on its page.
"""

import math
import textwrap
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .models import HIGH_FROM, MATURITY_MAX, SCALE_MAX, SCALE_MIN, FieldScore, Stakeholder


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


# Radar chart of the maturity self-check

RADAR_WIDTH, RADAR_HEIGHT = 760, 560
RADAR_CX, RADAR_CY, RADAR_R = 380, 275, 190
LABEL_GAP, LINE_HEIGHT, LABEL_WIDTH = 16, 16, 20


@dataclass(frozen=True)
class RadarAxis:
    score: FieldScore
    x: str  # end of the axis
    y: str
    point_x: str  # the field's average on the axis
    point_y: str
    anchor: str  # text-anchor of the label
    label_x: str
    lines: list[tuple[str, str]]  # (y, text) of the label's lines


@dataclass(frozen=True)
class Radar:
    width: int
    height: int
    cx: int
    cy: int
    axes: list[RadarAxis]
    rings: list[tuple[int, str]]  # (level, polygon points)
    ring_labels: list[tuple[int, str, str]]  # (level, x, y)
    polygon: str


def radar_chart(scores: Sequence[FieldScore]) -> Radar:
    """One axis per field, clockwise from the top; fields without answers sit at 0."""
    count = max(len(scores), 1)

    def at(index: int, radius: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        return RADAR_CX + radius * math.cos(angle), RADAR_CY + radius * math.sin(angle)

    axes, points = [], []
    for index, score in enumerate(scores):
        end_x, end_y = at(index, RADAR_R)
        value = score.average or 0
        point_x, point_y = at(index, RADAR_R * value / MATURITY_MAX)
        points.append(f"{_n(point_x)},{_n(point_y)}")
        label_x, label_y = at(index, RADAR_R + LABEL_GAP)
        cos = (label_x - RADAR_CX) / (RADAR_R + LABEL_GAP)
        sin = (label_y - RADAR_CY) / (RADAR_R + LABEL_GAP)
        anchor = "middle" if abs(cos) < 0.3 else "start" if cos > 0 else "end"
        texts = textwrap.wrap(score.group.title, LABEL_WIDTH) or [""]
        if sin < -0.3:  # above the centre: the label grows upwards
            first = label_y - (len(texts) - 1) * LINE_HEIGHT
        elif sin > 0.3:
            first = label_y + LINE_HEIGHT * 0.8
        else:
            first = label_y - (len(texts) - 1) * LINE_HEIGHT / 2 + 4
        lines = [(_n(first + i * LINE_HEIGHT), text) for i, text in enumerate(texts)]
        axes.append(
            RadarAxis(
                score,
                _n(end_x),
                _n(end_y),
                _n(point_x),
                _n(point_y),
                anchor,
                _n(label_x),
                lines,
            )
        )
    # A ring per level; with fewer than three fields the rings are drawn round.
    corners = len(scores) if len(scores) >= 3 else 72

    def ring(level: int) -> str:
        radius = RADAR_R * level / MATURITY_MAX
        return " ".join(
            f"{_n(RADAR_CX + radius * math.cos(a))},{_n(RADAR_CY + radius * math.sin(a))}"
            for a in (-math.pi / 2 + 2 * math.pi * k / corners for k in range(corners))
        )

    rings = [(level, ring(level)) for level in range(1, MATURITY_MAX + 1)]
    ring_labels = [
        (level, _n(RADAR_CX + 6), _n(RADAR_CY - RADAR_R * level / MATURITY_MAX + 12))
        for level in range(0, MATURITY_MAX + 1)
    ]
    return Radar(
        RADAR_WIDTH, RADAR_HEIGHT, RADAR_CX, RADAR_CY, axes, rings, ring_labels, " ".join(points)
    )


# Stakeholder matrix: influence (up) over interest (right)

GRID_LEFT, GRID_TOP, CELL, BAND, PADDING = 80, 10, 96, 30, 8
STEPS = SCALE_MAX - SCALE_MIN + 1
GRID_SIZE = STEPS * CELL
GRID_HEIGHT = GRID_SIZE + 2 * BAND  # bands above and below hold the quadrant names
GRID_WIDTH_TOTAL = GRID_LEFT + GRID_SIZE + 20
GRID_HEIGHT_TOTAL = GRID_TOP + GRID_HEIGHT + 70


@dataclass(frozen=True)
class GridPoint:
    number: int  # the stakeholder's number in the table
    stakeholder: Stakeholder
    x: str
    y: str
    r: str
    font_size: str


@dataclass(frozen=True)
class GridQuadrant:
    quadrant: Stakeholder.Quadrant
    x: str
    y: str
    width: str
    height: str
    label_x: str
    label_y: str


@dataclass(frozen=True)
class StakeholderGrid:
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    plot_width: int
    plot_height: int
    quadrants: list[GridQuadrant]
    x_ticks: list[tuple[int, str]]  # (value, x)
    y_ticks: list[tuple[int, str]]  # (value, y)
    tick_x_y: str  # baseline of the interest ticks
    tick_y_x: str  # right end of the influence ticks
    x_title: tuple[str, str]
    y_title: tuple[str, str]
    points: list[GridPoint]
    lines: list[tuple[str, str, str, str, bool]]  # x1, y1, x2, y2, divides quadrants


def _cell_x(interest: int) -> float:
    return GRID_LEFT + (interest - SCALE_MIN) * CELL


def _cell_y(influence: int) -> float:
    return GRID_TOP + BAND + (SCALE_MAX - influence) * CELL


def stakeholder_grid(stakeholders: Sequence[Stakeholder]) -> StakeholderGrid:
    """The 2×2 matrix. Stakeholders with the same values share their cell in a small grid,
    numbered as in the table."""
    split_x = _cell_x(HIGH_FROM)  # left edge of "high interest"
    split_y = _cell_y(HIGH_FROM) + CELL  # lower edge of "high influence"
    left, right = GRID_LEFT, GRID_LEFT + GRID_SIZE
    top, bottom = GRID_TOP, GRID_TOP + GRID_HEIGHT
    boxes = {
        Stakeholder.Quadrant.KEEP_SATISFIED: (left, top, split_x, split_y),
        Stakeholder.Quadrant.MANAGE_CLOSELY: (split_x, top, right, split_y),
        Stakeholder.Quadrant.MONITOR: (left, split_y, split_x, bottom),
        Stakeholder.Quadrant.KEEP_INFORMED: (split_x, split_y, right, bottom),
    }
    quadrants = []
    for quadrant, (x0, y0, x1, y1) in boxes.items():
        label_y = y0 + BAND / 2 + 5 if y0 == top else y1 - BAND / 2 + 5
        quadrants.append(
            GridQuadrant(
                quadrant,
                _n(x0),
                _n(y0),
                _n(x1 - x0),
                _n(y1 - y0),
                _n((x0 + x1) / 2),
                _n(label_y),
            )
        )
    cells: dict[tuple[int, int], list[tuple[int, Stakeholder]]] = defaultdict(list)
    for number, stakeholder in enumerate(stakeholders, start=1):
        cells[(stakeholder.influence, stakeholder.interest)].append((number, stakeholder))
    points = []
    for (influence, interest), members in cells.items():
        per_row = math.ceil(math.sqrt(len(members)))
        step = (CELL - 2 * PADDING) / per_row
        radius = min(13.0, step / 2 - 1)
        for index, (number, stakeholder) in enumerate(members):
            x = _cell_x(interest) + PADDING + step * (index % per_row + 0.5)
            y = _cell_y(influence) + PADDING + step * (index // per_row + 0.5)
            points.append(
                GridPoint(number, stakeholder, _n(x), _n(y), _n(radius), _n(max(radius, 6)))
            )
    values = range(SCALE_MIN, SCALE_MAX + 1)
    lines = [
        (_n(_cell_x(v)), _n(top), _n(_cell_x(v)), _n(bottom), _cell_x(v) == split_x)
        for v in range(SCALE_MIN + 1, SCALE_MAX + 1)
    ] + [
        (_n(left), _n(_cell_y(v)), _n(right), _n(_cell_y(v)), _cell_y(v) == split_y)
        for v in range(SCALE_MIN, SCALE_MAX)
    ]
    return StakeholderGrid(
        width=GRID_WIDTH_TOTAL,
        height=GRID_HEIGHT_TOTAL,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        plot_width=GRID_SIZE,
        plot_height=GRID_HEIGHT,
        quadrants=quadrants,
        x_ticks=[(v, _n(_cell_x(v) + CELL / 2)) for v in values],
        y_ticks=[(v, _n(_cell_y(v) + CELL / 2 + 5)) for v in values],
        tick_x_y=_n(bottom + 22),
        tick_y_x=_n(left - 12),
        x_title=(_n((left + right) / 2), _n(bottom + 52)),
        y_title=(_n(24), _n((top + bottom) / 2)),
        points=sorted(points, key=lambda p: p.number),
        lines=lines,
    )
