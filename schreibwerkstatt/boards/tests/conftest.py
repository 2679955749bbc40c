import pytest

from schreibwerkstatt.boards import services
from schreibwerkstatt.boards.models import Board


@pytest.fixture
def board(municipality_a, people) -> Board:
    """A SWOT board of A opened by the coordinator, with one card of the contributor."""
    board = services.create_board(
        municipality_a, user=people["coordinator"], title="Werkstatt Bürgerbüro", template="swot"
    )
    services.add_card(
        board,
        board.columns.first(),
        author=people["contributor"],
        text="Online-Termine klappen gut",
        category="idea",
    )
    return Board.objects.get(pk=board.pk)


@pytest.fixture
def board_of_b(municipality_b, people) -> Board:
    board = services.create_board(
        municipality_b, user=people["outsider"], title="Werkstatt Birkenwerder", template="free"
    )
    services.add_card(
        board, board.columns.first(), author=people["outsider"], text="Idee aus B", category="idea"
    )
    return Board.objects.get(pk=board.pk)


@pytest.fixture(autouse=True)
def _no_live_feeds_left_over():
    """Each test starts without the live connections' snapshots of an earlier one: a board
    of the next test may get the same id (rolled back), which a real database never reuses."""
    from schreibwerkstatt.boards import snapshots

    snapshots.FEEDS.clear()
    yield
    snapshots.FEEDS.clear()
