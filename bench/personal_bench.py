"""Meine Aufgaben for a person with little and with a lot to do (called by bench/run.py).

The small person owns 3 steps and leads 1 measure in one municipality; the large one owns
240 steps and leads 60 measures in 6 strategies of three municipalities (one of them reached
as a partner). The query count must be the same.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from schreibwerkstatt.municipalities.models import Membership, Municipality, Role
from schreibwerkstatt.strategies.models import Measure, Step, Strategy, StrategyPartner

URL = "/meine-aufgaben/"


def _person(email: str, municipalities: list[Municipality]) -> Client:
    person = get_user_model().objects.create(email=email, name="Bench Person", password="!")
    Membership.objects.bulk_create(
        Membership(user=person, municipality=m, role=Role.EDITOR) for m in municipalities
    )
    client = Client()
    client.force_login(person)
    client.person = person
    return client


def _work(person, strategy: Strategy, measures: int, steps_each: int) -> None:
    created = Measure.objects.bulk_create(
        Measure(strategy=strategy, title=f"Maßnahme {i}", responsible=person, status="running")
        for i in range(measures)
    )
    start = date(2026, 1, 1)
    Step.objects.bulk_create(
        Step(measure=m, title=f"Schritt {j}", owner=person, position=j,
             due_date=None if j % 4 == 0 else start + timedelta(days=j * 3))
        for m in created
        for j in range(steps_each)
    )  # fmt: skip


def _queries(client: Client) -> int:
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200, response.status_code
    return len(queries)


def mytasks_figures(small: Municipality, large: Municipality) -> None:
    small_client = _person("klein-aufgaben@bench.example", [small])
    _work(small_client.person, Strategy.objects.create(municipality=small, title="Klein"), 1, 3)

    large_client = _person("gross-aufgaben@bench.example", [small, large])
    person = large_client.person
    for i in range(5):
        home = large if i % 2 else small
        _work(person, Strategy.objects.create(municipality=home, title=f"Groß {i}"), 10, 4)
    neighbour = Municipality.objects.create(
        name="Bench Nachbar (Aufgaben)",
        slug="bench-nachbar-aufgaben",
        ags="12000871",
        kind="gemeinde",
        state="12",
    )
    joint = Strategy.objects.create(municipality=neighbour, title="Gemeinsam")
    StrategyPartner.objects.create(
        strategy=joint, municipality=large, status=StrategyPartner.Status.ACCEPTED
    )
    _work(person, joint, 10, 4)

    print(f"queries_mytasks_small: {_queries(small_client)}")
    print(f"queries_mytasks_large: {_queries(large_client)}")
