"""The roadmap in a real browser: a measure rescheduled with the keyboard only from the table
view, and axe on both views of a filled roadmap, the reschedule form with errors and after a
conflicting edit, the proposal and the milestones."""

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db.models import F
from playwright.sync_api import Locator, Page, expect

from schreibwerkstatt.strategies.models import (
    FieldOfAction,
    Measure,
    Milestone,
    ProgrammePhase,
    Strategy,
)
from tests.browser.axe import axe_violations, describe
from tests.browser.helpers import BROWSER_DB, de

pytestmark = BROWSER_DB


@pytest.fixture
def strategy(municipality_a: Any, people: dict[str, Any]) -> Strategy:
    strategy = Strategy.objects.create(municipality=municipality_a, title="Digitales Amtsberg")
    field = FieldOfAction.objects.create(strategy=strategy, title="Digitale Verwaltung")
    eakte = Measure.objects.create(
        strategy=strategy, title="E-Akte einführen", status="running", priority="high",
        start=date(2025, 4, 1), end=date(2027, 12, 31), responsible=people["contributor"],
    )  # fmt: skip
    post = Measure.objects.create(
        strategy=strategy, title="Digitaler Posteingang", status="planned", priority="medium",
        start=date(2027, 1, 1), end=date(2027, 9, 30),
    )  # fmt: skip
    post.depends_on.add(eakte)
    Measure.objects.create(strategy=strategy, title="Chatbot", status="idea", priority="low")
    for measure in (eakte, post):
        measure.fields.add(field)
    ProgrammePhase.objects.create(
        strategy=strategy, name="Umsetzungsphase", start=date(2026, 1, 1), end=date(2030, 12, 31)
    )
    Milestone.objects.create(strategy=strategy, title="Ratsbeschluss", date=date(2027, 3, 18))
    Milestone.objects.create(
        strategy=strategy, measure=post, title="Scanstelle", date=date(2028, 2, 1)
    )
    return strategy


def tab_to(page: Page, target: Locator, limit: int = 150) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} cannot be reached with the Tab key")


def test_it_reschedules_a_measure_from_the_table_view_with_the_keyboard_only(
    page_as: Callable[..., Page], strategy: Strategy, live_server: Any
) -> None:
    post = strategy.measures.get(title="Digitaler Posteingang")
    page = page_as("editor")
    table = f"/kommunen/amtsberg/strategien/{strategy.pk}/roadmap/tabelle/"
    page.goto(table)
    link = page.get_by_role("table", name="Digitale Verwaltung").get_by_role(
        "link", name=f"{de('Change dates')} – {post.title}"
    )

    tab_to(page, link)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text(post.title)
    tab_to(page, page.locator("#id_start"))
    # A date field has one stop per part; the field may have the focus on any of them
    # (it has autofocus, so Tab may land on the second part): go to the first part.
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    page.keyboard.type("01012028")  # day and month alike: the same in every date order
    expect(page.locator("#id_start")).to_have_value("2028-01-01")
    tab_to(page, page.locator("#id_end"), limit=5)
    page.keyboard.type("12122028")
    expect(page.locator("#id_end")).to_have_value("2028-12-12")
    tab_to(page, page.get_by_role("button", name=de("Save dates")))
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}{table}")
    expect(page.get_by_role("status")).to_contain_text("01.01.2028 – 12.12.2028")
    post.refresh_from_db()
    assert (post.start, post.end, post.version) == (date(2028, 1, 1), date(2028, 12, 12), 2)
    # The dependency conflict is gone; the late milestone now lies inside the period.
    expect(page.locator("#roadmap-conflicts")).to_have_count(0)


def check(page: Page, axe_script: Path, what: str, failures: list[str]) -> None:
    violations = axe_violations(page, axe_script)
    if violations:
        failures.append(describe(what, violations))


def test_the_roadmap_pages_have_no_axe_violations(
    page_as: Callable[..., Page], strategy: Strategy, axe_script: Path
) -> None:
    page = page_as("editor", bypass_csp=True)
    base = f"/kommunen/amtsberg/strategien/{strategy.pk}/roadmap/"
    failures: list[str] = []
    for tail in ["", "tabelle/", "?status=planned&paper=a3", "tabelle/?group=field&priority=high",
                 "vorschlag/", "meilensteine/", "?status=kaputt"]:  # fmt: skip
        page.goto(base + tail)
        check(page, axe_script, base + tail, failures)
    expect(page.locator("#roadmap-chart svg")).to_have_count(0)  # bad settings: no chart
    page.goto(base)
    chart = page.locator("#roadmap-chart svg")
    expect(chart).to_have_attribute("role", "img")
    box = chart.bounding_box()
    assert box is not None and box["height"] > 120 and box["width"] > 600  # not collapsed

    post = strategy.measures.get(title="Digitaler Posteingang")
    page.goto(f"{base}massnahmen/{post.pk}/termine/")
    page.locator("#id_start").fill("2028-01-01")
    page.locator("#id_end").fill("2027-01-01")
    page.get_by_role("button", name=de("Save dates")).click()
    expect(page.locator("#id_end_error")).to_be_visible()
    check(page, axe_script, "reschedule with the end before the start", failures)

    page.goto(f"{base}massnahmen/{post.pk}/termine/")
    Measure.objects.filter(pk=post.pk).update(start=date(2027, 2, 1), version=F("version") + 1)
    page.locator("#id_start").fill("2028-01-01")
    page.locator("#id_end").fill("2028-09-30")
    with page.expect_response(lambda response: response.request.method == "POST") as info:
        page.get_by_role("button", name=de("Save dates")).click()
    assert info.value.status == 409
    check(page, axe_script, "reschedule after a conflicting edit", failures)

    page.goto(f"{base}vorschlag/")
    page.locator("form[action$='/vorschlag/uebernehmen/'] button[type=submit]").click()
    expect(page.get_by_role("status")).to_be_visible()
    check(page, axe_script, "chart after applying the proposal", failures)
    assert not failures, "\n".join(failures)
