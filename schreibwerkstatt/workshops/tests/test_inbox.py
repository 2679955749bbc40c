"""Workshop mails to account holders go through their inbox (a notification with the link,
the mail with its calendar file as they chose); addresses invited without an account get
the mail itself."""

import pytest
from django.core import mail
from django.urls import reverse

from schreibwerkstatt.inbox.models import Delivery, Kind, Notification, Preference
from schreibwerkstatt.workshops import services

pytestmark = pytest.mark.django_db


def test_a_registration_is_a_notification_for_the_members_and_a_mail_for_an_address(
    series, people, municipality_a, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.register(
            series,
            municipality_a,
            by=people["coordinator"],
            users=[people["editor"]],
            emails=["gast@amtsberg.example"],
        )
    told = Notification.objects.filter(kind=Kind.WORKSHOP)
    assert sorted(n.recipient.email for n in told) == [
        "coordinator@amtsberg.example", "editor@amtsberg.example"]  # fmt: skip
    assert all(
        n.url == reverse("workshops:registration", kwargs={"slug": series.slug}) for n in told
    )
    assert all("Anmeldung bestätigt" in n.subject for n in told)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "coordinator@amtsberg.example", "editor@amtsberg.example", "gast@amtsberg.example"]  # fmt: skip
    assert all(a[0].endswith(".ics") for m in mail.outbox for a in m.attachments)
    assert all(len(m.attachments) == 1 for m in mail.outbox)


def test_a_member_who_chose_the_app_only_gets_no_workshop_mail(
    series, people, municipality_a, django_capture_on_commit_callbacks
) -> None:
    Preference.objects.create(user=people["editor"], kind=Kind.WORKSHOP, delivery=Delivery.IN_APP)
    with django_capture_on_commit_callbacks(execute=True):
        services.register(
            series, municipality_a, by=people["coordinator"], users=[people["editor"]]
        )
    assert Notification.objects.filter(recipient=people["editor"]).exists()
    assert [m.to for m in mail.outbox] == [["coordinator@amtsberg.example"]]


def test_a_session_reminder_is_a_notification_for_members_and_a_mail_for_the_guest(
    people, municipality_a
) -> None:
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from schreibwerkstatt.workshops.models import Session
    from schreibwerkstatt.workshops.reminders import send_session_reminders

    from .conftest import make_series

    Preference.objects.create(user=people["editor"], kind=Kind.WORKSHOP, delivery=Delivery.IN_APP)
    series = make_series()
    services.register(
        series, municipality_a, by=people["coordinator"],
        users=[people["coordinator"], people["editor"]], emails=["gast@amtsberg.example"],
    )  # fmt: skip
    session = series.sessions.order_by("starts").first()
    local = timezone.localtime(session.starts).replace(hour=10, minute=0, second=0)
    Session.objects.filter(pk=session.pk).update(starts=local, sequence=0)
    mail.outbox.clear()
    Notification.objects.all().delete()

    with time_machine.travel(local - timedelta(hours=23), tick=False):
        assert send_session_reminders() == 3
    told = Notification.objects.filter(kind=Kind.WORKSHOP)
    assert sorted(n.recipient.email for n in told) == [
        "coordinator@amtsberg.example", "editor@amtsberg.example"]  # fmt: skip
    assert all(n.subject == f"Morgen: {series.title}" for n in told)
    # the editor chose the app only; the coordinator and the guest get the mail with the file
    assert sorted(m.to[0] for m in mail.outbox) == [
        "coordinator@amtsberg.example", "gast@amtsberg.example"]  # fmt: skip
    assert all(m.attachments[0][0].endswith(".ics") for m in mail.outbox)
