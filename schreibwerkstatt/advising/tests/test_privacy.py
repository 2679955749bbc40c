"""Advice in the personal-data download and in an erasure (privacy app)."""

import json

import pytest
from django.urls import reverse

from schreibwerkstatt.advising.models import AdviceRequest, AdviserNote
from schreibwerkstatt.privacy.erasure import erase_user
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_download_holds_ones_own_requests_answers_and_notes(
    as_persona, people, municipality_a
) -> None:
    AdviceRequest.objects.create(
        municipality=municipality_a, topic="Meine Frage", text="Wie?", requested_by=people["editor"]
    )
    AdviceRequest.objects.create(
        municipality=municipality_a, topic="Fremde Frage", text="Was?", requested_by=people["coordinator"],
        answer="So.", answered_by=people["adviser"],
    )  # fmt: skip
    AdviserNote.objects.create(
        municipality=municipality_a, text="Notiz", updated_by=people["adviser"]
    )
    editor = json.loads(as_persona("editor").get(reverse("privacy:personal_data")).content)
    assert [a["thema"] for a in editor["beratungsanfragen"]] == ["Meine Frage"]
    assert editor["beratungsnotizen"] == [] and editor["beratungsantworten"] == []
    adviser = json.loads(as_persona("adviser").get(reverse("privacy:personal_data")).content)
    assert adviser["beratungsantworten"] == [
        {"kommune": "Amtsberg", "thema": "Fremde Frage", "antwort": "So."}
    ]
    assert [n["text"] for n in adviser["beratungsnotizen"]] == ["Notiz"]


def test_an_erasure_keeps_the_request_for_the_municipality_without_its_author(
    municipality_a, people
) -> None:
    person = UserFactory(email="weg@amtsberg.example", name="Wera Weg")
    MembershipFactory(user=person, municipality=municipality_a)
    advice = AdviceRequest.objects.create(
        municipality=municipality_a, topic="Frage", text="Bitte an weg@amtsberg.example antworten",
        requested_by=person,
    )  # fmt: skip
    note = AdviserNote.objects.create(municipality=municipality_a, text="x", updated_by=person)
    person_pk = person.pk
    erase_user(person)
    advice.refresh_from_db()
    note.refresh_from_db()
    assert advice.requested_by is None and "weg@amtsberg.example" not in advice.text
    assert note.updated_by is None
    assert not advice.history.filter(history_user_id=person_pk).exists()
