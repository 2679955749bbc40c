from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest
from django.urls import reverse

from schreibwerkstatt.strategies.models import (
    FieldOfAction,
    Measure,
    Milestone,
    ProgrammePhase,
    Strategy,
    Tag,
    TagAxis,
)

TODAY = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _today(time_machine):
    """Every roadmap test runs on TODAY (10:00 UTC), the day the expected dates assume."""
    time_machine.move_to(datetime(2026, 11, 27, 10, 0, tzinfo=UTC), tick=False)


@pytest.fixture
def other_strategy(municipality_b):
    """A strategy of municipality B: its objects are not found through A's routes."""
    return Strategy.objects.create(municipality=municipality_b, title="Birkenwerder digital")


@pytest.fixture
def url(strategy):
    """url("chart") → /kommunen/amtsberg/strategien/<pk>/roadmap/ and so on."""

    def build(name: str, **kwargs) -> str:
        namespace = "" if ":" in name else "roadmap:"
        return reverse(
            f"{namespace}{name}", kwargs={"slug": "amtsberg", "strategy": strategy.pk, **kwargs}
        )

    return build


@pytest.fixture
def field(strategy):
    return FieldOfAction.objects.create(strategy=strategy, title="Digitale Verwaltung")


def add_measure(strategy, title: str, *, field=None, prerequisites=(), **values) -> Measure:
    measure = Measure.objects.create(strategy=strategy, title=title, **values)
    if field is not None:
        measure.fields.add(field)
    if prerequisites:
        measure.depends_on.set(prerequisites)
    return measure


@pytest.fixture
def measures(strategy, field, people):
    """Three measures of one field: the E-Akte (led by the contributor), the digital mail
    room that depends on it but starts before it ends, and an undated idea."""
    eakte = add_measure(
        strategy, "E-Akte einführen", field=field, status="running", priority="high",
        start=date(2025, 4, 1), end=date(2027, 12, 31), responsible=people["contributor"],
    )  # fmt: skip
    post = add_measure(
        strategy, "Digitaler Posteingang", field=field, status="planned", priority="medium",
        start=date(2027, 1, 1), end=date(2027, 9, 30), prerequisites=[eakte],
    )  # fmt: skip
    idea = add_measure(strategy, "Chatbot fürs Bürgeramt", status="idea", priority="low")
    return {"eakte": eakte, "post": post, "idea": idea}


def build_large(strategy: Strategy, fields: int, per_field: int) -> None:
    """A strategy of fields × per_field dated measures with dependencies, milestones,
    programme phases and a tag axis (bulk inserts), for the query counts."""
    from schreibwerkstatt.strategies.tests.conftest import make_strategy

    make_strategy(strategy, fields=fields, measures_per_field=per_field)
    measures = list(strategy.measures.order_by("pk"))
    for index, measure in enumerate(measures):
        measure.start = date(2025, 1, 1) + timedelta(days=30 * (index % 40))
        measure.end = measure.start + timedelta(days=400)
        measure.status = ["idea", "planned", "running", "done"][index % 4]
        measure.priority = ["high", "medium", "low"][index % 3]
    Measure.objects.bulk_update(measures, ["start", "end", "status", "priority"])
    Measure.depends_on.through.objects.bulk_create(
        Measure.depends_on.through(from_measure_id=later.pk, to_measure_id=earlier.pk)
        for earlier, later in pairwise(measures)
    )
    Milestone.objects.bulk_create(
        Milestone(strategy=strategy, measure=m, title=f"Meilenstein {m.pk}", date=m.start)
        for m in measures
    )
    Milestone.objects.create(strategy=strategy, title="Beschluss", date=date(2026, 3, 1))
    ProgrammePhase.objects.create(
        strategy=strategy, name="Umsetzung", start=date(2026, 1, 1), end=date(2030, 12, 31)
    )
    axis = TagAxis.objects.create(strategy=strategy, name="Zeitpunkt")
    tag = Tag.objects.create(axis=axis, name="Sofortmaßnahme")
    Measure.tags.through.objects.bulk_create(
        Measure.tags.through(measure_id=m.pk, tag_id=tag.pk) for m in measures[::2]
    )
