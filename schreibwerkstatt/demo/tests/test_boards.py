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
