"""revisions/diff.py: text and structure comparisons of two snapshots (pure functions), and
one comparison of two real snapshots of a changed strategy."""

from typing import Any

import pytest
from django.utils import translation

from schreibwerkstatt.documents.models import Chapter
from schreibwerkstatt.documents.snapshot import take_snapshot
from schreibwerkstatt.revisions import diff
from schreibwerkstatt.revisions.diff import Segment
from schreibwerkstatt.strategies.models import Goal, Measure, Strategy


@pytest.fixture(autouse=True)
def german() -> Any:
    with translation.override("de"):
        yield


def kinds(segments: tuple[Segment, ...]) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in segments]


def test_word_diff_marks_only_the_changed_words() -> None:
    result = diff.word_diff("Wir führen die E-Akte 2027 ein.", "Wir führen die E-Akte 2028 ein.")
    assert kinds(result) == [
        ("equal", "Wir führen die E-Akte "),
        ("delete", "2027"),
        ("insert", "2028"),
        ("equal", " ein."),
    ]


def test_word_diff_of_equal_texts_is_one_kept_piece() -> None:
    assert kinds(diff.word_diff("gleich", "gleich")) == [("equal", "gleich")]


def test_text_diff_of_equal_texts_is_empty_and_ignores_blank_lines() -> None:
    assert diff.text_diff("Absatz eins.\n\nAbsatz zwei.", "Absatz eins.\nAbsatz zwei.\n") == ()


def test_text_diff_shows_added_removed_and_changed_lines_with_context() -> None:
    old = "\n\n".join(["Eins.", "Zwei.", "Drei.", "Vier.", "Fünf.", "Sechs bleibt so.", "Sieben."])
    new = "\n\n".join(
        ["Eins.", "Zwei.", "Drei.", "Vier.", "Fünf.", "Sechs bleibt nicht so.", "Neu: Acht."]
    )
    lines = diff.text_diff(old, new)
    assert [line.kind for line in lines] == ["skip", "equal", "change", "delete", "insert"]
    assert lines[0].skipped == 4  # Eins. to Vier. folded, Fünf. kept as context
    assert kinds(lines[2].segments) == [
        ("equal", "Sechs bleibt "),
        ("insert", "nicht "),
        ("equal", "so."),
    ]
    assert kinds(lines[3].segments) == [("delete", "Sieben.")]
    assert kinds(lines[4].segments) == [("insert", "Neu: Acht.")]


def test_a_rewritten_line_is_removed_and_added_not_compared_word_by_word() -> None:
    lines = diff.text_diff(
        "Der Breitbandausbau ist abgeschlossen.", "Wir gründen ein Smart-City-Büro!"
    )
    assert [line.kind for line in lines] == ["delete", "insert"]


def chapter(key: str, text: str, title: str = "", enabled: bool = True) -> dict[str, Any]:
    return {"key": key, "title": title or key.title(), "text": text, "enabled": enabled}


def test_chapter_changes_match_chapters_by_key() -> None:
    old = [chapter("vorwort", "Alt."), chapter("anlass", "Gleich."), chapter("anhang", "Weg.")]
    new = [
        chapter("vorwort", "Neu.", title="Grußwort"),
        chapter("anlass", "Gleich.", enabled=False),
        chapter("monitoring", "Ganz neu."),
    ]
    changes = {c.key: c for c in diff.chapter_changes(old, new)}
    assert set(changes) == {"vorwort", "anlass", "monitoring", "anhang"}
    assert (changes["vorwort"].state, changes["vorwort"].old_title, changes["vorwort"].title) == (
        "changed", "Vorwort", "Grußwort",
    )  # fmt: skip
    assert changes["anlass"].enabled is False and changes["anlass"].lines == ()
    assert changes["monitoring"].state == "added"
    assert kinds(changes["monitoring"].lines[0].segments) == [("insert", "Ganz neu.")]
    assert changes["anhang"].state == "removed"
    assert kinds(changes["anhang"].lines[0].segments) == [("delete", "Weg.")]


def exchange(**sections: Any) -> dict[str, Any]:
    return {"strategy": {"title": "Digitales Amtsberg"}, **sections}


def test_structure_changes_match_elements_by_their_exchange_id() -> None:
    old = exchange(
        measures=[
            {"id": "measure-1", "title": "E-Akte", "status": "planned", "goals": ["goal-1"],
             "cost_one_off": "12000.00", "is_flagship": False, "start": None},
            {"id": "measure-2", "title": "Chatbot", "status": "idea", "goals": []},
        ],
        goals=[{"id": "goal-1", "title": "Alles online", "parent": None}],
    )  # fmt: skip
    new = exchange(
        measures=[
            {"id": "measure-1", "title": "E-Akte einführen", "status": "running",
             "goals": ["goal-1", "goal-2"], "cost_one_off": "15000.00", "is_flagship": True,
             "start": "2027-01-01"},
            {"id": "measure-3", "title": "WLAN im Rathaus", "status": "planned", "goals": []},
        ],
        goals=[
            {"id": "goal-1", "title": "Alles online", "parent": None},
            {"id": "goal-2", "title": "Schneller entscheiden", "parent": "goal-1"},
        ],
    )  # fmt: skip
    sections = {s.key: s for s in diff.structure_changes(old, new)}
    measures = sections["measures"]
    assert [(i.id, i.title) for i in measures.added] == [("measure-3", "WLAN im Rathaus")]
    assert [(i.id, i.title) for i in measures.removed] == [("measure-2", "Chatbot")]
    [changed] = measures.changed
    assert changed.id == "measure-1" and changed.title == "E-Akte einführen"
    fields = {f.name: (f.label, f.old, f.new) for f in changed.fields}
    assert fields == {
        "title": ("Titel", "E-Akte", "E-Akte einführen"),
        "status": ("Status", "Geplant", "In Umsetzung"),
        "goals": ("Dient den Zielen", "Alles online", "Alles online, Schneller entscheiden"),
        "cost_one_off": ("Einmalige Kosten (EUR)", "12.000,00", "15.000,00"),
        "is_flagship": ("Leuchtturmprojekt", "nein", "ja"),
        "start": ("Beginn", "–", "01.01.2027"),
    }
    assert [i.title for i in sections["goals"].added] == ["Schneller entscheiden"]
    assert sections["fields_of_action"].is_empty


def test_a_renamed_reference_alone_is_no_change_of_the_referring_element() -> None:
    old = exchange(
        goals=[{"id": "goal-1", "title": "Alt"}],
        measures=[{"id": "measure-1", "title": "M", "goals": ["goal-1"]}],
    )
    new = exchange(
        goals=[{"id": "goal-1", "title": "Neu"}],
        measures=[{"id": "measure-1", "title": "M", "goals": ["goal-1"]}],
    )
    sections = {s.key: s for s in diff.structure_changes(old, new)}
    assert sections["measures"].is_empty
    assert [f.new for f in sections["goals"].changed[0].fields] == ["Neu"]


def test_long_texts_are_compared_word_by_word() -> None:
    before = "Die Verwaltung arbeitet bisher mit Papierakten in allen Fachbereichen des Rathauses."
    after = (
        "Die Verwaltung arbeitet bisher mit Papierakten in fast allen Fachbereichen des Rathauses."
    )
    old = exchange(measures=[{"id": "measure-1", "title": "E-Akte", "problem": before}])
    new = exchange(measures=[{"id": "measure-1", "title": "E-Akte", "problem": after}])
    [change] = diff.structure_changes(old, new)[2].changed[0].fields
    assert ("insert", "fast ") in kinds(change.segments)


def test_compare_reports_nothing_for_equal_snapshots() -> None:
    snapshot = {"strategy": exchange(), "chapters": [chapter("vorwort", "Text")]}
    result = diff.compare(snapshot, snapshot)
    assert result.is_empty and result.changed_sections == ()


@pytest.mark.django_db
def test_two_real_snapshots_show_text_and_structure_changes(strategy: Strategy) -> None:
    before = take_snapshot(strategy)
    Chapter.objects.filter(strategy=strategy, key="vorwort").update(
        text="Die Digitalisierung verändert, wie Amtsberg arbeitet.\n\nEin neuer Absatz."
    )
    eakte = strategy.measures.get(title="E-Akte einführen")
    eakte.title, eakte.status = "Elektronische Akte einführen", Measure.Status.DONE
    eakte.save()
    strategy.measures.get(title="WLAN im Rathaus").delete()
    Measure.objects.create(strategy=strategy, title="Open-Data-Portal")
    Goal.objects.create(strategy=strategy, title="Daten teilen")
    strategy.motto = "Amtsberg digital"
    strategy.save()

    result = diff.compare(before, take_snapshot(strategy))

    [vorwort] = result.chapters
    assert vorwort.key == "vorwort"
    inserted = [s.text for line in vorwort.lines for s in line.segments if s.kind == "insert"]
    deleted = [s.text for line in vorwort.lines for s in line.segments if s.kind == "delete"]
    assert "Ein neuer Absatz." in inserted
    assert any("Bürgerinnen und Bürger" in text for text in deleted)
    sections = {s.key: s for s in result.sections}
    assert [i.title for i in sections["measures"].added] == ["Open-Data-Portal"]
    assert [i.title for i in sections["measures"].removed] == ["WLAN im Rathaus"]
    [changed] = sections["measures"].changed
    assert changed.id == f"measure-{eakte.pk}"
    assert {(f.label, f.old, f.new) for f in changed.fields} == {
        ("Titel", "E-Akte einführen", "Elektronische Akte einführen"),
        ("Status", "In Umsetzung", "Abgeschlossen"),
    }
    assert [i.title for i in sections["goals"].added] == ["Daten teilen"]
    assert [(f.label, f.old, f.new) for f in result.strategy] == [
        ("Motto oder Marke", "–", "Amtsberg digital")
    ]
