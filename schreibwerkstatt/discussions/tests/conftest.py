"""A workshop series A takes part in (confirmed; the coordinator and the contributor named as
participants), run by the adviser "runner"; its space, the statewide space, and a few
personas beyond the shared ones: the runner, an adviser who does not run the series
(`other_adviser`), the editor of A (a member of A, not named: in the statewide space only),
and B's coordinator (`outsider`: not in the series)."""

from typing import Any

import pytest

from schreibwerkstatt.discussions import services
from schreibwerkstatt.discussions.models import Space
from schreibwerkstatt.workshops import services as workshops
from schreibwerkstatt.workshops.tests.conftest import make_series
from tests.factories import UserFactory


@pytest.fixture
def series(people, municipality_a):
    series = make_series("fruehjahr-2027", title="Schreibwerkstatt Frühjahr 2027")
    runner = UserFactory(email="runner@agentur.example", name="Rita Runner", is_adviser=True)
    series.organisers.add(runner)
    people["runner"] = runner
    people["other_adviser"] = people["adviser"]  # assigned to A, but not running the series
    workshops.register(
        series,
        municipality_a,
        by=people["coordinator"],
        users=[people["coordinator"], people["contributor"]],
    )
    return series


@pytest.fixture
def space(series) -> Space:
    return Space.objects.get(series=series)


@pytest.fixture
def statewide(db) -> Space:
    return services.statewide_space()


@pytest.fixture
def topic(space, people):
    return services.open_topic(
        space, title="Wie startet ihr?", text="Wir fangen mit der **Bestandsaufnahme** an.",
        by=people["coordinator"],
    )  # fmt: skip


def all_personas() -> list[str]:
    return ["coordinator", "editor", "contributor", "reader", "adviser", "runner", "outsider",
            "operator", "superuser"]  # fmt: skip


@pytest.fixture
def client_of(people, series):
    from conftest import client_for

    def make(persona: str) -> Any:
        return client_for(people[persona])

    return make
