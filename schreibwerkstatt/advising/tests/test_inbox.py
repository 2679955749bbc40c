"""Requests for advice and their answers reach people through their inbox."""

import pytest
from django.core import mail
from django.urls import reverse

from schreibwerkstatt.advising.models import AdviceRequest
from schreibwerkstatt.inbox.models import Delivery, Kind, Notification, Preference

pytestmark = pytest.mark.django_db


def test_the_advisers_find_the_request_in_their_inbox(
    as_persona, municipality_a, adviser, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        as_persona("coordinator").post(
            reverse("advising:request_add", kwargs={"slug": municipality_a.slug}),
            {"topic": "Fördermittel", "text": "Welche Programme?", "about": ""},
        )
    advice = AdviceRequest.objects.get()
    (notification,) = Notification.objects.filter(recipient=adviser)
    assert notification.kind == Kind.ADVICE
    assert notification.body == "Welche Programme?"
    assert notification.url == reverse("advising:request", args=[municipality_a.slug, advice.pk])
    assert [m.to for m in mail.outbox] == [[adviser.email]]


def test_an_adviser_who_chose_the_app_only_gets_no_mail(
    as_persona, municipality_a, adviser, django_capture_on_commit_callbacks
) -> None:
    Preference.objects.create(user=adviser, kind=Kind.ADVICE, delivery=Delivery.IN_APP)
    with django_capture_on_commit_callbacks(execute=True):
        as_persona("coordinator").post(
            reverse("advising:request_add", kwargs={"slug": municipality_a.slug}),
            {"topic": "Fördermittel", "text": "Welche Programme?", "about": ""},
        )
    assert Notification.objects.filter(recipient=adviser).exists()
    assert mail.outbox == []
