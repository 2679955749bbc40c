"""Revisions and review in a real browser: axe on the filled pages (list, adoption with errors,
Fortschreibung, frozen revision, comparison with text and structure changes, review mode
with placed and orphaned comments, the comment form with an error), and a comment written
with the keyboard only."""

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from schreibwerkstatt.documents.models import Chapter
from schreibwerkstatt.revisions import services
from schreibwerkstatt.revisions.models import ReviewComment, Revision
from schreibwerkstatt.revisions.tests.helpers import VORWORT, strategy_with_vorwort
from schreibwerkstatt.strategies.models import Measure, Strategy
from tests.browser.axe import axe_violations, describe
from tests.browser.helpers import BROWSER_DB

pytestmark = BROWSER_DB


@pytest.fixture
def strategy(municipality_a: Any, people: dict[str, Any]) -> Strategy:
    return strategy_with_vorwort(municipality_a)


def _changed_draft(strategy: Strategy, people: dict[str, Any]) -> Revision:
    """Revision 1 adopted, a Fortschreibung begun, and the draft changed since."""
    revision = services.adopt(
        strategy, adopted_on=date(2026, 3, 12), body="Stadtverordnetenversammlung",
        document_number="2026/041", by=people["coordinator"], expected_version=strategy.version,
    )  # fmt: skip
    strategy.refresh_from_db()
    services.begin_fortschreibung(
        strategy, by=people["coordinator"], expected_version=strategy.version
    )
    Chapter.objects.filter(strategy=strategy, key="vorwort").update(
        text=VORWORT.replace("Bürgerinnen und Bürger", "alle Menschen") + "\n\nEin neuer Absatz."
    )
    strategy.measures.filter(title="WLAN im Rathaus").update(
        title="WLAN in allen Schulen", priority="high"
    )
    Measure.objects.create(strategy=strategy, title="Open-Data-Portal")
    ReviewComment.objects.create(
        strategy=strategy, chapter_key="vorwort", anchor="p-alt", author=people["reader"],
        quote=VORWORT.split("\n\n")[0], text="Wer ist gemeint?",
    )  # fmt: skip
    ReviewComment.objects.create(
        strategy=strategy, chapter_key="vorwort", anchor="p-weg", author=people["editor"],
        quote="Ein Absatz, den es nicht mehr gibt, über Breitband.", text="Fehlt hier etwas?",
        resolved=True, resolved_by=people["editor"],
    )  # fmt: skip
    return revision


def check(page: Page, axe_script: Path, what: str, failures: list[str]) -> None:
    violations = axe_violations(page, axe_script)
    if violations:
        failures.append(describe(what, violations))


def test_the_revision_and_review_pages_have_no_axe_violations(
    page_as: Callable[..., Page], strategy: Strategy, people: dict[str, Any], axe_script: Path
) -> None:
    page = page_as("coordinator", bypass_csp=True)
    base = f"/kommunen/amtsberg/strategien/{strategy.pk}/"
    failures: list[str] = []
    page.goto(base + "fassungen/")
    check(page, axe_script, "revision list, nothing adopted", failures)
    page.goto(base + "fassungen/beschliessen/")
    page.get_by_label("Datum des Beschlusses").fill("2099-01-01")
    page.get_by_role("button", name="Beschließen und Fassung einfrieren").click()
    expect(page.locator("#id_adopted_on_error")).to_contain_text("Zukunft")
    check(page, axe_script, "adoption with errors", failures)

    first = _changed_draft(strategy, people)
    for tail in ["fassungen/", f"fassungen/{first.pk}/", "fassungen/fortschreibung/",
                 "fassungen/vergleich/", "fassungen/vergleich/?von=x&mit=y"]:  # fmt: skip
        page.goto(base + tail)
        check(page, axe_script, base + tail, failures)
    page.goto(base + f"fassungen/{first.pk}/vergleich/entwurf/")
    expect(page.locator("#diff-chapter-vorwort ins").first).to_contain_text("alle Menschen")
    expect(page.locator("#diff-section-measures")).to_contain_text("Open-Data-Portal")
    check(page, axe_script, "comparison with the draft", failures)

    page.goto(base + "pruefen/")
    expect(page.locator("#review-orphaned-comments")).to_contain_text("Fehlt hier etwas?")
    expect(page.locator(".sw-review__item").first).to_contain_text("Wer ist gemeint?")
    check(page, axe_script, "review with placed and orphaned comments", failures)
    page.locator(".sw-review__add").first.click()
    page.get_by_role("button", name="Kommentar speichern").click()
    expect(page.locator("#id_text_error")).to_be_visible()
    check(page, axe_script, "comment form with an error", failures)
    assert not failures, "\n".join(failures)


def test_a_reader_comments_on_a_paragraph_with_the_keyboard_only(
    page_as: Callable[..., Page], strategy: Strategy, people: dict[str, Any]
) -> None:
    page = page_as("reader")
    page.goto(f"/kommunen/amtsberg/strategien/{strategy.pk}/pruefen/")
    link = page.locator(".sw-review__add").nth(1)
    for _ in range(200):
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    else:
        raise AssertionError("the comment link cannot be reached with the Tab key")
    page.keyboard.press("Enter")
    expect(page.locator("#comment-quote")).to_contain_text("Diese Strategie beschreibt")
    page.get_by_label("Ihr Kommentar zu diesem Absatz").focus()
    page.keyboard.type("Bitte das Jahr nennen.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".sw-review__item").nth(1)).to_contain_text("Bitte das Jahr nennen.")
    saved = ReviewComment.objects.get()
    assert saved.author == people["reader"] and saved.quote.startswith("Diese Strategie beschreibt")
