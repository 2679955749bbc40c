"""The main paths through the app, driven in a real browser with the German UI."""

import re
from collections.abc import Callable
from typing import Any

from django.core import mail
from django.db.models import QuerySet
from playwright.sync_api import ConsoleMessage, Page, expect

from schreibwerkstatt.municipalities.models import Membership, Role
from schreibwerkstatt.process.check import criteria_of
from schreibwerkstatt.process.models import ChecklistItem
from tests.browser.helpers import BROWSER_DB, de
from tests.factories import PASSWORD

pytestmark = BROWSER_DB

INVITE_LINK = re.compile(r"https?://\S+/einladung/[^/\s]+/")
# Also turn the DOM's CSP events into console messages, in case the browser logs none.
REPORT_CSP_EVENTS = """document.addEventListener("securitypolicyviolation", (event) => console.error(
  `Content Security Policy violation: ${event.violatedDirective} blocked ${event.blockedURI}`));"""
# Set window.__settled once htmx has settled the next swap of the checklist.
SETTLED = """() => {
  window.__settled = false;
  document.body.addEventListener("htmx:afterSettle", () => { window.__settled = true; }, {once: true});
}"""
INLINE_STYLE = """() => {
  const style = document.createElement("style");
  style.textContent = "p { color: red }";
  document.head.append(style);
}"""


def phase_items(municipality: Any, phase: int = 0) -> QuerySet[ChecklistItem]:
    """The checklist items of a phase, in their order on the phase page."""
    return ChecklistItem.objects.filter(municipality=municipality, phase=phase).order_by("position")


def first_open_item(municipality: Any, phase: int = 0) -> ChecklistItem:
    return phase_items(municipality, phase).filter(done=False)[0]


def test_it_logs_the_coordinator_in_through_the_german_form_and_shows_the_dashboard_of_amtsberg(
    page: Page, people: dict[str, Any], live_server: Any
) -> None:
    page.goto("/anmelden/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.get_by_label("E-Mail-Adresse").fill(people["coordinator"].email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()

    expect(page).to_have_url(f"{live_server.url}/kommunen/amtsberg/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Amtsberg")
    expect(page.get_by_role("link", name="Übersicht")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def test_it_lets_an_invited_person_create_an_account_and_land_on_the_dashboard(
    page_as: Callable[..., Page], municipality_a: Any, live_server: Any
) -> None:
    coordinator = page_as("coordinator")
    coordinator.goto("/kommunen/amtsberg/mitglieder/einladen/")
    coordinator.get_by_label(de("E-mail address")).fill("Neu.Person@Amtsberg.example")
    coordinator.get_by_label(de("Role")).select_option(Role.EDITOR)
    coordinator.get_by_role("button", name=de("Send invitation")).click()

    expect(coordinator).to_have_url(f"{live_server.url}/kommunen/amtsberg/mitglieder/")
    expect(coordinator.get_by_role("status")).to_contain_text("neu.person@amtsberg.example")
    assert len(mail.outbox) == 1
    invitation_mail = mail.outbox[0]
    assert invitation_mail.to == ["neu.person@amtsberg.example"]
    match = INVITE_LINK.search(str(invitation_mail.body))
    assert match, f"no invitation link in the mail:\n{invitation_mail.body}"

    invited = page_as("anonymous")  # a fresh browser context: nobody logged in
    invited.goto(match.group(0))
    invited.get_by_label(de("Your name")).fill("Neu Person")
    invited.get_by_label(de("Password"), exact=True).fill("Ein-langes-Passwort-2026")
    invited.get_by_label(de("Repeat password")).fill("Ein-langes-Passwort-2026")
    invited.get_by_role("button", name=de("Create account and accept")).click()

    expect(invited).to_have_url(f"{live_server.url}/kommunen/amtsberg/")
    expect(invited.get_by_role("heading", level=1)).to_have_text("Amtsberg")
    expect(invited.get_by_role("button", name=de("Log out"))).to_be_visible()
    membership = Membership.objects.get(user__email="neu.person@amtsberg.example")
    assert (membership.municipality, membership.role) == (municipality_a, Role.EDITOR)


def test_it_ticks_a_checklist_item_with_the_mark_as_done_button(
    page_as: Callable[..., Page], municipality_a: Any
) -> None:
    item = first_open_item(municipality_a)
    page = page_as("coordinator")
    page.goto("/kommunen/amtsberg/phasen/0/")
    row = page.locator(f"#item-{item.pk}")

    row.get_by_role("button", name=f"{de('Mark as done')} – {item.title}").click()

    expect(row).to_have_class(re.compile(r"\bsw-checklist__item--done\b"))
    expect(row.get_by_role("button", name=f"{de('Reopen')} – {item.title}")).to_be_visible()
    expect(row).to_contain_text(de("Done:"))
    # The phase's points: its checklist and its automatic criteria (none met: no strategy yet).
    total = phase_items(municipality_a).count() + len(criteria_of(0))
    expect(page.locator("#phase-progress-bar")).to_have_attribute("value", str(round(100 / total)))
    item.refresh_from_db()
    assert item.done is True
    assert item.done_at is not None


def test_it_ticks_a_checklist_item_with_the_keyboard_alone_and_keeps_the_focus_on_it(
    page_as: Callable[..., Page], municipality_a: Any
) -> None:
    item = first_open_item(municipality_a)
    page = page_as("coordinator")
    page.goto("/kommunen/amtsberg/phasen/0/")
    button = page.locator(f"#item-{item.pk}").get_by_role(
        "button", name=f"{de('Mark as done')} – {item.title}"
    )

    for _ in range(80):
        page.keyboard.press("Tab")
        if button.evaluate("element => element === document.activeElement"):
            break
    else:
        raise AssertionError("the 'mark as done' button cannot be reached with the Tab key")
    page.keyboard.press("Enter")

    reopen = page.locator(f"#item-{item.pk}").get_by_role(
        "button", name=f"{de('Reopen')} – {item.title}"
    )
    expect(reopen).to_be_visible()
    expect(reopen).to_be_focused()
    item.refresh_from_db()
    assert item.done is True


def test_it_shows_no_content_security_policy_violations_on_the_dashboard_and_a_phase(
    page_as: Callable[..., Page], municipality_a: Any
) -> None:
    page = page_as("coordinator")
    page.context.add_init_script(REPORT_CSP_EVENTS)
    reports: list[str] = []

    def collect(message: ConsoleMessage) -> None:
        if "content security policy" in message.text.lower():
            reports.append(f"{page.url}: {message.text}")

    page.on("console", collect)
    page.goto("/kommunen/amtsberg/")
    page.goto("/kommunen/amtsberg/phasen/0/")
    item = first_open_item(municipality_a)
    row = page.locator(f"#item-{item.pk}")
    row.get_by_role("button", name=re.compile(re.escape(de("Mark as done")))).click()
    expect(row).to_have_class(re.compile(r"\bsw-checklist__item--done\b"))

    assert reports == [], "\n".join(reports)
    # The listener does hear a violation: an inline style is refused by the policy.
    page.evaluate(INLINE_STYLE)
    for _ in range(40):
        if reports:
            break
        page.wait_for_timeout(50)
    assert reports, "no console message for an inline style, so the check above proves nothing"


def test_it_moves_a_checklist_item_down_with_the_keyboard_and_keeps_the_focus_on_it(
    page_as: Callable[..., Page], municipality_a: Any
) -> None:
    first, second = phase_items(municipality_a)[:2]
    page = page_as("coordinator")
    page.goto("/kommunen/amtsberg/phasen/0/")
    page.locator(f"#item-{first.pk}").get_by_role(
        "button", name=f"{de('Down')} – {first.title}"
    ).focus()

    page.keyboard.press("Enter")

    expect(page.locator(".sw-checklist__item").nth(1)).to_have_id(f"item-{first.pk}")
    expect(
        page.locator(f"#item-{first.pk}").get_by_role(
            "button", name=f"{de('Down')} – {first.title}"
        )
    ).to_be_focused()
    order = phase_items(municipality_a).values_list("pk", flat=True)
    assert list(order[:2]) == [second.pk, first.pk]


def moved(page: Page, press: Callable[[], None]) -> None:
    """Press, then wait until the server has answered the move and htmx has settled the new
    list, so nothing is read from the old list and no request outlives the test."""
    page.evaluate(SETTLED)
    with page.expect_response(lambda r: "/verschieben/" in r.url and r.request.method == "POST"):
        press()
    page.wait_for_function("() => window.__settled === true")


def test_the_focus_stays_when_an_item_reaches_the_top(
    page_as: Callable[..., Page], municipality_a: Any
) -> None:
    first, second = phase_items(municipality_a)[:2]
    page = page_as("coordinator")
    page.goto("/kommunen/amtsberg/phasen/0/")
    up = page.locator(f"#item-{second.pk}").get_by_role(
        "button", name=f"{de('Up')} – {second.title}"
    )
    up.focus()

    moved(page, lambda: page.keyboard.press("Enter"))

    expect(page.locator(".sw-checklist__item").first).to_have_id(f"item-{second.pk}")
    expect(up).to_have_attribute("aria-disabled", "true")
    expect(up).not_to_have_attribute("disabled", re.compile(".*"))  # still focusable
    expect(up).to_be_focused()
    # Once more at the top: the server answers with the same list, nothing moves, and the
    # focus is on the button of the new list.
    moved(page, lambda: page.keyboard.press("Enter"))
    expect(page.locator(".sw-checklist__item").first).to_have_id(f"item-{second.pk}")
    expect(up).to_have_attribute("aria-disabled", "true")
    expect(up).to_be_focused()
    order = phase_items(municipality_a).values_list("pk", flat=True)
    assert list(order[:2]) == [second.pk, first.pk]
