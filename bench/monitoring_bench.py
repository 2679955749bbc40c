"""The implementation dashboard ("Umsetzung") of a small and a large strategy (called by
bench/run.py): queries per page, which must be the same, and the latency ratio.

Small: 12 fields × 8 measures; large: 48 fields × 8 measures, each measure with steps,
status updates and costs, each goal with an indicator and measured values.
"""

from django.test import Client
from timing import counted_get, median_seconds, print_small_and_large, small_and_large

from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.strategies.models import Strategy

REPEAT = 40


def _build(municipality: Municipality, title: str, fields: int) -> Strategy:
    from schreibwerkstatt.monitoring.tests.factories import add_monitoring_data
    from schreibwerkstatt.strategies.tests.conftest import make_strategy

    strategy = Strategy.objects.create(municipality=municipality, title=title)
    make_strategy(strategy, fields=fields, measures_per_field=8)
    add_monitoring_data(strategy, steps_per_measure=4, updates=3)
    return strategy


def _measure(client: Client, url: str) -> tuple[int, float]:
    client.get(url)
    count, response = counted_get(client, url)
    assert response.status_code == 200, (url, response.status_code)
    return count, median_seconds(client, url, REPEAT)


def implementation_figures(
    small_client: Client, small: Municipality, large_client: Client, large: Municipality
) -> None:
    figures = small_and_large(
        small_client, small, large_client, large, _build, "Umsetzung", "umsetzung/", _measure
    )
    print_small_and_large("dashboard", figures)
