from django.core.management.base import BaseCommand

from schreibwerkstatt.boards.models import Board
from schreibwerkstatt.demo.boards import BOARD_TITLE, SESSION_BOARD_TITLE, SESSION_SERIES
from schreibwerkstatt.demo.load import load_demo
from schreibwerkstatt.demo.municipalities import DEMO_PASSWORD, NEWCOMER
from schreibwerkstatt.municipalities.models import Municipality


class Command(BaseCommand):
    help = (
        "Create (idempotently) the demo municipality 'demo' with a member for every role, "
        "its neighbour and a municipality that has just started."
    )

    def handle(self, *args, **options) -> None:
        municipality, people = load_demo()
        newcomer = Municipality.objects.get(slug=NEWCOMER)
        self.stdout.write(
            f"Demo-Kommune / demo municipality: {municipality.name} (/kommunen/{municipality.slug}/)"
        )
        self.stdout.write(
            f"Kommune am Anfang / just started: {newcomer.name} (/kommunen/{newcomer.slug}/)"
        )
        board = Board.objects.get(municipality=municipality, title=BOARD_TITLE)
        self.stdout.write(
            f"Werkstatt-Wand live / live workshop board: {board.title} "
            f"(/kommunen/{municipality.slug}/werkstatt/{board.pk}/)"
        )
        session_board = Board.objects.filter(
            session__series__slug=SESSION_SERIES, title=SESSION_BOARD_TITLE
        ).first()
        if session_board is not None:
            self.stdout.write(
                f"Werkstatt-Wand eines Termins / a workshop session's board: {session_board.title}\n"
                f"  Teilnehmende / participants: /kommunen/{municipality.slug}/werkstatt/"
                f"{session_board.pk}/\n"
                f"  Beratung / organisers: /beratung/termine/{SESSION_SERIES}/werkstatt/"
                f"{session_board.pk}/"
            )
        self.stdout.write(f"Passwort für alle / password for all: {DEMO_PASSWORD}")
        for person in people:
            self.stdout.write(f"  {person.label:<48} {person.email}")
