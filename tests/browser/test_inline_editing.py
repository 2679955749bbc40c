"""Inline editing in a real browser: open, save, cancel with the keyboard alone; the focus goes
into the form and back to the edit link; conflicts (409) and errors (422) are swapped in."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db.models import F
from playwright.sync_api import Locator, Page, expect

from schreibwerkstatt.strategies.models import Goal, Indicator, Measure, Step, Strategy
from tests.browser.helpers import BROWSER_DB, de
from tests.browser.test_accessibility import AxeScan

pytestmark = BROWSER_DB


@pytest.fixture
def content(municipality_a: Any, people: dict[str, Any]) -> dict[str, Any]:
    strategy = Strategy.objects.create(municipality=municipality_a, title="Amtsberg digital")
    measure = Measure.objects.create(
        strategy=strategy, title="E-Akte einführen", responsible=people["contributor"]
    )
    goal = Goal.objects.create(strategy=strategy, title="Verwaltung digital erreichbar")
    base = f"/kommunen/amtsberg/strategien/{strategy.pk}"
    return {
        "measure_url": f"{base}/massnahmen/{measure.pk}/",
        "goal_url": f"{base}/ziele/{goal.pk}/",
        "step": Step.objects.create(measure=measure, title="Bedarf erheben"),
        "other_step": Step.objects.create(measure=measure, title="Angebote einholen", position=1),
        "indicator": Indicator.objects.create(
            strategy=strategy, goal=goal, name="Online-Quote", unit="%"
        ),
    }


def tab_to(page: Page, target: Locator, limit: int = 120) -> None:
    """Press Tab until `target` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} cannot be reached with the Tab key")


def test_it_edits_a_step_inline_with_the_keyboard_alone(
    page_as: Callable[..., Page], content: dict[str, Any]
) -> None:
    step = content["step"]
    page = page_as("contributor")  # leads the measure, so may edit its steps
    page.goto(content["measure_url"])
    edit = page.locator(f"#step-{step.pk}-edit")

    tab_to(page, edit)
    page.keyboard.press("Enter")

    title = page.locator(f"#step-{step.pk}-title")
    expect(title).to_be_focused()
    expect(page.locator(f"#step-{step.pk}")).to_have_class("sw-checklist__item sw-inline-edit")
    page.keyboard.press("Control+A")
    page.keyboard.type("Bedarf bei allen Ämtern erheben")
    page.keyboard.press("Enter")  # submits the form

    row = page.locator(f"#step-{step.pk}")
    expect(row).to_contain_text("Bedarf bei allen Ämtern erheben")
    expect(row.locator("form.sw-form")).to_have_count(0)
    expect(edit).to_be_focused()
    expect(page.locator("#sw-live-status")).to_have_text(de("The step has been saved."))
    step.refresh_from_db()
    assert (step.title, step.version) == ("Bedarf bei allen Ämtern erheben", 2)

    # Open again and cancel with the keyboard: nothing changes, the focus comes back.
    page.keyboard.press("Enter")
    expect(title).to_be_focused()
    page.keyboard.type(" – verworfen")
    tab_to(page, page.locator(f"#step-{step.pk}-cancel"))
    page.keyboard.press("Enter")
    expect(row.locator("form.sw-form")).to_have_count(0)
    expect(edit).to_be_focused()
    expect(row).not_to_contain_text("verworfen")
    step.refresh_from_db()
    assert step.title == "Bedarf bei allen Ämtern erheben"
    # The other step was never touched.
    expect(page.locator(f"#step-{content['other_step'].pk}")).to_contain_text("Angebote einholen")


def test_it_edits_an_indicator_inline_with_the_keyboard_and_shows_errors_in_place(
    page_as: Callable[..., Page], content: dict[str, Any]
) -> None:
    indicator = content["indicator"]
    page = page_as("editor")
    page.goto(content["goal_url"])
    edit = page.locator(f"#indicator-{indicator.pk}-edit")

    tab_to(page, edit)
    page.keyboard.press("Enter")
    name = page.locator(f"#indicator-{indicator.pk}-name")
    expect(name).to_be_focused()

    # An empty name: the form comes back in place (422) with the error, focus on the field.
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.press("Enter")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_be_focused()
    expect(page.locator(f"#indicator-{indicator.pk}")).to_contain_text(
        de("Please check your input: the marked fields are not correct yet.")
    )

    page.keyboard.type("Anteil online verfügbarer Leistungen")
    tab_to(page, page.locator(f"#indicator-{indicator.pk}-target_value"))
    page.keyboard.type("80")
    tab_to(page, page.locator(f"#indicator-{indicator.pk}-form button[type=submit]"))
    page.keyboard.press("Enter")

    row = page.locator(f"#indicator-{indicator.pk}")
    expect(row).to_contain_text("Anteil online verfügbarer Leistungen")
    expect(row).to_contain_text("80")
    expect(edit).to_be_focused()
    indicator.refresh_from_db()
    assert (indicator.name, indicator.target_value) == ("Anteil online verfügbarer Leistungen", 80)


def test_it_finds_no_axe_violations_in_the_inline_edit_states(
    page_as: Callable[..., Page],
    content: dict[str, Any],
    axe_script: Path,
    scanned_pages: list[str],
) -> None:
    axe_scan = AxeScan(axe_script, scanned_pages)
    step, indicator = content["step"], content["indicator"]
    page = page_as("editor", bypass_csp=True)

    page.goto(content["measure_url"])
    page.locator(f"#step-{step.pk}-edit").click()
    expect(page.locator(f"#step-{step.pk}-title")).to_be_focused()
    axe_scan.check(page, "editor", "measure with a step opened for inline editing")

    page.locator(f"#step-{step.pk}-title").fill("Meine Fassung")
    Step.objects.filter(pk=step.pk).update(title="Fassung der Kollegin", version=F("version") + 1)
    with page.expect_response(lambda response: response.request.method == "POST") as info:
        page.locator(f"#step-{step.pk}-form button[type=submit]").click()
    assert info.value.status == 409
    expect(page.locator(f"#step-{step.pk} [role=alert]")).to_contain_text("Fassung der Kollegin")
    axe_scan.check(page, "editor", "inline step form after a conflicting edit (409)")
    step.refresh_from_db()
    assert step.title == "Fassung der Kollegin"

    page.goto(content["goal_url"])
    page.locator(f"#indicator-{indicator.pk}-edit").click()
    name = page.locator(f"#indicator-{indicator.pk}-name")
    expect(name).to_be_focused()
    axe_scan.check(page, "editor", "goal with an indicator opened for inline editing")
    name.fill("")
    page.locator(f"#indicator-{indicator.pk}-form button[type=submit]").click()
    expect(name).to_have_attribute("aria-invalid", "true")
    axe_scan.check(page, "editor", "inline indicator form with an empty name (422)")

    page.locator(f"#indicator-{indicator.pk}-cancel").click()
    expect(page.locator(f"#indicator-{indicator.pk}-edit")).to_be_focused()
    axe_scan.check(page, "editor", "goal after cancelling the inline edit")

    axe_scan.assert_clean()
