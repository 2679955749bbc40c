"""notify: one row per person, the mail as each chose, the link a path of this site."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from schreibwerkstatt.inbox.models import Delivery, Kind, Notification, Preference
from schreibwerkstatt.inbox.services import notify, path_of, unread_count


def choose(person, kind: str, delivery: str) -> None:
    Preference.objects.create(user=person, kind=kind, delivery=delivery)


def test_it_creates_one_row_per_person_and_mails_at_once_by_default(
    people, django_capture_on_commit_callbacks
) -> None:
    editor = people["editor"]
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify(
            [editor, editor, people["reader"]],
            kind=Kind.MENTION,
            subject="Betreff",
            body="Text",
            url="/kommunen/amtsberg/",
        )
    assert len(rows) == 2
    assert Notification.objects.filter(recipient=editor, read_at__isnull=True).count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == [people["editor"].email, people["reader"].email]
    assert mail.outbox[0].subject == "Betreff"
    assert "/benachrichtigungen/einstellungen/" in mail.outbox[0].body


def test_in_app_only_sends_no_mail(people, django_capture_on_commit_callbacks) -> None:
    choose(people["editor"], Kind.MENTION, Delivery.IN_APP)
    with django_capture_on_commit_callbacks(execute=True):
        notify([people["editor"]], kind=Kind.MENTION, subject="S", body="", url="/")
    assert Notification.objects.filter(recipient=people["editor"]).count() == 1
    assert mail.outbox == []


def test_the_choice_is_per_kind(people, django_capture_on_commit_callbacks) -> None:
    choose(people["editor"], Kind.MENTION, Delivery.IN_APP)
    with django_capture_on_commit_callbacks(execute=True):
        notify([people["editor"]], kind=Kind.ADVICE, subject="S", body="", url="/")
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("kind", [Kind.REPLY, Kind.COMMENT, Kind.ASSIGNMENT])
def test_kinds_new_with_the_inbox_come_in_app_only_by_default(
    kind, people, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = notify([people["editor"]], kind=kind, subject="S", body="", url="/")
    assert row.delivery == Delivery.IN_APP
    assert mail.outbox == []


def test_a_new_kind_comes_by_mail_for_who_chose_it(
    people, django_capture_on_commit_callbacks
) -> None:
    choose(people["editor"], Kind.COMMENT, Delivery.EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [people["editor"], people["reader"]], kind=Kind.COMMENT, subject="S", body="", url="/"
        )
    assert [m.to for m in mail.outbox] == [[people["editor"].email]]


def test_nothing_is_mailed_before_the_commit(people, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify([people["editor"]], kind=Kind.MENTION, subject="S", body="", url="/")
    assert mail.outbox == []
    assert callbacks


def test_inactive_people_are_not_told(people) -> None:
    people["editor"].is_active = False
    assert notify([people["editor"]], kind=Kind.OTHER, subject="S", body="", url="/") == []


@pytest.mark.parametrize(
    "url", ["https://example.org/x", "//example.org/x", "kommunen/", "/\\example.org", ""]
)
def test_the_link_must_be_a_path_of_this_site(url, people) -> None:
    with pytest.raises(ValidationError):
        notify([people["editor"]], kind=Kind.OTHER, subject="S", body="", url=url)
    assert not Notification.objects.exists()


def test_path_of_keeps_query_and_fragment() -> None:
    assert path_of("https://sw.example/kommunen/a/?x=1#k3") == "/kommunen/a/?x=1#k3"


def test_the_unread_count_follows_notify_and_marking(people, own_cache_keys) -> None:
    from schreibwerkstatt.inbox.services import mark_all_read

    editor = people["editor"]
    assert unread_count(editor) == 0
    notify([editor], kind=Kind.OTHER, subject="S", body="", url="/")
    assert unread_count(editor) == 1
    mark_all_read(editor)
    assert unread_count(editor) == 0
