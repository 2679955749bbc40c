import re

import pytest
from django.urls import reverse

from schreibwerkstatt.inventory.models import SwotEntry
from schreibwerkstatt.inventory.tests.factories import SwotEntryFactory

pytestmark = pytest.mark.django_db


def texts(strategy, quadrant: str) -> list[str]:
    return list(
        SwotEntry.objects.filter(strategy=strategy, quadrant=quadrant)
        .order_by("position", "pk")
        .values_list("text", flat=True)
    )


def test_it_shows_four_lists_with_a_form_each(strategy, url, people, as_persona) -> None:
    SwotEntryFactory(strategy=strategy, quadrant="threats", text="Fachkräftemangel")
    response = as_persona("editor").get(url("swot"))
    content = response.content.decode()
    assert response.status_code == 200
    for quadrant in SwotEntry.Quadrant.values:
        section = content.split(f'id="swot-{quadrant}"')[1].split("</section>")[0]
        assert f'name="quadrant" value="{quadrant}"' in section
        assert f'id="id_{quadrant}_text"' in section  # ids stay unique across the four forms
    threats = content.split('id="swot-threats"')[1].split("</section>")[0]
    assert "Fachkräftemangel" in threats


def test_readers_see_the_lists_without_controls(strategy, url, people, as_persona) -> None:
    entry = SwotEntryFactory(strategy=strategy, text="Engagierte Verwaltung")
    content = as_persona("reader").get(url("swot")).content.decode()
    assert "Engagierte Verwaltung" in content
    assert url("add_swot_entry") not in content
    assert url("move_swot_entry", pk=entry.pk) not in content


def test_an_editor_adds_entries_to_a_quadrant(strategy, url, people, as_persona) -> None:
    client = as_persona("editor")
    for text in ["Gute Breitbandversorgung", "Kurze Wege"]:
        response = client.post(url("add_swot_entry"), {"quadrant": "strengths", "text": text})
        assert response.status_code == 302
        assert response.url.endswith("#swot-strengths")
    client.post(url("add_swot_entry"), {"quadrant": "opportunities", "text": "Förderprogramm"})
    assert texts(strategy, "strengths") == ["Gute Breitbandversorgung", "Kurze Wege"]
    assert texts(strategy, "opportunities") == ["Förderprogramm"]


@pytest.mark.parametrize(
    "data",
    [
        {"quadrant": "strengths", "text": ""},
        {"quadrant": "strengths", "text": "x" * 501},
        {"quadrant": "risks", "text": "Kein Quadrant"},
        {"quadrant": "", "text": "Ohne Quadrant"},
        {"quadrant": "50%s", "text": "Seltsam"},
    ],
)
def test_it_rejects_bad_entries(strategy, url, people, as_persona, data) -> None:
    response = as_persona("editor").post(url("add_swot_entry"), data)
    assert response.status_code == 400
    assert not SwotEntry.objects.exists()
    assert 'role="alert"' in response.content.decode()


def test_an_editor_moves_entries_within_their_quadrant(strategy, url, people, as_persona) -> None:
    first, second, third = (
        SwotEntryFactory(strategy=strategy, quadrant="weaknesses", text=text, position=index)
        for index, text in enumerate(["A", "B", "C"])
    )
    SwotEntryFactory(strategy=strategy, quadrant="strengths", text="Stärke", position=0)
    client = as_persona("editor")
    assert client.post(url("move_swot_entry", pk=third.pk), {"direction": "up"}).status_code == 302
    assert texts(strategy, "weaknesses") == ["A", "C", "B"]
    client.post(url("move_swot_entry", pk=first.pk), {"direction": "up"})  # already first
    client.post(url("move_swot_entry", pk=first.pk), {"direction": "down"})
    assert texts(strategy, "weaknesses") == ["C", "A", "B"]
    assert texts(strategy, "strengths") == ["Stärke"]
    bad = client.post(url("move_swot_entry", pk=second.pk), {"direction": "sideways"})
    assert bad.status_code == 400


def test_an_editor_edits_an_entry_and_a_stale_edit_is_refused(
    strategy, url, people, as_persona
) -> None:
    entry = SwotEntryFactory(strategy=strategy, text="Alt")
    edit = url("edit_swot_entry", pk=entry.pk)
    assert as_persona("editor").get(edit).status_code == 200
    assert as_persona("coordinator").post(edit, {"text": "Neu", "version": 1}).status_code == 302
    response = as_persona("editor").post(edit, {"text": "Anders", "version": 1})
    assert response.status_code == 409
    assert "Neu" in response.content.decode().split('id="conflict-version"')[1].split("</dl>")[0]
    entry.refresh_from_db()
    assert (entry.text, entry.version) == ("Neu", 2)
    assert as_persona("editor").post(edit, {"text": "", "version": 2}).status_code == 400


def test_an_editor_deletes_an_entry(strategy, url, people, as_persona) -> None:
    entry = SwotEntryFactory(strategy=strategy)
    assert as_persona("editor").get(url("delete_swot_entry", pk=entry.pk)).status_code == 405
    assert as_persona("editor").post(url("delete_swot_entry", pk=entry.pk)).status_code == 302
    assert not SwotEntry.objects.exists()


@pytest.mark.parametrize("persona", ["contributor", "reader", "adviser"])
def test_only_coordination_and_editors_change_the_swot(
    strategy, url, people, as_persona, persona
) -> None:
    entry = SwotEntryFactory(strategy=strategy, text="Bleibt", position=1)
    SwotEntryFactory(strategy=strategy, text="Davor", position=0)
    client = as_persona(persona)
    assert (
        client.post(url("add_swot_entry"), {"quadrant": "threats", "text": "X"}).status_code == 403
    )
    assert client.post(url("move_swot_entry", pk=entry.pk), {"direction": "up"}).status_code == 403
    assert (
        client.post(url("edit_swot_entry", pk=entry.pk), {"text": "X", "version": 1}).status_code
        == 403
    )
    assert client.post(url("delete_swot_entry", pk=entry.pk)).status_code == 403
    assert texts(strategy, "strengths") == ["Davor", "Bleibt"]


def test_outsiders_and_anonymous_get_nothing(strategy, url, people, as_persona) -> None:
    entry = SwotEntryFactory(strategy=strategy, text="Geheim")
    for client, expected in [(as_persona("outsider"), 404), (as_persona("anonymous"), 302)]:
        for response in [
            client.get(url("swot")),
            client.post(url("add_swot_entry"), {"quadrant": "threats", "text": "X"}),
            client.post(url("move_swot_entry", pk=entry.pk), {"direction": "down"}),
            client.post(url("delete_swot_entry", pk=entry.pk)),
        ]:
            assert response.status_code == expected
            if expected == 302:
                assert response.url.startswith(reverse("accounts:login"))
            assert not re.search(b"Geheim", response.content)
    assert SwotEntry.objects.count() == 1
