"""The strategy a person works on in a municipality ("current strategy").

A municipality may have several strategies (a new one beside an adopted one, a joint one with
partners). The cycle's progress and "Als Nächstes" follow the one whose overview the person
opened last in this municipality (rules.remember keeps it in the session; so do the guided
start and the dashboard's choice); without one, the most recently changed strategy that is
not archived.
"""

import copy

from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import HttpRequest

from schreibwerkstatt.municipalities.models import Municipality

from .models import Strategy, StrategyPartner
from .rules import current_strategy_key, strategies_of


def current_strategy(request: HttpRequest, municipality) -> Strategy | None:
    """The strategy the person works on in `municipality`, or None when it has none."""
    candidates = strategies_of(municipality).exclude(status=Strategy.Status.ARCHIVED)
    session = getattr(request, "session", {})
    chosen = session.get(current_strategy_key(municipality))
    strategy = candidates.filter(pk=chosen).first() if chosen else None
    if strategy is None:
        strategy = candidates.order_by("-updated_at", "-pk").first()
    if strategy is not None:
        strategy.context_municipality = municipality
    return strategy


def newest_strategies(municipalities) -> dict[int, Strategy]:
    """{municipality pk: its most recently changed strategy that is not archived (own or as
    partner)} for many municipalities in two queries: what current_strategy gives a person
    who has chosen none, for pages that show many municipalities side by side. Municipalities
    without a strategy are missing; each strategy has `context_municipality` set."""
    municipalities = {municipality.pk: municipality for municipality in municipalities}
    if not municipalities:
        return {}
    partner = StrategyPartner.objects.filter(
        strategy=OuterRef("pk"), municipality=OuterRef(OuterRef("pk"))
    )
    newest = (
        Strategy.objects.filter(Q(municipality=OuterRef("pk")) | Q(Exists(partner)))
        .exclude(status=Strategy.Status.ARCHIVED)
        .order_by("-updated_at", "-pk")
        .values("pk")[:1]
    )
    chosen = dict(
        Municipality.objects.filter(pk__in=municipalities)
        .annotate(strategy_id=Subquery(newest))
        .filter(strategy_id__isnull=False)
        .values_list("pk", "strategy_id")
    )
    strategies = Strategy.objects.in_bulk(set(chosen.values()))
    result = {}
    for municipality_pk, strategy_pk in chosen.items():
        strategy = copy.copy(strategies[strategy_pk])
        strategy.context_municipality = municipalities[municipality_pk]
        result[municipality_pk] = strategy
    return result
