"""The demo adviser's cockpit: five municipalities in different phases, an open request for
advice from Musterstadt, notes on Musterheide (demo/advising.py)."""

import pytest
from django.core.management import call_command
from django.test import Client

from schreibwerkstatt.advising.models import AdviceRequest, AdviserNote
from schreibwerkstatt.municipalities.models import Municipality

pytestmark = pytest.mark.django_db


def test_the_demo_adviser_finds_five_municipalities_and_who_asked_for_help_first() -> None:
    call_command("demo")
    adviser = Municipality.objects.get(slug="demo").advisers.get()
    assert adviser.advised_municipalities.count() == 5
    assert AdviceRequest.objects.filter(municipality__slug="demo", status="open").count() == 1
    assert AdviserNote.objects.filter(municipality__slug="musterheide").exists()
    client = Client()
    client.force_login(adviser)
    page = client.get("/beratung/").content.decode().partition('id="cockpit"')[2]
    names = ["Musterstadt an der Havel", "Amt Beispielsee", "Gemeinde Kiefernwalde",
             "Gemeinde Musterheide", "Stadt Lindenau"]  # fmt: skip
    assert all(name in page for name in names)
    # sorted by open requests: Musterstadt, which asked, comes first
    assert page.index("Musterstadt an der Havel") < min(page.index(n) for n in names[1:])
