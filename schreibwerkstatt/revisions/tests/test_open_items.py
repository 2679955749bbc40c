"""Adopting with open items: the adopt page lists what is still open (Strategie-Check gaps,
unresolved review comments, empty chapters) with links; while something is open, adopting
needs an explicit confirmation and a reason, both recorded with the revision. Without open
items no confirmation is asked for."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from schreibwerkstatt.documents.models import Chapter
from schreibwerkstatt.documents.services import ensure_chapters
from schreibwerkstatt.inventory.models import (
    ExistingProject,
    MaturityAnswer,
    MaturityQuestion,
    Stakeholder,
    SwotEntry,
)
from schreibwerkstatt.revisions.models import ReviewComment, Revision
from schreibwerkstatt.strategies.models import (
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    Indicator,
    Measure,
    Strategy,
)

pytestmark = pytest.mark.django_db
DE = {"HTTP_ACCEPT_LANGUAGE": "de"}
CHECKBOX = 'name="confirm_open"'


def comment_on(strategy: Strategy, person: Any, **extra: Any) -> ReviewComment:
    values = {"text": "Bitte das Jahr 2030 begründen.", **extra}
    return ReviewComment.objects.create(
        strategy=strategy, chapter_key="vorwort", anchor="p-x", quote="Die Digitalisierung …",
        author=person, **values,
    )  # fmt: skip


@pytest.fixture
def finished(strategy: Strategy, people: dict[str, Any]) -> Strategy:
    """The strategy of conftest.py made complete: no gap, every chapter with text."""
    today = timezone.localdate()
    Strategy.objects.filter(pk=strategy.pk).update(
        vision="Amtsberg ist 2030 digital erreichbar.",
        period_start=today, period_end=today + timedelta(days=1500),
    )  # fmt: skip
    strategy.refresh_from_db()
    FieldOfAction.objects.filter(strategy=strategy).update(
        guiding_sentence="Alles online", starting_situation="Viel Papier.",
        responsible=people["editor"],
    )  # fmt: skip
    complete_inventory(strategy)
    goal = Goal.objects.get(strategy=strategy)
    Indicator.objects.create(
        strategy=strategy, goal=goal, name="Online-Quote", unit="%", baseline_value=Decimal(10),
        baseline_date=date(2025, 1, 1), target_value=Decimal(80), target_date=date(2030, 1, 1),
    )  # fmt: skip
    Measure.objects.filter(strategy=strategy).update(
        lead_unit="Hauptamt", start=today, end=today + timedelta(days=300),
        cost_one_off=Decimal(1000), priority="high",
    )  # fmt: skip
    ensure_chapters(strategy)
    Chapter.objects.filter(strategy=strategy).update(text="Ein Absatz.")
    strategy.context_municipality = strategy.municipality
    return strategy


def complete_inventory(strategy: Strategy) -> None:
    """Principles and the inventory the check asks for before the decision."""
    GuidingPrinciple.objects.create(strategy=strategy, text="Digital, aber nah")
    ExistingProject.objects.create(strategy=strategy, title="E-Akte")
    Stakeholder.objects.create(strategy=strategy, name="Schulen")
    SwotEntry.objects.create(strategy=strategy, quadrant="strengths", text="Team")
    for question in MaturityQuestion.objects.filter(active=True):
        MaturityAnswer.objects.create(strategy=strategy, question=question, value=2)
    if not MaturityAnswer.objects.filter(strategy=strategy).exists():
        question = MaturityQuestion.objects.create(text="E-Akte?")
        MaturityAnswer.objects.create(strategy=strategy, question=question, value=2)


def test_the_adopt_page_lists_what_is_open_with_links(
    strategy: Strategy, url: Any, as_persona: Any, people: dict[str, Any]
) -> None:
    comment = comment_on(strategy, people["editor"])
    comment_on(strategy, people["editor"], resolved=True, text="Erledigt schon.")
    Chapter.objects.filter(strategy=strategy, key="anlass").update(enabled=False)

    page = as_persona("coordinator").get(url("adopt"), **DE)

    text = page.content.decode()
    assert page.status_code == 200
    section = text.split('id="open-items"')[1].split("</section>")[0]
    vision = reverse("strategies:vision", kwargs={"slug": "amtsberg", "strategy": strategy.pk})
    assert (
        f'<a class="kern-link" href="{vision}">Die Strategie hat noch keine Vision.</a>' in section
    )
    summary = Chapter.objects.get(strategy=strategy, key="zusammenfassung")
    chapter_url = reverse(
        "documents:chapter", kwargs={"slug": "amtsberg", "strategy": strategy.pk, "pk": summary.pk}
    )
    assert f'href="{chapter_url}">Kapitel „Zusammenfassung“ ist leer.</a>' in section
    assert f"{url('review')}#review-comment-{comment.pk}" in section
    assert "Offener Prüfkommentar zu „Vorwort“: Bitte das Jahr 2030 begründen." in section
    assert "Erledigt schon." not in section  # resolved
    assert "Vorwort“ ist leer" not in section  # has text
    assert "Anlass" not in section  # left out of the document
    assert "Handlungsfelder“ ist leer" not in section  # generated from the strategy
    assert CHECKBOX in text and 'name="open_reason"' in text


@pytest.mark.parametrize(
    ("missing", "field", "message"),
    [
        ({"confirm_open": ""}, "confirm_open", "Bestätigen Sie, dass Sie die Strategie trotzdem"),
        ({"open_reason": "  "}, "open_reason", "Bitte nennen Sie den Grund"),
    ],
)
def test_with_open_items_confirmation_and_reason_are_required(
    missing: dict[str, str], field: str, message: str,
    strategy: Strategy, url: Any, adopt_data: Any, as_persona: Any,
) -> None:  # fmt: skip
    data = {key: value for key, value in adopt_data(**missing).items() if value != ""}

    response = as_persona("coordinator").post(url("adopt"), data, **DE)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert 'id="open-items"' in response.content.decode()  # the list stays in view
    assert not Revision.objects.exists()
    assert Strategy.objects.get(pk=strategy.pk).status == Strategy.Status.DRAFT


def test_adopting_with_open_items_records_them_and_the_reason(
    strategy: Strategy, url: Any, adopt_data: Any, as_persona: Any, people: dict[str, Any]
) -> None:
    comment_on(strategy, people["editor"])
    client = as_persona("coordinator")

    response = client.post(url("adopt"), adopt_data(open_reason="Fristablauf Förderantrag"))

    revision = Revision.objects.get()
    assert response.status_code == 302
    assert revision.open_items_reason == "Fristablauf Förderantrag"
    kinds = {item["kind"] for item in revision.open_items}
    assert kinds == {"gap", "comment", "chapter"}
    vision = reverse("strategies:vision", kwargs={"slug": "amtsberg", "strategy": strategy.pk})
    assert {"kind": "gap", "text": "Die Strategie hat noch keine Vision.", "url": vision} in (
        revision.open_items
    )
    page = client.get(url("detail", pk=revision.pk), **DE).content.decode()
    shown = page.split('id="adopted-with-open-items"')[1].split("</section>")[0]
    assert f"Beschlossen mit {len(revision.open_items)} offenen Punkten" in shown
    assert "Fristablauf Förderantrag" in shown
    assert "Bitte das Jahr 2030 begründen." in shown


def test_without_open_items_no_confirmation_is_needed(
    finished: Strategy, url: Any, as_persona: Any
) -> None:
    client = as_persona("coordinator")
    page = client.get(url("adopt"), **DE).content.decode()
    assert "Nichts ist offen" in page
    assert CHECKBOX not in page

    data = {"adopted_on": "2026-03-12", "body": "Gemeindevertretung", "document_number": "7/26",
            "note": "", "version": str(Strategy.objects.get(pk=finished.pk).version)}  # fmt: skip
    response = client.post(url("adopt"), data)

    revision = Revision.objects.get()
    assert response.status_code == 302
    assert (revision.open_items, revision.open_items_reason) == ([], "")
    detail = client.get(url("detail", pk=revision.pk)).content.decode()
    assert 'id="adopted-with-open-items"' not in detail


def test_an_item_opened_after_the_page_was_loaded_still_needs_the_confirmation(
    finished: Strategy, url: Any, as_persona: Any, people: dict[str, Any]
) -> None:
    client = as_persona("coordinator")
    assert CHECKBOX not in client.get(url("adopt")).content.decode()
    comment_on(finished, people["editor"])  # a colleague, meanwhile

    data = {"adopted_on": "2026-03-12", "body": "Gemeindevertretung", "document_number": "7/26",
            "note": "", "version": str(Strategy.objects.get(pk=finished.pk).version)}  # fmt: skip
    response = client.post(url("adopt"), data, **DE)

    assert response.status_code == 400
    assert "Bitte das Jahr 2030 begründen." in response.content.decode()
    assert CHECKBOX in response.content.decode()
    assert not Revision.objects.exists()
