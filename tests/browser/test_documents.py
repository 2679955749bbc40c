"""The document editor in a real browser: axe on the chapter list, the editor (also after a
conflict and a rejected save) and the full preview with charts; typing updates the live
preview and is saved automatically; a text building block is inserted without JavaScript."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from schreibwerkstatt.documents.models import Chapter
from schreibwerkstatt.documents.services import ensure_chapters
from schreibwerkstatt.inventory.models import MaturityAnswer, MaturityQuestion, SwotEntry
from schreibwerkstatt.strategies.models import FieldOfAction, Goal, Indicator, Measure, Strategy
from tests.browser.axe import axe_violations, describe
from tests.browser.helpers import BROWSER_DB

pytestmark = BROWSER_DB


@pytest.fixture
def strategy(municipality_a: Any, people: dict[str, Any]) -> Strategy:
    strategy = Strategy.objects.create(municipality=municipality_a, title="Digitales Amtsberg")
    field = FieldOfAction.objects.create(strategy=strategy, title="Digitale Verwaltung",
                                         catalogue_entry=None, guiding_sentence="Alles online.")  # fmt: skip
    goal = Goal.objects.create(strategy=strategy, title="Alle Leistungen online")
    goal.fields.add(field)
    Indicator.objects.create(
        strategy=strategy, goal=goal, name="Online-Leistungen", unit="Anzahl",
        baseline_value=Decimal(5), baseline_date=date(2025, 1, 1),
        target_value=Decimal(50), target_date=date(2030, 1, 1),
    )  # fmt: skip
    for title, start in [
        ("E-Akte einführen", date(2026, 1, 1)),
        ("Bürgerportal", date(2026, 6, 1)),
    ]:
        measure = Measure.objects.create(
            strategy=strategy, title=title, start=start, end=date(2027, 12, 31),
            priority="high", cost_one_off=Decimal(20000), is_flagship=title == "Bürgerportal",
        )  # fmt: skip
        measure.fields.add(field)
    SwotEntry.objects.create(strategy=strategy, quadrant="strengths", text="Engagiertes Team")
    for question in MaturityQuestion.objects.active()[:3]:
        MaturityAnswer.objects.create(strategy=strategy, question=question, value=2)
    ensure_chapters(strategy)
    Chapter.objects.filter(strategy=strategy, key="vorwort").update(
        text="## Liebe Amtsbergerinnen\n\nEin *Vorwort* mit [Link](https://amtsberg.example)."
    )
    return strategy


def check(page: Page, axe_script: Path, what: str, failures: list[str]) -> None:
    violations = axe_violations(page, axe_script)
    if violations:
        failures.append(describe(what, violations))


def test_the_document_pages_have_no_axe_violations(
    page_as: Callable[..., Page], strategy: Strategy, axe_script: Path
) -> None:
    page = page_as("editor", bypass_csp=True)
    base = f"/kommunen/amtsberg/strategien/{strategy.pk}/dokument/"
    vorwort = Chapter.objects.get(strategy=strategy, key="vorwort")
    failures: list[str] = []
    page.goto(base)
    check(page, axe_script, "chapter list", failures)
    page.goto(base + f"kapitel/{vorwort.pk}/")
    check(page, axe_script, "chapter editor", failures)
    page.goto(base + f"kapitel/{vorwort.pk}/titel/")
    check(page, axe_script, "rename", failures)
    # Somebody else saves meanwhile: the explicit save shows both texts.
    page.goto(base + f"kapitel/{vorwort.pk}/")
    Chapter.objects.filter(pk=vorwort.pk).update(text="Fremder Text", version=vorwort.version + 5)
    page.get_by_label("Text des Kapitels (Markdown)").fill("Mein Text")
    page.get_by_role("button", name="Speichern", exact=True).click()
    expect(page.locator(".sw-doc-conflict")).to_contain_text("Fremder Text")
    expect(page.get_by_label("Text des Kapitels (Markdown)")).to_have_value("Mein Text")
    check(page, axe_script, "chapter editor with a conflict", failures)
    page.goto(base + "vorschau/")
    expect(page.locator(".sw-doc-figure").first).to_be_visible()
    check(page, axe_script, "full preview", failures)
    reader = page_as("reader", bypass_csp=True)
    reader.goto(base + f"kapitel/{vorwort.pk}/")
    check(reader, axe_script, "chapter for a reader", failures)
    assert not failures, "\n".join(failures)


def test_typing_updates_the_preview_and_saves_automatically(
    page_as: Callable[..., Page], strategy: Strategy
) -> None:
    vorwort = Chapter.objects.get(strategy=strategy, key="vorwort")
    page = page_as("editor")
    page.goto(f"/kommunen/amtsberg/strategien/{strategy.pk}/dokument/kapitel/{vorwort.pk}/")
    text = page.get_by_label("Text des Kapitels (Markdown)")
    text.fill("")
    text.press_sequentially("Ein **neuer** Anfang")
    expect(page.locator("#chapter-preview strong")).to_have_text("neuer", timeout=5000)
    expect(page.locator("#autosave-status")).to_contain_text(
        "Automatisch gespeichert um", timeout=10000
    )
    vorwort.refresh_from_db()
    assert vorwort.text == "Ein **neuer** Anfang"
    # The new version is in the form: typing on and saving explicitly works without conflict.
    text.press_sequentially(".")
    page.get_by_role("button", name="Speichern", exact=True).click()
    expect(page.locator(".sw-messages")).to_contain_text("Das Kapitel wurde gespeichert.")
    vorwort.refresh_from_db()
    assert vorwort.text == "Ein **neuer** Anfang."


def test_a_building_block_is_inserted_with_a_button(
    page_as: Callable[..., Page], strategy: Strategy
) -> None:
    vorwort = Chapter.objects.get(strategy=strategy, key="vorwort")
    page = page_as("coordinator")
    page.goto(f"/kommunen/amtsberg/strategien/{strategy.pk}/dokument/kapitel/{vorwort.pk}/")
    page.get_by_label("Text des Kapitels (Markdown)").fill("Erster Satz.")
    page.get_by_role("button", name="Einfügen – Bekenntnis der Verwaltungsspitze").click()
    expect(page.get_by_label("Text des Kapitels (Markdown)")).to_have_value(
        "Erster Satz.\n\nDie Strategie ist kein Papier für die Schublade. Die Verwaltungsspitze "
        "übernimmt die Verantwortung für ihre Umsetzung, berichtet regelmäßig über den Stand "
        "und schreibt die Strategie fort, wenn sich die Rahmenbedingungen ändern.\n"
    )
