"""Calendars: the public feed of all public sessions (workshops:feed) and the sessions in a
person's own feed (personal:calendar_feed, through personal's calendar source hook)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from schreibwerkstatt.personal.services import renew_feed_token
from schreibwerkstatt.workshops import ics, services
from schreibwerkstatt.workshops.models import Series, Session

from .conftest import make_series

pytestmark = pytest.mark.django_db
FEED = "/termine/kalender.ics"


def events_of(content: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_the_route_is_the_public_feed() -> None:
    assert reverse("workshops:feed") == FEED


def test_the_public_feed_lists_the_public_sessions_without_links_or_names(
    client, people, municipality_a
) -> None:
    public = make_series("offen", sessions=3)
    services.register(public, municipality_a, by=people["coordinator"], users=[people["editor"]])
    hidden = [make_series("einladung", public=False), make_series("entwurf", published=False)]

    response = client.get(FEED)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=900"
    events = events_of(response.content)
    assert set(events) == {ics.session_uid(session) for session in public.sessions.all()}
    assert not {ics.session_uid(s) for series in hidden for s in series.sessions.all()} & set(
        events
    )
    assert b"meet.example.org" not in response.content
    assert b"Editor Amtsberg" not in response.content
    assert b"Amtsberg" not in response.content
    calendar = Calendar.from_ical(response.content)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    event = next(iter(events.values()))
    assert str(event["location"]) == "Online"
    assert event["dtstart"].params["TZID"] == "Europe/Berlin"


def test_the_uids_stay_the_same_when_a_session_moves(client) -> None:
    series = make_series("offen")
    before = events_of(client.get(FEED).content)
    session = series.sessions.first()
    session.starts += timedelta(days=1)
    session.sequence += 1
    session.save()

    after = events_of(client.get(FEED).content)

    assert set(after) == set(before)
    assert int(after[ics.session_uid(session)]["sequence"]) == 1


def test_a_cancelled_session_stays_in_the_feed_marked_cancelled(client) -> None:
    series = make_series("offen")
    session = series.sessions.first()
    Session.objects.filter(pk=session.pk).update(cancelled_at=timezone.now())
    event = events_of(client.get(FEED).content)[ics.session_uid(session)]
    assert str(event["status"]) == "CANCELLED"


def test_the_public_feed_takes_the_same_queries_for_many_series(
    client, django_assert_num_queries
) -> None:
    make_series("eins", sessions=1)
    with django_assert_num_queries(1):
        client.get(FEED)
    for number in range(8):
        make_series(f"reihe-{number}", sessions=4)
    with django_assert_num_queries(1):
        response = client.get(FEED)
    assert len(events_of(response.content)) == 33


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_feed_only_answers_get(client, method) -> None:
    assert getattr(client, method)(FEED).status_code == 405


def test_a_participant_finds_the_sessions_in_their_own_feed(client, people, municipality_a):
    series = make_series("offen")
    services.register(series, municipality_a, by=people["coordinator"], users=[people["editor"]])
    other = make_series("andere")  # registered by nobody

    response = client.get(
        reverse("personal:calendar_feed", kwargs={"token": renew_feed_token(people["editor"])})
    )

    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    assert {ics.session_uid(s) for s in series.sessions.all()} <= set(events)
    assert not {ics.session_uid(s) for s in other.sessions.all()} & set(events)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    session = series.sessions.order_by("starts").first()
    event = events[ics.session_uid(session)]
    assert isinstance(event.decoded("dtstart"), datetime)
    assert event.decoded("dtstart").tzinfo == ZoneInfo("Europe/Berlin")
    assert event.decoded("dtstart") == session.starts.replace(microsecond=0)
    assert b"meet.example.org" not in response.content


def test_the_own_feed_takes_the_same_queries_for_many_sessions(client, people, municipality_a):
    editor = people["editor"]
    url = reverse("personal:calendar_feed", kwargs={"token": renew_feed_token(editor)})
    services.register(make_series("eins"), municipality_a, by=editor, users=[editor])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(5):
        series = make_series(f"reihe-{number}", sessions=4)
        services.register(series, municipality_a, by=editor, users=[editor])
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    assert response.content.count(b"workshop-session-") == 22


@pytest.mark.parametrize("persona", ["coordinator", "reader", "outsider"])
def test_people_who_take_no_part_find_no_sessions_in_their_feed(
    client, people, municipality_a, persona
) -> None:
    """The coordinator registered but named only the editor; the reader is a member only."""
    series = make_series("offen")
    services.register(series, municipality_a, by=people["coordinator"], users=[people["editor"]])
    token = renew_feed_token(people[persona])
    response = client.get(reverse("personal:calendar_feed", kwargs={"token": token}))
    assert response.status_code == 200
    assert b"workshop-session-" not in response.content
    assert b"VTIMEZONE" not in response.content


def test_a_waiting_or_cancelled_registration_is_not_in_the_feed(
    client, people, municipality_a, municipality_b
) -> None:
    series = make_series("offen", capacity=1)
    services.register(series, municipality_b, by=people["outsider"], users=[people["outsider"]])
    registration = services.register(
        series, municipality_a, by=people["coordinator"], users=[people["editor"]]
    )
    assert registration.status == "waiting"
    url = reverse("personal:calendar_feed", kwargs={"token": renew_feed_token(people["editor"])})
    assert b"workshop-session-" not in client.get(url).content

    outsider = reverse(
        "personal:calendar_feed", kwargs={"token": renew_feed_token(people["outsider"])}
    )
    assert b"workshop-session-" in client.get(outsider).content
    services.cancel(series.registrations.get(municipality=municipality_b), by=people["outsider"])
    assert b"workshop-session-" not in client.get(outsider).content
    # The editor's municipality moved up into the free place.
    assert b"workshop-session-" in client.get(url).content
    assert Series.objects.count() == 1
