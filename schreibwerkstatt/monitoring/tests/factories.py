"""Bulk data for query-count tests and the bench: monitoring data on top of a strategy built
by strategies.tests.conftest.make_strategy."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from schreibwerkstatt.monitoring.models import IndicatorValue, StatusUpdate
from schreibwerkstatt.strategies.models import Indicator, Measure, Step, Strategy

STATUSES = list(Measure.Status.values)


def add_monitoring_data(
    strategy: Strategy, *, steps_per_measure: int = 3, updates: int = 3
) -> None:
    """Statuses, costs, steps (some overdue), status updates and, per goal, an indicator with
    measured values, for every measure and goal of the strategy (bulk inserts)."""
    today = timezone.localdate()
    measures = list(strategy.measures.all())
    for i, measure in enumerate(measures):
        measure.status = STATUSES[i % len(STATUSES)]
        measure.start = date(2025 + i % 4, 1 + i % 12, 1)
        measure.end = None if i % 3 else measure.start + timedelta(days=400)
        measure.duration_months = 12 + i % 24
        measure.cost_one_off = Decimal(1000 * (i % 7)) or None
        measure.cost_running = Decimal(100 * (i % 5)) or None
        measure.progress_percent = i % 101
        measure.status_updated_at = timezone.now() - timedelta(days=150 if i % 5 == 2 else i % 60)
    Measure.objects.bulk_update(
        measures,
        ["status", "start", "end", "duration_months", "cost_one_off", "cost_running",
         "progress_percent", "status_updated_at"],
    )  # fmt: skip
    Step.objects.bulk_create(
        Step(measure=m, title=f"Schritt {k}", done=k == 0, position=k,
             due_date=today + timedelta(days=30 * k - 40))
        for m in measures
        for k in range(steps_per_measure)
    )  # fmt: skip
    StatusUpdate.objects.bulk_create(
        StatusUpdate(measure=m, date=today - timedelta(days=20 * k), status=m.status,
                     progress_percent=min(100, 10 * k), note=f"Bericht {k}")
        for m in measures
        for k in range(updates)
    )  # fmt: skip
    indicators = Indicator.objects.bulk_create(
        Indicator(strategy=strategy, goal=goal, name=f"Indikator {goal.pk}", unit="%",
                  baseline_value=Decimal(10), baseline_date=date(2024, 1, 1),
                  target_value=Decimal(90 if k % 2 else 5), target_date=date(2030, 12, 31))
        for k, goal in enumerate(strategy.goals.all())
    )  # fmt: skip
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=i, date=date(2025, 1, 1) + timedelta(days=90 * k),
                       value=Decimal(10 + k * (n % 5)))
        for n, i in enumerate(indicators)
        for k in range(4)
    )  # fmt: skip
