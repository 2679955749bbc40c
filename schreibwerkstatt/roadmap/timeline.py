"""What the roadmap shows: the strategy's measures in groups, with their periods,
dependencies, milestones and conflicts, plus the programme phases.

Everything is read with a fixed number of queries, whatever the size of the strategy; the
chart (chart.py), the table view and the document exports all build on `load_roadmap`.
A measure that belongs to several groups (two fields of action, two tags of the axis) is
shown in each of them.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.utils.translation import gettext as _

from schreibwerkstatt.strategies.models import (
    Measure,
    Milestone,
    ProgrammePhase,
    Strategy,
    Tag,
    TagAxis,
)

from . import schedule

GROUP_FIELD = "field"
GROUP_PARTNER = "partner"
AXIS_PREFIX = "axis-"


@dataclass
class Row:
    """One measure as the roadmap shows it (one per group it appears in)."""

    measure: Measure
    start: date | None
    end: date | None  # the end, or start plus duration when only that is set
    end_estimated: bool
    depth: int = 0  # how deep it sits below a parent measure of the same group
    prerequisites: list[Measure] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    # (prerequisite, its end) that the measure starts before; its milestones outside its period
    late_prerequisites: list[tuple[Measure, date]] = field(default_factory=list)
    stray_milestones: list[Milestone] = field(default_factory=list)

    @property
    def has_conflicts(self) -> bool:
        return bool(self.late_prerequisites or self.stray_milestones)

    @property
    def scheduled(self) -> bool:
        return self.start is not None and self.end is not None


@dataclass
class Group:
    key: str
    title: str
    rows: list[Row]


@dataclass
class Roadmap:
    strategy: Strategy
    grouping: str
    grouping_label: str
    today: date
    groups: list[Group]  # only measures with a start and an end, filtered
    undated: list[Row]  # filtered measures without a complete period
    phases: list[ProgrammePhase]
    strategy_milestones: list[Milestone]
    measure_count: int  # measures shown (dated and undated), each counted once
    dependency_conflicts: list[schedule.DependencyConflict]
    milestone_conflicts: list[schedule.MilestoneConflict]
    measures: dict[int, Measure]  # every measure of the strategy, by id
    milestones: dict[int, Milestone]  # every milestone of the strategy, by id
    edges: list[tuple[int, int]]  # (measure, prerequisite) of the whole strategy
    items: list[schedule.Item]  # every measure, for the schedule functions

    @cached_property
    def dependencies_shown(self) -> list[tuple[Row, Row]]:
        """(prerequisite row, dependent row) of the dependencies between shown measures."""
        first_row: dict[int, Row] = {}
        row_in_group: dict[tuple[str, int], Row] = {}
        for group in self.groups:
            for row in group.rows:
                first_row.setdefault(row.measure.pk, row)
                row_in_group[(group.key, row.measure.pk)] = row
        group_of = {
            row.measure.pk: group.key for group in reversed(self.groups) for row in group.rows
        }
        pairs = []
        for measure_id, prerequisite_id in self.edges:
            if measure_id not in first_row or prerequisite_id not in first_row:
                continue
            dependent = first_row[measure_id]
            prerequisite = row_in_group.get(
                (group_of[measure_id], prerequisite_id), first_row[prerequisite_id]
            )
            pairs.append((prerequisite, dependent))
        return pairs

    @cached_property
    def conflicting_dependencies(self) -> set[tuple[int, int]]:
        return {(c.measure, c.prerequisite) for c in self.dependency_conflicts}

    @cached_property
    def conflicting_milestones(self) -> set[int]:
        return {c.milestone for c in self.milestone_conflicts}

    @cached_property
    def period(self) -> tuple[date, date]:
        """First and last day of the years the roadmap spans (today always included)."""
        days = [self.today]
        for group in self.groups:
            for row in group.rows:
                days += [row.start, row.end]
        days += [d for phase in self.phases for d in (phase.start, phase.end)]
        days += [milestone.date for milestone in self.strategy_milestones]
        return date(min(days).year, 1, 1), date(max(days).year, 12, 31)

    @cached_property
    def row_count(self) -> int:
        return sum(len(group.rows) for group in self.groups)

    @cached_property
    def dated_count(self) -> int:
        """Measures on the chart, each counted once (a measure may sit in several groups)."""
        return len({row.measure.pk for group in self.groups for row in group.rows})


def grouping_choices(strategy: Strategy, axes: list[TagAxis], has_partners: bool) -> list:
    choices = [(GROUP_FIELD, _("Field of action"))]
    choices += [
        (f"{AXIS_PREFIX}{axis.pk}", _("Classification: %(axis)s") % {"axis": axis.name})
        for axis in axes
    ]
    if has_partners:
        choices.append((GROUP_PARTNER, _("Partner municipality")))
    return choices


def schedule_items(measures: list[Measure], edges: list[tuple[int, int]]) -> list[schedule.Item]:
    prerequisites: dict[int, list[int]] = defaultdict(list)
    for measure_id, prerequisite_id in edges:
        prerequisites[measure_id].append(prerequisite_id)
    return [
        schedule.Item(
            id=m.pk,
            status=m.status,
            priority=m.priority,
            start=m.start,
            end=m.end,
            duration_months=m.duration_months,
            prerequisites=tuple(prerequisites[m.pk]),
        )
        for m in measures
    ]


def load_items(strategy: Strategy) -> tuple[list[Measure], list[schedule.Item]]:
    """Every measure of the strategy and its schedule item (two queries)."""
    measures = list(strategy.measures.all())
    return measures, schedule_items(measures, dependency_edges(strategy))


def dependency_edges(strategy: Strategy) -> list[tuple[int, int]]:
    """(measure id, prerequisite id) of every dependency in the strategy, in one query."""
    through = Measure.depends_on.through
    return list(
        through.objects.filter(from_measure__strategy_id=strategy.pk)
        .order_by("pk")
        .values_list("from_measure_id", "to_measure_id")
    )


def _memberships(
    strategy: Strategy, grouping: str, measures: list[Measure]
) -> tuple[list[tuple[str, str]], dict[int, list[str]], str]:
    """([(group key, title)], {measure id: [group keys]}, label of the grouping)."""
    member_of: dict[int, list[str]] = defaultdict(list)
    if grouping == GROUP_PARTNER:
        lead = strategy.municipality
        # Measures without a partner in charge (or with a former partner) lie with the lead.
        groups = [("none", _("%(name)s (lead municipality)") % {"name": lead.name})]
        groups += [
            (f"m{p.municipality_id}", p.municipality.name)
            for p in strategy.partnerships.select_related("municipality").order_by(
                "municipality__name"
            )
        ]
        for m in measures:
            if m.partner_municipality_id:
                member_of[m.pk].append(f"m{m.partner_municipality_id}")
        return groups, member_of, _("Partner municipality")
    if grouping.startswith(AXIS_PREFIX):
        axis_id = int(grouping.removeprefix(AXIS_PREFIX))
        tags = list(
            Tag.objects.filter(axis_id=axis_id, axis__strategy=strategy).select_related("axis")
        )
        axis_name = tags[0].axis.name if tags else ""
        if not tags:
            axis = TagAxis.objects.filter(pk=axis_id, strategy=strategy).first()
            axis_name = axis.name if axis else ""
        groups = [(f"t{tag.pk}", tag.name) for tag in tags]
        through = Measure.tags.through.objects.filter(tag__axis_id=axis_id)
        for measure_id, tag_id in through.values_list("measure_id", "tag_id"):
            member_of[measure_id].append(f"t{tag_id}")
        groups.append(("none", _("Without a tag of this axis")))
        return groups, member_of, _("Classification: %(axis)s") % {"axis": axis_name}
    fields = list(strategy.fields.all())
    groups = [(f"f{f.pk}", f.title) for f in fields]
    through = Measure.fields.through.objects.filter(fieldofaction__strategy_id=strategy.pk)
    for measure_id, field_id in through.values_list("measure_id", "fieldofaction_id"):
        member_of[measure_id].append(f"f{field_id}")
    groups.append(("none", _("Without a field of action")))
    return groups, member_of, _("Field of action")


def _tree_order(members: list[Measure]) -> list[tuple[Measure, int]]:
    """Parents before their parts (indented), each level in the strategy's order."""
    inside = {m.pk for m in members}
    children: dict[int | None, list[Measure]] = defaultdict(list)
    for m in members:
        children[m.parent_id if m.parent_id in inside else None].append(m)
    ordered: list[tuple[Measure, int]] = []
    seen: set[int] = set()

    def walk(parent: int | None, depth: int) -> None:
        for m in children.get(parent, []):
            if m.pk in seen:
                continue
            seen.add(m.pk)
            ordered.append((m, depth))
            walk(m.pk, depth + 1)

    walk(None, 0)
    ordered += [(m, 0) for m in members if m.pk not in seen]  # defensive: parent cycles
    return ordered


def load_roadmap(
    strategy: Strategy,
    *,
    grouping: str = GROUP_FIELD,
    status: str = "",
    priority: str = "",
    today: date,
) -> Roadmap:
    """The roadmap of `strategy`, grouped and filtered (status, priority: "" for all)."""
    measures = list(
        strategy.measures.only(
            "pk", "title", "short_name", "parent_id", "status", "priority", "start", "end",
            "duration_months", "responsible_id", "partner_municipality_id", "position",
            "strategy_id", "version",
        )
    )  # fmt: skip
    by_id = {m.pk: m for m in measures}
    edges = dependency_edges(strategy)
    items = schedule_items(measures, edges)
    item_by_id = {item.id: item for item in items}
    milestones = list(strategy.milestones.all())
    milestone_by_id = {m.pk: m for m in milestones}
    phases = list(strategy.programme_phases.all())
    group_list, member_of, grouping_label = _memberships(strategy, grouping, measures)

    milestones_of: dict[int, list[Milestone]] = defaultdict(list)
    for milestone in milestones:
        if milestone.measure_id is not None:
            milestones_of[milestone.measure_id].append(milestone)
    prerequisites_of: dict[int, list[Measure]] = defaultdict(list)
    for measure_id, prerequisite_id in edges:
        if prerequisite_id in by_id:
            prerequisites_of[measure_id].append(by_id[prerequisite_id])

    dependency_conflicts = schedule.dependency_conflicts(items)
    milestone_conflicts = schedule.milestone_conflicts(
        ((m.pk, m.measure_id, m.date) for m in milestones), items
    )
    late: dict[int, list[tuple[Measure, date]]] = defaultdict(list)
    for conflict in dependency_conflicts:
        late[conflict.measure].append((by_id[conflict.prerequisite], conflict.prerequisite_end))
    stray: dict[int, list[Milestone]] = defaultdict(list)
    for conflict in milestone_conflicts:
        stray[conflict.measure].append(milestone_by_id[conflict.milestone])

    def row(m: Measure, depth: int = 0) -> Row:
        end = schedule.effective_end(item_by_id[m.pk])
        return Row(
            measure=m,
            start=m.start,
            end=end,
            end_estimated=m.end is None and end is not None,
            depth=depth,
            prerequisites=prerequisites_of[m.pk],
            milestones=milestones_of[m.pk],
            late_prerequisites=late[m.pk],
            stray_milestones=stray[m.pk],
        )

    shown = [
        m
        for m in measures
        if (not status or m.status == status) and (not priority or m.priority == priority)
    ]
    known = {key for key, _title in group_list}
    members: dict[str, list[Measure]] = defaultdict(list)
    for m in shown:
        for key in [k for k in member_of.get(m.pk, []) if k in known] or ["none"]:
            members[key].append(m)
    groups, undated = [], []
    for key, title in group_list:
        rows = [row(m, depth) for m, depth in _tree_order(members.get(key, []))]
        dated = [r for r in rows if r.scheduled]
        if dated:
            groups.append(Group(key, title, dated))
    undated = [r for r in (row(m) for m in shown) if not r.scheduled]
    return Roadmap(
        strategy=strategy,
        grouping=grouping,
        grouping_label=grouping_label,
        today=today,
        groups=groups,
        undated=undated,
        phases=phases,
        strategy_milestones=[m for m in milestones if m.measure_id is None],
        measure_count=len(shown),
        dependency_conflicts=dependency_conflicts,
        milestone_conflicts=milestone_conflicts,
        measures=by_id,
        milestones=milestone_by_id,
        edges=edges,
        items=items,
    )
