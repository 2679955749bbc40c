from collections.abc import Callable, Iterator

import pytest
from django.urls import reverse
from django.utils import translation


@pytest.fixture
def url(strategy) -> Callable[..., str]:
    """url("exchange") → /kommunen/amtsberg/strategien/<pk>/austausch/; the pages of other
    apps by their full name: url("strategies:measures")."""

    def build(name: str, **kwargs) -> str:
        name = name if ":" in name else f"exchange:{name}"
        return reverse(name, kwargs={"slug": "amtsberg", "strategy": strategy.pk, **kwargs})

    return build


@pytest.fixture
def english() -> Iterator[None]:
    """Messages are checked against their English msgids, whatever German text is added later."""
    with translation.override("en"):
        yield
