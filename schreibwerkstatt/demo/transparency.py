"""Demo data: the demo strategy gets its public transparency page once it is adopted."""

from schreibwerkstatt.demo.strategies import TITLE
from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.strategies.models import Strategy
from schreibwerkstatt.transparency import services


def publish_demo_strategy(demo: Municipality) -> Strategy | None:
    """Switch the page on if the demo strategy is adopted or in implementation (idempotent);
    a strategy still in draft or consultation stays unpublished, as it would for real."""
    strategy = Strategy.objects.filter(municipality=demo, title=TITLE).first()
    if strategy is None or not services.can_be_published(strategy):
        return None
    return services.set_public_page(strategy, public=True)
