"""Reminders reach people through their inbox: a notification linking Meine Aufgaben, the
mail (with its HTML part) at once by default, none with "only in the app", in the digest
with "weekly". A failing mail server still rolls back the record, so the next run retries."""

import pytest
from django.core import mail
from django.core.management import call_command

from schreibwerkstatt.inbox.models import Delivery, Kind, Notification, Preference
from schreibwerkstatt.personal import reminders
from schreibwerkstatt.personal.models import SentReminder

from .conftest import make_measure, make_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(strategy_a):
    return make_measure(strategy_a, "E-Akte einführen")


def test_a_reminder_is_a_notification_and_a_mail_by_default(measure, people) -> None:
    make_step(measure, "Scanner bestellen", people["contributor"], 3)
    assert reminders.send_reminders() == 1
    (notification,) = Notification.objects.all()
    assert notification.recipient == people["contributor"]
    assert notification.kind == Kind.REMINDER
    assert notification.subject == "Schreibwerkstatt: 1 Erinnerung zu Ihren Aufgaben"
    assert notification.url == "/meine-aufgaben/"
    (message,) = mail.outbox
    assert message.alternatives[0][1] == "text/html"


def test_only_in_the_app_records_the_reminder_and_mails_nothing(measure, people) -> None:
    me = people["contributor"]
    Preference.objects.create(user=me, kind=Kind.REMINDER, delivery=Delivery.IN_APP)
    make_step(measure, "Scanner bestellen", me, 3)
    assert reminders.send_reminders() == 1
    assert reminders.send_reminders() == 0  # recorded: not again
    assert Notification.objects.filter(recipient=me).count() == 1
    assert SentReminder.objects.count() == 1
    assert mail.outbox == []


def test_weekly_sends_the_reminders_in_the_digest(measure, people) -> None:
    me = people["contributor"]
    Preference.objects.create(user=me, kind=Kind.REMINDER, delivery=Delivery.DIGEST)
    make_step(measure, "Scanner bestellen", me, 3)
    reminders.send_reminders()
    assert mail.outbox == []
    call_command("send-inbox-digests", "--any-day", verbosity=0)
    (digest,) = mail.outbox
    assert "Schreibwerkstatt: 1 Erinnerung zu Ihren Aufgaben" in digest.body


def test_a_failing_mail_server_records_nothing(measure, people, monkeypatch) -> None:
    make_step(measure, "Scanner bestellen", people["contributor"], 3)

    def broken(*args, **kwargs):
        raise OSError("no mail server")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    assert reminders.send_reminders() == 0
    assert not SentReminder.objects.exists() and not Notification.objects.exists()
    monkeypatch.undo()
    assert reminders.send_reminders() == 1


def test_the_reminder_settings_point_to_the_choice_per_kind(as_persona) -> None:
    html = as_persona("contributor").get("/profil/benachrichtigungen/").content.decode()
    assert 'href="/benachrichtigungen/einstellungen/"' in html
    assert "Einstellungen für Benachrichtigungen</a>" in html
