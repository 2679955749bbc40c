"""Fixtures of the personal area: a strategy in each municipality and a frozen clock.

The clock stands on Monday, 2 March 2026, 09:00 in Berlin, unless a test travels on.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from schreibwerkstatt.strategies.models import Measure, Step, Strategy

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=BERLIN)
TODAY = MONDAY.date()


@pytest.fixture
def clock():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


def implementing(municipality, title: str) -> Strategy:
    """A strategy of `municipality` in the implementation phase."""
    return Strategy.objects.create(
        municipality=municipality, title=title, status=Strategy.Status.IMPLEMENTATION
    )


@pytest.fixture
def strategy_a(municipality_a, people, clock):
    return implementing(municipality_a, "Digitales Amtsberg 2030")


@pytest.fixture
def strategy_b(municipality_b, people, clock):
    return implementing(municipality_b, "Birkenwerder digital")


def make_measure(strategy: Strategy, title: str, **fields) -> Measure:
    return Measure.objects.create(strategy=strategy, title=title, **fields)


def make_step(measure: Measure, title: str, owner, due_in: int | None, **fields) -> Step:
    due = None if due_in is None else TODAY + timedelta(days=due_in)
    return Step.objects.create(measure=measure, title=title, owner=owner, due_date=due, **fields)


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)
