"""The strategy a person works on in a municipality ("current strategy").

A municipality may have several strategies (a new one beside an adopted one, a joint one with
partners). The cycle's progress and "Als Nächstes" follow the one whose overview the person
opened last in this municipality (rules.remember keeps it in the session; so do the guided
start and the dashboard's choice); without one, the most recently changed strategy that is
not archived.
"""

from django.http import HttpRequest

from .models import Strategy
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
