"""A new comment on an element someone leads (a measure's or field's responsible, a step's
owner) tells that person (Kind.COMMENT, in the app only unless they chose e-mail), linked
to the comment; never its author, never a mentioned lead twice, never someone who may no
longer read the strategy."""

import pytest
from django.core import mail
from django.urls import reverse

from schreibwerkstatt.comments.models import Comment
from schreibwerkstatt.inbox.models import Delivery, Kind, Notification, Preference
from schreibwerkstatt.strategies.models import Measure, Step, Strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy(municipality_a, people):
    return Strategy.objects.create(municipality=municipality_a, title="Amtsberg digital")


@pytest.fixture
def measure(strategy, people):
    return Measure.objects.create(
        strategy=strategy, title="Glasfaser für Schulen", responsible=people["contributor"]
    )


def measure_url(measure) -> str:
    kwargs = {"slug": "amtsberg", "strategy": measure.strategy_id, "pk": measure.pk}
    return reverse("strategies:measure", kwargs=kwargs)


def comment_on_measure(client, measure, text: str = "Was kostet das?"):
    url = reverse("comments:add", kwargs={"slug": "amtsberg", "strategy": measure.strategy_id})
    data = {"target_type": "measure", "target_id": measure.pk, "text": text}
    return client.post(url, {**data, "next": measure_url(measure)})


def test_the_lead_of_a_measure_gets_one_in_app_notification_linked_to_the_comment(
    measure, people, as_persona, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert comment_on_measure(as_persona("reader"), measure).status_code == 302
    comment = Comment.objects.get()
    (notification,) = Notification.objects.all()
    assert notification.recipient == people["contributor"]
    assert notification.kind == Kind.COMMENT
    assert notification.subject == "Reader Amtsberg hat „Glasfaser für Schulen“ kommentiert"
    assert notification.body == ""  # the author's text stays in the comment (and the mail)
    assert notification.url == f"{measure_url(measure)}#comment-{comment.pk}"
    assert notification.delivery == Delivery.IN_APP
    assert mail.outbox == []  # new kinds come in the app only by default


def test_a_lead_who_chose_e_mail_gets_one_mail(
    measure, people, as_persona, django_capture_on_commit_callbacks
) -> None:
    Preference.objects.create(
        user=people["contributor"], kind=Kind.COMMENT, delivery=Delivery.EMAIL
    )
    with django_capture_on_commit_callbacks(execute=True):
        comment_on_measure(as_persona("reader"), measure)
    (message,) = mail.outbox
    assert message.to == [people["contributor"].email]
    assert message.subject == "Reader Amtsberg hat „Glasfaser für Schulen“ kommentiert"
    assert f"#comment-{Comment.objects.get().pk}" in message.body
    assert "Was kostet das?" in message.body


def test_the_lead_is_not_told_of_their_own_comment(measure, as_persona) -> None:
    comment_on_measure(as_persona("contributor"), measure)
    assert Comment.objects.exists()
    assert not Notification.objects.exists()


def test_a_mentioned_lead_gets_the_mention_only(measure, people, as_persona) -> None:
    comment_on_measure(as_persona("reader"), measure, "Bitte @contributor@amtsberg.example")
    assert list(Notification.objects.values_list("recipient", "kind")) == [
        (people["contributor"].pk, Kind.MENTION)
    ]


def test_an_ex_member_who_still_leads_gets_nothing(measure, people, as_persona) -> None:
    people["contributor"].memberships.all().delete()
    comment_on_measure(as_persona("reader"), measure)
    assert Comment.objects.exists()
    assert not Notification.objects.exists()


def test_a_lead_of_another_municipality_gets_nothing(measure, people, as_persona) -> None:
    Measure.objects.filter(pk=measure.pk).update(responsible=people["outsider"])
    comment_on_measure(as_persona("reader"), measure)
    assert Comment.objects.exists()
    assert not Notification.objects.exists()


def test_an_element_without_a_lead_tells_nobody(measure, as_persona) -> None:
    Measure.objects.filter(pk=measure.pk).update(responsible=None)
    comment_on_measure(as_persona("reader"), measure)
    assert not Notification.objects.exists()


def test_the_owner_of_a_step_is_told_through_its_comment_page(measure, people, as_persona) -> None:
    step = Step.objects.create(measure=measure, title="Angebote einholen", owner=people["editor"])
    url = reverse(
        "comments:thread_step",
        kwargs={"slug": "amtsberg", "strategy": measure.strategy_id, "pk": step.pk},
    )
    assert as_persona("reader").post(url, {"text": "Bis wann?"}).status_code == 302
    (notification,) = Notification.objects.all()
    assert (notification.recipient, notification.kind) == (people["editor"], Kind.COMMENT)
    assert notification.url == f"{url}#comment-{Comment.objects.get().pk}"
