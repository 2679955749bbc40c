"""The strategy of municipality A whose inventory the tests work on, and URL helpers."""

import pytest
from django.urls import reverse

from schreibwerkstatt.strategies.models import Strategy


@pytest.fixture
def strategy(municipality_a):
    strategy, _created = Strategy.objects.get_or_create(
        municipality=municipality_a, title="Digitalstrategie Amtsberg"
    )
    return strategy


@pytest.fixture
def url(strategy):
    """url("projects") or url("edit_project", pk=1): an inventory URL of A's strategy (the
    history pages, history_<kind> and restore_<kind>, are routed by the history app)."""

    def build(name: str, slug: str = "amtsberg", **kwargs) -> str:
        namespace = "history" if name.startswith(("history_", "restore_")) else "inventory"
        return reverse(
            f"{namespace}:{name}", kwargs={"slug": slug, "strategy": strategy.pk, **kwargs}
        )

    return build
