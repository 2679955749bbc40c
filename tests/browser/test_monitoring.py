"""Implementation tracking in a real browser: axe on a filled dashboard, its lists, an
indicator page with chart and with input errors, and a status update recorded with the
keyboard only (the measure's timeline and latest state then show it)."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from schreibwerkstatt.monitoring.models import StatusUpdate
from schreibwerkstatt.monitoring.tests.factories import add_monitoring_data
from schreibwerkstatt.strategies.models import Measure, Strategy
from schreibwerkstatt.strategies.tests.conftest import make_strategy
from tests.browser.axe import axe_violations, describe
from tests.browser.helpers import BROWSER_DB

pytestmark = BROWSER_DB


@pytest.fixture
def strategy(municipality_a: Any, people: dict[str, Any]) -> Strategy:
    strategy = Strategy.objects.create(municipality=municipality_a, title="Digitales Amtsberg")
    make_strategy(strategy, fields=3, measures_per_field=3)
    add_monitoring_data(strategy)
    Measure.objects.filter(strategy=strategy).update(responsible=people["contributor"])
    return strategy


def check(page: Page, axe_script: Path, what: str, failures: list[str]) -> None:
    violations = axe_violations(page, axe_script)
    if violations:
        failures.append(describe(what, violations))


def test_the_monitoring_pages_have_no_axe_violations(
    page_as: Callable[..., Page], strategy: Strategy, axe_script: Path
) -> None:
    page = page_as("editor", bypass_csp=True)
    base = f"/kommunen/amtsberg/strategien/{strategy.pk}/umsetzung/"
    failures: list[str] = []
    for tail in ["", "massnahmen/?stale=1", "schritte/?state=overdue", "indikatoren/",
                 "massnahmen/?year=zwanzig"]:  # fmt: skip
        page.goto(base + tail)
        check(page, axe_script, base + tail, failures)
    indicator = strategy.indicators.first()
    page.goto(f"{base}indikatoren/{indicator.pk}/")
    expect(page.locator("#indicator-chart svg")).to_be_visible()
    check(page, axe_script, "indicator with chart", failures)
    page.get_by_label("Wert", exact=True).fill("12,5 %")
    page.get_by_label("Gemessen am").fill("2099-01-01")
    page.get_by_role("button", name="Wert speichern").click()
    expect(page.locator("#value-value_error")).to_contain_text("ohne Einheit")
    check(page, axe_script, "indicator value with errors", failures)
    page.goto(base)
    page.get_by_label("Eine Maßnahme gilt nach so vielen Tagen").fill("3")
    page.get_by_role("button", name="Einstellung speichern").click()
    expect(page.locator("#settings-stale_after_days_error")).to_be_visible()
    check(page, axe_script, "dashboard with a bad setting", failures)
    assert not failures, "\n".join(failures)


def test_the_lead_records_a_status_update_with_the_keyboard(
    page_as: Callable[..., Page], strategy: Strategy, axe_script: Path
) -> None:
    measure = strategy.measures.order_by("pk").first()
    page = page_as("contributor", bypass_csp=True)
    page.goto(f"/kommunen/amtsberg/strategien/{strategy.pk}/massnahmen/{measure.pk}/")
    summary = page.get_by_text("Stand erfassen", exact=True)
    summary.focus()
    page.keyboard.press("Enter")  # opens the accordion
    progress = page.get_by_label("Fortschritt (%)")
    expect(progress).to_be_visible()
    check_failures: list[str] = []
    check(page, axe_script, "measure page with the status form open", check_failures)
    # A progress of 150: refused, the form comes back open with the error.
    page.get_by_label("Stand vom").fill(timezone.localdate().isoformat())
    page.get_by_label("Status", exact=True).select_option("running")
    progress.fill("150")
    page.keyboard.press("Tab")
    page.get_by_label("was geschehen ist").fill("Die Schulungen haben begonnen.")
    page.get_by_label("was geschehen ist").press("Tab")
    page.keyboard.press("Enter")  # the submit button follows the note
    expect(page.locator("#status-progress_percent_error")).to_contain_text("0 bis 100")
    check(page, axe_script, "status update with errors", check_failures)
    assert not StatusUpdate.objects.filter(note="Die Schulungen haben begonnen.").exists()
    page.get_by_label("Fortschritt (%)").fill("60")
    page.get_by_label("Fortschritt (%)").press("Enter")  # submits the form
    expect(page.locator("#status-updates")).to_contain_text("Die Schulungen haben begonnen.")
    expect(page.locator("#status-updates")).to_contain_text("von Contributor Amtsberg")
    measure.refresh_from_db()
    assert (measure.status, measure.progress_percent) == ("running", 60)
    assert not check_failures, "\n".join(check_failures)
