"""The export page of the strategy document in a real browser: choose a format and a
version, get to the job page and the file; axe on the page, also with an error shown."""

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from schreibwerkstatt.documents.services import ensure_chapters
from schreibwerkstatt.strategies.models import Measure, Strategy
from tests.browser.axe import axe_violations, describe
from tests.browser.helpers import BROWSER_DB, de

pytestmark = BROWSER_DB


def test_a_reader_exports_the_document_as_odt_and_gets_the_file(
    page_as: Callable[..., Page],
    municipality_a: Any,
    axe_script: Path,
    scanned_pages: list[str],
) -> None:
    strategy = Strategy.objects.create(municipality=municipality_a, title="Digitales Amtsberg 2030")
    Measure.objects.create(strategy=strategy, title="Mängelmelder")
    ensure_chapters(strategy)
    page = page_as("reader", bypass_csp=True)
    url = f"/kommunen/amtsberg/strategien/{strategy.pk}/dokument/export/"
    page.goto(url)
    violations = axe_violations(page, axe_script)
    assert not violations, describe("document export page", violations)
    scanned_pages.append("document export page (reader)")

    # Nothing chosen: the German message is shown and tied to the group of choices.
    page.evaluate(
        "document.querySelectorAll('input[name=fmt]').forEach(r => { r.checked = false })"
    )
    page.get_by_role("button", name=de("Create file")).click()
    expect(page.locator("#id_fmt_error")).to_have_text(de("Please choose a file format."))
    violations = axe_violations(page, axe_script)
    assert not violations, describe("document export page with an error", violations)
    scanned_pages.append("document export page with an error (reader)")

    page.get_by_label(de("OpenDocument (ODT, for LibreOffice)")).check()
    page.get_by_label(de("Current draft, as of today")).check()
    page.get_by_role("button", name=de("Create file")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        de("Strategy document as OpenDocument (ODT)")
    )
    with page.expect_download() as info:
        page.get_by_role("link", name="digitales-amtsberg-2030.odt").click()
    download = info.value
    assert download.suggested_filename == "digitales-amtsberg-2030.odt"
    with zipfile.ZipFile(download.path()) as package:
        assert "Mängelmelder" in package.read("content.xml").decode()
