"""Panels that apps above strategies add to a strategy's overview (process: the cycle's
progress and "Als Nächstes"), so the overview shows them without importing those apps.
A panel gets the request, the strategy and its figures (strategies/figures.py, already
counted for the overview) and returns HTML."""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

from .models import Strategy

Panel = Callable[[HttpRequest, Strategy, dict[str, int]], SafeString]
_panels: list[Panel] = []


def add_overview_panel(panel: Panel) -> None:
    """Show `panel` on every strategy's overview (called when the adding app is ready)."""
    if panel not in _panels:
        _panels.append(panel)


def overview_panels(request: HttpRequest, strategy: Strategy, figures: dict[str, int]):
    return [panel(request, strategy, figures) for panel in _panels]
