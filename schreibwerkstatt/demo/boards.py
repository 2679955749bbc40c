"""The demo's workshop boards (issue 15): an open board of Musterstadt an der Havel in the
collect phase, one column per field of action of the demo strategy, with a few cards by
different people, so two browsers on `make run` can brainstorm on it at once; and the board
of a past session of the demo series, with cards of two municipalities, clusters and
revealed dots, run through the board's own services as a facilitator would
(load_demo_session_board).

Idempotent: a board of that title in the demo municipality (or in that session) is left as
it is.
"""

from schreibwerkstatt.boards import clustering, services, voting
from schreibwerkstatt.boards.models import Board, Cluster
from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.strategies.models import Strategy
from schreibwerkstatt.workshops.models import Session

from .municipalities import DEMO, NEIGHBOUR
from .strategies import TITLE
from .workshops import ADVISER

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


# The board of a past session of the series "Schreibwerkstatt Herbst 2026" (demo/workshops.py),
# in which Musterstadt and its neighbour took part: the results of the last session, with
# cards of both municipalities grouped into clusters and the dots revealed. Each
# municipality takes its own cards into its strategy from here.
SESSION_SERIES = "herbst-2026"
SESSION_TITLE = "Handlungsfelder"
SESSION_BOARD_TITLE = "Welche Handlungsfelder brauchen wir?"
SESSION_COLUMNS = ("Verwaltung und Service", "Bildung und Teilhabe", "Mobilität und Umwelt")
# (column index, author's e-mail, category, text, cluster title or "", dots); the nine dots
# are the three of each of the three voters (SESSION_VOTERS, in turn)
SESSION_CARDS = (
    (0, "koordination@demo.example", "idea", "Alle Anträge online, auch vom Smartphone",
     "Online-Dienste", 3),
    (0, "nachbar@demo.example", "idea", "Ein Servicekonto für beide Kommunen", "Online-Dienste", 2),
    (0, "redaktion@demo.example", "concern", "Die Fachverfahren sprechen nicht miteinander",
     "Interne Abläufe", 1),
    (0, "nachbar@demo.example", "question", "Wer schult die Beschäftigten im Bürgerbüro?",
     "Interne Abläufe", 0),
    (1, "redaktion@demo.example", "idea", "WLAN und Tablets in allen Grundschulen",
     "Schulen", 2),
    (1, "nachbar@demo.example", "example", "Digitale Sprechstunde der Bibliothek für Ältere",
     "", 0),
    (2, "koordination@demo.example", "idea", "Rufbus per App buchen", "Mobilität", 1),
    (2, "nachbar@demo.example", "idea", "Parkplätze und Ladesäulen in Echtzeit anzeigen",
     "Mobilität", 0),
)  # fmt: skip
SESSION_VOTERS = (
    "koordination@demo.example",
    "redaktion@demo.example",
    "nachbar@demo.example",
)


def load_demo_session_board(municipalities: dict[str, Municipality], users: dict) -> Board | None:
    """The results board of the series' last session; None when the series is not there."""
    session = Session.objects.filter(series__slug=SESSION_SERIES, title=SESSION_TITLE).first()
    if session is None:
        return None
    board = Board.objects.filter(session=session, title=SESSION_BOARD_TITLE).first()
    if board is not None:
        return board
    home = {
        "koordination@demo.example": municipalities[DEMO],
        "redaktion@demo.example": municipalities[DEMO],
        "nachbar@demo.example": municipalities[NEIGHBOUR],
    }
    board = services.create_session_board(
        session, user=users[ADVISER], title=SESSION_BOARD_TITLE, template=Board.Template.FREE
    )
    services.rename_column(board.columns.get(), SESSION_COLUMNS[0])
    columns = [board.columns.get()] + [
        services.add_column(board, title) for title in SESSION_COLUMNS[1:]
    ]
    placed: list[tuple] = []  # (card, column, cluster title, dots)
    for index, email, category, text, cluster_title, count in SESSION_CARDS:
        card = services.add_card(
            board,
            columns[index],
            author=users[email],
            text=text,
            category=category,
            municipality=home[email],
        )
        placed.append((card, columns[index], cluster_title, count))
    # The session as the facilitator ran it, through the same services as the board's pages:
    # grouped in the cluster phase, three dots each in the vote, then the results.
    board = services.set_phase(board, Board.Phase.CLUSTER, expected_version=board.version)
    clusters: dict[str, Cluster] = {}
    for card, column, cluster_title, _count in placed:
        if cluster_title:
            if cluster_title not in clusters:
                clusters[cluster_title] = clustering.add_cluster(board, column, cluster_title)
            clustering.set_card_cluster(card, clusters[cluster_title])
    board = Board.objects.get(pk=board.pk)
    board = services.set_phase(board, Board.Phase.VOTE, expected_version=board.version)
    dots = [card for card, _column, _title, count in placed for _ in range(count)]
    for n, card in enumerate(dots):
        voting.cast_dot(board, card, user=users[SESSION_VOTERS[n % len(SESSION_VOTERS)]])
    board = Board.objects.get(pk=board.pk)
    board = voting.reveal(board, expected_version=board.version)
    board = services.set_phase(board, Board.Phase.RESULTS, expected_version=board.version)
    return board
