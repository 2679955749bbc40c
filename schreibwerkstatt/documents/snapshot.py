"""The frozen state of a strategy document: everything the builder needs, as plain JSON data.

`take_snapshot` reads the strategy once (a fixed number of queries, whatever its size); the
builder (documents/builder.py) works only from this dict, so an adopted revision that stores
the snapshot renders the same document years later. Charts whose drawing needs the live
objects (the roadmap) are rendered here and kept as SVG text.

People appear only where the open data (strategies/open_data.py) already carries them;
stakeholders are kept with their name and group only, without their notes.

Apps above documents add their own parts (`add_part`, called in their AppConfig.ready):
revisions adds the measures completed under the revision a Fortschreibung continues.
"""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from schreibwerkstatt.inventory.models import (
    ExistingProject,
    MaturityAnswer,
    MaturityQuestion,
    Stakeholder,
    SwotEntry,
)
from schreibwerkstatt.monitoring.models import StatusUpdate
from schreibwerkstatt.monitoring.queries import assessed_indicators, planned_costs
from schreibwerkstatt.roadmap.chart import describe, render_svg
from schreibwerkstatt.roadmap.timeline import load_roadmap
from schreibwerkstatt.strategies.models import Strategy
from schreibwerkstatt.strategies.open_data import export_strategy

from .services import ensure_chapters

FORMAT = 1

# Parts of the snapshot that apps above documents add: key → the part (JSON-ready) for a
# strategy. The builder reads each with a default, so an older snapshot without one renders.
EXTRA_PARTS: dict[str, Callable[[Strategy], Any]] = {}


def add_part(key: str, part: Callable[[Strategy], Any]) -> None:
    """Add `part(strategy)` to every snapshot under `key` (documents does not import the apps
    above it, so they bring their data themselves)."""
    EXTRA_PARTS[key] = part


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _quantity(value: Decimal | None) -> str | None:
    return None if value is None else format(Decimal(value).normalize(), "f")


def _date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _inventory(strategy: Strategy) -> dict[str, Any]:
    swot: dict[str, list[str]] = {quadrant: [] for quadrant in SwotEntry.Quadrant.values}
    for quadrant, text in (
        SwotEntry.objects.filter(strategy=strategy)
        .order_by("quadrant", "position", "pk")
        .values_list("quadrant", "text")
    ):
        swot.setdefault(quadrant, []).append(text)
    groups = MaturityQuestion.objects.groups_for(strategy)
    scores = MaturityAnswer.objects.filter(strategy=strategy).scores(groups)
    return {
        "swot": swot,
        "maturity": [
            {
                "key": score.group.key,
                "title": score.group.title,
                "questions": score.group.questions,
                "answers": score.answers,
                "average": None if score.average is None else round(float(score.average), 2),
            }
            for score in scores
        ],
        "projects": [
            {"title": title, "status": status, "unit": unit, "link": link, "note": note}
            for title, status, unit, link, note in ExistingProject.objects.filter(strategy=strategy)
            .order_by("title", "pk")
            .values_list("title", "status", "unit", "link", "note")
        ],
        "stakeholders": [
            {"name": name, "group": group}
            for name, group in Stakeholder.objects.filter(strategy=strategy)
            .order_by("group", "name", "pk")
            .values_list("name", "group")
        ],
    }


def _monitoring(strategy: Strategy) -> dict[str, Any]:
    newest = StatusUpdate.objects.filter(measure=OuterRef("pk")).order_by(
        "-date", "-created_at", "-pk"
    )
    measures = {
        f"measure-{row['pk']}": {
            "status": row["status"],
            "progress_percent": row["progress_percent"],
            "updated": _date(row["update_date"]),
            "note": row["update_note"] or "",
            "duration_months": row["duration_months"],
        }
        for row in strategy.measures.annotate(
            update_date=Subquery(newest.values("date")[:1]),
            update_note=Subquery(newest.values("note")[:1]),
        ).values(
            "pk", "status", "progress_percent", "duration_months", "update_date", "update_note"
        )
    }
    indicators = {
        f"indicator-{indicator.pk}": {
            "latest_value": _quantity(indicator.latest_value),
            "latest_date": _date(indicator.latest_date),
            "level": str(indicator.assessment.level),
        }
        for indicator in assessed_indicators(strategy)
    }
    costs = planned_costs(strategy)
    return {
        "measures": measures,
        "indicators": indicators,
        "costs": {
            "years": [
                {
                    "year": year.year,
                    "one_off": _money(year.one_off),
                    "running": _money(year.running),
                }
                for year in costs.years
            ],
            "undated_amount": _money(costs.undated_amount),
            "undated_count": len(costs.undated),
        },
    }


def _roadmap(strategy: Strategy, today: date) -> dict[str, Any] | None:
    """The roadmap chart as SVG text with its description; None without a dated measure."""
    roadmap = load_roadmap(strategy, today=today)
    if not roadmap.groups:
        return None
    title, description = describe(roadmap)
    return {"svg": render_svg(roadmap), "title": title, "description": description}


def take_snapshot(strategy: Strategy) -> dict[str, Any]:
    """The document's data as a JSON-serialisable dict (see the module docstring)."""
    chapters = ensure_chapters(strategy)
    now = timezone.now()
    return {
        "format": FORMAT,
        "taken_at": now.isoformat(),
        "strategy": export_strategy(strategy),
        "chapters": [
            {
                "key": chapter.key,
                "title": chapter.title,
                "enabled": chapter.enabled,
                "position": chapter.position,
                "text": chapter.text,
            }
            for chapter in chapters
        ],
        "inventory": _inventory(strategy),
        "monitoring": _monitoring(strategy),
        "roadmap": _roadmap(strategy, timezone.localdate(now)),
        **{key: part(strategy) for key, part in EXTRA_PARTS.items()},
    }
