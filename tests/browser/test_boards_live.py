"""The live board in Chromium against the embedded default of `make run`: one granian
process with the in-memory channel layer (tests/app_server.py), two people in two browser
contexts. A card added in one browser appears in the other without reload, what the other is
typing stays; only its writer gets its delete button, and deleting it works from the board
as it came over the socket; when the server goes away the page says so, reconnects by itself
once it is back, and catches up with what was added meanwhile."""

import pytest
from playwright.sync_api import expect

from tests.app_server import PASSWORD, AppServers, free_port


@pytest.fixture
def one_process(tmp_path):
    servers = AppServers(tmp_path)
    board, _column = servers.set_up()
    port = free_port()
    servers.start(port)
    try:
        yield servers, port, board
    finally:
        servers.stop_all()


def open_board(browser, port: int, email: str, board: int, width: int):
    context = browser.new_context(locale="de-DE", viewport={"width": width, "height": 900})
    page = context.new_page()
    base = f"http://127.0.0.1:{port}"
    page.goto(f"{base}/anmelden/")
    page.fill("input[name=username]", email)
    page.fill("input[type=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto(f"{base}/kommunen/zweistadt/werkstatt/{board}/")
    return page


def add_card(page, text: str) -> None:
    form = page.locator("form.sw-board__add").first
    form.locator("textarea[name=text]").fill(text)
    form.get_by_role("button", name="Karte hinzufügen").click()


def test_two_browsers_see_each_others_cards_and_catch_up_after_a_lost_connection(
    browser, one_process
):
    servers, port, board = one_process
    anna = open_board(browser, port, "a@zweistadt.example", board, 1366)
    bernd = open_board(browser, port, "b@zweistadt.example", board, 390)
    banner = bernd.locator("#board-connection")
    expect(banner).to_be_hidden()
    bernd.locator("form.sw-board__add textarea").first.fill("halb getippt")

    add_card(anna, "Eine Idee aus dem ersten Browser")
    expect(
        bernd.locator(".sw-card__text", has_text="Eine Idee aus dem ersten Browser")
    ).to_be_visible(timeout=15000)
    expect(bernd.locator("form.sw-board__add textarea").first).to_have_value("halb getippt")
    expect(bernd.locator("#board-announcer")).to_have_text("Neue Karte in „Ideen“.", timeout=15000)
    # the writer's own form is empty again and the page was not reloaded
    expect(anna.locator("form.sw-board__add textarea").first).to_have_value("")
    # her own card came with her delete button (the board itself is shared, the own cards
    # come apart, snapshots.py); Bernd's copy of it has none
    mine = anna.locator(".sw-card", has_text="Eine Idee aus dem ersten Browser")
    theirs = bernd.locator(".sw-card", has_text="Eine Idee aus dem ersten Browser")
    expect(mine.get_by_role("button", name="Löschen")).to_be_visible()
    expect(theirs.get_by_role("button", name="Löschen")).to_have_count(0)
    # the shared board carries no CSRF token: board.js puts in the page's, so deleting works
    add_card(anna, "Gleich wieder weg")
    expect(bernd.locator(".sw-card__text", has_text="Gleich wieder weg")).to_be_visible(
        timeout=15000
    )
    anna.locator(".sw-card", has_text="Gleich wieder weg").get_by_role(
        "button", name="Löschen"
    ).click()
    expect(bernd.locator(".sw-card__text", has_text="Gleich wieder weg")).to_have_count(
        0, timeout=15000
    )
    expect(anna.locator(".sw-card__text", has_text="Gleich wieder weg")).to_have_count(0)

    servers.stop(port)
    expect(banner).to_be_visible(timeout=15000)
    expect(banner).to_have_text("Verbindung unterbrochen – wird wiederhergestellt")
    servers.start(port)
    # Anna's page reconnects too; what she adds then reaches Bernd, who catches up
    expect(anna.locator("#board-connection")).to_be_hidden(timeout=40000)
    add_card(anna, "Nach der Unterbrechung")
    expect(bernd.locator(".sw-card__text", has_text="Nach der Unterbrechung")).to_be_visible(
        timeout=40000
    )
    expect(banner).to_be_hidden()
    assert bernd.evaluate("document.documentElement.scrollWidth") <= 390


# Card text and note as people might paste them (tests/browser/test_guides.py has the rich-text
# corpus): each must arrive in the other browser as text, through the page and the socket.
XSS_CORPUS = [
    "<script>window.__pwned = 'script'</script>",
    '"><img src=x onerror="window.__pwned = \'img\'">',
    "<svg onload=\"window.__pwned = 'svg'\"></svg>",
    "javascript:window.__pwned='link'",
    "<a href=\"javascript:window.__pwned='a'\">klick</a>",
    "{{ 7*7 }} {% now 'Y' %}",
    "<!--card 1-->",
]


def test_hostile_card_texts_arrive_as_text_in_the_other_browser(browser, one_process):
    _servers, port, board = one_process
    anna = open_board(browser, port, "a@zweistadt.example", board, 1366)
    bernd = open_board(browser, port, "b@zweistadt.example", board, 390)
    dialogs: list[str] = []
    for page in (anna, bernd):
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for text in XSS_CORPUS:
        add_card(anna, text)
        expect(bernd.locator(".sw-card__text", has_text=text)).to_be_visible(timeout=15000)
    for page in (anna, bernd):
        page.reload()
        for text in XSS_CORPUS:
            expect(page.locator(".sw-card__text", has_text=text)).to_have_count(1)
        assert page.evaluate("window.__pwned") is None
        expect(
            page.locator("#board-live [onerror], #board-live [onload], #board-live script")
        ).to_have_count(0)
        expect(page.locator("#board-live a[href^='javascript']")).to_have_count(0)
    assert not dialogs
