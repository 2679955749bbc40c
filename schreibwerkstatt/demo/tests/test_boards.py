"""The demo's workshop board (demo/boards.py): open, collecting, one column per field of
action of the demo strategy, cards by several people; loading twice adds nothing."""

import pytest
from django.core.management import call_command

from schreibwerkstatt.boards.models import Board, Card
from schreibwerkstatt.demo.boards import BOARD_TITLE, CARDS
from schreibwerkstatt.strategies.models import FieldOfAction

pytestmark = pytest.mark.django_db


def test_the_demo_board_is_open_for_brainstorming_and_loaded_once(capsys) -> None:
    call_command("demo")
    board = Board.objects.get(title=BOARD_TITLE)
    assert board.municipality.slug == "demo" and board.phase == Board.Phase.COLLECT
    fields = FieldOfAction.objects.filter(strategy=board.strategy).order_by("position", "pk")
    assert list(board.columns.values_list("title", flat=True)) == [f.title for f in fields]
    assert board.cards.count() == len(CARDS)
    assert len({card.author_id for card in board.cards.all()}) == 4
    assert f"/kommunen/demo/werkstatt/{board.pk}/" in capsys.readouterr().out
    call_command("demo")
    assert Board.objects.filter(title=BOARD_TITLE).count() == 1
    assert Card.objects.filter(board=board).count() == len(CARDS)


def test_the_demo_session_board_shows_results_of_two_municipalities_once(capsys) -> None:
    from django.test import Client
    from django.urls import reverse

    from schreibwerkstatt.accounts.models import User
    from schreibwerkstatt.boards.models import Vote
    from schreibwerkstatt.demo.boards import SESSION_BOARD_TITLE, SESSION_CARDS

    call_command("demo")
    board = Board.objects.select_related("session__series").get(title=SESSION_BOARD_TITLE)
    assert board.session.series.slug == "herbst-2026" and board.municipality is None
    assert board.phase == Board.Phase.RESULTS and board.votes_revealed
    assert set(board.cards.values_list("municipality__slug", flat=True)) == {"demo", "beispielsee"}
    assert board.clusters.count() == 4 and board.cards.filter(cluster__isnull=False).count() == 7
    # three voters with their three dots each
    votes = Vote.objects.filter(board=board)
    assert votes.count() == 9
    voters = list(votes.values_list("voter__email", flat=True))
    assert {email: voters.count(email) for email in set(voters)} == {
        "koordination@demo.example": 3, "redaktion@demo.example": 3, "nachbar@demo.example": 3,
    }  # fmt: skip
    out = capsys.readouterr().out
    assert f"/kommunen/demo/werkstatt/{board.pk}/" in out
    assert f"/beratung/termine/herbst-2026/werkstatt/{board.pk}/" in out
    call_command("demo")
    assert Board.objects.filter(title=SESSION_BOARD_TITLE).count() == 1
    assert Card.objects.filter(board=board).count() == len(SESSION_CARDS)
    assert Vote.objects.filter(board=board).count() == 9
    # the participant of Musterstadt and the adviser running the series open it
    for email, address in [
        ("koordination@demo.example", reverse("boards:board", args=["demo", board.pk])),
        ("beratung@demo.example", reverse("boards:series_board", args=["herbst-2026", board.pk])),
    ]:
        client = Client()
        client.force_login(User.objects.get(email=email))
        assert client.get(address).status_code == 200, email
