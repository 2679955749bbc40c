"""The proposed schedule and the conflict checks of the roadmap: pure functions on plain data.

The rules, as the proposal page explains them to the team:

- The start-horizon priority says by when a measure should start: *hoch* at once (within
  ``HORIZON_MONTHS["high"]`` months), *mittel* within two years, *niedrig* within four years.
- A measure never starts before all of its prerequisites have ended: it starts on the day
  after the latest end of its prerequisites at the earliest.
- Only measures that have not started yet (status idea or planned) are moved. Running,
  completed and deferred measures keep their dates; their ends still bind the measures that
  depend on them.
- A measure that has not started keeps its start if that start is allowed: not in the past,
  not before a prerequisite ends, not later than its priority's horizon. Otherwise it gets
  the nearest allowed start.
- A measure without a start is placed by its priority: *hoch* at the beginning of the next
  month, *mittel* one year from now, *niedrig* three years from now (each on the first day
  of a month), or later if its prerequisites end later. Without a priority it is not placed.
- A measure keeps its duration: end minus start if both are set, else ``duration_months``,
  else ``DEFAULT_DURATION_MONTHS``.

Measures are handled in topological order of their dependencies, so a moved prerequisite
moves the measures after it. Cycles are refused when dependencies are saved; should one
exist anyway, its measures are handled in the given order with the ends known so far.
"""

import calendar
import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

# Status values of strategies.Measure.Status that may be moved by the proposal.
MOVABLE_STATUSES = frozenset({"idea", "planned"})
# Latest start after today, per start-horizon priority (strategies.Measure.Priority).
HORIZON_MONTHS = {"high": 6, "medium": 24, "low": 48}
# Where a measure without a start is placed, in months after today (then the next 1st).
TARGET_MONTHS = {"high": 0, "medium": 12, "low": 36}
# Duration of a measure that has neither an end nor a duration in months.
DEFAULT_DURATION_MONTHS = 12

# Why a proposal changes a measure (the views turn these into sentences).
REASON_PREREQUISITE = "prerequisite"  # starts after its prerequisites end
REASON_PAST = "past"  # the start lay in the past, but the measure has not started
REASON_HORIZON = "horizon"  # the start lay beyond its priority's horizon
REASON_UNDATED = "undated"  # it had no start: placed by its priority
REASON_END = "end"  # only the end was missing or followed from the duration


@dataclass(frozen=True)
class Item:
    """What the schedule needs to know about one measure."""

    id: int
    status: str
    priority: str  # "" when not set
    start: date | None
    end: date | None
    duration_months: int | None = None
    prerequisites: tuple[int, ...] = ()


@dataclass(frozen=True)
class Proposal:
    id: int
    start: date | None
    end: date | None
    reasons: tuple[str, ...] = ()
    binding_prerequisite: int | None = None  # the prerequisite whose end fixed the start

    def changes(self, item: Item) -> bool:
        return (self.start, self.end) != (item.start, item.end)


@dataclass(frozen=True)
class DependencyConflict:
    measure: int  # starts on `start` …
    prerequisite: int  # … but this one ends only on `prerequisite_end`
    start: date
    prerequisite_end: date


@dataclass(frozen=True)
class MilestoneConflict:
    milestone: int
    measure: int
    date: date
    start: date
    end: date


@dataclass
class _Order:
    items: list[Item]
    cyclic: list[int] = field(default_factory=list)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, at the end of a shorter month if needed."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def first_of_month_from(day: date) -> date:
    """`day` if it is the first of a month, else the first of the following month."""
    return day if day.day == 1 else add_months(day.replace(day=1), 1)


def effective_end(item: Item) -> date | None:
    """The end of a measure, or its start plus its duration in months when only that is set."""
    if item.end is not None:
        return item.end
    if item.start is not None and item.duration_months:
        return add_months(item.start, item.duration_months) - timedelta(days=1)
    return None


def whole_months(start: date, end: date) -> int | None:
    """n if the period runs exactly n months (1 March to 31 May: 3), else None."""
    after = end + timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    return months if months > 0 and add_months(start, months) == after else None


def end_for(item: Item, start: date) -> date:
    """The end of `item` when it starts on `start`, keeping its duration (in whole months
    if it ran whole months, else in days)."""
    if item.start is not None and item.end is not None:
        months = whole_months(item.start, item.end)
        if months is not None:
            return add_months(start, months) - timedelta(days=1)
        return start + (item.end - item.start)
    months = item.duration_months or DEFAULT_DURATION_MONTHS
    return add_months(start, months) - timedelta(days=1)


def topological_order(items: Sequence[Item]) -> _Order:
    """Prerequisites before the measures that depend on them; otherwise the given order.

    Prerequisites that are not among `items` are ignored. Items on a cycle (which the
    application refuses to save) come last, in the given order, listed in `cyclic`.
    """
    index = {item.id: position for position, item in enumerate(items)}
    waiting = {item.id: {p for p in set(item.prerequisites) if p in index} for item in items}
    dependents: dict[int, list[int]] = {item.id: [] for item in items}
    for item in items:
        for prerequisite in waiting[item.id]:
            dependents[prerequisite].append(item.id)
    ready = [index[i] for i, pending in waiting.items() if not pending]
    heapq.heapify(ready)
    ordered: list[Item] = []
    while ready:
        item = items[heapq.heappop(ready)]
        ordered.append(item)
        for dependent in dependents[item.id]:
            waiting[dependent].discard(item.id)
            if not waiting[dependent]:
                heapq.heappush(ready, index[dependent])
    placed = {item.id for item in ordered}
    cyclic = [item for item in items if item.id not in placed]
    return _Order(ordered + cyclic, [item.id for item in cyclic])


def propose(items: Sequence[Item], today: date) -> dict[int, Proposal]:
    """A proposed start and end for every measure (unchanged ones included)."""
    by_id = {item.id: item for item in items}
    ends: dict[int, date | None] = {item.id: effective_end(item) for item in items}
    proposals: dict[int, Proposal] = {}
    for item in topological_order(items).items:
        proposal = _propose_one(item, by_id, ends, today)
        proposals[item.id] = proposal
        ends[item.id] = proposal.end
    return proposals


def _propose_one(
    item: Item, by_id: Mapping[int, Item], ends: Mapping[int, date | None], today: date
) -> Proposal:
    if item.status not in MOVABLE_STATUSES:
        return Proposal(item.id, item.start, item.end)
    earliest, binding = today, None
    for prerequisite in item.prerequisites:
        if prerequisite not in by_id:
            continue
        prerequisite_end = ends.get(prerequisite)
        if prerequisite_end is not None and prerequisite_end + timedelta(days=1) > earliest:
            earliest, binding = prerequisite_end + timedelta(days=1), prerequisite
    horizon = HORIZON_MONTHS.get(item.priority)
    latest = add_months(today, horizon) if horizon is not None else None
    reasons: list[str] = []
    if item.start is None:
        if item.priority not in TARGET_MONTHS:
            return Proposal(item.id, item.start, item.end)
        target = first_of_month_from(add_months(today, TARGET_MONTHS[item.priority]))
        start = max(target, earliest)
        reasons.append(REASON_UNDATED)
    elif item.start < earliest:
        start = earliest
        reasons.append(REASON_PREREQUISITE if binding is not None else REASON_PAST)
    elif latest is not None and item.start > latest:
        start = max(latest, earliest)
        reasons.append(REASON_HORIZON)
    else:
        start = item.start
    end = end_for(item, start)
    if not reasons and end != item.end:
        reasons.append(REASON_END)
    return Proposal(
        item.id,
        start,
        end,
        tuple(reasons),
        binding if binding is not None and start == earliest else None,
    )


def changed(items: Iterable[Item], proposals: Mapping[int, Proposal]) -> list[Item]:
    """The items whose proposed dates differ from their current ones, in the given order."""
    return [item for item in items if proposals[item.id].changes(item)]


def dependency_conflicts(items: Sequence[Item]) -> list[DependencyConflict]:
    """Measures that start before (or on the day) one of their prerequisites ends."""
    ends = {item.id: effective_end(item) for item in items}
    conflicts = []
    for item in items:
        if item.start is None:
            continue
        for prerequisite in item.prerequisites:
            prerequisite_end = ends.get(prerequisite)
            if prerequisite_end is not None and item.start <= prerequisite_end:
                conflicts.append(
                    DependencyConflict(item.id, prerequisite, item.start, prerequisite_end)
                )
    return conflicts


def milestone_conflicts(
    milestones: Iterable[tuple[int, int | None, date]], items: Sequence[Item]
) -> list[MilestoneConflict]:
    """Milestones (id, measure id, date) of a measure that lie outside the measure's period.

    Measures without a complete period cannot be checked and are skipped."""
    periods = {item.id: (item.start, effective_end(item)) for item in items}
    conflicts = []
    for milestone_id, measure_id, day in milestones:
        if measure_id is None or measure_id not in periods:
            continue
        start, end = periods[measure_id]
        if start is not None and end is not None and not start <= day <= end:
            conflicts.append(MilestoneConflict(milestone_id, measure_id, day, start, end))
    return conflicts
