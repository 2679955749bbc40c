"""Exports as background jobs in a real browser: the job page follows the job by itself
(htmx polling), announces the change and then offers the file."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from schreibwerkstatt.jobs.models import Job
from schreibwerkstatt.jobs.services import run_job
from schreibwerkstatt.strategies.models import Measure, Strategy
from tests.browser.axe import axe_violations, describe
from tests.browser.helpers import BROWSER_DB, de

pytestmark = BROWSER_DB


def _strategy(municipality: Any) -> Strategy:
    strategy = Strategy.objects.create(municipality=municipality, title="Digitales Amtsberg 2030")
    Measure.objects.create(strategy=strategy, title="Mängelmelder")
    return strategy


def test_the_job_page_follows_a_waiting_job_until_the_file_is_ready(
    page_as: Callable[..., Page],
    municipality_a: Any,
    people: dict[str, Any],
    axe_script: Path,
    scanned_pages: list[str],
) -> None:
    strategy = _strategy(municipality_a)
    job = Job.objects.create(
        municipality=municipality_a,
        strategy=strategy,
        user=people["reader"],
        kind="export_csv",
        message=de("The job is waiting to start …"),
    )
    page = page_as("reader", bypass_csp=True)
    page.goto(f"/kommunen/amtsberg/auftraege/{job.pk}/")
    live = page.get_by_role("status").filter(has_text=de("The job is waiting to start …"))
    expect(live).to_have_attribute("aria-live", "polite")
    expect(page.get_by_label(de("Progress: %(percent)s %%") % {"percent": 0})).to_be_visible()
    violations = axe_violations(page, axe_script)
    assert not violations, describe("job page while waiting", violations)
    scanned_pages.append("job page while waiting (reader)")

    run_job(str(job.pk))  # what the worker does meanwhile

    ready = de("The file is ready. You can download it now.")
    expect(page.locator("#job-live")).to_have_text(ready, timeout=10_000)
    filename = "digitales-amtsberg-2030-massnahmen.csv"
    expect(page.locator("#job-progress-bar")).to_have_attribute("value", "100")
    with page.expect_download() as info:
        page.get_by_role("link", name=de("Download %(name)s") % {"name": filename}).click()
    download = info.value
    assert download.suggested_filename == filename
    assert "Mängelmelder" in Path(download.path()).read_text(encoding="utf-8-sig")
    violations = axe_violations(page, axe_script)
    assert not violations, describe("job page when done (after htmx swaps)", violations)
    scanned_pages.append("job page when done, after htmx swaps (reader)")


def test_a_click_on_an_export_button_leads_to_the_job_and_its_file(
    page_as: Callable[..., Page], municipality_a: Any
) -> None:
    strategy = _strategy(municipality_a)
    page = page_as("editor")
    page.goto(f"/kommunen/amtsberg/strategien/{strategy.pk}/austausch/")
    page.get_by_role("button", name=de("Whole strategy as open data (JSON)")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        de("Export of the strategy as open data (JSON)")
    )
    with page.expect_download() as info:
        page.get_by_role("link", name="digitales-amtsberg-2030.json").click()
    assert info.value.suggested_filename == "digitales-amtsberg-2030.json"
    page.get_by_role("link", name=de("Back to import and export")).click()
    expect(page.locator("#recent-jobs")).to_contain_text(
        de("Export of the strategy as open data (JSON)")
    )
