"""What a person has to do: their open project steps, the measures they lead and the
checklist items of the strategy cycle assigned to them (e.g. tasks agreed in a workshop).

Only strategies of municipalities where the person is still a member count (as lead or as
partner municipality); advisers' assigned municipalities do not. A strategy reached through
several of the person's municipalities is shown in the one where they hold the strongest
role. Archived strategies are left out. Every function here costs a fixed number of queries,
however much there is to do.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from schreibwerkstatt.municipalities.models import ROLE_ORDER, Membership
from schreibwerkstatt.municipalities.rules import my_municipalities, roles_for
from schreibwerkstatt.process.models import ChecklistItem
from schreibwerkstatt.strategies.models import Measure, Milestone, Step, Strategy, StrategyPartner

DUE_SOON_DAYS = 7
# Measures still to be carried out; only these can be "stale" (no recent status update).
ACTIVE_MEASURE_STATUSES = (Measure.Status.PLANNED, Measure.Status.RUNNING)


def is_stale(measure: Measure, today: date) -> bool:
    """The rule of the implementation dashboard (monitoring.queries.stale_q): a measure in
    implementation, or a planned one whose start date has come, whose last status update (or,
    without any, its creation) lies before the start of the day `stale_after_days` ago."""
    should_move = measure.status == Measure.Status.RUNNING or (
        measure.status == Measure.Status.PLANNED
        and measure.start is not None
        and measure.start <= today
    )
    if not should_move:
        return False
    cutoff = datetime.combine(today - timedelta(days=measure.strategy.stale_after_days), time.min)
    return last_update(measure) < timezone.make_aware(cutoff)


def last_update(measure: Measure) -> datetime:
    return measure.status_updated_at or measure.created_at


def member_of_strategy(user_ref: str, strategy_ref: str) -> Q:
    """Filter: the person at `user_ref` is a member of the lead or a partner municipality of
    the strategy at `strategy_ref` (both paths relative to the filtered model)."""
    lead = Membership.objects.filter(
        user=OuterRef(user_ref), municipality=OuterRef(f"{strategy_ref}__municipality")
    )
    partner = StrategyPartner.objects.filter(
        strategy=OuterRef(strategy_ref), municipality__memberships__user=OuterRef(user_ref)
    )
    return Q(Exists(lead)) | Q(Exists(partner))


def strategies_of_person(user) -> dict[int, Strategy]:
    """{pk: strategy} of the person's municipalities, each with `context_municipality` set
    (two queries; the memberships come from the per-request role cache)."""
    roles = roles_for(user)
    if not roles:
        return {}
    municipalities = {m.pk: m for m in my_municipalities(user) if m.pk in roles}
    rank = {role: index for index, role in enumerate(ROLE_ORDER)}
    mine = StrategyPartner.objects.filter(municipality_id__in=roles)
    strategies = (
        Strategy.objects.filter(Q(municipality_id__in=roles) | Q(pk__in=mine.values("strategy_id")))
        .exclude(status=Strategy.Status.ARCHIVED)
        .prefetch_related(Prefetch("partnerships", queryset=mine, to_attr="my_partnerships"))
        .order_by("title", "pk")
    )
    result = {}
    for strategy in strategies:
        candidates = [strategy.municipality_id] if strategy.municipality_id in roles else []
        candidates += sorted(
            (p.municipality_id for p in strategy.my_partnerships),
            key=lambda pk: municipalities[pk].name,
        )
        best = min(candidates, key=lambda pk: rank.get(roles[pk], len(rank)))
        strategy.context_municipality = municipalities[best]
        result[strategy.pk] = strategy
    return result


def measure_url(measure: Measure, strategy: Strategy) -> str:
    return reverse(
        "strategies:measure",
        kwargs={
            "slug": strategy.context_municipality.slug,
            "strategy": strategy.pk,
            "pk": measure.pk,
        },
    )


@dataclass
class Workload:
    """A person's open work, sorted by due date (without a date last)."""

    today: date
    steps: list[Step] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    items: list[ChecklistItem] = field(default_factory=list)

    @property
    def overdue_steps(self) -> list[Step]:
        return [s for s in self.steps if s.due_date and s.due_date < self.today]

    @property
    def due_soon_steps(self) -> list[Step]:
        limit = self.today + timedelta(days=DUE_SOON_DAYS)
        return [s for s in self.steps if s.due_date and self.today <= s.due_date <= limit]

    @property
    def stale_measures(self) -> list[Measure]:
        return [m for m in self.measures if m.is_stale]

    def __bool__(self) -> bool:
        return bool(self.steps or self.measures or self.items)


def workload_of(user) -> Workload:
    """Open steps the person owns and measures (not completed) they lead. Each object knows
    its strategy and `context_municipality`; steps know whether the person may tick them."""
    strategies = strategies_of_person(user)
    steps = open_steps_of(user, strategies)
    for step in steps:
        step.can_tick = user.has_perm("strategies.tick_step", step)
    return Workload(
        today=timezone.localdate(),
        steps=steps,
        measures=led_measures_of(user, strategies),
        items=open_items_of(user),
    )


def open_items_of(user) -> list[ChecklistItem]:
    """Open checklist items assigned to the person in municipalities where they are still a
    member, by due date (without a date last), each with `phase_url` (one query)."""
    roles = roles_for(user)
    if not roles:
        return []
    today = timezone.localdate()
    items = list(
        ChecklistItem.objects.open()
        .filter(assignee=user, municipality_id__in=roles)
        .select_related("municipality")
        .order_by(F("due_date").asc(nulls_last=True), "phase", "position", "pk")
    )
    for item in items:
        item.phase_url = (
            reverse("process:phase", kwargs={"slug": item.municipality.slug, "number": item.phase})
            + f"#item-{item.pk}"
        )
        flag_due(item, today)
    return items


def open_steps_of(user, strategies: dict[int, Strategy]) -> list[Step]:
    """The person's open steps in `strategies`, by due date (without a date last)."""
    if not strategies:
        return []
    today = timezone.localdate()
    steps = list(
        Step.objects.filter(owner=user, done=False, measure__strategy_id__in=strategies)
        .select_related("measure")
        .order_by(F("due_date").asc(nulls_last=True), "measure__title", "position", "pk")
    )
    for step in steps:
        strategy = strategies[step.measure.strategy_id]
        step.measure.strategy = strategy
        step.context_municipality = strategy.context_municipality
        step.owner = user
        flag_due(step, today)
    return steps


def led_measures_of(user, strategies: dict[int, Strategy]) -> list[Measure]:
    """Measures the person leads that are not completed, by end date (without a date last)."""
    if not strategies:
        return []
    today = timezone.localdate()
    measures = list(
        Measure.objects.filter(responsible=user, strategy_id__in=strategies)
        .exclude(status=Measure.Status.DONE)
        .annotate(step_count=Count("steps"), steps_done=Count("steps", filter=Q(steps__done=True)))
        .order_by(F("end").asc(nulls_last=True), "title", "pk")
    )
    for measure in measures:
        measure.strategy = strategies[measure.strategy_id]
        measure.context_municipality = measure.strategy.context_municipality
        measure.is_stale = is_stale(measure, today)
        measure.last_update = last_update(measure)
        measure.is_overdue = bool(measure.end and measure.end < today)
    return measures


def flag_due(step: Step | ChecklistItem, today: date) -> None:
    step.is_overdue = bool(step.due_date and step.due_date < today)
    step.is_due_soon = bool(
        step.due_date and today <= step.due_date <= today + timedelta(days=DUE_SOON_DAYS)
    )


def milestones_led_by(user, strategies: dict[int, Strategy]) -> list[Milestone]:
    """Milestones of the measures the person leads, in the given strategies."""
    milestones = list(
        Milestone.objects.filter(measure__responsible=user, strategy_id__in=strategies)
        .select_related("measure")
        .order_by("date", "pk")
    )
    for milestone in milestones:
        milestone.strategy = strategies[milestone.strategy_id]
    return milestones
