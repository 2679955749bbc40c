"""The inbox in a real browser: axe and the layout net (1366 and 390 px) on the filled inbox,
its settings and the header with the bell; opening a notification by keyboard marks it read
and goes to its page; the bell's count follows."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from schreibwerkstatt.inbox.models import Kind, Notification
from schreibwerkstatt.inbox.services import notify
from tests.browser.axe import axe_violations, describe
from tests.browser.helpers import BROWSER_DB, de
from tests.browser.layout import layout_defects

pytestmark = BROWSER_DB


def _fill(person: Any) -> list[Notification]:
    rows = []
    for i, kind in enumerate([Kind.MENTION, Kind.ADVICE, Kind.WORKSHOP, Kind.REMINDER]):
        rows += notify(
            [person],
            kind=kind,
            subject=f"Nachricht {i}: Editor Amtsberg hat Sie in „Breitbandausbau im "
            f"ländlichen Raum mit sehr langem Titel“ erwähnt",
            body="Bitte prüfen Sie den Zeitplan bis Freitag.\n\nÖffnen: https://sw.example/x",
            url="/meine-aufgaben/",
        )
    return rows


def assert_clean(page: Page, axe_script: Path, scanned: list[str], what: str) -> None:
    """No axe violations, and at 1366 and 390 px nothing scrolls sideways or overlaps."""
    scanned.append(f"{what} (coordinator)")
    violations = axe_violations(page, axe_script)
    assert not violations, describe(what, violations)
    defects = layout_defects(page)
    assert not defects, "\n".join([f"{what}:", *defects])


def test_the_inbox_and_its_settings_are_accessible_at_both_widths(
    page_as: Callable[..., Page],
    people: dict[str, Any],
    axe_script: Path,
    scanned_pages: list[str],
) -> None:
    first, *_rest = _fill(people["coordinator"])
    page = page_as("coordinator", bypass_csp=True)
    page.goto("/benachrichtigungen/")
    bell = page.get_by_role("link", name="Benachrichtigungen, 4 ungelesen")
    expect(bell).to_be_visible()
    expect(bell).to_have_attribute("aria-current", "page")
    assert_clean(page, axe_script, scanned_pages, "inbox with four unread notifications")
    page.goto("/benachrichtigungen/einstellungen/")
    assert_clean(page, axe_script, scanned_pages, "inbox settings")
    page.goto("/")
    assert_clean(page, axe_script, scanned_pages, "start page with the bell")

    # Opening by keyboard: read, on its page, and the bell counts one less.
    page.goto("/benachrichtigungen/")
    page.get_by_role("button", name=f"{de('Open')} – {first.subject}").press("Enter")
    expect(page).to_have_url("/meine-aufgaben/")
    expect(page.get_by_role("link", name="Benachrichtigungen, 3 ungelesen")).to_be_visible()
    assert Notification.objects.get(pk=first.pk).read_at is not None

    page.goto("/benachrichtigungen/")
    page.get_by_role("button", name=de("Mark all as read")).click()
    expect(page.get_by_role("status").or_(page.locator(".kern-alert")).first).to_contain_text(
        "als gelesen markiert"
    )
    expect(page.get_by_role("link", name=de("Notifications"), exact=True)).to_be_visible()
    assert_clean(page, axe_script, scanned_pages, "inbox, all read")
