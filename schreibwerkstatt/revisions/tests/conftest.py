from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from schreibwerkstatt.strategies.models import Strategy

from .helpers import strategy_with_vorwort


@pytest.fixture
def strategy(municipality_a: Any, people: dict[str, Any]) -> Strategy:
    strategy = strategy_with_vorwort(municipality_a)
    strategy.context_municipality = municipality_a
    return strategy


@pytest.fixture
def url(strategy: Strategy):
    def build(name: str, **kwargs: Any) -> str:
        return reverse(
            f"revisions:{name}", kwargs={"slug": "amtsberg", "strategy": strategy.pk, **kwargs}
        )

    return build


@pytest.fixture
def adopt_data(strategy: Strategy):
    def build(**changes: Any) -> dict[str, Any]:
        strategy.refresh_from_db()
        return {
            "adopted_on": "2026-03-12",
            "body": "Stadtverordnetenversammlung",
            "document_number": "2026/041",
            "note": "",
            "version": str(strategy.version),
            # The strategy above is not finished (gaps, empty chapters): adopting it needs the
            # confirmation and a reason (test_open_items.py checks both are required).
            "confirm_open": "on",
            "open_reason": "Der Rat hat den Entwurf im vorliegenden Stand beschlossen.",
            **changes,
        }

    return build


def adopt(strategy: Strategy, person: Any, on: date = date(2026, 3, 12)):
    from schreibwerkstatt.revisions import services

    strategy.refresh_from_db()
    return services.adopt(
        strategy, adopted_on=on, body="Stadtverordnetenversammlung",
        document_number="2026/041", by=person, expected_version=strategy.version,
    )  # fmt: skip
