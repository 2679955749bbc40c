"""axe-core and the layout net on a workshop board in every phase (issue 15: "axe 0 violations
on the board in every phase; works at 390 px width"), for the facilitator and a participant.

The route scan (test_accessibility.py) opens each page once, a fresh board in the collect
phase; here the board has what the later phases show: several columns, a hidden card, cards
grouped into clusters, dots (revealed from the results on), a running timer, and each
phase's tools. The list view is scanned too when the board has one."""

from datetime import timedelta

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from playwright.sync_api import expect

from schreibwerkstatt.boards import services
from schreibwerkstatt.boards.models import Board, Cluster, Vote
from tests.browser.axe import axe_violations, describe
from tests.browser.helpers import BROWSER_DB
from tests.browser.layout import layout_defects

pytestmark = BROWSER_DB


@pytest.fixture
def full_board(municipality_a, people):
    board = services.create_board(
        municipality_a, user=people["coordinator"], title="Werkstatt Phasen", template="swot"
    )
    columns = list(board.columns.order_by("position"))
    texts = [
        "Schnelles Netz in allen Ortsteilen",
        "Terminbuchung für alle Ämter an einer Stelle",
        "Wer betreut die Online-Anträge am Wochenende? " * 3,
        "Ältere Menschen ohne Smartphone nicht vergessen",
        "Digitale Sprechstunde in der Bibliothek",
        "Ein sehr langes Wort: Digitalisierungsstrategiefortschreibungsarbeitsgruppe",
    ]
    cards = []
    for index, text in enumerate(texts):
        author = people["contributor"] if index % 2 else people["editor"]
        cards.append(
            services.add_card(
                board, columns[index % 2], author=author, text=text, category="idea",
                note="Eine Notiz dazu." if index == 0 else "",
            )
        )  # fmt: skip
    cluster = Cluster.objects.create(board=board, column=columns[0], title="Online-Dienste")
    for card in cards[:4:2]:
        card.cluster = cluster
        card.save(update_fields=["cluster"])
    hidden = cards[-1]
    hidden.hidden = True
    hidden.save(update_fields=["hidden"])
    Vote.objects.bulk_create(
        Vote(board=board, card=card, voter=voter)
        for card, voter in [
            (cards[0], people["contributor"]),
            (cards[0], people["editor"]),
            (cards[1], people["coordinator"]),
        ]
    )
    Board.objects.filter(pk=board.pk).update(timer_ends_at=timezone.now() + timedelta(minutes=7))
    return Board.objects.get(pk=board.pk)


def _list_url(board) -> str | None:
    try:
        return reverse("boards:list_view", args=[board.municipality.slug, board.pk])
    except NoReverseMatch:
        return None


@pytest.mark.parametrize("persona", ["coordinator", "contributor"])
def test_the_board_has_no_axe_violations_or_layout_defects_in_any_phase(
    page_as, full_board, axe_script, persona
) -> None:
    page = page_as(persona, bypass_csp=True)
    board = full_board
    address = reverse("boards:board", args=[board.municipality.slug, board.pk])
    problems: list[str] = []
    for phase in Board.Phase.values:
        board = services.set_phase(board, phase, expected_version=board.version)
        if phase in (Board.Phase.RESULTS, Board.Phase.CLOSED):
            Board.objects.filter(pk=board.pk).update(votes_revealed=True)
        for url in filter(None, [address, _list_url(board)]):
            page.goto(url)
            expect(page.locator("main h1")).to_be_visible()
            # the live connection's board replaces the page's: scan what a person then sees
            page.wait_for_timeout(300)
            where = f"{url} ({persona}, {phase})"
            violations = axe_violations(page, axe_script)
            if violations:
                problems.append(describe(where, violations))
            defects = layout_defects(page)
            if defects:
                problems.append("\n".join([f"{where}:", *defects]))
    assert not problems, "\n".join(problems)
