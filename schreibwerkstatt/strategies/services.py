"""Writes to strategy content. Views validate; these keep graphs acyclic, orders dense
and refuse stale edits (optimistic locking on `version`, see core.locking)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.db import models, transaction
from django.utils import timezone

from schreibwerkstatt.core.ordering import next_position

from .assignments import tell_assignee
from .models import (
    ChecklistTemplate,
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    Indicator,
    Measure,
    MeasureScore,
    PlanLink,
    PriorityCriterion,
    ProgrammePhase,
    Step,
    Strategy,
    Tag,
    TagAxis,
)
from .priorities import row_state
from .signals import created_in_bulk


def goal_parent_is_valid(goal: Goal | None, parent: Goal | None) -> bool:
    """A goal cannot be its own ancestor."""
    if parent is None or goal is None or goal.pk is None:
        return True
    return parent.pk != goal.pk and goal.pk not in {a.pk for a in parent.ancestors()}


def measure_parent_is_valid(measure: Measure | None, parent: Measure | None) -> bool:
    if parent is None or measure is None or measure.pk is None:
        return True
    seen, node = set(), parent
    while node is not None and node.pk not in seen:
        if node.pk == measure.pk:
            return False
        seen.add(node.pk)
        node = node.parent
    return True


def dependency_cycle(measure: Measure, prerequisites: Iterable[Measure]) -> list[Measure] | None:
    """The cycle that making `measure` depend on `prerequisites` would close, or None.

    One query loads every dependency edge of the strategy; the search runs in memory.
    """
    edges: dict[int, set[int]] = defaultdict(set)
    through = Measure.depends_on.through
    for source, target in through.objects.filter(
        from_measure__strategy_id=measure.strategy_id
    ).values_list("from_measure_id", "to_measure_id"):
        if source != measure.pk:  # the measure's own edges are being replaced
            edges[source].add(target)
    targets = {p.pk for p in prerequisites}
    if measure.pk in targets:
        return [measure]
    edges[measure.pk] = targets
    # Depth-first search from each prerequisite back to `measure`.
    parents: dict[int, int | None] = {}
    stack = [(t, measure.pk) for t in targets]
    while stack:
        node, came_from = stack.pop()
        if node in parents:
            continue
        parents[node] = came_from
        if node == measure.pk:
            break
        stack.extend((nxt, node) for nxt in edges.get(node, ()) if nxt not in parents)
    if measure.pk not in parents:
        return None
    path, node = [], parents[measure.pk]
    while node is not None and node != measure.pk:
        path.append(node)
        node = parents.get(node)
    names = dict(Measure.objects.filter(pk__in=path).values_list("pk", "title"))
    return [measure, *(Measure(pk=pk, title=names.get(pk, "")) for pk in reversed(path))]


@transaction.atomic
def set_priority(measure: Measure, priority: str) -> Measure:
    """Change the start-horizon priority as a recorded, versioned save (the value states the
    wanted result, so it needs no expected version)."""
    current = Measure.objects.select_for_update().get(pk=measure.pk)
    if current.priority != priority:
        current.priority = priority
        current.version += 1
        current.save()
    return current


@transaction.atomic
def set_scores(measure: Measure, values: dict[PriorityCriterion, int]) -> None:
    """Save the measure's value per criterion. Only a changed value is saved, as one recorded,
    versioned save, so the history lists what changed and a restore from an older view is
    refused as stale."""
    current = {
        score.criterion_id: score
        for score in MeasureScore.objects.select_for_update().filter(measure=measure)
    }
    for criterion, value in values.items():
        score = current.get(criterion.pk)
        if score is None:
            MeasureScore.objects.create(measure=measure, criterion=criterion, value=value)
        elif score.value != value:
            score.value, score.version = value, score.version + 1
            score.save()


class StaleAssessmentError(Exception):
    """Rows of the priority list changed since the form was loaded; nothing was saved."""

    def __init__(self, stale: list[Measure]) -> None:
        super().__init__(", ".join(m.title for m in stale))
        self.stale = stale


@dataclass
class AssessmentRow:
    """What one row of the priority list asks for: the measure's start-horizon priority and a
    value per criterion (criteria left empty keep their value). `expected_state` is the
    row's priorities.row_state when its form was loaded."""

    measure: Measure
    expected_state: str
    priority: str
    values: dict[PriorityCriterion, int]


@transaction.atomic
def save_assessments(rows: list[AssessmentRow]) -> None:
    """Save the rows of the priority list, all or nothing (optimistic locking per measure).

    A row that asks for what is stored already is left alone. A row that asks for a change
    but was changed by somebody else since its form was loaded is stale: StaleAssessmentError
    names every such measure and nothing is saved."""
    pks = [row.measure.pk for row in rows]
    current = {m.pk: m for m in Measure.objects.select_for_update().filter(pk__in=pks)}
    stored: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    for measure_id, criterion_id, value, version in (
        MeasureScore.objects.select_for_update()
        .filter(measure_id__in=pks)
        .values_list("measure_id", "criterion_id", "value", "version")
    ):
        stored[measure_id][criterion_id] = (value, version)
    stale, wanted = [], []
    for row in rows:
        measure = current.get(row.measure.pk)
        if measure is None:  # deleted in the meantime
            stale.append(row.measure)
            continue
        values = stored[measure.pk]
        changes = row.priority != measure.priority or any(
            values.get(criterion.pk, (None, 0))[0] != value
            for criterion, value in row.values.items()
        )
        if not changes:
            continue
        state = row_state(measure.version, {c: version for c, (_v, version) in values.items()})
        if state != row.expected_state:
            stale.append(measure)
        else:
            wanted.append((measure, row))
    if stale:
        raise StaleAssessmentError(stale)
    for measure, row in wanted:
        set_priority(measure, row.priority)
        set_scores(measure, row.values)


@transaction.atomic
def add_step(measure: Measure, *, title: str, owner=None, due_date=None, by=None) -> Step:
    """A new step; its owner hears of it (ASSIGNMENT) unless they added it themselves."""
    step = Step.objects.create(
        measure=measure,
        title=title,
        owner=owner,
        due_date=due_date,
        position=next_position(measure.steps.all()),
    )
    if by is not None:
        tell_assignee(step, owner, by=by)
    return step


@transaction.atomic
def set_step_done(step: Step, *, done: bool) -> Step:
    current = Step.objects.select_for_update().get(pk=step.pk)
    if current.done != done:
        current.done, current.done_at = done, timezone.now() if done else None
        current.version += 1
        current.save()
    return current


@transaction.atomic
def apply_template(measure: Measure, template: ChecklistTemplate) -> list[Step]:
    start = next_position(measure.steps.all())
    steps = Step.objects.bulk_create(
        Step(measure=measure, title=title, position=start + offset)
        for offset, title in enumerate(template.step_list())
    )
    created_in_bulk.send(sender=Step, instances=steps)
    return steps


# Adding and deleting. The views build each new object with its form and validate it; these
# save it (at the end of its ordered list, where it has one) with the many-to-many values the
# form collected, as the form's own save would.

M = TypeVar("M", bound=models.Model)


def _save_new(instance: M, m2m: dict[str, Iterable] | None = None) -> M:
    instance.save()
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(values)
    return instance


@transaction.atomic
def add_strategy(strategy: Strategy, *, municipality) -> Strategy:
    """A new strategy, led by `municipality`."""
    strategy.municipality = municipality
    return _save_new(strategy)


@transaction.atomic
def add_programme_phase(phase: ProgrammePhase) -> ProgrammePhase:
    return _save_new(phase)


@transaction.atomic
def delete_programme_phase(phase: ProgrammePhase) -> None:
    phase.delete()


@transaction.atomic
def add_principle(principle: GuidingPrinciple) -> GuidingPrinciple:
    principle.position = next_position(principle.strategy.principles.all())
    return _save_new(principle)


@transaction.atomic
def delete_principle(principle: GuidingPrinciple) -> None:
    principle.delete()


@transaction.atomic
def add_plan_link(link: PlanLink) -> PlanLink:
    return _save_new(link)


@transaction.atomic
def delete_plan_link(link: PlanLink) -> None:
    link.delete()


@transaction.atomic
def add_fields_from_catalogue(strategy: Strategy, entries: Iterable) -> list[FieldOfAction]:
    """One field of action per catalogue entry, titled like it, in the order given."""
    start = next_position(strategy.fields.all())
    return [
        FieldOfAction.objects.create(
            strategy=strategy,
            catalogue_entry=entry,
            title=entry.title,
            starting_situation="",
            position=start + offset,
        )
        for offset, entry in enumerate(entries)
    ]


@transaction.atomic
def add_field(field: FieldOfAction) -> FieldOfAction:
    field.position = next_position(field.strategy.fields.all())
    return _save_new(field)


@transaction.atomic
def delete_field(field: FieldOfAction) -> None:
    """Its goals and measures remain."""
    field.delete()


@transaction.atomic
def add_goal(goal: Goal, *, m2m: dict[str, Iterable] | None = None) -> Goal:
    goal.position = next_position(goal.strategy.goals.all())
    return _save_new(goal, m2m)


@transaction.atomic
def delete_goal(goal: Goal) -> None:
    """With its sub-goals."""
    goal.delete()


@transaction.atomic
def add_indicator(indicator: Indicator) -> Indicator:
    return _save_new(indicator)


@transaction.atomic
def delete_indicator(indicator: Indicator) -> None:
    indicator.delete()


@transaction.atomic
def add_measure(measure: Measure, *, m2m: dict[str, Iterable] | None = None, by=None) -> Measure:
    """A new measure; its responsible person hears of it (ASSIGNMENT) unless it is `by`."""
    measure.position = next_position(measure.strategy.measures.all())
    saved = _save_new(measure, m2m)
    if by is not None:
        tell_assignee(saved, saved.responsible, by=by)
    return saved


@transaction.atomic
def delete_measure(measure: Measure) -> None:
    measure.delete()


@transaction.atomic
def delete_step(step: Step) -> None:
    step.delete()


@transaction.atomic
def add_checklist_template(template: ChecklistTemplate) -> ChecklistTemplate:
    return _save_new(template)


@transaction.atomic
def delete_checklist_template(template: ChecklistTemplate) -> None:
    """Steps already added from it remain."""
    template.delete()


@transaction.atomic
def add_tag(strategy: Strategy, *, axis_name: str, tag_name: str = "") -> TagAxis:
    """Add the classification axis unless the strategy has one of that name, and the tag to
    it unless it has one of that name (no tag when `tag_name` is empty)."""
    axis, _created = TagAxis.objects.get_or_create(
        strategy=strategy,
        name=axis_name,
        defaults={"position": next_position(strategy.tag_axes.all())},
    )
    if tag_name:
        Tag.objects.get_or_create(axis=axis, name=tag_name)
    return axis


@transaction.atomic
def delete_tag_axis(axis: TagAxis) -> None:
    """Only an empty axis (the view makes sure): tags go one by one, knowingly."""
    axis.delete()


@transaction.atomic
def delete_tag(tag: Tag) -> None:
    """The measures lose this tag and nothing else."""
    tag.delete()


@transaction.atomic
def add_criterion(criterion: PriorityCriterion) -> PriorityCriterion:
    criterion.position = next_position(criterion.strategy.criteria.all())
    return _save_new(criterion)


@transaction.atomic
def delete_criterion(criterion: PriorityCriterion) -> None:
    criterion.delete()
