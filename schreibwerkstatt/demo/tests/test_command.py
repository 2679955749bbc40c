"""`manage.py demo` (what `make run` loads): idempotent, with a login for every role."""

import pytest
from django.apps import apps
from django.core.management import call_command

from schreibwerkstatt.municipalities.models import Membership, Municipality
from schreibwerkstatt.process.models import ChecklistItem

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_the_demo_command_is_idempotent(capsys) -> None:
    call_command("demo")
    counts = row_counts()
    assert counts["municipalities.Municipality"] == 5  # two more for the adviser (advising.py)
    call_command("demo")
    assert row_counts() == counts  # every table, history included
    output = capsys.readouterr().out
    assert "koordination@demo.example" in output and "Werkstatt-Demo-2026" in output
    assert "neustart@demo.example" in output and "/kommunen/musterheide/" in output
    demo = Municipality.objects.get(slug="demo")
    roles = set(Membership.objects.filter(municipality=demo).values_list("role", flat=True))
    assert roles == {"coordinator", "editor", "contributor", "reader"}
    assert demo.advisers.filter(email="beratung@demo.example").exists()
    assert ChecklistItem.objects.filter(municipality=demo, done=True).exists()
    assert ChecklistItem.objects.filter(
        municipality=demo, done=False, assignee__isnull=False
    ).exists()


def test_the_demo_logins_work(client) -> None:
    call_command("demo")
    response = client.post(
        "/anmelden/", {"username": "koordination@demo.example", "password": "Werkstatt-Demo-2026"}
    )
    assert response.status_code == 302
    assert "Musterstadt an der Havel" in client.get("/kommunen/demo/").content.decode()
    client.logout()
    response = client.post(
        "/anmelden/", {"username": "neustart@demo.example", "password": "Werkstatt-Demo-2026"}
    )
    assert response.status_code == 302
    assert "Gemeinde Musterheide" in client.get("/kommunen/musterheide/").content.decode()
