"""Invitations to a joint strategy and their answers reach the coordination through its
inbox: a notification linking the invitations (or the strategy), the mail as each chose."""

import pytest
from django.core import mail
from django.urls import reverse

from schreibwerkstatt.inbox.models import Delivery, Kind, Notification, Preference
from schreibwerkstatt.strategies.partnerships import accept_partnership, invite_partner

pytestmark = pytest.mark.django_db


def test_the_invited_and_the_inviting_coordination_are_told_in_their_inbox(
    strategy, municipality_b, people, django_capture_on_commit_callbacks
) -> None:
    Preference.objects.create(user=people["outsider"], kind=Kind.OTHER, delivery=Delivery.IN_APP)
    with django_capture_on_commit_callbacks(execute=True):
        partnership = invite_partner(strategy, municipality_b, invited_by=people["coordinator"])
    (invited,) = Notification.objects.filter(recipient=people["outsider"])
    assert invited.subject == "Amtsberg lädt Birkenwerder-Nord zu einer gemeinsamen Strategie ein"
    assert invited.url == reverse(
        "strategies:partner_invitations", kwargs={"slug": municipality_b.slug}
    )
    assert mail.outbox == []  # the outsider chose the app only

    with django_capture_on_commit_callbacks(execute=True):
        accept_partnership(partnership, by=people["outsider"])
    (answer,) = Notification.objects.filter(recipient=people["coordinator"])
    assert "hat die Einladung" in answer.subject and "angenommen" in answer.subject
    assert [m.to for m in mail.outbox] == [["coordinator@amtsberg.example"]]
