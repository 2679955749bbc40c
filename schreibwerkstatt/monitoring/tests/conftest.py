"""A strategy of municipality A with a field, a goal with an indicator, and a measure the
contributor persona leads; URL helpers for the monitoring and strategies routes."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from schreibwerkstatt.strategies.models import FieldOfAction, Goal, Indicator, Measure


@pytest.fixture
def field(strategy):
    return FieldOfAction.objects.create(strategy=strategy, title="Digitale Verwaltung")


@pytest.fixture
def measure(strategy, field, people):
    measure = Measure.objects.create(
        strategy=strategy,
        title="Online-Terminvergabe",
        status=Measure.Status.PLANNED,
        responsible=people["contributor"],
    )
    measure.fields.add(field)
    return measure


@pytest.fixture
def goal(strategy, field):
    goal = Goal.objects.create(strategy=strategy, title="Leistungen sind online erreichbar")
    goal.fields.add(field)
    return goal


@pytest.fixture
def indicator(strategy, goal):
    return Indicator.objects.create(
        strategy=strategy,
        goal=goal,
        name="Online-Leistungen",
        unit="Anzahl",
        baseline_value=Decimal(10),
        baseline_date=date(2024, 1, 1),
        target_value=Decimal(110),
        target_date=date(2034, 1, 1),
    )


@pytest.fixture
def url(strategy):
    """url("monitoring:dashboard") or url("strategies:measure", pk=1), in municipality A."""

    def build(name: str, slug: str = "amtsberg", **kwargs) -> str:
        return reverse(name, kwargs={"slug": slug, "strategy": strategy.pk, **kwargs})

    return build
