"""The demo's workshop board (issue 15): an open board of Musterstadt an der Havel in the
collect phase, one column per field of action of the demo strategy, with a few cards by
different people, so two browsers on `make run` can brainstorm on it at once.

Idempotent: a board of that title in the demo municipality is left as it is.
"""

from schreibwerkstatt.boards import services
from schreibwerkstatt.boards.models import Board
from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.strategies.models import Strategy

from .strategies import TITLE

BOARD_TITLE = "Werkstatt: Ideen für die Fortschreibung"
# (column index, author's e-mail, category, text)
CARDS = (
    (0, "redaktion@demo.example", "idea", "Terminbuchung für alle Ämter an einer Stelle"),
    (0, "mitwirkende@demo.example", "question", "Wer betreut die Online-Anträge am Wochenende?"),
    (
        1,
        "koordination@demo.example",
        "example",
        "Der Nachbarort nutzt einen offenen Rufbus-Fahrplan",
    ),
    (1, "lesend@demo.example", "concern", "Ältere Menschen ohne Smartphone nicht vergessen"),
    (2, "mitwirkende@demo.example", "idea", "Digitale Sprechstunde in der Bibliothek"),
)


def load_demo_boards(demo: Municipality, users: dict) -> Board:
    board = Board.objects.filter(municipality=demo, title=BOARD_TITLE).first()
    if board is not None:
        return board
    strategy = Strategy.objects.get(municipality=demo, title=TITLE)
    board = services.create_board(
        demo,
        user=users["koordination@demo.example"],
        title=BOARD_TITLE,
        template=Board.Template.FIELDS,
        strategy=strategy,
    )
    columns = list(board.columns.order_by("position"))
    for index, email, category, text in CARDS:
        services.add_card(
            board, columns[index % len(columns)], author=users[email], text=text, category=category
        )
    return board
