"""The demo's measure library (demo/library.py): the demo coordinator finds Beispielsee's
chatbot while writing a new measure, takes it over into "Digitale Musterstadt 2030", and the
Amt's coordinator is told in the inbox."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from schreibwerkstatt.demo.strategies import TITLE
from schreibwerkstatt.inbox.models import Kind, Notification
from schreibwerkstatt.library.models import Item, Share
from schreibwerkstatt.strategies.models import Measure, Strategy

pytestmark = pytest.mark.django_db


def test_the_demo_coordinator_finds_a_shared_measure_and_takes_it_over(django_user_model) -> None:
    call_command("demo")
    call_command("demo")  # idempotent
    assert Share.objects.filter(measure__strategy__municipality__slug="beispielsee").count() == 3
    assert Share.objects.filter(measure__strategy__municipality__slug="lindenau").count() == 1
    assert Item.objects.filter(municipality__slug="demo").exists()  # the published strategy
    coordinator = django_user_model.objects.get(email="koordination@demo.example")
    strategy = Strategy.objects.get(municipality__slug="demo", title=TITLE)
    client = Client()
    client.force_login(coordinator)
    suggestions = client.get(
        reverse("library:suggestions"),
        {"title": "Chatbot für Bürgeranfragen", "strategy": strategy.pk},
    ).content.decode()
    assert "Chatbot für Bürgeranfragen" in suggestions and "Amt Beispielsee" in suggestions
    chatbot = Measure.objects.get(title="Chatbot für Bürgeranfragen")
    field = strategy.fields.get(title__startswith="Digitale Verwaltung")
    response = client.post(reverse("library:adopt", args=[chatbot.pk]), {
        "target": f"{strategy.municipality_id}-{strategy.pk}", "field": field.pk,
        "named": "on", "action": "confirm"})  # fmt: skip
    assert response.status_code == 302
    told = Notification.objects.get(kind=Kind.REUSE)
    assert told.recipient.email == "nachbar@demo.example" and "Musterstadt" in told.body
