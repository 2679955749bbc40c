"""Where a field of action, goal or measure came from, as higher apps know it.

strategies is a lower layer than the apps that create its content from elsewhere (a workshop
board takes cards over into a strategy, boards.transfer). Such an app adds an origin source in
its `apps.ready` (`add_origin_source`); the pages of a field of action, goal and measure show
what the sources return (`{% origin_notes obj %}`, templatetags/origins.py). A source answers
for one person, who sees only what they may open, with one query however much there is.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Origin:
    text: str  # a whole sentence, e.g. "Aus der Werkstatt „Ideen“ vom 12.03.2027"
    url: str = ""  # where the origin can be opened, when the person may open it


# source(user, municipality of the page, object) -> the object's origins for that person
OriginSource = Callable[..., list[Origin]]
_sources: list[OriginSource] = []


def add_origin_source(source: OriginSource) -> None:
    """Ask `source` for the origins of every field of action, goal and measure shown (once)."""
    if source not in _sources:
        _sources.append(source)


def origins_of(user, municipality, obj: models.Model) -> list[Origin]:
    return [origin for source in _sources for origin in source(user, municipality, obj)]
