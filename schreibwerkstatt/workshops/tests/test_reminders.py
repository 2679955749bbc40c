"""Reminders a day and an hour before each session (workshops/reminders.py): never twice,
made up once after a worker outage, again for a moved session, never for what is cancelled."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone
from icalendar import Calendar

from schreibwerkstatt.workshops import ics, services, tasks
from schreibwerkstatt.workshops.models import Registration, SentNotice, Session
from schreibwerkstatt.workshops.reminders import send_session_reminders

from .conftest import make_series

GUEST = "gast@amtsberg.example"


@pytest.fixture
def registered(people, municipality_a):
    """A public series with two online sessions; Amtsberg registered with the coordinator,
    the editor and an invited address."""
    series = make_series()
    services.register(
        series,
        municipality_a,
        by=people["coordinator"],
        users=[people["coordinator"], people["editor"]],
        emails=[GUEST],
    )
    # At 10:00 in Berlin, so "tomorrow" and "today" do not depend on the time the tests run.
    for session in series.sessions.all():
        local = timezone.localtime(session.starts).replace(hour=10, minute=0, second=0)
        Session.objects.filter(pk=session.pk).update(starts=local, sequence=0)
    mail.outbox.clear()
    return series


def first_session(series) -> Session:
    return series.sessions.order_by("starts").first()


def run_at(moment) -> int:
    with time_machine.travel(moment, tick=False):
        return send_session_reminders()


def recipients() -> list[str]:
    return sorted(message.to[0] for message in mail.outbox)


EXPECTED = sorted(["coordinator@amtsberg.example", "editor@amtsberg.example", GUEST])


def test_a_day_before_every_participant_gets_one_reminder_with_the_calendar_file(
    registered,
) -> None:
    session = first_session(registered)

    assert run_at(session.starts - timedelta(hours=23)) == 3

    assert recipients() == EXPECTED
    message = mail.outbox[0]
    assert message.subject == f"Morgen: {registered.title}"
    assert "findet morgen statt" in message.body
    assert f"{settings.SITE_URL}/termine/{registered.slug}/anmeldung/" in message.body
    assert session.meeting_url not in message.body  # the link comes an hour before
    _name, content, mimetype = message.attachments[0]
    assert mimetype.startswith("text/calendar")
    events = Calendar.from_ical(content).walk("VEVENT")
    assert [str(event["uid"]) for event in events] == [ics.session_uid(session)]
    assert str(events[0]["location"]) == "Online"


def test_it_never_sends_a_reminder_twice(registered) -> None:
    session = first_session(registered)
    run_at(session.starts - timedelta(hours=23))
    assert run_at(session.starts - timedelta(hours=22)) == 0
    assert run_at(session.starts - timedelta(hours=2)) == 0
    assert len(mail.outbox) == 3


def test_an_hour_before_an_online_session_the_reminder_carries_the_meeting_link(registered):
    session = first_session(registered)
    run_at(session.starts - timedelta(hours=23))
    mail.outbox.clear()

    assert run_at(session.starts - timedelta(minutes=55)) == 3
    assert run_at(session.starts - timedelta(minutes=50)) == 0

    assert recipients() == EXPECTED
    message = mail.outbox[0]
    assert message.subject == f"Beginnt in einer Stunde: {registered.title}"
    assert f"Link zur Videokonferenz: {session.meeting_url}" in message.body
    event = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")[0]
    assert str(event["location"]) == session.meeting_url


def test_after_an_outage_the_day_reminder_is_made_up_late(registered) -> None:
    session = first_session(registered)
    assert run_at(session.starts - timedelta(hours=3)) == 3  # 7:00 on the day
    assert mail.outbox[0].subject == f"Heute: {registered.title}"
    assert "findet heute statt" in mail.outbox[0].body
    assert SentNotice.objects.filter(kind=SentNotice.Kind.REMINDER_DAY).count() == 3


def test_a_day_reminder_the_evening_before_says_tomorrow(registered) -> None:
    session = first_session(registered)
    assert run_at(session.starts - timedelta(hours=13)) == 3  # 21:00 the day before
    assert mail.outbox[0].subject == f"Morgen: {registered.title}"


def test_when_both_are_due_only_the_hour_reminder_goes_out_and_both_are_recorded(registered):
    session = first_session(registered)

    assert run_at(session.starts - timedelta(minutes=30)) == 3
    assert all(message.subject.startswith("Beginnt in einer Stunde") for message in mail.outbox)
    assert SentNotice.objects.filter(object_id=session.pk).count() == 6
    assert run_at(session.starts - timedelta(minutes=20)) == 0
    assert len(mail.outbox) == 3


def test_nothing_is_sent_once_the_session_has_started_or_long_before(registered) -> None:
    session = first_session(registered)
    assert run_at(session.starts - timedelta(hours=25)) == 0
    assert run_at(session.starts + timedelta(minutes=1)) == 0
    assert mail.outbox == []


def test_a_session_in_person_gets_only_the_day_reminder(registered) -> None:
    session = first_session(registered)
    Session.objects.filter(pk=session.pk).update(
        format=Session.Format.IN_PERSON, meeting_url="", venue="Rathaus", address="Markt 1"
    )
    assert run_at(session.starts - timedelta(minutes=30)) == 3  # made up late
    assert all(message.subject.startswith("Heute") for message in mail.outbox)
    assert "Rathaus, Markt 1" in mail.outbox[0].body
    assert run_at(session.starts - timedelta(minutes=10)) == 0


def test_a_moved_session_reminds_again(registered) -> None:
    session = first_session(registered)
    run_at(session.starts - timedelta(hours=23))
    session.starts += timedelta(days=2)
    session.sequence += 1
    session.save()
    mail.outbox.clear()

    assert run_at(session.starts - timedelta(hours=23)) == 3
    event = Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")[0]
    assert event.decoded("dtstart") == session.starts.replace(microsecond=0)
    assert int(event["sequence"]) == 1


@pytest.mark.parametrize("what", ["session", "series", "registration", "unpublished"])
def test_nothing_is_sent_for_what_is_cancelled_or_unpublished(registered, what) -> None:
    session = first_session(registered)
    now = timezone.now()
    if what == "session":
        Session.objects.filter(pk=session.pk).update(cancelled_at=now)
    elif what == "series":
        type(registered).objects.filter(pk=registered.pk).update(cancelled_at=now)
    elif what == "registration":
        registered.registrations.update(status=Registration.Status.CANCELLED, cancelled_at=now)
    else:
        type(registered).objects.filter(pk=registered.pk).update(published_at=None)
    assert run_at(session.starts - timedelta(minutes=30)) == 0
    assert mail.outbox == []


def test_a_waiting_municipality_and_inactive_people_get_nothing(
    people, municipality_a, municipality_b
) -> None:
    series = make_series(capacity=1)
    services.register(series, municipality_a, by=people["coordinator"], users=[people["editor"]])
    services.register(series, municipality_b, by=people["outsider"], users=[people["outsider"]])
    assert series.registrations.get(municipality=municipality_b).status == "waiting"
    people["editor"].is_active = False
    people["editor"].save()
    mail.outbox.clear()

    assert run_at(first_session(series).starts - timedelta(hours=1)) == 0
    assert mail.outbox == []


def test_a_mail_server_that_fails_records_nothing_and_the_next_run_sends(
    registered, monkeypatch
) -> None:
    session = first_session(registered)

    def broken(self, fail_silently=False):
        raise ConnectionRefusedError("mail server away")

    with monkeypatch.context() as patched:
        patched.setattr(EmailMessage, "send", broken)
        assert run_at(session.starts - timedelta(hours=23)) == 0
    assert SentNotice.objects.count() == 0

    assert run_at(session.starts - timedelta(hours=22)) == 3


def test_the_worker_runs_the_reminders_every_five_minutes(registered) -> None:
    path = "schreibwerkstatt.workshops.tasks.send_session_reminders"
    assert (path, 5 * 60) in settings.PERIODIC_TASKS
    session = first_session(registered)
    with time_machine.travel(session.starts - timedelta(hours=23), tick=False):
        result = tasks.send_session_reminders.enqueue()
    assert result.return_value == 3
