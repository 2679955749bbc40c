"""The demo strategy gets a meaningful roadmap: phases, dependencies, milestones, conflicts."""

from datetime import UTC, date, datetime

import pytest

from schreibwerkstatt.demo.load import load_demo
from schreibwerkstatt.demo.roadmap import add_demo_roadmap
from schreibwerkstatt.demo.strategies import TITLE
from schreibwerkstatt.roadmap import schedule
from schreibwerkstatt.roadmap.timeline import load_roadmap
from schreibwerkstatt.strategies.models import Measure, Milestone, ProgrammePhase, Strategy

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _today(time_machine):
    """Like every roadmap test, on TODAY (10:00 UTC), the day the expected dates assume."""
    time_machine.move_to(datetime(2026, 11, 27, 10, 0, tzinfo=UTC), tick=False)


def counts(strategy: Strategy) -> tuple[int, int, int, int]:
    return (
        ProgrammePhase.objects.filter(strategy=strategy).count(),
        Measure.depends_on.through.objects.filter(from_measure__strategy=strategy).count(),
        Milestone.objects.filter(strategy=strategy).count(),
        Milestone.history.count(),
    )


def test_the_demo_has_a_meaningful_roadmap_and_loading_it_again_adds_nothing() -> None:
    municipality, _people = load_demo()
    strategy = Strategy.objects.get(municipality=municipality, title=TITLE)
    phases, dependencies, milestones, _history = counts(strategy)
    assert phases == 2 and dependencies >= 10 and milestones == 13

    roadmap = load_roadmap(strategy, today=TODAY)
    assert roadmap.undated == [] and roadmap.row_count >= 40
    assert len(roadmap.strategy_milestones) == 4
    # Conflicts on purpose: measures starting before a prerequisite ends, one late milestone.
    assert len(roadmap.dependency_conflicts) >= 3
    assert [roadmap.milestones[c.milestone].title for c in roadmap.milestone_conflicts] == [
        "Alle Gateways in Betrieb"
    ]
    # ... which the proposal can partly resolve (for measures that have not started).
    proposals = schedule.propose(roadmap.items, TODAY)
    assert schedule.changed(roadmap.items, proposals)

    before = counts(strategy)
    load_demo()
    add_demo_roadmap(municipality)
    assert counts(strategy) == before


def test_it_does_nothing_without_the_demo_strategy(municipality_a) -> None:
    assert add_demo_roadmap(municipality_a) is None
    assert not Milestone.objects.exists()
