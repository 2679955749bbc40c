"""Neue Fortschreibung beginnen: from the adopted revision back to a draft; open measures
carry over as they are, completed ones are recorded with the revision they were completed
in and listed in the new draft's monitoring chapter."""

from typing import Any

import pytest

from schreibwerkstatt.documents.builder import build_document
from schreibwerkstatt.documents.snapshot import take_snapshot
from schreibwerkstatt.revisions import services
from schreibwerkstatt.revisions.models import CompletedMeasure, Revision
from schreibwerkstatt.strategies.models import Measure, Strategy

from .conftest import adopt

pytestmark = pytest.mark.django_db


@pytest.fixture
def adopted(strategy: Strategy, people: dict[str, Any]) -> Revision:
    return adopt(strategy, people["coordinator"])


def begin(client: Any, url: Any, strategy: Strategy) -> Any:
    strategy.refresh_from_db()
    return client.post(url("begin"), {"version": str(strategy.version)})


def section_texts(document: Any, key: str) -> str:
    chapter = next(c for c in document.chapters if c.key == key)
    parts: list[str] = []
    for block in chapter.blocks:
        parts += [getattr(block, "text", ""), getattr(block, "caption", "")]
        parts += [" ".join(row) for row in getattr(block, "rows", ())]
        parts += ["".join(run.text for run in getattr(block, "runs", ()))]
    return "\n".join(parts)


def test_the_coordinator_begins_a_fortschreibung_from_the_adopted_revision(
    adopted: Revision, strategy: Strategy, url: Any, as_persona: Any, people: dict[str, Any]
) -> None:
    open_before = list(
        strategy.measures.exclude(status="done")
        .order_by("pk")
        .values_list("pk", "title", "status", "version")
    )
    page = as_persona("coordinator").get(url("begin"), HTTP_ACCEPT_LANGUAGE="de")
    text = page.content.decode()
    assert "2 offene Maßnahmen werden unverändert übernommen" in text
    assert "1 abgeschlossene Maßnahme wird als in Fassung 1 abgeschlossen vermerkt" in text

    response = begin(as_persona("coordinator"), url, strategy)

    assert response.status_code == 302 and response["Location"] == url("list")
    draft = Revision.objects.get(state="draft")
    assert (draft.number, draft.based_on, draft.snapshot, draft.created_by) == (
        2, adopted, None, people["coordinator"],
    )  # fmt: skip
    strategy.refresh_from_db()
    assert strategy.status == Strategy.Status.DRAFT
    assert strategy.history.latest().history_change_reason == "Fortschreibung"
    # Open measures as they were; the completed one is recorded with revision 1.
    assert open_before == list(
        strategy.measures.exclude(status="done")
        .order_by("pk")
        .values_list("pk", "title", "status", "version")
    )
    portal = strategy.measures.get(title="Bürgerportal aufbauen")
    [record] = CompletedMeasure.objects.all()
    assert (record.revision, record.measure, record.measure_ref, record.title) == (
        adopted, portal, f"measure-{portal.pk}", "Bürgerportal aufbauen",
    )  # fmt: skip
    assert portal.status == Measure.Status.DONE  # nothing is deleted


def test_the_new_draft_lists_completed_measures_in_the_monitoring_chapter_only(
    adopted: Revision, strategy: Strategy, url: Any, as_persona: Any
) -> None:
    begin(as_persona("coordinator"), url, strategy)

    document = build_document(take_snapshot(strategy))

    monitoring = section_texts(document, "monitoring")
    assert "In Fassung 1 abgeschlossen" in monitoring
    assert "Bürgerportal aufbauen" in monitoring
    annex = section_texts(document, "anhang")
    assert "E-Akte einführen" in annex and "WLAN im Rathaus" in annex
    assert "Bürgerportal aufbauen" not in annex
    # The frozen revision 1 still shows it as a measure of its programme.
    assert "Bürgerportal aufbauen" in section_texts(build_document(adopted.snapshot), "anhang")


def test_a_reopened_measure_is_planned_again(
    adopted: Revision, strategy: Strategy, url: Any, as_persona: Any
) -> None:
    begin(as_persona("coordinator"), url, strategy)
    strategy.measures.filter(title="Bürgerportal aufbauen").update(status=Measure.Status.RUNNING)
    document = build_document(take_snapshot(strategy))
    assert "Bürgerportal aufbauen" in section_texts(document, "anhang")
    assert "In Fassung 1 abgeschlossen" not in section_texts(document, "monitoring")


def test_adopting_the_fortschreibung_freezes_revision_2_with_the_completed_list(
    adopted: Revision, strategy: Strategy, url: Any, as_persona: Any, adopt_data: Any
) -> None:
    client = as_persona("coordinator")
    begin(client, url, strategy)
    draft = Revision.objects.get(state="draft")
    strategy.measures.filter(title="E-Akte einführen").update(status=Measure.Status.DONE)

    response = client.post(
        url("adopt"), adopt_data(adopted_on="2026-09-17", document_number="2026/112")
    )

    assert response.status_code == 302
    second = Revision.objects.get(pk=draft.pk)
    assert (second.number, second.state, second.document_number) == (2, "adopted", "2026/112")
    assert [row["title"] for row in second.snapshot["completed_earlier"]] == [
        "Bürgerportal aufbauen"
    ]
    # The next Fortschreibung records only what was completed under revision 2.
    begin(client, url, strategy)
    assert list(
        CompletedMeasure.objects.filter(revision=second).values_list("title", flat=True)
    ) == ["E-Akte einführen"]
    assert Revision.objects.get(state="draft").number == 3


def test_a_fortschreibung_needs_an_adopted_revision_and_begins_once(
    strategy: Strategy, url: Any, as_persona: Any, people: dict[str, Any]
) -> None:
    client = as_persona("coordinator")
    assert begin(client, url, strategy).status_code == 409  # nothing adopted yet
    assert not Revision.objects.exists()
    adopt(strategy, people["coordinator"])
    assert begin(client, url, strategy).status_code == 302
    assert begin(client, url, strategy).status_code == 409
    assert Revision.objects.filter(state="draft").count() == 1
    with pytest.raises(services.RevisionStateError):
        strategy.refresh_from_db()
        services.begin_fortschreibung(strategy, expected_version=strategy.version)


def test_a_stale_confirmation_begins_nothing(
    adopted: Revision, strategy: Strategy, url: Any, as_persona: Any
) -> None:
    strategy.refresh_from_db()
    stale = {"version": str(strategy.version - 1)}
    response = as_persona("coordinator").post(url("begin"), stale, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 409
    assert "Nichts wurde geändert." in response.content.decode()
    assert not Revision.objects.filter(state="draft").exists()
    assert Strategy.objects.get(pk=strategy.pk).status == Strategy.Status.ADOPTED


@pytest.mark.parametrize("persona", ["editor", "contributor", "reader", "adviser"])
def test_only_the_coordinator_begins_a_fortschreibung(
    persona: str, adopted: Revision, strategy: Strategy, url: Any, as_persona: Any
) -> None:
    assert as_persona(persona).get(url("begin")).status_code == 403
    assert begin(as_persona(persona), url, strategy).status_code == 403
    assert not Revision.objects.filter(state="draft").exists()


def test_the_draft_revision_page_explains_itself_and_links_the_changes(
    adopted: Revision, strategy: Strategy, url: Any, as_persona: Any
) -> None:
    begin(as_persona("coordinator"), url, strategy)
    draft = Revision.objects.get(state="draft")
    page = as_persona("reader").get(url("detail", pk=draft.pk), HTTP_ACCEPT_LANGUAGE="de")
    text = page.content.decode()
    assert "In Vorbereitung seit " in text and "schreibt Fassung 1 fort" in text
    assert url("diff_draft", pk=adopted.pk) in text
    listing = as_persona("reader").get(url("list"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "schreibt Fassung 1 fort" in listing
    assert "Beschlossen am 12.03.2026, Stadtverordnetenversammlung, Drucksache 2026/041" in listing


def test_deleting_a_strategy_with_a_fortschreibung_takes_all_revisions_along(
    adopted: Revision, strategy: Strategy, url: Any, as_persona: Any
) -> None:
    begin(as_persona("coordinator"), url, strategy)
    Strategy.objects.filter(pk=strategy.pk).delete()
    assert not Revision.objects.exists() and not CompletedMeasure.objects.exists()
