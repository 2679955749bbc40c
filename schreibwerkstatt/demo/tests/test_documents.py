"""The demo shows a written document and an adopted revision that can be compared."""

import pytest
from django.test import Client
from django.urls import reverse

from schreibwerkstatt.demo.load import load_demo
from schreibwerkstatt.documents.models import Chapter
from schreibwerkstatt.revisions.models import Revision
from schreibwerkstatt.strategies.models import Strategy

pytestmark = pytest.mark.django_db


def test_the_demo_has_chapter_texts_and_revision_1_adopted_by_the_council() -> None:
    demo, _people = load_demo()
    load_demo()  # idempotent: still one revision, texts unchanged
    strategy = Strategy.objects.get(municipality=demo)
    assert strategy.status == Strategy.Status.IMPLEMENTATION
    written = Chapter.objects.filter(strategy=strategy).exclude(text="")
    assert {c.key for c in written} >= {"vorwort", "zusammenfassung", "anlass", "organisation"}
    assert all(c.version == 2 for c in written)
    revision = Revision.objects.get(strategy=strategy)
    assert (revision.number, revision.state, revision.body, revision.document_number) == (
        1,
        Revision.State.ADOPTED,
        "Stadtverordnetenversammlung",
        "2026/041",
    )
    assert any(c["key"] == "vorwort" and c["text"] for c in revision.snapshot["chapters"])


def test_the_diff_of_revision_1_against_the_draft_shows_the_later_changes() -> None:
    demo, _people = load_demo()
    strategy = Strategy.objects.get(municipality=demo)
    revision = Revision.objects.get(strategy=strategy)
    client = Client()
    client.force_login(demo.memberships.get(user__email="lesend@demo.example").user)
    response = client.get(
        reverse(
            "revisions:diff_draft",
            kwargs={"slug": "demo", "strategy": strategy.pk, "pk": revision.pk},
        )
    )
    assert response.status_code == 200
    assert "<ins" in response.content.decode()  # roadmap dates and status updates came later
