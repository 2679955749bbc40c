"""The exchange in a real browser, on the demo's data (demo/discussions.py): the demo
coordinator and the demo operator walk their spaces, a topic with replies, the directory and
the forms (also with errors), at 1366 and 390 px; axe and the layout net on every page.
Screenshots go to var/screenshots/discussions/ for a person to look at."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from schreibwerkstatt.discussions.models import Post, Space, Topic
from schreibwerkstatt.inbox.models import Kind, Notification
from tests.browser.axe import axe_violations, describe
from tests.browser.helpers import BROWSER_DB, de, log_in_by_cookie
from tests.browser.layout import WIDTHS, layout_defects

pytestmark = BROWSER_DB
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "discussions"


def check(page: Page, axe_script: Path, scanned: list[str], who: str, what: str) -> None:
    """No axe violations, nothing wider than the viewport or overlapping at both widths;
    a screenshot at each width."""
    scanned.append(f"{what} ({who})")
    violations = axe_violations(page, axe_script)
    assert not violations, describe(what, violations)
    defects = layout_defects(page)
    assert not defects, "\n".join([f"{what}:", *defects])
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{who}-{what}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def demo_page(browser: Browser, context_args: dict, base_url: str, email: str) -> Page:
    context = browser.new_context(**context_args, bypass_csp=True)
    log_in_by_cookie(context, get_user_model().objects.get(email=email), base_url)
    return context.new_page()


def test_the_coordinator_and_the_operator_walk_the_demo_exchange(
    browser: Browser,
    browser_context_args: dict[str, Any],
    base_url: str,
    axe_script: Path,
    scanned_pages: list[str],
) -> None:
    call_command("demo")
    space = Space.objects.get(series__slug="herbst-2026")
    statewide = Space.objects.get(kind="statewide")
    survey = Topic.objects.get(title__startswith="Wie habt ihr")

    page = demo_page(browser, browser_context_args, base_url, "koordination@demo.example")
    page.goto("/")
    page.get_by_role("link", name=de("Exchange"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(de("Exchange"))
    check(page, axe_script, scanned_pages, "coordinator", "my-spaces")
    page.get_by_role("link", name="Schreibwerkstatt Herbst 2026").click()
    expect(page.get_by_role("link", name=survey.title)).to_be_visible()
    check(page, axe_script, scanned_pages, "coordinator", "series-space")
    page.get_by_role("link", name=survey.title).click()
    expect(page.get_by_text("70 %")).to_be_visible()
    check(page, axe_script, scanned_pages, "coordinator", "topic")

    # An empty reply: a German message, nothing stored.
    before = Post.objects.count()
    page.get_by_role("button", name=de("Publish the reply")).click()
    expect(
        page.get_by_text("Bitte schreiben Sie einen Text. Es wurde nichts gespeichert.")
    ).to_be_visible()
    assert Post.objects.count() == before
    check(page, axe_script, scanned_pages, "coordinator", "reply-empty")
    page.get_by_label(de("Your reply")).fill("Wir haben die **Fachämter** einzeln befragt.")
    page.get_by_role("button", name=de("Publish the reply")).click()
    expect(page.locator("strong", has_text="Fachämter")).to_be_visible()
    assert Post.objects.count() == before + 1

    # A mention picked by keyboard from the space's people (core's combobox): Norbert is
    # told; the list offers nobody outside the series (Lena, the demo reader, is not in it).
    field = page.get_by_role("combobox", name=de("Your reply"))
    field.focus()
    page.keyboard.type("Danke, @No")
    listbox = page.get_by_role("listbox")
    expect(listbox.get_by_role("option")).to_have_text(["Norbert Neumann"])
    page.keyboard.press("ArrowDown")
    check(page, axe_script, scanned_pages, "coordinator", "mention-suggestions")
    page.keyboard.press("Enter")
    expect(field).to_have_value("Danke, @Norbert Neumann ")
    page.keyboard.type("für den Tipp.")
    page.get_by_role("button", name=de("Publish the reply")).click()
    expect(page.locator(".sw-mention").last).to_have_text("@Norbert Neumann")
    assert Notification.objects.filter(
        kind=Kind.MENTION, recipient__email="nachbar@demo.example"
    ).exists()
    field = page.get_by_role("combobox", name=de("Your reply"))
    field.fill("Hallo @Lena Lorenz")
    page.get_by_role("button", name=de("Publish the reply")).click()
    expect(page.get_by_text("Niemand in diesem Raum heißt „@Lena Lorenz“")).to_be_visible()
    check(page, axe_script, scanned_pages, "coordinator", "mention-refused")

    page.get_by_role("link", name=de("Edit")).last.click()
    check(page, axe_script, scanned_pages, "coordinator", "edit-post")
    page.goto(f"/austausch/raeume/{space.pk}/neu/")
    page.get_by_role("button", name=de("Publish the topic")).click()
    expect(page.get_by_text("Bitte geben Sie dem Thema einen Titel.")).to_be_visible()
    check(page, axe_script, scanned_pages, "coordinator", "new-topic-errors")
    page.goto(f"/austausch/raeume/{space.pk}/teilnehmende/")
    expect(page.get_by_text("Rainer Rosenthal")).to_be_visible()
    check(page, axe_script, scanned_pages, "coordinator", "directory")
    page.get_by_role("link", name=de("Add your entry")).click()
    check(page, axe_script, scanned_pages, "coordinator", "directory-entry")
    page.goto(f"/austausch/raeume/{statewide.pk}/")
    check(page, axe_script, scanned_pages, "coordinator", "statewide-space")
    page.goto("/termine/herbst-2026/")
    expect(page.locator("#series-discussion")).to_be_visible()
    page.context.close()

    # The operator moderates: hides a reply, locks and moves a topic.
    page = demo_page(browser, browser_context_args, base_url, "betrieb@demo.example")
    page.goto(f"/austausch/themen/{survey.pk}/")
    page.get_by_role("button", name=f"{de('Hide')} den Beitrag von Norbert Neumann").click()
    expect(page.get_by_text(de("hidden by the moderation")).first).to_be_visible()
    check(page, axe_script, scanned_pages, "operator", "topic-moderated")
    page.get_by_role("link", name=de("Move the topic")).click()
    check(page, axe_script, scanned_pages, "operator", "move")
    page.get_by_label(de("Move to")).select_option(label="Austausch im ganzen Land")
    page.get_by_role("button", name=de("Move the topic")).click()
    expect(page.get_by_text("verschoben")).to_be_visible()
    assert Topic.objects.get(pk=survey.pk).space == statewide
    page.goto(f"/austausch/raeume/{statewide.pk}/")
    check(page, axe_script, scanned_pages, "operator", "statewide-space")
    # The operator is no participant: the directory is closed.
    response = page.goto(f"/austausch/raeume/{space.pk}/teilnehmende/")
    assert response is not None and response.status == 403
    page.context.close()
