"""axe-core and the layout net (390 and 1366 px) on a guest's pages (boards/guests.py): the join
page, the board as a guest sees it in every phase (with a guest's card and dots) and as a list,
the edit page of their card, and the facilitation's page of guest links. A guest joins through
the form as a person would: no login, the guest's id in the session."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from schreibwerkstatt.boards import guests, services
from schreibwerkstatt.boards.models import Board, Card
from tests.browser.axe import axe_violations, describe
from tests.browser.helpers import BROWSER_DB
from tests.browser.layout import layout_defects

pytestmark = BROWSER_DB


def scan(page: Page, axe_script, where: str, problems: list[str]) -> None:
    expect(page.locator("main h1")).to_be_visible()
    page.wait_for_timeout(300)
    violations = axe_violations(page, axe_script)
    if violations:
        problems.append(describe(where, violations))
    defects = layout_defects(page)
    if defects:
        problems.append("\n".join([f"{where}:", *defects]))


def test_the_guest_pages_have_no_axe_violations_or_layout_defects(
    page_as, municipality_a, people, axe_script, base_url
) -> None:
    board = services.create_board(
        municipality_a, user=people["coordinator"], title="Bürgerwerkstatt", template="swot"
    )
    services.add_card(
        board, board.columns.first(), author=people["contributor"], text="Schnelles Netz",
        category="idea",
    )  # fmt: skip
    link = guests.create_guest_link(board, user=people["coordinator"], label="Marktplatz")
    token = guests.token_for(link)
    Board.objects.filter(pk=board.pk).update(timer_ends_at=timezone.now() + timedelta(minutes=5))
    problems: list[str] = []

    guest = page_as("anonymous", bypass_csp=True)
    guest.goto(f"{base_url}{reverse('boards:guest_join', args=[token])}")
    scan(guest, axe_script, "join page", problems)
    guest.fill("#guest-display_name", '"><img src=x onerror=alert(1)> Anna')
    guest.locator("#guest-join-submit").click()
    expect(guest.locator("#guest-name")).to_contain_text("<img src=x")
    form = guest.locator("form.sw-board__add").first
    form.locator("textarea[name=text]").fill("Mehr Sitzbänke am Marktplatz, auch im Schatten")
    form.locator("button[type=submit]").click()
    expect(guest.locator(".sw-card__guest")).to_have_count(1, timeout=15000)
    card = Card.objects.get(guest__isnull=False)
    guest.goto(f"{base_url}{reverse('boards:guest_edit_card', args=[token, card.pk])}")
    scan(guest, axe_script, "guest's card", problems)
    for phase in Board.Phase.values:
        board = services.set_phase(
            Board.objects.get(pk=board.pk), phase, expected_version=board.version
        )
        if phase == Board.Phase.VOTE:
            from schreibwerkstatt.boards import voting

            voting.cast_dot(board, card, guest=card.guest)
        for name in ["guest_board", "guest_list_view"]:
            guest.goto(f"{base_url}{reverse(f'boards:{name}', args=[token, board.pk])}")
            scan(guest, axe_script, f"{name} ({phase})", problems)

    facilitation = page_as("coordinator", bypass_csp=True)
    facilitation.goto(f"{base_url}{reverse('boards:guest_links', args=['amtsberg', board.pk])}")
    scan(facilitation, axe_script, "guest links", problems)
    assert not problems, "\n".join(problems)
