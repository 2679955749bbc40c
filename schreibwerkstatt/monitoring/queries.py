"""Reads of the monitoring app. Every function asks the database a fixed number of times,
however large the strategy is (pinned in tests/test_query_counts.py).

The rules for stale measures and planned costs are documented in docs/monitoring.md and
explained on the dashboard.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from schreibwerkstatt.strategies.models import FieldOfAction, Indicator, Measure, Step, Strategy

from .models import IndicatorValue
from .traffic_light import Level, assess_indicator

CENT = Decimal("0.01")

# Stale measures ---------------------------------------------------------------------------


def stale_cutoff(strategy: Strategy, today: date) -> datetime:
    """Last updates before this moment are too old (start of the day `stale_after_days` ago)."""
    return timezone.make_aware(
        datetime.combine(today - timedelta(days=strategy.stale_after_days), time.min)
    )


def stale_q(strategy: Strategy, today: date, prefix: str = "") -> Q:
    """Measures that should be moving but have had no status update for too long: those in
    implementation, and planned ones whose start date has come, whose newest status update
    (or, without any, their creation) lies before the cutoff."""
    p = prefix
    due = Q(**{f"{p}status": Measure.Status.RUNNING}) | Q(
        **{f"{p}status": Measure.Status.PLANNED, f"{p}start__lte": today}
    )
    cutoff = stale_cutoff(strategy, today)
    return due & (
        Q(**{f"{p}status_updated_at__lt": cutoff})
        | Q(**{f"{p}status_updated_at__isnull": True, f"{p}created_at__lt": cutoff})
    )


def last_activity(measure: Measure) -> datetime:
    return measure.status_updated_at or measure.created_at


# Indicators -------------------------------------------------------------------------------


def with_latest_value(indicators: QuerySet[Indicator]) -> QuerySet[Indicator]:
    newest = IndicatorValue.objects.filter(indicator=OuterRef("pk")).order_by(
        "-date", "-created_at", "-pk"
    )
    return indicators.annotate(
        latest_value=Subquery(newest.values("value")[:1]),
        latest_date=Subquery(newest.values("date")[:1]),
        value_count=Coalesce(
            Subquery(
                IndicatorValue.objects.filter(indicator=OuterRef("pk"))
                .order_by()
                .values("indicator")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            ),
            0,
        ),
    )


def assessed_indicators(strategy: Strategy) -> list[Indicator]:
    """All indicators of the strategy with `latest_value`, `latest_date` and `assessment`
    (one query)."""
    indicators = list(
        with_latest_value(strategy.indicators.select_related("goal", "measure")).order_by(
            "goal__position", "goal_id", "measure__position", "measure_id", "pk"
        )
    )
    for indicator in indicators:
        indicator.assessment = assess_indicator(
            indicator,
            indicator.latest_value,
            indicator.latest_date,
        )
    return indicators


# Planned costs ----------------------------------------------------------------------------


@dataclass
class YearCosts:
    year: int
    one_off: Decimal = Decimal(0)
    running: Decimal = Decimal(0)

    @property
    def total(self) -> Decimal:
        return self.one_off + self.running


@dataclass
class Costs:
    years: list[YearCosts]
    measures_by_year: dict[int, set[int]]
    undated: set[int] = field(default_factory=set)  # measures with costs but no start date
    undated_amount: Decimal = Decimal(0)

    @property
    def total(self) -> Decimal:
        return sum((y.total for y in self.years), Decimal(0))


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, 1)


def period_end(
    start: date, end: date | None, duration_months: int | None, strategy_end: date | None
) -> date:
    """The last day the running costs count for: the measure's end; else start plus its
    duration; else the strategy's end; else the end of the start year."""
    if end is not None and end >= start:
        return end
    if duration_months:
        return _add_months(start, duration_months) - timedelta(days=1)
    if strategy_end is not None and strategy_end >= start:
        return strategy_end
    return date(start.year, 12, 31)


def months_in_year(start: date, end: date, year: int) -> int:
    """Calendar months of `year` that the period from `start` to `end` touches."""
    first = max(start, date(year, 1, 1))
    last = min(end, date(year, 12, 31))
    if last < first:
        return 0
    return (last.year - first.year) * 12 + last.month - first.month + 1


def planned_costs(strategy: Strategy) -> Costs:
    """One-off costs in the start year; running costs per year for each month the measure
    runs in that year (a twelfth per month). One query."""
    rows = strategy.measures.filter(
        Q(cost_one_off__isnull=False) | Q(cost_running__isnull=False)
    ).values_list("pk", "start", "end", "duration_months", "cost_one_off", "cost_running")
    years: dict[int, YearCosts] = {}
    by_year: dict[int, set[int]] = defaultdict(set)
    costs = Costs([], by_year)
    for pk, start, end, duration, one_off, running in rows:
        if not (one_off or running):
            continue
        if start is None:
            costs.undated.add(pk)
            costs.undated_amount += (one_off or 0) + (running or 0)
            continue
        if one_off:
            years.setdefault(start.year, YearCosts(start.year)).one_off += one_off
            by_year[start.year].add(pk)
        if running:
            last = period_end(start, end, duration, strategy.period_end)
            for year in range(start.year, last.year + 1):
                months = months_in_year(start, last, year)
                if months:
                    share = (running * months / 12).quantize(CENT, ROUND_HALF_UP)
                    years.setdefault(year, YearCosts(year)).running += share
                    by_year[year].add(pk)
    costs.years = [years[y] for y in sorted(years)]
    return costs


# The implementation dashboard -------------------------------------------------------------


@dataclass
class FieldRow:
    field: FieldOfAction | None  # None: measures without a field of action
    by_status: list[tuple[str, int]]  # (status value, count) in the order of Measure.Status
    measures: int
    steps_total: int
    steps_done: int

    @property
    def steps_percent(self) -> int:
        return round(100 * self.steps_done / self.steps_total) if self.steps_total else 0

    @property
    def key(self) -> str:
        return "none" if self.field is None else str(self.field.pk)


@dataclass
class Dashboard:
    rows: list[FieldRow]
    total: FieldRow
    overdue_steps: int
    stale_measures: int
    levels: list[tuple[Level, int]]
    off_track: list[Indicator]
    costs: Costs


def dashboard(strategy: Strategy, today: date) -> Dashboard:
    statuses = list(Measure.Status.values)
    fields = list(strategy.fields.only("pk", "strategy_id", "title", "position"))
    per_field: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for field_id, status, n in (
        strategy.measures.values_list("fields", "status").annotate(n=Count("pk")).order_by()
    ):
        per_field[field_id][status] += n
    steps: dict[int | None, tuple[int, int]] = {
        field_id: (total, done)
        for field_id, total, done in Step.objects.filter(measure__strategy=strategy)
        .values_list("measure__fields")
        .annotate(n_total=Count("pk"), n_done=Count("pk", filter=Q(done=True)))
        .order_by()
    }

    def row(
        field: FieldOfAction | None, counts: dict[str, int], step_counts: tuple[int, int]
    ) -> FieldRow:
        return FieldRow(
            field,
            [(s, counts.get(s, 0)) for s in statuses],
            sum(counts.values()),
            *step_counts,
        )

    rows = [row(f, per_field.get(f.pk, {}), steps.get(f.pk, (0, 0))) for f in fields]
    if per_field.get(None):
        rows.append(row(None, per_field[None], steps.get(None, (0, 0))))

    # Totals count each measure and step once, even if it belongs to several fields.
    totals: dict[str, int] = {}
    stale = 0
    for status, n, n_stale in (
        strategy.measures.values_list("status")
        .annotate(n=Count("pk"), stale=Count("pk", filter=stale_q(strategy, today)))
        .order_by()
    ):
        totals[status] = n
        stale += n_stale
    step_totals = Step.objects.filter(measure__strategy=strategy).aggregate(
        n_total=Count("pk"),
        n_done=Count("pk", filter=Q(done=True)),
        n_overdue=Count("pk", filter=Q(done=False, due_date__lt=today)),
    )
    indicators = assessed_indicators(strategy)
    level_counts = {level: 0 for level in Level}
    for indicator in indicators:
        level_counts[indicator.assessment.level] += 1
    return Dashboard(
        rows=rows,
        total=row(None, totals, (step_totals["n_total"], step_totals["n_done"])),
        overdue_steps=step_totals["n_overdue"],
        stale_measures=stale,
        levels=list(level_counts.items()),
        off_track=[i for i in indicators if i.assessment.level == Level.OFF_TRACK],
        costs=planned_costs(strategy),
    )
