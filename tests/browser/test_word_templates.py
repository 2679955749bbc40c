"""The Word templates page in a real browser: a coordinator uploads a template with the
keyboard-reachable form, sees the German error for a bad file and the saved template; axe on
every state."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from schreibwerkstatt.exports.models import WordTemplate
from schreibwerkstatt.exports.tests.test_docx import municipal_template
from tests.browser.axe import axe_violations, describe
from tests.browser.helpers import BROWSER_DB, de

pytestmark = BROWSER_DB


def test_a_coordinator_uploads_a_word_template(
    page_as: Callable[..., Page],
    municipality_a: Any,
    axe_script: Path,
    scanned_pages: list[str],
    tmp_path: Path,
) -> None:
    page = page_as("coordinator", bypass_csp=True)
    page.goto("/kommunen/amtsberg/word-vorlagen/")
    expect(page.get_by_role("heading", level=1)).to_have_text(de("Word templates"))
    violations = axe_violations(page, axe_script)
    assert not violations, describe("Word templates page", violations)
    scanned_pages.append("Word templates page, empty (coordinator)")

    bad = tmp_path / "vorlage.docx"
    bad.write_bytes(b"kein Word")
    page.get_by_label(de("Word template")).set_input_files(str(bad))
    page.get_by_role("button", name=de("Check and save template")).click()
    expect(page.locator("#id_file_error")).to_contain_text("keine Word-Datei")
    violations = axe_violations(page, axe_script)
    assert not violations, describe("Word templates page with an error", violations)
    scanned_pages.append("Word templates page with an error (coordinator)")
    assert not WordTemplate.objects.exists()

    good = tmp_path / "Corporate Design.docx"
    good.write_bytes(municipal_template())
    page.get_by_label(de("Word template")).set_input_files(str(good))
    page.locator("#id_name").fill("Amtsberg CD")
    page.get_by_role("button", name=de("Check and save template")).click()
    expect(page.locator("#word-template-active")).to_contain_text("Amtsberg CD")
    violations = axe_violations(page, axe_script)
    assert not violations, describe("Word templates page with a template", violations)
    scanned_pages.append("Word templates page with a template (coordinator)")
    assert WordTemplate.objects.get().is_active
