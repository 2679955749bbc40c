from datetime import timedelta

import pytest
from django.utils import timezone

from schreibwerkstatt.municipalities.models import Kind
from schreibwerkstatt.process.services import set_up_process
from schreibwerkstatt.strategies.models import FieldOfAction, Measure, Strategy
from tests.factories import MunicipalityFactory, UserFactory


@pytest.fixture
def adviser(people):
    """The adviser of the root conftest, assigned to Amtsberg (A) only."""
    return people["adviser"]


@pytest.fixture
def other_adviser(db):
    return UserFactory(email="andere@agentur.example", name="Andere Beraterin", is_adviser=True)


@pytest.fixture
def strategy_a(municipality_a, people) -> Strategy:
    strategy = Strategy.objects.create(municipality=municipality_a, title="Digitales Amtsberg")
    field = FieldOfAction.objects.create(strategy=strategy, title="Verwaltung")
    measure = Measure.objects.create(
        strategy=strategy, title="Bürgerportal", status=Measure.Status.RUNNING
    )
    # stale: running, no status update for long
    Measure.objects.filter(pk=measure.pk).update(created_at=timezone.now() - timedelta(days=400))
    measure.fields.add(field)
    return strategy


def advised_municipalities(adviser, count: int, prefix: str = "beraten") -> list:
    """`count` more municipalities the adviser accompanies, each with a small strategy."""
    created = []
    for number in range(count):
        municipality = MunicipalityFactory(
            name=f"{prefix.title()} {number:02d}",
            slug=f"{prefix}-{number}",
            kind=Kind.STADT if number % 2 else Kind.GEMEINDE,
        )
        set_up_process(municipality)
        municipality.advisers.add(adviser)
        strategy = Strategy.objects.create(municipality=municipality, title=f"Strategie {number}")
        Measure.objects.bulk_create(
            Measure(strategy=strategy, title=f"Maßnahme {n}", status=Measure.Status.RUNNING)
            for n in range(3)
        )
        created.append(municipality)
    return created
