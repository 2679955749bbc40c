"""The document built from a snapshot: chapters, generated parts, hostile text, anchors."""

import json

import pytest

from schreibwerkstatt.demo.load import load_demo
from schreibwerkstatt.documents import blocks as b
from schreibwerkstatt.documents.builder import anchor_for, build_document, build_live, money
from schreibwerkstatt.documents.html import render_html
from schreibwerkstatt.documents.markdown_export import to_markdown
from schreibwerkstatt.documents.models import Chapter
from schreibwerkstatt.documents.services import ensure_chapters, move_chapter
from schreibwerkstatt.documents.snapshot import take_snapshot
from schreibwerkstatt.documents.tests.conftest import all_runs, document_text
from schreibwerkstatt.inventory.models import Stakeholder, SwotEntry
from schreibwerkstatt.strategies.models import Goal, Measure, Strategy

pytestmark = pytest.mark.django_db

HOSTILE = """Vorab <script>alert("x")</script> ein Satz mit [Link](javascript:alert(1)) und
[gutem Link](https://amtsberg.example/plan) sowie <a href="javascript:evil()">roh</a>.

<img src=x onerror=alert(2)> #panic("x") <iframe src="https://evil.example"></iframe>
"""


@pytest.fixture
def demo_strategy() -> Strategy:
    demo, _people = load_demo()
    return Strategy.objects.filter(municipality=demo).get()


def test_the_demo_document_has_every_chapter_and_every_measure(demo_strategy) -> None:
    document = build_live(demo_strategy)
    text = document_text(document)
    chapters = ensure_chapters(demo_strategy)
    assert [c.key for c in document.chapters] == [c.key for c in chapters]
    for chapter in chapters:
        assert chapter.title in [c.title for c in document.chapters]
    for title in Measure.objects.filter(strategy=demo_strategy).values_list("title", flat=True):
        assert title in text, title
    for chapter in document.chapters:  # headings only at levels 2 and 3 below the title
        assert all(
            block.level in {2, 3} for block in chapter.blocks if isinstance(block, b.Heading)
        )
    assert document.title == "Digitale Musterstadt 2030"
    assert document.municipality == "Musterstadt an der Havel"
    assert document.status_line.startswith("In Umsetzung, Stand ")
    anhang = next(c for c in document.chapters if c.key == "anhang")
    facts = [block for block in anhang.blocks if isinstance(block, b.Facts)]
    assert len(facts) == Measure.objects.filter(strategy=demo_strategy).count()
    umsetzung = next(c for c in document.chapters if c.key == "umsetzung")
    figures = [block for block in umsetzung.blocks if isinstance(block, b.Figure)]
    assert figures and figures[0].svg.startswith("<svg") and "Zeitplan" in figures[0].alt


def test_a_disabled_chapter_is_left_out_and_the_order_follows_the_positions(
    strategy, chapters
) -> None:
    Chapter.objects.filter(pk=chapters["zusammenfassung"].pk).update(
        enabled=False, text="Geheime Zusammenfassung"
    )
    for _step in range(9):
        move_chapter(chapters["anhang"], up=True)
    document = build_document(take_snapshot(strategy))
    keys = [chapter.key for chapter in document.chapters]
    assert "zusammenfassung" not in keys
    assert keys[0] == "anhang"
    assert "Geheime Zusammenfassung" not in document_text(document)


def test_hostile_markdown_is_rendered_inert(strategy, vorwort) -> None:
    Chapter.objects.filter(pk=vorwort.pk).update(text=HOSTILE, title='Vorwort #panic("t") <b>')
    document = build_document(take_snapshot(strategy))
    chapter = document.chapters[0]
    assert chapter.title == 'Vorwort #panic("t") <b>'
    hrefs = [run.href for run in all_runs(document) if run.href]
    assert hrefs == ["https://amtsberg.example/plan"]
    text = document_text(document)
    assert "alert" not in text and "<script" not in text and "onerror" not in text
    assert "Link" in text and "roh" in text and '#panic("x")' in text
    html = str(render_html(document))
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html
    assert "<iframe" not in html
    assert "Vorwort #panic(&quot;t&quot;) &lt;b&gt;" in html
    markdown = to_markdown(document)
    assert "javascript:" not in markdown and "<script" not in markdown
    assert "(<https://amtsberg.example/plan>)" in markdown


def test_markdown_structures_become_blocks(strategy, vorwort) -> None:
    Chapter.objects.filter(pk=vorwort.pk).update(
        text="# Oben\n\n### Unten\n\nEin **fetter** und *kursiver* Satz.\n\n- eins\n- zwei\n"
        "    - zwei a\n\n1. erstens\n2. zweitens\n\n| A | B |\n|---|---|\n| 1 | 2 |\n"
    )
    blocks = build_document(take_snapshot(strategy)).chapters[0].blocks
    assert blocks[0] == b.Heading(2, "Oben", blocks[0].anchor)
    assert blocks[1] == b.Heading(3, "Unten", blocks[1].anchor)
    paragraph = blocks[2]
    assert isinstance(paragraph, b.Paragraph)
    assert [(r.text, r.bold, r.italic) for r in paragraph.runs] == [
        ("Ein ", False, False), ("fetter", True, False), (" und ", False, False),
        ("kursiver", False, True), (" Satz.", False, False),
    ]  # fmt: skip
    assert blocks[3] == b.ListBlock(((b.Run("eins"),), (b.Run("zwei"),), (b.Run("zwei a"),)))
    assert blocks[4] == b.ListBlock(((b.Run("erstens"),), (b.Run("zweitens"),)), ordered=True)
    assert blocks[5] == b.Table("", ("A", "B"), (("1", "2"),))


def test_the_generated_parts_follow_the_structure(strategy) -> None:
    SwotEntry.objects.create(strategy=strategy, quadrant="strengths", text="Engagiertes Team")
    SwotEntry.objects.create(strategy=strategy, quadrant="threats", text="Fachkräftemangel")
    Stakeholder.objects.create(
        strategy=strategy, name="Seniorenbeirat", group="Vereine", involvement="Frau X, privat"
    )
    document = build_document(take_snapshot(strategy))
    chapters = {chapter.key: chapter for chapter in document.chapters}
    swot = next(block for block in chapters["ausgangslage"].blocks if isinstance(block, b.Table))
    assert swot.header == ("Stärken", "Schwächen", "Chancen", "Risiken")
    assert swot.rows == (("Engagiertes Team", "", "", "Fachkräftemangel"),)
    fields = chapters["handlungsfelder"].blocks
    headings = [(block.level, block.text) for block in fields if isinstance(block, b.Heading)]
    assert (2, "Digitale Verwaltung") in headings
    assert (3, "Leitziel: Leistungen sind online erreichbar") in headings
    lists = [runs for block in fields if isinstance(block, b.ListBlock) for runs in block.items]
    assert [r.text for r in lists[0]] == ["Teilziel: ", "Zehn Leistungen bis 2027"]
    indicator_table = next(block for block in fields if isinstance(block, b.Table))
    assert indicator_table.rows == (
        ("Online-Leistungen", "Anzahl", "10 (01.01.2024)", "110 (01.01.2030)"),
    )
    text = document_text(document)
    assert "Seniorenbeirat" in text and "Frau X" not in text
    assert "12.500 €" in text  # cost of the measure, in the profile and the cost table
    profile = next(block for block in chapters["anhang"].blocks if isinstance(block, b.Facts))
    labels = dict(profile.items)
    assert labels["Priorität"] == "Hoch – sofort beginnen"
    assert labels["Beginn"] == "01.03.2026"
    assert "contributor@amtsberg.example" not in text  # people stay out of the document


def test_a_strategy_without_fields_lists_goals_and_measures_without_field(strategy) -> None:
    strategy.fields.all().delete()
    Goal.objects.filter(strategy=strategy, parent__isnull=False).delete()
    document = build_document(take_snapshot(strategy))
    fields = next(c for c in document.chapters if c.key == "handlungsfelder").blocks
    headings = [(block.level, block.text) for block in fields if isinstance(block, b.Heading)]
    assert headings[0] == (2, "Ziele")
    assert (3, "Leitziel: Leistungen sind online erreichbar") in headings
    assert (2, "Maßnahmen") in headings
    assert "Online-Terminvergabe" in document_text(document)


def test_the_snapshot_survives_json_and_builds_the_same_document(strategy, vorwort) -> None:
    Chapter.objects.filter(pk=vorwort.pk).update(text="Ein Vorwort mit **Kraft**.")
    snapshot = take_snapshot(strategy)
    frozen = json.loads(json.dumps(snapshot))
    assert build_document(frozen) == build_document(snapshot)
    # Later changes to the strategy do not reach the frozen document.
    Measure.objects.filter(strategy=strategy).update(title="Umbenannt")
    assert "Online-Terminvergabe" in document_text(build_document(frozen))


def test_anchors_are_stable_under_edits_elsewhere_and_unique(strategy, vorwort) -> None:
    Chapter.objects.filter(pk=vorwort.pk).update(
        text="Erster Absatz.\n\nZweiter Absatz.\n\nZweiter Absatz."
    )
    first = build_document(take_snapshot(strategy)).chapters[0].blocks
    Chapter.objects.filter(pk=vorwort.pk).update(
        text="Ganz neuer Anfang.\n\nErster  Absatz\n\nZweiter Absatz.\n\nZweiter Absatz."
    )
    second = build_document(take_snapshot(strategy)).chapters[0].blocks
    anchors = [block.anchor for block in first]
    assert len(set(anchors)) == 3
    assert anchors[0] == second[1].anchor  # spacing and punctuation do not count
    assert anchors[1:] == [second[2].anchor, second[3].anchor]
    assert anchors[0] == anchor_for("vorwort", "erster absatz")


def test_take_snapshot_creates_the_chapters_once(strategy) -> None:
    take_snapshot(strategy)
    take_snapshot(strategy)
    assert Chapter.objects.filter(strategy=strategy).count() == 10
    assert Chapter.objects.get(strategy=strategy, key="vorwort").title == "Vorwort"


def test_money_and_control_characters(strategy, vorwort) -> None:
    assert money("1200000.00") == "1.200.000 €"
    assert money("274941.66") == "274.941,66 €"
    Chapter.objects.filter(pk=vorwort.pk).update(text="Text\x07mit\x0bSteuer\x1fzeichen")
    text = document_text(build_document(take_snapshot(strategy)))
    assert "Textmit" in text and "\x07" not in text and "\x0b" not in text and "\x1f" not in text
