"""Mentions reach the mentioned person through their inbox (inbox.services.notify): a
notification always, the mail at once by default, none with "only in the app", and one
digest mail with "weekly"."""

import pytest
from django.core import mail
from django.core.management import call_command

from schreibwerkstatt.comments.services import add_comment
from schreibwerkstatt.inbox.models import Delivery, Kind, Notification, Preference
from schreibwerkstatt.strategies.models import Measure, Strategy

pytestmark = pytest.mark.django_db
LINK = "https://sw.example/kommunen/amtsberg/strategien/1/massnahmen/2/#comments-measure-2"


@pytest.fixture
def measure(municipality_a, people):
    strategy = Strategy.objects.create(municipality=municipality_a, title="Amtsberg digital")
    return Measure.objects.create(strategy=strategy, title="Glasfaser für Schulen")


def mention(measure, author, text: str = "Bitte ansehen, @editor@amtsberg.example") -> None:
    add_comment(strategy=measure.strategy, target=measure, author=author, text=text, link=LINK)


def test_a_mention_is_a_notification_with_the_comment_and_its_path(
    measure, people, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        mention(measure, people["reader"])
    (notification,) = Notification.objects.all()
    assert notification.recipient == people["editor"]
    assert notification.kind == Kind.MENTION
    assert notification.subject == "Reader Amtsberg hat Sie in „Glasfaser für Schulen“ erwähnt"
    assert notification.body == "Bitte ansehen, @editor@amtsberg.example"
    assert notification.url == "/kommunen/amtsberg/strategien/1/massnahmen/2/#comments-measure-2"
    assert [m.to for m in mail.outbox] == [["editor@amtsberg.example"]]
    assert LINK in mail.outbox[0].body


def test_only_in_the_app_sends_no_mail(measure, people, django_capture_on_commit_callbacks) -> None:
    Preference.objects.create(user=people["editor"], kind=Kind.MENTION, delivery=Delivery.IN_APP)
    with django_capture_on_commit_callbacks(execute=True):
        mention(measure, people["reader"])
    assert Notification.objects.filter(recipient=people["editor"]).count() == 1
    assert mail.outbox == []


def test_weekly_puts_every_mention_in_one_digest_mail(
    measure, people, django_capture_on_commit_callbacks
) -> None:
    Preference.objects.create(user=people["editor"], kind=Kind.MENTION, delivery=Delivery.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        mention(measure, people["reader"])
        mention(measure, people["coordinator"], "Und noch einmal @editor@amtsberg.example")
    assert mail.outbox == []
    call_command("send-inbox-digests", "--any-day", verbosity=0)
    (digest,) = mail.outbox
    assert digest.to == ["editor@amtsberg.example"]
    assert "Reader Amtsberg hat Sie" in digest.body
    assert "Coordinator Amtsberg hat Sie" in digest.body
