"""The monitoring pages ask the database the same number of times for a small and a large
strategy (an N+1 fails here)."""

import pytest

from schreibwerkstatt.monitoring.tests.factories import add_monitoring_data
from schreibwerkstatt.strategies.tests.conftest import make_strategy
from tests.queries import warm_get_queries

pytestmark = pytest.mark.django_db

PAGES = {
    "dashboard": ("monitoring:dashboard", ""),
    "measures": ("monitoring:measures", ""),
    "stale measures": ("monitoring:measures", "?stale=1"),
    "measures of a year": ("monitoring:measures", "?year=2026"),
    "measures without field": ("monitoring:measures", "?field=none"),
    "steps": ("monitoring:steps", "?state=overdue"),
    "indicators": ("monitoring:indicators", ""),
    "strategy measure list": ("strategies:measures", ""),
}


def count(client, href, django_assert_max_num_queries) -> int:
    return warm_get_queries(client, href, django_assert_max_num_queries, at_most=30)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", ["editor", "reader"])
def test_a_page_asks_the_same_number_of_queries_for_a_small_and_a_large_strategy(
    page, persona, strategy, url, as_persona, django_assert_max_num_queries
) -> None:
    name, query = PAGES[page]
    client = as_persona(persona)
    make_strategy(strategy, fields=2, measures_per_field=2)
    add_monitoring_data(strategy, steps_per_measure=1, updates=1)
    small = count(client, url(name) + query, django_assert_max_num_queries)
    make_strategy(strategy, fields=20, measures_per_field=6)
    add_monitoring_data(strategy, steps_per_measure=5, updates=4)
    assert count(client, url(name) + query, django_assert_max_num_queries) == small


@pytest.mark.parametrize("persona", ["contributor", "reader"])
def test_the_indicator_and_measure_pages_do_not_grow_with_their_history(
    persona, strategy, url, as_persona, people, django_assert_max_num_queries
) -> None:
    make_strategy(strategy, fields=1, measures_per_field=1)
    measure = strategy.measures.get()
    measure.responsible = people["contributor"]
    measure.save()
    add_monitoring_data(strategy, updates=1)
    indicator = strategy.indicators.first()
    client = as_persona(persona)
    pages = [url("monitoring:indicator", pk=indicator.pk), url("strategies:measure", pk=measure.pk)]
    small = [count(client, href, django_assert_max_num_queries) for href in pages]
    from schreibwerkstatt.monitoring.models import IndicatorValue, StatusUpdate

    StatusUpdate.objects.bulk_create(
        StatusUpdate(measure=measure, date=f"2025-{m:02d}-01", status="running",
                     progress_percent=m, note="x", author=people["editor"])
        for m in range(1, 13)
    )  # fmt: skip
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, date=f"2025-{m:02d}-15", value=m, author=people["editor"])
        for m in range(1, 13)
    )  # fmt: skip
    assert [count(client, href, django_assert_max_num_queries) for href in pages] == small
