"""Beschließen: the coordinator records the council's decision; the draft is frozen as the
next revision and the strategy becomes adopted, in one transaction."""

from datetime import timedelta
from typing import Any

import pytest
from django.db.models import F
from django.utils import timezone

from schreibwerkstatt.revisions.models import Revision
from schreibwerkstatt.strategies.models import Strategy

pytestmark = pytest.mark.django_db


def test_the_coordinator_adopts_the_draft_as_revision_1(
    strategy: Strategy, url: Any, adopt_data: Any, as_persona: Any, people: dict[str, Any]
) -> None:
    version = Strategy.objects.get(pk=strategy.pk).version
    response = as_persona("coordinator").post(url("adopt"), adopt_data())

    revision = Revision.objects.get(strategy=strategy)
    assert response.status_code == 302
    assert response["Location"] == url("detail", pk=revision.pk)
    assert (revision.number, revision.state, str(revision.adopted_on)) == (
        1,
        "adopted",
        "2026-03-12",
    )
    assert (revision.body, revision.document_number) == ("Stadtverordnetenversammlung", "2026/041")
    assert revision.adopted_by == people["coordinator"]
    # The draft still had gaps and empty chapters: recorded, with the reason given.
    assert (
        revision.open_items_reason == "Der Rat hat den Entwurf im vorliegenden Stand beschlossen."
    )
    assert any(item["kind"] == "chapter" for item in revision.open_items)
    titles = {m["title"] for m in revision.snapshot["strategy"]["measures"]}
    assert titles == {"E-Akte einführen", "Bürgerportal aufbauen", "WLAN im Rathaus"}
    assert revision.snapshot["chapters"][0]["key"] == "vorwort"
    strategy.refresh_from_db()
    assert (strategy.status, strategy.version) == (Strategy.Status.ADOPTED, version + 1)
    assert strategy.history.latest().history_change_reason == "adopted"


def test_the_revision_page_shows_the_frozen_document_with_its_status_line(
    strategy: Strategy, url: Any, adopt_data: Any, as_persona: Any
) -> None:
    as_persona("coordinator").post(url("adopt"), adopt_data())
    revision = Revision.objects.get(strategy=strategy)
    strategy.measures.filter(title="WLAN im Rathaus").update(title="WLAN überall")

    page = as_persona("reader").get(url("detail", pk=revision.pk), HTTP_ACCEPT_LANGUAGE="de")

    text = page.content.decode()
    assert page.status_code == 200
    status = "Beschlossen am 12.03.2026, Stadtverordnetenversammlung, Drucksache 2026/041"
    assert text.count(status) == 2  # the page's status line and the document's
    assert "WLAN im Rathaus" in text and "WLAN überall" not in text
    assert "Die Digitalisierung verändert" in text


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"adopted_on": ""}, "adopted_on", "Bitte geben Sie das Datum des Beschlusses an."),
        ({"adopted_on": "gestern"}, "adopted_on", "Bitte geben Sie ein Datum ein"),
        ({"body": "  "}, "body", "Bitte nennen Sie das Gremium"),
        ({"document_number": ""}, "document_number", "Bitte geben Sie die Nummer der Drucksache"),
    ],
)
def test_missing_or_bad_fields_are_refused_and_nothing_changes(
    changes: dict[str, str], field: str, message: str,
    strategy: Strategy, url: Any, adopt_data: Any, as_persona: Any,
) -> None:  # fmt: skip
    response = as_persona("coordinator").post(
        url("adopt"), adopt_data(**changes), HTTP_ACCEPT_LANGUAGE="de"
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert not Revision.objects.exists()
    assert Strategy.objects.get(pk=strategy.pk).status == Strategy.Status.DRAFT


def test_a_decision_in_the_future_is_refused(
    strategy: Strategy, url: Any, adopt_data: Any, as_persona: Any
) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = as_persona("coordinator").post(
        url("adopt"), adopt_data(adopted_on=tomorrow.isoformat()), HTTP_ACCEPT_LANGUAGE="de"
    )
    assert response.status_code == 400
    assert "Das Datum liegt in der Zukunft." in response.content.decode()
    assert not Revision.objects.exists()


def test_a_decision_taken_today_is_accepted(
    strategy: Strategy, url: Any, adopt_data: Any, as_persona: Any
) -> None:
    today = timezone.localdate().isoformat()
    response = as_persona("coordinator").post(url("adopt"), adopt_data(adopted_on=today))
    assert response.status_code == 302
    assert str(Revision.objects.get().adopted_on) == today


def test_a_stale_form_adopts_nothing(
    strategy: Strategy, url: Any, adopt_data: Any, as_persona: Any
) -> None:
    data = adopt_data()
    Strategy.objects.filter(pk=strategy.pk).update(title="Umbenannt", version=F("version") + 1)

    response = as_persona("coordinator").post(url("adopt"), data, HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 409
    assert "Nichts wurde beschlossen." in response.content.decode()
    assert not Revision.objects.exists()
    assert Strategy.objects.get(pk=strategy.pk).status == Strategy.Status.DRAFT


@pytest.mark.parametrize("persona", ["editor", "contributor", "reader", "adviser"])
def test_only_the_coordinator_adopts(
    persona: str, strategy: Strategy, url: Any, adopt_data: Any, as_persona: Any
) -> None:
    client = as_persona(persona)
    assert client.get(url("adopt")).status_code == 403
    assert client.post(url("adopt"), adopt_data()).status_code == 403
    assert not Revision.objects.exists()


def test_editors_see_who_adopts_instead_of_the_button(
    strategy: Strategy, url: Any, as_persona: Any
) -> None:
    page = as_persona("editor").get(url("list"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert url("adopt") not in page
    assert "Die Koordination trägt den Beschluss" in page
    assert url("adopt") in as_persona("coordinator").get(url("list")).content.decode()


def test_an_adopted_revision_in_force_is_not_adopted_twice(
    strategy: Strategy, url: Any, adopt_data: Any, as_persona: Any
) -> None:
    client = as_persona("coordinator")
    client.post(url("adopt"), adopt_data())
    page = client.get(url("adopt"), HTTP_ACCEPT_LANGUAGE="de")
    assert "beginnen Sie zuerst eine neue Fortschreibung" in page.content.decode()
    assert '<form method="post" class="sw-form"' not in page.content.decode()

    response = client.post(url("adopt"), adopt_data(document_number="2026/099"))

    assert response.status_code == 409
    assert list(Revision.objects.values_list("number", "document_number")) == [(1, "2026/041")]
