"""Search in a real browser: the header box for signed-in people, the results page for them and
for visitors, axe and the layout net at 1366 and 390 px, and a hostile title that stays text.

With SW_SCREENSHOTS=<folder> the results pages are also saved as PNG at both widths."""

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import Page, expect

from schreibwerkstatt.comments.models import Comment
from schreibwerkstatt.strategies.models import FieldOfAction, Measure, Step, Strategy
from tests.browser.axe import axe_violations, describe
from tests.browser.helpers import BROWSER_DB
from tests.browser.layout import layout_defects

pytestmark = BROWSER_DB


def _content(municipality: Any, people: dict[str, Any]) -> Measure:
    strategy = Strategy.objects.create(municipality=municipality, title="Digitales Amtsberg 2030")
    FieldOfAction.objects.create(
        strategy=strategy,
        title="Bildung und Schulen",
        starting_situation="In den Grundschulen fehlt WLAN; Glasfaser liegt bis zum Schulhof.",
    )
    measure = Measure.objects.create(
        strategy=strategy,
        title="Glasfaserausbau an Grundschulen",
        summary="Alle fünf Grundschulen werden bis 2027 an das Glasfasernetz angeschlossen "
        "und erhalten WLAN in jedem Klassenraum, finanziert aus dem DigitalPakt.",
    )
    Measure.objects.create(
        strategy=strategy,
        title='<img src=x onerror="alert(1)"> Glasfaser im Gewerbegebiet',
        summary="<script>alert(2)</script> Ausbau der Glasfaser für Betriebe.",
    )
    Step.objects.create(measure=measure, title="Glasfaser-Ausschreibung veröffentlichen")
    Comment.objects.create(
        strategy=strategy,
        content_type=ContentType.objects.get_for_model(measure),
        object_id=measure.pk,
        author=people["editor"],
        text="Der Förderbescheid für die Glasfaser ist da.",
    )
    return measure


def _check(page: Page, axe_script: Path, what: str) -> None:
    violations = axe_violations(page, axe_script)
    assert not violations, describe(what, violations)
    defects = layout_defects(page)
    assert not defects, "\n".join([what, *defects])
    folder = os.environ.get("SW_SCREENSHOTS")
    if folder:
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=f"{folder}/search-{what}-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1366, "height": 900})


def test_a_member_searches_from_the_header_and_reaches_the_measure(
    page_as: Callable[..., Page], people: dict[str, Any], municipality_a: Any, axe_script: Path
) -> None:
    measure = _content(municipality_a, people)
    page = page_as("reader", bypass_csp=True)
    page.goto(f"/kommunen/{municipality_a.slug}/")  # the header with its search box
    _check(page, axe_script, "header")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    box = page.get_by_role("search").get_by_label("Suchbegriff")
    box.fill("Glasfaser")
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Suche")
    expect(page.locator("#search-results a[href*='/kommunen/amtsberg/']")).to_have_count(5)
    results = page.locator(".sw-search-result")
    expect(results.first.locator("mark").first).to_be_visible()
    expect(
        page.get_by_text('<img src=x onerror="alert(1)"> Glasfaser im Gewerbegebiet')
    ).to_be_visible()
    _check(page, axe_script, "member")
    assert dialogs == []

    page.get_by_role("link", name="Glasfaserausbau an Grundschulen").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(measure.title)


def test_a_visitor_searches_the_public_help_only(
    page_as: Callable[..., Page], people: dict[str, Any], municipality_a: Any, axe_script: Path
) -> None:
    _content(municipality_a, people)
    page = page_as("anonymous", bypass_csp=True)
    page.goto("/suche/")
    expect(page.get_by_role("search")).to_have_count(1)  # the page's box; no header box
    page.get_by_label("Suchbegriff").fill("Glasfaser")
    page.get_by_role("button", name="Suche").click()
    # the public handbook may answer; the municipality's content never does
    expect(page.locator("#search-results-heading")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Grundschulen")
    expect(page.locator("#search-results a[href*='/kommunen/']")).to_have_count(0)
    _check(page, axe_script, "visitor")

    page.goto("/suche/?q=" + "x" * 201)  # more than the form takes (its box stops at 200)
    expect(page.locator("[aria-invalid='true']")).to_have_count(1)
    _check(page, axe_script, "visitor-error")
