"""Workshop dates with little and with much data (called by bench/run.py): the queries of the
public calendar (/termine/), a series page (/termine/<slug>/) and the adviser's view of a
series (/beratung/termine/<slug>/). Each pair must be equal.

- calendar: 2 public series of 3 sessions, then 40 series (with 12 sessions and up to 60
  registered municipalities each in the largest);
- series pages: a series with 3 sessions and 3 registered municipalities, and one with
  12 sessions and 60 (two participants each, attendance in the past sessions).
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from schreibwerkstatt.municipalities.models import Membership, Municipality, Role
from schreibwerkstatt.process.services import set_up_process
from schreibwerkstatt.workshops.models import (
    Attendance,
    Participant,
    Registration,
    Series,
    Session,
)


def _queries(client: Client, url: str) -> int | None:
    """The queries of the second request (the first fills the caches); None if the page
    does not answer 200 (not there yet)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        print(f"# {url}: {response.status_code}")
        return None
    return len(queries)


def _series(slug: str, sessions: int, adviser, *, past: int = 0) -> Series:
    """A public series with `sessions` online sessions, the first `past` of them over."""
    now = timezone.now()
    series = Series.objects.create(
        title=f"Bench-Reihe {slug}",
        slug=slug,
        description="Gemeinsam die Digitalstrategie schreiben.",
        target_group="Koordinationen",
        organiser="Digitalagentur",
        registration_closes=now + timedelta(days=20),
        capacity=100,
        seats_per_municipality=3,
        published_at=now - timedelta(days=1),
        announced_at=now,
    )
    series.organisers.add(adviser)
    Session.objects.bulk_create(
        Session(
            series=series,
            title=f"Termin {i + 1}",
            starts=now + timedelta(days=7 * (i - past) + 1),
            duration=120,
            meeting_url="https://meet.example.org/bench",
            agenda="Arbeit an der Strategie",
            phases=[i % 11],
        )
        for i in range(sessions)
    )
    return series


def _municipalities(prefix: str, count: int, ags_start: int) -> list:
    User = get_user_model()
    created = []
    for i in range(count):
        municipality = Municipality.objects.create(
            name=f"Bench {prefix} {i}",
            slug=f"bench-{prefix}-{i}",
            ags=str(ags_start + i),
            kind="gemeinde",
            state="12",
        )
        set_up_process(municipality)
        people = User.objects.bulk_create(
            User(email=f"{prefix}{i}-{n}@bench.example", name=f"Person {n}", password="!")
            for n in range(2)
        )
        Membership.objects.bulk_create(
            Membership(user=person, municipality=municipality, role=Role.COORDINATOR)
            for person in people
        )
        created.append((municipality, people))
    return created


def _register(series: Series, municipalities: list) -> None:
    now = timezone.now()
    for municipality, people in municipalities:
        registration = Registration.objects.create(
            series=series,
            municipality=municipality,
            status=Registration.Status.CONFIRMED,
            registered_by=people[0],
            confirmed_at=now,
        )
        participants = Participant.objects.bulk_create(
            Participant(registration=registration, user=person) for person in people
        )
        past = [s for s in series.sessions.all() if s.starts < now]
        Attendance.objects.bulk_create(
            Attendance(session=session, participant=participant)
            for session in past
            for participant in participants
        )


def workshop_figures() -> None:
    User = get_user_model()
    adviser = User.objects.create(
        email="beratung-termine@bench.example", name="Bench Beratung", password="!",
        is_adviser=True,
    )  # fmt: skip
    visitor = Client()
    organiser = Client()
    organiser.force_login(adviser)

    small = _series("bench-klein", 3, adviser, past=1)
    _series("bench-zweite", 3, adviser)
    _register(small, _municipalities("klein", 3, 12001000))
    calendar_small = _queries(visitor, "/termine/")

    large = _series("bench-gross", 12, adviser, past=4)
    _register(large, _municipalities("gross", 60, 12002000))
    for i in range(37):
        _series(f"bench-weitere-{i}", 12, adviser)
    calendar_large = _queries(visitor, "/termine/")

    figures = {
        "queries_calendar_small": calendar_small,
        "queries_calendar_large": calendar_large,
        "queries_series_small": _queries(visitor, f"/termine/{small.slug}/"),
        "queries_series_large": _queries(visitor, f"/termine/{large.slug}/"),
        "queries_series_adviser_small": _queries(organiser, f"/beratung/termine/{small.slug}/"),
        "queries_series_adviser_large": _queries(organiser, f"/beratung/termine/{large.slug}/"),
    }
    for name, value in figures.items():
        print(f"{name}: {value if value is not None else 'n/a'}")
