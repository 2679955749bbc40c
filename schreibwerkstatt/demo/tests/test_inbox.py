"""The demo's inbox (demo/inbox.py): the coordinator and the adviser find notifications, and
the header's bell shows the coordinator's unread count."""

import pytest
from django.core.management import call_command
from django.test import Client

from schreibwerkstatt.accounts.models import User
from schreibwerkstatt.inbox.models import Kind, Notification

pytestmark = pytest.mark.django_db


def test_the_demo_people_find_notifications_and_the_bell_counts_them() -> None:
    call_command("demo")
    call_command("demo")  # idempotent
    coordinator = User.objects.get(email="koordination@demo.example")
    mine = Notification.objects.filter(recipient=coordinator)
    assert mine.filter(kind=Kind.MENTION, read_at=None).count() == 2
    assert mine.filter(read_at__isnull=False).count() == 1
    assert Notification.objects.filter(
        recipient__email="beratung@demo.example", kind=Kind.ADVICE
    ).exists()
    client = Client()
    client.force_login(coordinator)
    # the two mentions and what the discussions' demo told the coordinator of
    unread = mine.filter(read_at=None).count()
    assert unread >= 2
    page = client.get("/meine-aufgaben/").content.decode()
    assert f"Benachrichtigungen, {unread} ungelesen" in page


def test_the_demo_mentions_name_the_coordinator_by_name() -> None:
    from schreibwerkstatt.comments.models import Comment

    call_command("demo")
    coordinator = User.objects.get(email="koordination@demo.example")
    comments = Comment.objects.filter(mentions=coordinator)
    assert comments.count() == 2
    for comment in comments:
        assert f"@{coordinator.name}" in comment.text
        assert "@koordination@demo.example" not in comment.text
