"""The weekly digest: one mail with every notification waiting for it, once per week."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.core.management import call_command

from schreibwerkstatt.inbox.digest import send_digests
from schreibwerkstatt.inbox.models import Delivery, Kind, Notification, Preference, SentDigest
from schreibwerkstatt.inbox.services import notify

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=BERLIN)
THURSDAY = datetime(2026, 3, 5, 9, 0, tzinfo=BERLIN)


def weekly(person, *kinds: str) -> None:
    for kind in kinds:
        Preference.objects.create(user=person, kind=kind, delivery=Delivery.DIGEST)


def tell(person, kind: str, subject: str) -> None:
    notify([person], kind=kind, subject=subject, body="", url="/meine-aufgaben/")


def test_the_command_sends_one_mail_with_all_of_them_once(
    people, django_capture_on_commit_callbacks
) -> None:
    editor = people["editor"]
    weekly(editor, Kind.MENTION, Kind.REMINDER)
    with django_capture_on_commit_callbacks(execute=True):
        tell(editor, Kind.MENTION, "Erwähnt in „Ziel 1“")
        tell(editor, Kind.REMINDER, "Schritt fällig")
        tell(editor, Kind.ADVICE, "Beratung sofort")  # e-mail at once, not in the digest
    assert [m.subject for m in mail.outbox] == ["Beratung sofort"]
    mail.outbox.clear()

    out = StringIO()
    call_command("send-inbox-digests", "--any-day", stdout=out)
    assert "1 digest(s) sent." in out.getvalue()
    (digest,) = mail.outbox
    assert digest.to == [editor.email]
    assert digest.subject == "Schreibwerkstatt: 2 Benachrichtigungen in dieser Woche"
    assert "Erwähnt in „Ziel 1“" in digest.body
    assert "Schritt fällig" in digest.body
    assert "Beratung sofort" not in digest.body
    assert "/meine-aufgaben/" in digest.body
    assert not Notification.objects.filter(delivery=Delivery.DIGEST, mailed_at=None).exists()

    call_command("send-inbox-digests", "--any-day", stdout=StringIO())
    assert len(mail.outbox) == 1


def test_the_job_sends_on_mondays_and_once_a_week(people) -> None:
    editor = people["editor"]
    weekly(editor, Kind.MENTION)
    with time_machine.travel(MONDAY, tick=False):
        tell(editor, Kind.MENTION, "Eins")
        assert send_digests() == 1
        tell(editor, Kind.MENTION, "Zwei")
        assert send_digests() == 0  # this week's digest went out
    with time_machine.travel(THURSDAY, tick=False):
        assert send_digests() == 0  # not after Wednesday
    with time_machine.travel(datetime(2026, 3, 9, 9, 0, tzinfo=BERLIN), tick=False):
        assert send_digests() == 1
    assert ["Zwei" in m.body for m in mail.outbox] == [False, True]
    assert SentDigest.objects.filter(user=editor).count() == 2


def test_a_failing_mail_server_sends_it_at_the_next_run(people, monkeypatch) -> None:
    editor = people["editor"]
    weekly(editor, Kind.MENTION)
    tell(editor, Kind.MENTION, "Eins")

    def broken(*args, **kwargs):
        raise OSError("no mail server")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    assert send_digests(any_day=True) == 0
    assert not SentDigest.objects.exists()
    monkeypatch.undo()
    assert send_digests(any_day=True) == 1


def test_nobody_without_digest_notifications_gets_one(people) -> None:
    tell(people["editor"], Kind.MENTION, "Eins")  # e-mail at once (default)
    assert send_digests(any_day=True) == 0
