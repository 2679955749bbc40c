"""The demo's workshop dates (demo/workshops.py): an upcoming public series with free places
and the demo coordinator registered, a full one with a waiting list, a past one with
attendance and public materials; loading them sends no mail."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from schreibwerkstatt.workshops import services
from schreibwerkstatt.workshops.models import Attendance, Material, Registration, Series

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo")
    return {series.slug: series for series in Series.objects.all()}


def test_the_demo_sends_no_workshop_mail(demo) -> None:
    assert len(demo) == 3
    subjects = [message.subject for message in mail.outbox]  # other apps' demo mails
    assert not [s for s in subjects if any(series.title in s for series in demo.values())]


def test_the_spring_series_is_public_upcoming_online_with_free_places(demo) -> None:
    spring = demo["fruehjahr-2027"]
    assert spring.title == "Schreibwerkstatt Frühjahr 2027"
    assert spring.public and spring.is_published and not spring.is_cancelled
    sessions = list(spring.sessions.all())
    assert len(sessions) == 3 and all(s.is_online and s.meeting_url for s in sessions)
    assert all(session.starts > spring.registration_closes for session in sessions)
    assert services.places_of(spring).free > 0
    registration = spring.registrations.get()
    assert registration.municipality.slug == "demo"
    assert registration.status == Registration.Status.CONFIRMED
    people = set(registration.participants.values_list("user__email", flat=True))
    assert "koordination@demo.example" in people
    assert spring.announced_at is not None  # no announcement for the demo's own series
    assert spring.published_at <= timezone.now()


def test_the_full_series_has_a_waiting_list_that_moves_up(demo, django_capture_on_commit_callbacks):
    compact = demo["kompakt-massnahmen-2027"]
    places = services.places_of(compact)
    assert (places.free, places.waiting) == (0, 1)
    neighbour = compact.registrations.get(municipality__slug="beispielsee")

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(neighbour, by=neighbour.registered_by, now=timezone.now())

    moved = compact.registrations.get(municipality__slug="musterheide")
    assert moved.status == Registration.Status.CONFIRMED
    assert "neustart@demo.example" in [message.to[0] for message in mail.outbox]


def test_the_past_series_has_attendance_and_public_materials(demo) -> None:
    autumn = demo["herbst-2026"]
    assert all(session.ends < timezone.now() for session in autumn.sessions.all())
    first, second, last = autumn.sessions.order_by("starts")
    assert Attendance.objects.filter(session__in=[first, second]).count() == 5
    # the last one waits for the demo adviser: attendance and the follow-up
    assert not last.attendances.exists() and last.follow_up_sent_at is None
    assert first.follow_up_sent_at and second.follow_up_sent_at
    materials = Material.objects.filter(session__series=autumn, public=True)
    assert {bool(m.url) for m in materials} == {True, False}
    text = materials.get(url="")
    assert bytes(text.content).decode().startswith("Ergebnisse der Schreibwerkstatt")
    assert text.size == len(bytes(text.content))
