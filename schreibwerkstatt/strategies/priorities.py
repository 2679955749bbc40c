"""Weighted prioritisation: a score of 0–100 per measure from the strategy's criteria.

Benefit and "other" criteria count their value, effort criteria count the inverse, each
scaled to its scale and weighted. Benefit and effort alone give the matrix axes.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from .models import Measure, MeasureScore, PriorityCriterion, Strategy

if TYPE_CHECKING:
    from django.http import QueryDict

PRIORITY_ORDER = {
    Measure.Priority.HIGH: 0,
    Measure.Priority.MEDIUM: 1,
    Measure.Priority.LOW: 2,
    "": 3,
}


@dataclass
class ScoredMeasure:
    measure: Measure
    score: Decimal | None
    benefit: Decimal | None
    effort: Decimal | None
    values: dict[int, int]
    score_ids: dict[int, int] = field(default_factory=dict)  # criterion → its score row
    # What the row was loaded with, for optimistic locking of the whole row (see row_state).
    state: str = ""


def row_state(measure_version: int, score_versions: dict[int, int]) -> str:
    """The measure's version and the version of each of its values, e.g. "3-7.1-9.2": a save
    that started from another state is stale (somebody changed the row in the meantime)."""
    scores = "".join(f"-{c}.{v}" for c, v in sorted(score_versions.items()))
    return f"{measure_version}{scores}"


def unchanged_rows(
    data: "QueryDict", measures: dict[int, Measure], criteria: list[PriorityCriterion]
) -> set[int]:
    """The measures whose row in the sent priority list is exactly what is stored (priority,
    every value, the state it was loaded with), so valid and nothing to save: the list is
    one form for every measure, and building and checking a form per row costs far more
    than the one or two rows a person changes. A row that differs in any way, even only in
    spelling, is not in the set and goes through its form."""
    scores: dict[int, dict[int, tuple[int, int]]] = {pk: {} for pk in measures}
    for measure_id, criterion_id, value, version in MeasureScore.objects.filter(
        measure_id__in=list(measures)
    ).values_list("measure_id", "criterion_id", "value", "version"):
        scores[measure_id][criterion_id] = (value, version)
    result = set()
    for pk, measure in measures.items():
        stored = scores[pk]
        prefix = f"m{pk}-"
        if (
            measure.priority not in PRIORITY_ORDER
            or data.get(prefix + "priority") != measure.priority
        ):
            continue
        state = row_state(measure.version, {c: version for c, (_v, version) in stored.items()})
        if data.get(prefix + "state") != state:
            continue
        if all(
            data.get(f"{prefix}c{c.pk}") == ("" if c.pk not in stored else str(stored[c.pk][0]))
            and stored.get(c.pk, (0, 0))[0] <= c.scale_max
            for c in criteria
        ):
            result.add(pk)
    return result


def _weighted(pairs: list[tuple[Decimal, Decimal]]) -> Decimal | None:
    total = sum((w for w, _ in pairs), Decimal(0))
    if not pairs or total == 0:
        return None
    return (sum((w * v for w, v in pairs), Decimal(0)) / total * 100).quantize(Decimal("0.1"))


def scored_measures(strategy: Strategy) -> tuple[list[PriorityCriterion], list[ScoredMeasure]]:
    criteria = list(strategy.criteria.all())
    values: dict[int, dict[int, int]] = {}
    score_ids: dict[int, dict[int, int]] = {}
    versions: dict[int, dict[int, int]] = {}
    for pk, measure_id, criterion_id, value, version in MeasureScore.objects.filter(
        measure__strategy=strategy
    ).values_list("pk", "measure_id", "criterion_id", "value", "version"):
        values.setdefault(measure_id, {})[criterion_id] = value
        score_ids.setdefault(measure_id, {})[criterion_id] = pk
        versions.setdefault(measure_id, {})[criterion_id] = version
    result = []
    for measure in strategy.measures.select_related("responsible").order_by("position", "pk"):
        own = values.get(measure.pk, {})
        overall, benefit, effort = [], [], []
        for criterion in criteria:
            if criterion.pk not in own:
                continue
            share = Decimal(own[criterion.pk]) / Decimal(criterion.scale_max)
            if criterion.role == PriorityCriterion.Role.EFFORT:
                effort.append((criterion.weight, share))
                overall.append((criterion.weight, 1 - share))
            else:
                if criterion.role == PriorityCriterion.Role.BENEFIT:
                    benefit.append((criterion.weight, share))
                overall.append((criterion.weight, share))
        result.append(
            ScoredMeasure(
                measure,
                _weighted(overall),
                _weighted(benefit),
                _weighted(effort),
                own,
                score_ids.get(measure.pk, {}),
                row_state(measure.version, versions.get(measure.pk, {})),
            )
        )
    return criteria, result


def sort_scored(items: list[ScoredMeasure], key: str) -> list[ScoredMeasure]:
    if key == "title":
        return sorted(items, key=lambda s: s.measure.title.lower())
    if key == "start":
        return sorted(items, key=lambda s: (s.measure.start is None, s.measure.start or 0))
    if key == "priority":
        return sorted(
            items,
            key=lambda s: (PRIORITY_ORDER.get(s.measure.priority, 3), s.measure.title.lower()),
        )
    return sorted(items, key=lambda s: (s.score is None, -(s.score or 0), s.measure.title.lower()))
