"""A strategy as open data: the JSON-ready dict of docs/strategy.schema.json (docs/open-data.md).

Every object carries a stable id ("measure-12": prefix and primary key) and refers to other
objects by these ids. People appear only as e-mail addresses (DSGVO: minimal personal data).

This is the strategy domain's own description of itself, so it lives here: the exchange app
writes it as a file and reads it back (exchange/strategy_json.py), the document snapshot
(documents/snapshot.py) freezes it with an adopted revision and the Word export reads it.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.utils import timezone

from .models import MeasureScore, Step, Strategy

SCHEMA_VERSION = "1.0"

# `progress(done, total)`: exports and imports report how far they are (background jobs
# show it as a progress bar); the command-line commands pass nothing.
Progress = Callable[[int, int], None]
T = TypeVar("T")


def counted(items: Sequence[T], progress: Progress | None) -> Iterator[T]:
    """The items one by one; after each, `progress` learns how many of all are done."""
    total = len(items)
    for done, item in enumerate(items, start=1):
        yield item
        if progress is not None:
            progress(done, total)


def _ref(prefix: str, pk: int | None) -> str | None:
    return None if pk is None else f"{prefix}-{pk}"


def _date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _datetime(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _quantity(value: Decimal | None) -> str | None:
    # Indicator values carry four decimal places in the database; "42.5" reads better than
    # "42.5000" and parses back to the same number.
    return None if value is None else format(value.normalize(), "f")


def _email(user: Any) -> str | None:
    return None if user is None else user.email


def _layer_names(raw: str) -> list[str]:
    return [name.strip() for name in raw.split(",") if name.strip()]


def _lines(raw: str) -> list[str]:
    return [line.strip() for line in raw.splitlines() if line.strip()]


def export_strategy(strategy: Strategy, progress: Progress | None = None) -> dict[str, Any]:
    """The whole strategy as a JSON-ready dict that validates against the schema.

    `progress(done, total)` is told after each measure, the bulk of the work."""
    municipality = strategy.municipality
    axes = list(strategy.tag_axes.prefetch_related("tags"))
    fields = list(strategy.fields.select_related("catalogue_entry", "responsible"))
    goals = list(strategy.goals.prefetch_related("fields"))
    measures = list(
        strategy.measures.select_related("responsible", "partner_municipality").prefetch_related(
            "goals", "fields", "depends_on", "tags"
        )
    )
    criteria = list(strategy.criteria.all())
    axis_order = {axis.pk: index for index, axis in enumerate(axes)}
    field_order = {item.pk: index for index, item in enumerate(fields)}
    goal_order = {goal.pk: index for index, goal in enumerate(goals)}
    measure_order = {measure.pk: index for index, measure in enumerate(measures)}
    criterion_order = {criterion.pk: index for index, criterion in enumerate(criteria)}
    axis_names = {axis.pk: axis.name for axis in axes}

    def in_order(objects: Iterable[Any], order: dict[int, int], prefix: str) -> list[str]:
        ordered = sorted(objects, key=lambda obj: (order.get(obj.pk, len(order)), obj.pk))
        return [f"{prefix}-{obj.pk}" for obj in ordered]

    steps = sorted(
        Step.objects.filter(measure__strategy=strategy).select_related("owner"),
        key=lambda step: (measure_order.get(step.measure_id, 0), step.position, step.pk),
    )
    scores = sorted(
        MeasureScore.objects.filter(measure__strategy=strategy),
        key=lambda score: (
            measure_order.get(score.measure_id, 0),
            criterion_order.get(score.criterion_id, 0),
        ),
    )

    return {
        "schema_version": SCHEMA_VERSION,
        "exported_at": _datetime(timezone.now()),
        "municipality": {
            "id": f"municipality-{municipality.pk}",
            "name": municipality.name,
            "slug": municipality.slug,
            "ags": municipality.ags,
            "kind": municipality.kind,
            "state": municipality.state,
            "population": municipality.population,
        },
        "strategy": {
            "id": f"strategy-{strategy.pk}",
            "title": strategy.title,
            "motto": strategy.motto,
            "period_start": _date(strategy.period_start),
            "period_end": _date(strategy.period_end),
            "status": strategy.status,
            "budget": _money(strategy.budget),
            "funding_programme": strategy.funding_programme,
            "own_share_amount": _money(strategy.own_share_amount),
            "own_share_percent": _money(strategy.own_share_percent),
            "goal_layer_names": _layer_names(strategy.goal_layer_names),
            "vision": strategy.vision,
            "created_at": _datetime(strategy.created_at),
            "updated_at": _datetime(strategy.updated_at),
        },
        "partners": [
            {
                "id": f"partner-{partner.pk}",
                "ags": partner.municipality.ags,
                "name": partner.municipality.name,
                "label": partner.label,
            }
            for partner in strategy.partnerships.select_related("municipality").order_by(
                "municipality__ags"
            )
        ],
        "programme_phases": [
            {
                "id": f"phase-{phase.pk}",
                "name": phase.name,
                "start": _date(phase.start),
                "end": _date(phase.end),
            }
            for phase in strategy.programme_phases.all()
        ],
        "guiding_principles": [
            {"id": f"principle-{principle.pk}", "text": principle.text}
            for principle in strategy.principles.all()
        ],
        "plan_links": [
            {"id": f"plan-link-{link.pk}", "title": link.title, "url": link.url, "note": link.note}
            for link in strategy.plan_links.all()
        ],
        "tag_axes": [
            {
                "id": f"tag-axis-{axis.pk}",
                "name": axis.name,
                "tags": [{"id": f"tag-{tag.pk}", "name": tag.name} for tag in axis.tags.all()],
            }
            for axis in axes
        ],
        "fields_of_action": [
            {
                "id": f"field-{item.pk}",
                "title": item.title,
                "catalogue_entry": item.catalogue_entry.title if item.catalogue_entry else None,
                "guiding_sentence": item.guiding_sentence,
                "starting_situation": item.starting_situation,
                "sub_areas": _lines(item.sub_areas),
                "responsible": _email(item.responsible),
            }
            for item in fields
        ],
        "goals": [
            {
                "id": f"goal-{goal.pk}",
                "parent": _ref("goal", goal.parent_id),
                "title": goal.title,
                "description": goal.description,
                "fields": in_order(goal.fields.all(), field_order, "field"),
            }
            for goal in goals
        ],
        "indicators": [
            {
                "id": f"indicator-{indicator.pk}",
                "goal": _ref("goal", indicator.goal_id),
                "measure": _ref("measure", indicator.measure_id),
                "name": indicator.name,
                "unit": indicator.unit,
                "kind": indicator.kind,
                "baseline_value": _quantity(indicator.baseline_value),
                "baseline_date": _date(indicator.baseline_date),
                "target_value": _quantity(indicator.target_value),
                "target_date": _date(indicator.target_date),
            }
            for indicator in strategy.indicators.all()
        ],
        "measures": [
            {
                "id": f"measure-{measure.pk}",
                "parent": _ref("measure", measure.parent_id),
                "title": measure.title,
                "short_name": measure.short_name,
                "plain_name": measure.plain_name,
                "summary": measure.summary,
                "problem": measure.problem,
                "expected_effect": measure.expected_effect,
                "target_group": measure.target_group,
                "goals": in_order(measure.goals.all(), goal_order, "goal"),
                "fields": in_order(measure.fields.all(), field_order, "field"),
                "lead_unit": measure.lead_unit,
                "responsible": _email(measure.responsible),
                "partners_internal": measure.partners_internal,
                "partners_external": measure.partners_external,
                "partner_municipality": (
                    measure.partner_municipality.ags if measure.partner_municipality else None
                ),
                "cost_one_off": _money(measure.cost_one_off),
                "cost_running": _money(measure.cost_running),
                "financing": measure.financing or None,
                "funding_programme": measure.funding_programme,
                "funding_share_percent": _money(measure.funding_share_percent),
                "priority": measure.priority or None,
                "start": _date(measure.start),
                "end": _date(measure.end),
                "depends_on": in_order(measure.depends_on.all(), measure_order, "measure"),
                "risks": measure.risks,
                "location": measure.location,
                "tags": [
                    {"axis": axis_names.get(tag.axis_id, ""), "tag": tag.name}
                    for tag in sorted(
                        measure.tags.all(),
                        key=lambda tag: (axis_order.get(tag.axis_id, 0), tag.name, tag.pk),
                    )
                ],
                "status": measure.status,
                "maturity": measure.maturity,
                "reusability": measure.reusability,
                "data_protection_notes": measure.data_protection_notes,
                "accessibility_notes": measure.accessibility_notes,
                "is_flagship": measure.is_flagship,
            }
            for measure in counted(measures, progress)
        ],
        "milestones": [
            {
                "id": f"milestone-{milestone.pk}",
                "measure": _ref("measure", milestone.measure_id),
                "title": milestone.title,
                "date": _date(milestone.date),
            }
            for milestone in strategy.milestones.all()
        ],
        "steps": [
            {
                "id": f"step-{step.pk}",
                "measure": f"measure-{step.measure_id}",
                "title": step.title,
                "owner": _email(step.owner),
                "due_date": _date(step.due_date),
                "done": step.done,
                "done_at": _datetime(step.done_at),
            }
            for step in steps
        ],
        "priority_criteria": [
            {
                "id": f"criterion-{criterion.pk}",
                "name": criterion.name,
                "weight": _money(criterion.weight),
                "scale_max": criterion.scale_max,
                "role": criterion.role,
            }
            for criterion in criteria
        ],
        "scores": [
            {
                "id": f"score-{score.pk}",
                "measure": f"measure-{score.measure_id}",
                "criterion": f"criterion-{score.criterion_id}",
                "value": score.value,
            }
            for score in scores
        ],
    }
