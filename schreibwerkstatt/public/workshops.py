"""Upcoming workshop dates on the visitors' start page, from whichever app will hold them.

A later issue brings the workshop calendar. Its app lies below this one, so it must not
import us: it offers a module `workshop_dates.py` with a function `upcoming()` returning
objects with `starts` (datetime), `title`, and optionally `place` and `url`. The start page
asks every installed app's module and shows the section only when there are dates.
"""

from collections.abc import Callable, Iterable
from importlib import import_module
from typing import Any

from django.apps import apps
from django.utils.module_loading import module_has_submodule

MODULE = "workshop_dates"
LIMIT = 5

Provider = Callable[[], Iterable[Any]]


def providers() -> list[Provider]:
    found = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, MODULE):
            found.append(import_module(f"{config.name}.{MODULE}").upcoming)
    return found


def upcoming_dates(sources: list[Provider] | None = None) -> list[Any]:
    """The next dates of all providers, earliest first (at most LIMIT)."""
    dates = [
        date for provider in (providers() if sources is None else sources) for date in provider()
    ]
    return sorted(dates, key=lambda date: date.starts)[:LIMIT]
