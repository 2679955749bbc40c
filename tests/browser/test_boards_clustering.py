"""The facilitator's clustering tools in Chromium against one granian process with real
WebSockets (tests/app_server.py), as test_boards_live.py: a card grouped with the keyboard
through its "Gruppe:" menu, cards dropped onto another column and onto a group with the drag
events of a mouse (board.js posts the same forms). Each change comes back over the socket,
another browser sees it, and the screen reader hears what moved through the board's
announcer; axe finds nothing on the board in the cluster phase with every tool open."""

import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.app_server import PASSWORD, ROOT, AppServers, free_port
from tests.browser.axe import axe_violations, describe

# A second column, three cards of the first coordinator, the phase "cluster" and one group.
EXTRA = """
from schreibwerkstatt.accounts.models import User
from schreibwerkstatt.boards import clustering, services
from schreibwerkstatt.boards.models import Board
board = Board.objects.get(pk={board})
anna = User.objects.get(email="a@zweistadt.example")
first = board.columns.get()
services.add_column(board, "Zweite Spalte")
for text in ["Karte eins", "Karte zwei", "Karte drei"]:
    services.add_card(board, first, author=anna, text=text, category="idea")
board = Board.objects.get(pk=board.pk)
board = services.set_phase(board, "cluster", expected_version=board.version)
clustering.add_cluster(board, first, "Gruppe A")
"""


@pytest.fixture
def clustering_board(tmp_path):
    servers = AppServers(tmp_path)
    board, _column = servers.set_up()
    subprocess.run(
        [sys.executable, "-m", "schreibwerkstatt", "shell", "-c", EXTRA.format(board=board)],
        env=servers.env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    port = free_port()
    servers.start(port)
    try:
        yield port, board
    finally:
        servers.stop_all()


def open_board(browser, port: int, email: str, board: int, width: int = 1366):
    context = browser.new_context(
        locale="de-DE", viewport={"width": width, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    base = f"http://127.0.0.1:{port}"
    page.goto(f"{base}/anmelden/")
    page.fill("input[name=username]", email)
    page.fill("input[type=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto(f"{base}/kommunen/zweistadt/werkstatt/{board}/")
    expect(page.locator("#board-connection")).to_be_hidden()
    return page


def card_id(page, text: str) -> str:
    return page.locator(".sw-card", has_text=text).get_attribute("id")


def drag(page, card: str, target: str) -> None:
    """A card taken by its text and dropped on `target` (a column or a group): the events
    a mouse drag sends, dispatched as Chromium would (headless Chromium starts a native
    drag only now and then)."""
    data = page.evaluate_handle("new DataTransfer()")
    source = page.locator(f"#{card} .sw-card__text")
    source.hover()
    page.locator(f"#{card}").dispatch_event("dragstart", {"dataTransfer": data})
    heading = page.locator(f"#{target}-title")
    heading.dispatch_event("dragenter", {"dataTransfer": data})
    heading.dispatch_event("dragover", {"dataTransfer": data})
    heading.dispatch_event("drop", {"dataTransfer": data})
    page.locator(f"#{card}").dispatch_event("dragend", {"dataTransfer": data})


def test_the_facilitator_groups_a_card_with_the_keyboard(browser, clustering_board, axe_script):
    port, board = clustering_board
    anna = open_board(browser, port, "a@zweistadt.example", board)
    bernd = open_board(browser, port, "b@zweistadt.example", board, width=390)
    group = anna.locator(".sw-board__cluster", has_text="Gruppe A")
    pk = card_id(anna, "Karte eins").removeprefix("card-")
    menu = anna.locator(f"#group-{pk}")
    expect(anna.get_by_label(re.compile(r"^Gruppe: \(Karte eins\)"))).to_have_count(1)
    menu.focus()
    anna.keyboard.press("ArrowDown")  # "Keine Gruppe" → "Gruppe A"
    expect(menu).to_have_value(re.compile(r"\d+"))
    anna.keyboard.press("Tab")
    expect(anna.locator(f"#group-button-{pk}")).to_be_focused()
    anna.keyboard.press("Enter")
    # the board comes back over the socket with the card in its group, for both
    expect(group.locator(".sw-card__text", has_text="Karte eins")).to_be_visible(timeout=15000)
    bernds_group = bernd.locator(".sw-board__cluster", has_text="Gruppe A")
    expect(bernds_group.locator(".sw-card__text", has_text="Karte eins")).to_be_visible(
        timeout=15000
    )
    said = "Karte „Karte eins“ in Gruppe „Gruppe A“ verschoben."
    expect(anna.locator("#board-announcer")).to_have_text(said, timeout=15000)
    expect(bernd.locator("#board-announcer")).to_have_text(said, timeout=15000)
    # the focus stayed on the button that was pressed, the page was not reloaded
    expect(anna.locator(f"#group-button-{pk}")).to_be_focused()
    # and out again: "Keine Gruppe"
    anna.locator(f"#group-{pk}").select_option("")
    anna.locator(f"#group-button-{pk}").press("Enter")
    expect(group.locator(".sw-card__text", has_text="Karte eins")).to_have_count(0, timeout=15000)
    assert bernd.evaluate("document.documentElement.scrollWidth") <= 390
    # the cluster phase with the group, its tools and every menu open
    anna.locator(f"#group-{pk}").select_option(label="Gruppe A")
    anna.locator(f"#group-button-{pk}").press("Enter")
    expect(group.locator(".sw-card__text", has_text="Karte eins")).to_be_visible(timeout=15000)
    anna.evaluate("document.querySelectorAll('#board-live details').forEach(d => d.open = true)")
    violations = axe_violations(anna, axe_script)
    assert not violations, describe("board in the cluster phase", violations)


def test_the_facilitator_drags_cards_to_another_column_and_into_a_group(browser, clustering_board):
    port, board = clustering_board
    anna = open_board(browser, port, "a@zweistadt.example", board)
    second = anna.get_by_role("region", name=re.compile(r"^Zweite Spalte"))
    zwei = card_id(anna, "Karte zwei")
    drag(anna, zwei, second.get_attribute("id"))
    expect(second.locator(".sw-card__text", has_text="Karte zwei")).to_be_visible(timeout=15000)
    expect(anna.locator("#board-announcer")).to_have_text(
        "Eine Karte wurde nach „Zweite Spalte“ verschoben.", timeout=15000
    )
    group = anna.locator(".sw-board__cluster", has_text="Gruppe A")
    drei = card_id(anna, "Karte drei")
    drag(anna, drei, group.get_attribute("id"))
    expect(group.locator(".sw-card__text", has_text="Karte drei")).to_be_visible(timeout=15000)
    expect(anna.locator("#board-announcer")).to_have_text(
        "Karte „Karte drei“ in Gruppe „Gruppe A“ verschoben.", timeout=15000
    )
    # from the other column straight into the group: moved, then grouped
    drag(anna, zwei, group.get_attribute("id"))
    expect(group.locator(".sw-card__text", has_text="Karte zwei")).to_be_visible(timeout=15000)
