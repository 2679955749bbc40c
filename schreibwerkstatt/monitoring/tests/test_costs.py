"""The rule for planned costs per year (docs/monitoring.md)."""

from datetime import date
from decimal import Decimal

import pytest

from schreibwerkstatt.monitoring.queries import months_in_year, period_end, planned_costs
from schreibwerkstatt.strategies.models import Measure

pytestmark = pytest.mark.django_db


def test_months_count_every_calendar_month_the_period_touches() -> None:
    assert months_in_year(date(2026, 7, 15), date(2027, 2, 1), 2026) == 6
    assert months_in_year(date(2026, 7, 15), date(2027, 2, 1), 2027) == 2
    assert months_in_year(date(2026, 7, 15), date(2027, 2, 1), 2028) == 0
    assert months_in_year(date(2026, 3, 31), date(2026, 3, 31), 2026) == 1


@pytest.mark.parametrize(
    ("end", "duration", "strategy_end", "expected"),
    [
        (date(2027, 6, 30), 3, date(2030, 12, 31), date(2027, 6, 30)),  # the end wins
        (None, 18, date(2030, 12, 31), date(2027, 12, 31)),  # then the duration
        (None, None, date(2030, 12, 31), date(2030, 12, 31)),  # then the strategy's end
        (None, None, None, date(2026, 12, 31)),  # then the end of the start year
        (date(2025, 1, 1), None, None, date(2026, 12, 31)),  # an end before the start is ignored
    ],
)
def test_the_period_of_running_costs(end, duration, strategy_end, expected) -> None:
    assert period_end(date(2026, 7, 1), end, duration, strategy_end) == expected


def test_costs_per_year(strategy) -> None:
    strategy.period_end = date(2028, 12, 31)
    strategy.save()

    def measure(**fields):
        return Measure.objects.create(strategy=strategy, title="M", **fields)

    a = measure(start=date(2026, 7, 1), end=date(2027, 6, 30), cost_one_off=Decimal(12000),
                cost_running=Decimal(1200))  # fmt: skip
    b = measure(start=date(2028, 10, 1), cost_running=Decimal(1000))  # to the strategy's end
    c = measure(cost_one_off=Decimal(500))  # no start
    measure(start=date(2026, 1, 1))  # no costs
    measure(start=date(2026, 1, 1), cost_one_off=Decimal(0), cost_running=Decimal(0))
    costs = planned_costs(strategy)
    assert [(y.year, y.one_off, y.running) for y in costs.years] == [
        (2026, Decimal(12000), Decimal("600.00")),
        (2027, Decimal(0), Decimal("600.00")),
        (2028, Decimal(0), Decimal("250.00")),
    ]
    assert costs.total == Decimal("13450.00")
    assert costs.measures_by_year == {2026: {a.pk}, 2027: {a.pk}, 2028: {b.pk}}
    assert (costs.undated, costs.undated_amount) == ({c.pk}, Decimal(500))
