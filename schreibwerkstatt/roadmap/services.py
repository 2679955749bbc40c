"""Writes of the roadmap: milestones and the proposed schedule. Every change of a measure or
milestone is a versioned save with a history record (rescheduling one measure goes through
core.locking.save_versioned, via RescheduleForm)."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from schreibwerkstatt.strategies.models import Measure, Milestone, Strategy

from . import schedule
from .timeline import dependency_edges, schedule_items


@transaction.atomic
def add_milestone(
    strategy: Strategy, *, title: str, date: date, measure: Measure | None = None
) -> Milestone:
    return Milestone.objects.create(strategy=strategy, measure=measure, title=title, date=date)


@transaction.atomic
def delete_milestone(milestone: Milestone) -> None:
    milestone.delete()


class ProposalOutdated(Exception):
    """The measures changed since the proposal was shown; `changed` names them."""

    def __init__(self, changed: list[str], *, deleted: int = 0, other_day: bool = False) -> None:
        super().__init__("proposal outdated")
        self.changed = changed  # titles of measures changed or added since
        self.deleted = deleted  # how many measures were deleted since
        self.other_day = other_day


@dataclass(frozen=True)
class Applied:
    measure: Measure
    old_start: date | None
    old_end: date | None


@transaction.atomic
def apply_proposal(
    strategy: Strategy, *, shown_versions: dict[int, int], made_on: date, today: date
) -> list[Applied]:
    """Give every measure the proposed dates, all or nothing.

    `shown_versions` ({measure id: version}) is the state the proposal was shown for; if any
    measure was changed, added or deleted since, or the proposal was made on another day,
    nothing is saved and ProposalOutdated names what changed. Each moved measure is saved
    with a new version and a history record.
    """
    measures = list(
        Measure.objects.select_for_update().filter(strategy=strategy).order_by("position", "pk")
    )
    current = {m.pk: m for m in measures}
    changed = [m.title for m in measures if shown_versions.get(m.pk) != m.version]
    deleted = len(set(shown_versions) - set(current))
    if changed or deleted:
        raise ProposalOutdated(changed, deleted=deleted)
    if made_on != today:
        raise ProposalOutdated([], other_day=True)
    items = schedule_items(measures, dependency_edges(strategy))
    proposals = schedule.propose(items, today)
    applied = []
    for item in schedule.changed(items, proposals):
        measure = current[item.id]
        proposal = proposals[item.id]
        applied.append(Applied(measure, measure.start, measure.end))
        measure.start, measure.end = proposal.start, proposal.end
        measure.version += 1
        measure.save()
    return applied
