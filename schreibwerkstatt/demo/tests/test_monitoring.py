"""The demo strategy gets a status history and indicator values in every traffic-light state."""

import pytest

from schreibwerkstatt.demo.load import load_demo
from schreibwerkstatt.monitoring.models import IndicatorValue, StatusUpdate
from schreibwerkstatt.monitoring.queries import assessed_indicators, dashboard
from schreibwerkstatt.strategies.models import Strategy

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_status_history_and_indicators_in_each_state(client) -> None:
    demo, _people = load_demo()
    strategy = Strategy.objects.get(municipality=demo)
    updates = StatusUpdate.objects.filter(measure__strategy=strategy)
    assert updates.count() >= 40
    assert updates.values("author").distinct().count() >= 3  # several demo people report
    # The measures show the newest update of their history.
    for measure in strategy.measures.exclude(status_updated_at=None):
        newest = measure.status_updates.first()
        assert (measure.status, measure.progress_percent) == (
            newest.status,
            newest.progress_percent,
        )
    levels = [i.assessment.level for i in assessed_indicators(strategy)]
    assert levels.count("on_track") >= 5
    assert levels.count("at_risk") == 1
    assert levels.count("off_track") == 1
    from django.utils import timezone

    assert dashboard(strategy, timezone.localdate()).stale_measures >= 1

    before = (updates.count(), IndicatorValue.objects.count())
    load_demo()  # idempotent
    assert (updates.count(), IndicatorValue.objects.count()) == before
