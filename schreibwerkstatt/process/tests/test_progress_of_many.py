"""The progress of many municipalities at once (the adviser's view of a workshop series):
the same numbers as one municipality's progress, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from schreibwerkstatt.process.cycle import cycle_progress, cycle_progress_of_many
from schreibwerkstatt.process.models import ChecklistItem
from schreibwerkstatt.process.services import set_up_process
from schreibwerkstatt.process.tests.helpers import complete
from schreibwerkstatt.process.tests.test_check import with_every_kind_of_gap
from schreibwerkstatt.strategies.current import newest_strategies
from schreibwerkstatt.strategies.figures import strategy_figures, strategy_figures_of_many
from schreibwerkstatt.strategies.models import Measure, Strategy, StrategyPartner
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def town(name: str):
    municipality = MunicipalityFactory(name=name)
    set_up_process(municipality)
    return municipality


@pytest.fixture
def towns(municipality_a, people):
    """A with gaps of every kind, B complete, C with a stale measure judged by a shorter
    deadline, D partner of A's strategy only, E without any strategy."""
    gappy = Strategy.objects.create(municipality=municipality_a, title="Lückenhaft")
    with_every_kind_of_gap(gappy)
    b = town("Bergdorf")
    full = complete(Strategy.objects.create(municipality=b, title="Vollständig"), people["editor"])
    c = town("Caputh")
    short = Strategy.objects.create(municipality=c, title="Kurz", stale_after_days=7)
    measure = Measure.objects.create(strategy=short, title="Läuft", status=Measure.Status.RUNNING)
    Measure.objects.filter(pk=measure.pk).update(
        status_updated_at=timezone.now() - timedelta(days=30)
    )
    Strategy.objects.create(municipality=c, title="Archiviert", status=Strategy.Status.ARCHIVED)
    d = town("Dahme")
    StrategyPartner.objects.create(
        strategy=gappy, municipality=d, status=StrategyPartner.Status.ACCEPTED
    )
    ChecklistItem.objects.filter(municipality=d, phase=0).update(done=True)
    e = town("Eichwalde")
    return [municipality_a, b, c, d, e], [gappy, full, short]


def test_the_figures_of_many_strategies_are_those_of_each(towns) -> None:
    _municipalities, strategies = towns
    many = strategy_figures_of_many(strategies)
    assert set(many) == {s.pk for s in strategies}
    for strategy in strategies:
        assert many[strategy.pk] == strategy_figures(strategy), strategy.title
    assert many[strategies[0].pk]["gaps"] > many[strategies[1].pk]["gaps"]
    assert many[strategies[2].pk]["gap_measure_status_stale"] == 1
    assert strategy_figures_of_many([]) == {}


def test_the_progress_of_many_municipalities_is_that_of_each(towns) -> None:
    municipalities, strategies = towns
    current = newest_strategies(municipalities)
    gappy, full, short = strategies
    assert {pk: s.pk for pk, s in current.items()} == {
        municipalities[0].pk: gappy.pk,
        municipalities[1].pk: full.pk,
        municipalities[2].pk: short.pk,  # not the archived one
        municipalities[3].pk: gappy.pk,  # as partner
    }
    many = cycle_progress_of_many(municipalities)
    for municipality in municipalities:
        one = cycle_progress(municipality, current.get(municipality.pk))
        got = many[municipality.pk]
        assert (got.done, got.total) == (one.done, one.total), municipality.name
        assert [(p.done, p.total) for p in got.phases] == [(p.done, p.total) for p in one.phases]
    assert many[municipalities[4].pk].strategy is None
    assert many[municipalities[1].pk].percent > many[municipalities[0].pk].percent


def test_the_progress_of_many_costs_four_queries_however_many(towns) -> None:
    municipalities, _strategies = towns
    with CaptureQueriesContext(connection) as few:
        cycle_progress_of_many(municipalities[:2])
    for index in range(12):
        extra = town(f"Ort {index}")
        Strategy.objects.create(municipality=extra, title=f"Strategie {index}")
        municipalities.append(extra)
    with CaptureQueriesContext(connection) as many:
        cycle_progress_of_many(municipalities)
    assert len(few.captured_queries) == len(many.captured_queries) == 4
