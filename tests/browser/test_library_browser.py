"""The measure library in a real browser, as the issue's walk asks: A's coordinator types a new
measure's title and is shown a similar measure of B (htmx, polite live region, reachable by
keyboard), opens its profile, takes it over into A's strategy with a preview, and B's
coordination is told in the inbox. axe and the layout net (1366 and 390 px) on every page;
screenshots at both widths go to SCREENSHOTS for a look."""

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.urls import reverse
from playwright.sync_api import Page, expect

from schreibwerkstatt.inbox.models import Kind, Notification
from schreibwerkstatt.library.models import Adoption
from schreibwerkstatt.strategies.models import FieldOfAction, Goal, Measure, Step, Strategy
from tests.browser.helpers import BROWSER_DB, de
from tests.browser.test_inbox import assert_clean

pytestmark = BROWSER_DB
SCREENSHOTS = Path(
    os.environ.get("SW_SCREENSHOTS", Path(tempfile.gettempdir()) / "sw-library-screens")
)


def check(page: Page, axe_script: Path, scanned: list[str], what: str) -> None:
    """axe and the layout net (test_inbox.assert_clean), then the screenshots."""
    assert_clean(page, axe_script, scanned, what)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SCREENSHOTS / f"{what.replace(' ', '-')}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def _world(municipality_a: Any, municipality_b: Any) -> tuple[Strategy, Measure]:
    published = Strategy.objects.create(
        municipality=municipality_b, title="Birkenwerder digital", status=Strategy.Status.ADOPTED
    )
    field = FieldOfAction.objects.create(strategy=published, title="Digitale Verwaltung")
    chatbot = Measure.objects.create(
        strategy=published, title="Chatbot für Bürgeranfragen", status=Measure.Status.PLANNED,
        summary="Ein Chatbot beantwortet rund um die Uhr die häufigsten Fragen zum Bürgerbüro.",
        problem="Viele gleiche Anrufe.", expected_effect="Weniger Routineanrufe.",
    )  # fmt: skip
    chatbot.fields.add(field)
    Step.objects.create(measure=chatbot, title="Häufige Fragen sammeln", position=1)
    published.public_page = True
    published.save()
    own = Strategy.objects.create(municipality=municipality_a, title="Digitales Amtsberg 2030")
    own_field = FieldOfAction.objects.create(strategy=own, title="Verwaltung")
    Goal.objects.create(strategy=own, title="Schneller Service").fields.add(own_field)
    return own, chatbot


def test_a_coordinator_finds_a_similar_measure_and_takes_it_over(
    page_as: Callable[..., Page],
    people: dict[str, Any],
    municipality_a: Any,
    municipality_b: Any,
    axe_script: Path,
    scanned_pages: list[str],
) -> None:
    own, chatbot = _world(municipality_a, municipality_b)
    page = page_as("coordinator", bypass_csp=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(reverse("strategies:measure_add", args=["amtsberg", own.pk]))
    page.locator("#id_title").fill("Chatbot für Anfragen")
    suggestion = page.locator("#library-suggestions").get_by_role(
        "link", name="Chatbot für Bürgeranfragen"
    )
    expect(suggestion).to_be_visible()
    expect(page.locator("#library-suggestions")).to_have_attribute("aria-live", "polite")
    # Reachable by keyboard: Tab from the heading region reaches the suggestion's link.
    suggestion.focus()
    expect(suggestion).to_be_focused()
    check(page, axe_script, scanned_pages, "new measure with similar measures")

    page.goto(reverse("library:index") + "?q=Chatbot")
    expect(page.get_by_role("link", name="Chatbot für Bürgeranfragen")).to_be_visible()
    page.locator("summary").first.click()  # open the filters
    check(page, axe_script, scanned_pages, "library search")

    page.get_by_role("link", name="Chatbot für Bürgeranfragen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chatbot für Bürgeranfragen")
    check(page, axe_script, scanned_pages, "library profile")

    page.get_by_role("link", name=de("Take over into our strategy")).click()
    page.get_by_label(de("Into which strategy?")).select_option(
        label="Digitales Amtsberg 2030 (Amtsberg)"
    )
    page.get_by_role("button", name=de("Next")).click()
    page.get_by_label(de("Field of action")).select_option(label="Verwaltung")
    page.get_by_label(de("Goal")).select_option(label="Schneller Service")
    page.get_by_label(
        de("The municipality of origin may see that we took the measure over")
    ).check()
    check(page, axe_script, scanned_pages, "library take over form")
    page.get_by_role("button", name=de("Show preview")).click()
    expect(page.get_by_role("heading", name=de("Preview"))).to_be_visible()
    check(page, axe_script, scanned_pages, "library take over preview")
    page.get_by_role("button", name=de("Take over into our strategy")).click()

    copy = Adoption.objects.get(origin=chatbot).measure
    expect(page).to_have_url(reverse("strategies:measure", args=["amtsberg", own.pk, copy.pk]))
    expect(page.get_by_text("Übernommen aus der Maßnahmenbibliothek", exact=False)).to_be_visible()
    check(page, axe_script, scanned_pages, "taken over measure")
    told = Notification.objects.get(kind=Kind.REUSE)
    assert told.recipient == people["outsider"] and "Amtsberg" in told.body
