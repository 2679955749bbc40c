"""A strategy of municipality A with one field, goal, indicator and measure, its chapters,
and helpers to read the text of a built document."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from schreibwerkstatt.documents import blocks as b
from schreibwerkstatt.documents.models import Chapter
from schreibwerkstatt.documents.services import ensure_chapters
from schreibwerkstatt.strategies.models import FieldOfAction, Goal, Indicator, Measure, Strategy


@pytest.fixture
def strategy(municipality_a, people):
    strategy = Strategy.objects.create(
        municipality=municipality_a,
        title="Digitales Amtsberg 2030",
        motto="Nah dran",
        goal_layer_names="Leitziel, Teilziel",
    )
    field = FieldOfAction.objects.create(
        strategy=strategy, title="Digitale Verwaltung", guiding_sentence="Alles online."
    )
    goal = Goal.objects.create(strategy=strategy, title="Leistungen sind online erreichbar")
    goal.fields.add(field)
    sub = Goal.objects.create(strategy=strategy, parent=goal, title="Zehn Leistungen bis 2027")
    sub.fields.add(field)
    Indicator.objects.create(
        strategy=strategy,
        goal=goal,
        name="Online-Leistungen",
        unit="Anzahl",
        baseline_value=Decimal(10),
        baseline_date=date(2024, 1, 1),
        target_value=Decimal(110),
        target_date=date(2030, 1, 1),
    )
    measure = Measure.objects.create(
        strategy=strategy,
        title="Online-Terminvergabe",
        summary="Termine im Bürgeramt online buchen.",
        status=Measure.Status.PLANNED,
        priority=Measure.Priority.HIGH,
        cost_one_off=Decimal("12500.00"),
        start=date(2026, 3, 1),
        end=date(2026, 12, 31),
        responsible=people["contributor"],
    )
    measure.fields.add(field)
    measure.goals.add(sub)
    return strategy


@pytest.fixture
def chapters(strategy):
    return {chapter.key: chapter for chapter in ensure_chapters(strategy)}


@pytest.fixture
def vorwort(chapters) -> Chapter:
    return chapters["vorwort"]


@pytest.fixture
def url(strategy):
    """url("documents:chapters") or url("documents:chapter", pk=1), in municipality A."""

    def build(name: str, slug: str = "amtsberg", **kwargs) -> str:
        return reverse(name, kwargs={"slug": slug, "strategy": strategy.pk, **kwargs})

    return build


def runs_text(runs) -> str:
    return "".join(run.text for run in runs)


def block_texts(block) -> list[str]:
    if isinstance(block, b.Heading):
        return [block.text]
    if isinstance(block, b.Paragraph):
        return [runs_text(block.runs)]
    if isinstance(block, b.ListBlock):
        return [runs_text(item) for item in block.items]
    if isinstance(block, b.Table):
        return [block.caption, *block.header, *(cell for row in block.rows for cell in row)]
    if isinstance(block, b.Facts):
        return [text for pair in block.items for text in pair]
    if isinstance(block, b.Figure):
        return [block.alt, block.caption]
    return []


def document_text(document: b.Document) -> str:
    parts = [document.title, document.subtitle]
    for chapter in document.chapters:
        parts.append(chapter.title)
        for block in chapter.blocks:
            parts.extend(block_texts(block))
    return "\n".join(parts)


def all_runs(document: b.Document) -> list[b.Run]:
    result = []
    for chapter in document.chapters:
        for block in chapter.blocks:
            if isinstance(block, b.Paragraph):
                result.extend(block.runs)
            elif isinstance(block, b.ListBlock):
                for item in block.items:
                    result.extend(item)
    return result
