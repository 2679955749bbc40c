"""The public transparency page of a strategy: what it shows, and switching it on or off.

A strategy is public only while both hold: its editors opted in (`Strategy.public_page`) and it
is adopted or in implementation. The page shows fields of action, their goals and the measures
with their latest status, and nothing about people: no names, e-mail addresses, owners,
responsible persons, comments, steps, history or costs (docs/open-data.md says why).
Measures with the status "Idea" are left out: they are not yet part of the plan.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import Prefetch

from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.strategies.models import (
    FieldOfAction,
    Goal,
    Measure,
    Strategy,
    StrategyPartner,
)
from schreibwerkstatt.strategies.rules import strategies_of

PUBLISHED_STATUSES = (Strategy.Status.ADOPTED, Strategy.Status.IMPLEMENTATION)
HIDDEN_MEASURE_STATUSES = (Measure.Status.IDEA,)
# Public pages may be kept this long by browsers and caches (also after switching off).
CACHE_SECONDS = 300
# The only measure columns the page reads; anything else would cost a query per measure,
# which the pinned query counts catch.
PUBLIC_MEASURE_COLUMNS = (
    "pk", "strategy_id", "title", "short_name", "plain_name", "summary", "status",
    "progress_percent", "status_updated_at", "start", "end", "is_flagship", "position",
)  # fmt: skip


def can_be_published(strategy: Strategy) -> bool:
    """Whether the strategy's status allows a public page at all."""
    return strategy.status in PUBLISHED_STATUSES


def is_published(strategy: Strategy) -> bool:
    return strategy.public_page and can_be_published(strategy)


def published_strategies() -> "models.QuerySet[Strategy]":
    return Strategy.objects.filter(public_page=True, status__in=PUBLISHED_STATUSES)


def published_strategy(municipality: Municipality, pk: int) -> Strategy | None:
    """The published strategy `pk` of (or shared with) `municipality`, else None."""
    return (
        strategies_of(municipality)
        .filter(pk=pk, public_page=True, status__in=PUBLISHED_STATUSES)
        .select_related("municipality")
        .first()
    )


@transaction.atomic
def set_public_page(strategy: Strategy, *, public: bool) -> Strategy:
    """Switch the transparency page on or off as a recorded, versioned save (the value
    states the wanted result, so it needs no expected version)."""
    current = Strategy.objects.select_for_update().get(pk=strategy.pk)
    if current.public_page != public:
        current.public_page = public
        current.version += 1
        current.save()
    return current


@dataclass
class PublicField:
    pk: int | None
    title: str
    guiding_sentence: str = ""
    goals: list[str] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)


@dataclass
class PublicContent:
    partners: list[str]
    groups: list[PublicField]
    status_rows: list[tuple[str, int]]
    measure_count: int
    last_update: object | None  # datetime of the latest status update of any shown measure


def public_content(strategy: Strategy) -> PublicContent:
    """Everything the public page shows, from a fixed number of queries."""
    partners = [
        p.municipality.name
        for p in StrategyPartner.objects.filter(strategy=strategy)
        .select_related("municipality")
        .order_by("municipality__name")
    ]
    fields = FieldOfAction.objects.filter(strategy=strategy).only(
        "pk", "strategy_id", "title", "guiding_sentence", "position"
    )
    fields = fields.prefetch_related(
        Prefetch("goals", queryset=Goal.objects.only("pk", "title", "position"))
    )
    measures = list(
        Measure.objects.filter(strategy=strategy)
        .exclude(status__in=HIDDEN_MEASURE_STATUSES)
        .only(*PUBLIC_MEASURE_COLUMNS)
        .prefetch_related(Prefetch("fields", queryset=FieldOfAction.objects.only("pk")))
    )
    groups = {
        f.pk: PublicField(f.pk, f.title, f.guiding_sentence, [g.title for g in f.goals.all()])
        for f in fields
    }
    other = PublicField(None, "")
    for measure in measures:
        field_ids = [f.pk for f in measure.fields.all()]
        for field_id in field_ids:
            groups[field_id].measures.append(measure)
        if not field_ids:
            other.measures.append(measure)
    result = list(groups.values())
    if other.measures:
        result.append(other)
    counts = Counter(m.status for m in measures)
    status_rows = [
        (label, counts[value])
        for value, label in Measure.Status.choices
        if value not in HIDDEN_MEASURE_STATUSES
    ]
    updates = [m.status_updated_at for m in measures if m.status_updated_at]
    return PublicContent(
        partners=partners,
        groups=result,
        status_rows=status_rows,
        measure_count=len(measures),
        last_update=max(updates) if updates else None,
    )
