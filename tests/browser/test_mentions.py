"""The @mention autocomplete in a real browser, by keyboard only (core/static/core/mentions.js):
type "@An", the combobox lists the people of the strategy who match (never one of another
municipality), Escape closes it, arrow down and Enter insert the name, the comment is sent
with the keyboard and the mentioned person finds it in the inbox. axe and the layout net at
1366 and 390 px with the list open; screenshots to $SW_SCREENSHOTS when it is set."""

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from schreibwerkstatt.comments.models import Comment
from schreibwerkstatt.inbox.models import Kind, Notification
from schreibwerkstatt.municipalities.models import Role
from schreibwerkstatt.strategies.models import Measure, Strategy
from tests.browser.axe import axe_violations, describe
from tests.browser.helpers import BROWSER_DB
from tests.browser.layout import layout_defects
from tests.factories import MembershipFactory, UserFactory

pytestmark = BROWSER_DB


def _check(page: Page, axe_script: Path, scanned: list[str], what: str) -> None:
    scanned.append(f"{what} (reader)")
    violations = axe_violations(page, axe_script)
    assert not violations, describe(what, violations)
    defects = layout_defects(page)
    assert not defects, "\n".join([what, *defects])
    folder = os.environ.get("SW_SCREENSHOTS")
    if folder:
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.locator(".sw-comments").screenshot(path=f"{folder}/mentions-{what}-{width}.png")
        page.set_viewport_size({"width": 1366, "height": 900})


def test_a_name_is_picked_by_keyboard_and_the_person_is_told(
    page_as: Callable[..., Page],
    people: dict[str, Any],
    municipality_a: Any,
    municipality_b: Any,
    axe_script: Path,
    scanned_pages: list[str],
) -> None:
    andreas = UserFactory(email="andreas@amtsberg.example", name="Andreas Ähnlich")
    anna = UserFactory(email="anna@amtsberg.example", name="Anna Weber-Schulz")
    for person in (andreas, anna):
        MembershipFactory(user=person, municipality=municipality_a, role=Role.READER)
    stranger = UserFactory(email="anke@birkenwerder.example", name="Anke Außen")
    MembershipFactory(user=stranger, municipality=municipality_b, role=Role.EDITOR)
    strategy = Strategy.objects.create(municipality=municipality_a, title="Amtsberg digital")
    measure = Measure.objects.create(strategy=strategy, title="Glasfaser für Schulen")

    page = page_as("reader", bypass_csp=True)
    page.goto(f"/kommunen/amtsberg/strategien/{strategy.pk}/massnahmen/{measure.pk}/")
    field = page.get_by_role("combobox", name="Ihr Kommentar")
    expect(field).to_have_attribute("aria-expanded", "false")
    listbox = page.get_by_role("listbox", name="Personen zum Erwähnen")

    # Tab to the field, as a keyboard user does; then "@An" opens the list.
    field.focus()
    page.keyboard.type("@An")
    expect(listbox).to_be_visible()
    expect(field).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("option")).to_have_text(["Andreas Ähnlich", "Anna Weber-Schulz"])
    expect(page.get_by_role("status").filter(has_text="2 Vorschläge")).to_have_count(1)
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(field).to_have_attribute("aria-expanded", "false")
    expect(field).to_have_value("@An")
    for _ in range(3):
        page.keyboard.press("Backspace")
    expect(field).to_have_value("")

    page.keyboard.type("Bitte prüfen, @An")
    expect(listbox.get_by_role("option")).to_have_count(2)
    page.keyboard.press("ArrowDown")
    first = listbox.get_by_role("option").first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(field).to_have_attribute("aria-activedescendant", first.get_attribute("id") or "-")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # wraps round to the first
    expect(first).to_have_attribute("aria-selected", "true")
    _check(page, axe_script, scanned_pages, "comment with the suggestions open")
    page.keyboard.press("Enter")
    expect(listbox).to_be_hidden()
    expect(field).to_have_value("Bitte prüfen, @Andreas Ähnlich ")
    page.keyboard.type("danke.")
    page.keyboard.press("Tab")  # to the button
    expect(page.get_by_role("button", name="Kommentar hinzufügen")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_text("Ihr Kommentar wurde gespeichert.")).to_be_visible()
    expect(page.locator(".sw-mention")).to_have_text(["@Andreas Ähnlich"])
    _check(page, axe_script, scanned_pages, "comment with a mention")
    comment = Comment.objects.get()
    assert comment.text == "Bitte prüfen, @Andreas Ähnlich danke."
    assert list(comment.mentions.all()) == [andreas]
    told = Notification.objects.get(kind=Kind.MENTION)
    assert told.recipient == andreas
