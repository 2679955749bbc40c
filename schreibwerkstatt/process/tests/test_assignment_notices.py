"""A task of the strategy cycle given to a person tells them (inbox Kind.ASSIGNMENT): on
adding, and on an edit only when the task goes to a new person; never the person who did
it, never someone who is no member of the municipality."""

import pytest
from django.core import mail
from django.urls import reverse

from schreibwerkstatt.inbox.models import Delivery, Kind, Notification
from schreibwerkstatt.process import services
from schreibwerkstatt.process.models import ChecklistItem
from tests.factories import ChecklistItemFactory

pytestmark = pytest.mark.django_db


def test_a_new_task_tells_its_assignee_in_the_app(
    municipality_a, people, as_persona, django_capture_on_commit_callbacks
) -> None:
    data = {"title": "Leitbild abstimmen", "assignee": people["contributor"].pk, "due_date": ""}
    add = reverse("process:add_item", kwargs={"slug": "amtsberg", "number": 2})
    with django_capture_on_commit_callbacks(execute=True):
        assert as_persona("editor").post(add, data).status_code == 302
    item = ChecklistItem.objects.get(title="Leitbild abstimmen")
    (notification,) = Notification.objects.all()
    assert (notification.recipient, notification.kind) == (people["contributor"], Kind.ASSIGNMENT)
    assert notification.subject == "Editor Amtsberg hat Ihnen „Leitbild abstimmen“ zugewiesen"
    phase = reverse("process:phase", kwargs={"slug": "amtsberg", "number": 2})
    assert notification.url == f"{phase}#item-{item.pk}"
    assert notification.delivery == Delivery.IN_APP and mail.outbox == []


def test_an_edit_tells_only_a_new_assignee_once(municipality_a, people, as_persona) -> None:
    item = ChecklistItemFactory(municipality=municipality_a, title="Beschluss")
    edit = reverse("process:edit_item", kwargs={"slug": "amtsberg", "pk": item.pk})
    client = as_persona("editor")
    data = {"title": "Beschluss", "assignee": people["contributor"].pk, "due_date": ""}
    assert client.post(edit, {**data, "version": item.version}).status_code == 302
    assert client.post(edit, {**data, "version": item.version + 1}).status_code == 302
    assert list(Notification.objects.values_list("recipient", flat=True)) == [
        people["contributor"].pk
    ]


def test_taking_a_task_oneself_tells_nobody(municipality_a, people, as_persona) -> None:
    item = ChecklistItemFactory(municipality=municipality_a, title="Beschluss")
    edit = reverse("process:edit_item", kwargs={"slug": "amtsberg", "pk": item.pk})
    data = {"title": "Beschluss", "assignee": people["editor"].pk, "version": item.version}
    assert as_persona("editor").post(edit, data).status_code == 302
    assert not Notification.objects.exists()


def test_an_ex_member_or_a_person_of_another_municipality_gets_nothing(
    municipality_a, people
) -> None:
    services.add_item(
        municipality_a, phase=0, title="A", assignee=people["outsider"], by=people["editor"]
    )
    people["contributor"].memberships.all().delete()
    services.add_item(
        municipality_a, phase=0, title="B", assignee=people["contributor"], by=people["editor"]
    )
    assert not Notification.objects.exists()
