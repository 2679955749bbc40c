"""The dot vote in Chromium against one granian process (tests/app_server.py): a dot given in
one browser changes the other's board without reload, and the giver's own dots
(#board-my-dots, sent apart from the shared board, boards/snapshots.py) follow in their own
browser only; taking the dot back works from the board as it came over the socket."""

from playwright.sync_api import expect

from tests.browser.test_boards_live import add_card, one_process, open_board  # noqa: F401


def test_a_dot_reaches_the_other_browser_and_only_its_giver_sees_their_dots(
    browser,
    one_process,  # noqa: F811
):
    _servers, port, board = one_process
    anna = open_board(browser, port, "a@zweistadt.example", board, 1366)
    bernd = open_board(browser, port, "b@zweistadt.example", board, 390)
    add_card(anna, "Mehr Bänke am Markt")
    expect(bernd.locator(".sw-card__text", has_text="Mehr Bänke am Markt")).to_be_visible(
        timeout=15000
    )
    anna.locator("#board-tools summary").click()
    anna.select_option("#board-phase", "vote")
    anna.locator("#board-phase-submit").click()
    give = bernd.get_by_role("button", name="Punkt geben – Mehr Bänke am Markt")
    expect(give).to_be_visible(timeout=15000)
    expect(bernd.locator("#board-my-dots")).to_contain_text("Ihre Punkte: noch 3 von 3")

    give.click()
    expect(bernd.locator("#board-my-dots")).to_contain_text(
        "Ihre Punkte: noch 2 von 3", timeout=15000
    )
    expect(bernd.locator("#board-my-dots")).to_contain_text("„Mehr Bänke am Markt“ – 1 Punkt")
    # the facilitator (both are) sees the count; Anna's own dots are still hers
    expect(anna.locator(".sw-card__dots")).to_have_text("1 Punkt", timeout=15000)
    expect(anna.locator("#board-my-dots")).to_contain_text("Ihre Punkte: noch 3 von 3")
    expect(anna.locator("#board-my-dots button")).to_have_count(0)
    assert bernd.evaluate("document.documentElement.scrollWidth") <= 390

    bernd.locator("#board-my-dots").get_by_role(
        "button", name="Punkt zurücknehmen – Mehr Bänke am Markt"
    ).click()
    expect(bernd.locator("#board-my-dots")).to_contain_text(
        "Ihre Punkte: noch 3 von 3", timeout=15000
    )
    expect(anna.locator(".sw-card__dots")).to_have_text("0 Punkte", timeout=15000)
