"""The handbook in Chromium: hostile Markdown of a guide and of an entry question runs
nothing (no dialog, no script), the “Help on this page” panel opens by keyboard, and the
handbook's pages pass axe (the pages themselves are in the crawl of test_accessibility.py;
here also with a picture, a download and the operator's form with errors)."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.urls import reverse
from playwright.sync_api import Page, expect

from schreibwerkstatt.guides import services
from schreibwerkstatt.guides.models import Guide, Question
from schreibwerkstatt.guides.tests import samples
from tests.browser.axe import axe_violations, describe
from tests.browser.helpers import BROWSER_DB, de

pytestmark = BROWSER_DB

# Each payload would set window.__pwned or open a dialog if it ran.
HOSTILE = """## Abschnitt mit Fallen

<script>window.__pwned = "script"; alert("script")</script>

<img src="/nicht-da.png" onerror="window.__pwned = 'onerror'; alert('onerror')">

<a id="js-link" href="javascript:window.__pwned='link';alert('link')">Klick mich</a>
[Markdown-Link](javascript:window.__pwned='md';alert('md'))

<svg width="10" height="10" onload="window.__pwned='svg-onload'"><script>window.__pwned='svg'</script></svg>

<p onmouseover="window.__pwned='hover'">Fahr mit der Maus hierher</p>

<iframe src="javascript:window.top.__pwned='iframe'"></iframe>
"""


def open_and_try_everything(page: Page, url: str) -> list[str]:
    """Open the page, click and hover what the payloads hid behind; the dialogs that opened."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    for text in ("Klick mich", "Markdown-Link"):
        link = page.get_by_text(text)
        if link.count():
            link.first.click()
    page.get_by_text("Fahr mit der Maus hierher").first.hover()
    page.wait_for_timeout(300)
    return dialogs


def test_hostile_markdown_runs_nothing_in_a_guide_or_an_answer(
    page_as: Callable[..., Page], people: dict[str, Any]
) -> None:
    guide = Guide.objects.create(
        slug="fallen", title="Leitfaden mit Fallen", summary="Prüfung.", body=HOSTILE, phase=3
    )
    Question.objects.create(question="Was passiert hier?", answer=HOSTILE, guide=guide)
    # Without the Content-Security-Policy, which would block inline scripts by itself: the
    # sanitising alone must make the Markdown harmless.
    page = page_as("coordinator", bypass_csp=True)
    for url in (guide.get_absolute_url(), reverse("guides:questions")):
        assert open_and_try_everything(page, url) == [], url
        assert page.evaluate("window.__pwned") is None, url
        expect(page.locator("#main script, #main svg, #main iframe")).to_have_count(0)
        expect(page.locator("[onerror], [onmouseover], [onload]")).to_have_count(0)
        expect(page.locator('a[href^="javascript"]')).to_have_count(0)


def test_the_help_panel_opens_by_keyboard_and_leads_to_the_guide_section(
    page_as: Callable[..., Page], strategy: Any
) -> None:
    Guide.objects.all().delete()  # the shipped guide of the strategy list, "vorbereitung"
    guide = Guide.objects.create(
        slug="hilfe", title="Leitfaden der Strategieliste", summary="Was die Liste zeigt.",
        body="## Worum es geht\n\nText.\n\n## Wer macht was?\n\nText.", pages=["strategies:list"],
    )  # fmt: skip
    services.forget_help_index()
    page = page_as("coordinator")
    page.goto(reverse("strategies:list", args=["amtsberg"]))
    summary = page.get_by_text(de("Help on this page"), exact=True)
    link = page.get_by_role("link", name="Wer macht was?")
    expect(link).to_be_hidden()
    summary.focus()
    page.keyboard.press("Enter")
    expect(link).to_be_visible()
    expect(page.get_by_text("Was die Liste zeigt.")).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile(r"/leitfaeden/hilfe/#wer-macht-was$"))
    expect(page.get_by_role("heading", name="Wer macht was?")).to_be_visible()
    assert guide.slug in page.url


def test_the_handbook_pages_with_picture_download_and_errors_pass_axe(
    page_as: Callable[..., Page], axe_script: Path, people: dict[str, Any]
) -> None:
    guide = Guide.objects.create(
        slug="mit-anhang", title="Leitfaden mit Anhängen", summary="Mit Bild und Download.",
        body="## Erster Abschnitt\n\nText.\n\n## Zweiter Abschnitt\n\n| A | B |\n|---|---|\n| 1 | 2 |",
        phase=1,
    )  # fmt: skip
    picture = services.add_attachment(
        guide, title="Karte des Amtes", kind="image", filename="karte.png",
        content_type="image/png", content=samples.png(),
    )  # fmt: skip
    services.add_attachment(
        guide, title="Zeitplan", kind="download", filename="zeitplan.pdf",
        content_type="application/pdf", content=samples.PDF,
    )  # fmt: skip
    guide.body += f"\n\n![Karte des Amtes]({picture.get_absolute_url()})"
    guide.save()
    anonymous = page_as("anonymous", bypass_csp=True)
    problems = []
    for url in (reverse("guides:index"), guide.get_absolute_url(), reverse("guides:questions")):
        anonymous.goto(url)
        if violations := axe_violations(anonymous, axe_script):
            problems.append(describe(url, violations))
    expect(anonymous.get_by_role("img", name="Karte des Amtes")).to_have_count(0)  # last: FAQ
    anonymous.goto(guide.get_absolute_url())
    expect(anonymous.get_by_role("img", name="Karte des Amtes")).to_be_visible()
    operator = page_as("operator", bypass_csp=True)
    operator.goto(reverse("guides:edit", args=[guide.slug]))
    operator.get_by_label(de("Title"), exact=True).first.fill("")
    operator.get_by_role("button", name=de("Save")).click()
    expect(operator.locator('[aria-invalid="true"]').first).to_be_visible()
    if violations := axe_violations(operator, axe_script):
        problems.append(describe("guide edit form with errors", violations))
    operator.get_by_role("button", name=de("Upload")).click()
    expect(operator.get_by_text(de("Please choose a file."))).to_be_visible()
    if violations := axe_violations(operator, axe_script):
        problems.append(describe("attachment form with errors", violations))
    assert not problems, "\n".join(problems)
