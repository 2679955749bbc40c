"""`manage.py demo` (what `make run` loads): idempotent, with a login for every role."""

import pytest
from django.core.management import call_command

from schreibwerkstatt.municipalities.models import Membership, Municipality
from schreibwerkstatt.process.models import ChecklistItem

pytestmark = pytest.mark.django_db


def test_the_demo_command_is_idempotent(capsys) -> None:
    call_command("demo")
    counts = (
        Municipality.objects.count(),
        Membership.objects.count(),
        ChecklistItem.objects.count(),
    )
    call_command("demo")
    assert (
        Municipality.objects.count(),
        Membership.objects.count(),
        ChecklistItem.objects.count(),
    ) == counts
    output = capsys.readouterr().out
    assert "koordination@demo.example" in output and "Werkstatt-Demo-2026" in output
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
