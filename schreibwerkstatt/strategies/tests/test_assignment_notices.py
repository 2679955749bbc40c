"""Making someone the responsible person of a measure or the owner of a step tells them
(inbox Kind.ASSIGNMENT, in the app only unless they chose e-mail): only on a change to a new
person, never the person who made it, never someone outside the strategy's municipalities."""

import pytest
from django.core import mail

from schreibwerkstatt.inbox.models import Delivery, Kind, Notification, Preference
from schreibwerkstatt.strategies import services
from schreibwerkstatt.strategies.assignments import tell_assignee
from schreibwerkstatt.strategies.models import Step

pytestmark = pytest.mark.django_db

MEASURE = {"title": "Online-Terminvergabe", "status": "planned", "priority": "high"}


def edit_measure(client, url, measure, responsible):
    data = {**MEASURE, "responsible": responsible.pk, "version": measure.version}
    return client.post(url("measure_edit", pk=measure.pk), data)


def test_a_new_responsible_person_gets_one_in_app_notification(
    measure, people, as_persona, url, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = edit_measure(as_persona("coordinator"), url, measure, people["editor"])
    assert response.status_code == 302
    (notification,) = Notification.objects.all()
    assert (notification.recipient, notification.kind) == (people["editor"], Kind.ASSIGNMENT)
    assert notification.subject == (
        "Coordinator Amtsberg hat Ihnen „Online-Terminvergabe“ zugewiesen"
    )
    assert notification.url == url("measure", pk=measure.pk)
    assert notification.delivery == Delivery.IN_APP
    assert mail.outbox == []


def test_a_new_measure_tells_its_responsible_person(strategy, people, as_persona, url) -> None:
    data = {**MEASURE, "responsible": people["contributor"].pk}
    assert as_persona("editor").post(url("measure_add"), data).status_code == 302
    (notification,) = Notification.objects.all()
    assert (notification.recipient, notification.kind) == (people["contributor"], Kind.ASSIGNMENT)
    assert notification.subject == "Editor Amtsberg hat Ihnen „Online-Terminvergabe“ zugewiesen"


def test_saving_without_changing_the_person_tells_nobody(measure, people, as_persona, url) -> None:
    assert (
        edit_measure(as_persona("editor"), url, measure, people["contributor"]).status_code == 302
    )
    assert not Notification.objects.exists()


def test_taking_a_measure_oneself_tells_nobody(measure, people, as_persona, url) -> None:
    assert edit_measure(as_persona("editor"), url, measure, people["editor"]).status_code == 302
    assert not Notification.objects.exists()


def test_a_new_step_tells_its_owner_who_chose_e_mail_once(
    measure, people, as_persona, url, django_capture_on_commit_callbacks
) -> None:
    Preference.objects.create(user=people["contributor"], kind=Kind.ASSIGNMENT, delivery="email")
    data = {"title": "Angebote einholen", "owner": people["contributor"].pk, "due_date": ""}
    with django_capture_on_commit_callbacks(execute=True):
        response = as_persona("editor").post(url("step_add", pk=measure.pk), data)
    assert response.status_code == 302
    step = Step.objects.get()
    (notification,) = Notification.objects.all()
    assert notification.recipient == people["contributor"]
    assert notification.url == f"{url('measure', pk=measure.pk)}#step-{step.pk}"
    (message,) = mail.outbox
    assert message.to == [people["contributor"].email]
    assert message.subject == "Editor Amtsberg hat Ihnen „Angebote einholen“ zugewiesen"
    assert f"#step-{step.pk}" in message.body


def test_a_new_owner_of_a_step_is_told_once_and_not_again(measure, people, as_persona, url) -> None:
    step = Step.objects.create(measure=measure, title="Angebote einholen")
    client = as_persona("editor")
    data = {"title": step.title, "owner": people["contributor"].pk, "due_date": ""}
    assert client.post(url("step_edit", pk=step.pk), {**data, "version": 1}).status_code == 302
    assert client.post(url("step_edit", pk=step.pk), {**data, "version": 2}).status_code == 302
    (notification,) = Notification.objects.all()
    assert (notification.recipient, notification.kind) == (people["contributor"], Kind.ASSIGNMENT)


def test_an_ex_member_or_a_person_of_another_municipality_gets_nothing(measure, people) -> None:
    step = services.add_step(measure, title="A", owner=people["outsider"], by=people["editor"])
    people["contributor"].memberships.all().delete()
    tell_assignee(step, people["contributor"], by=people["editor"])
    assert not Notification.objects.exists()
