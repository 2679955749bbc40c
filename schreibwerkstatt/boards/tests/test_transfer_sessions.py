"""The take-over on the board of a workshop session, where several municipalities write
together: each takes over its own participants' cards into its own strategies only."""

import pytest
from django.urls import reverse

from schreibwerkstatt.boards import transfer
from schreibwerkstatt.boards.models import Board, Card, Cluster, Column, Transfer
from schreibwerkstatt.strategies.models import Measure, Strategy
from schreibwerkstatt.workshops.models import Registration
from schreibwerkstatt.workshops.tests.conftest import make_series

pytestmark = pytest.mark.django_db


@pytest.fixture
def session_board(municipality_a, municipality_b, people) -> Board:
    """A board of a session of a series both A and B registered for; cards of A's and B's
    participants, one of A hidden, one of nobody's municipality (written before it was set)."""
    series = make_series()
    for municipality in (municipality_a, municipality_b):
        Registration.objects.create(
            series=series, municipality=municipality, status=Registration.Status.CONFIRMED
        )
    board = Board.objects.create(session=series.sessions.first(), title="Termin 1: Ideen")
    column = Column.objects.create(board=board, title="Ideen")
    group = Cluster.objects.create(board=board, column=column, title="Gemeinsam")

    def card(text, municipality, **extra):
        return Card.objects.create(
            board=board, column=column, text=text, municipality=municipality, **extra
        )

    card("Idee aus Amtsberg", municipality_a, author=people["coordinator"], cluster=group)
    card("Versteckte Idee aus Amtsberg", municipality_a, hidden=True)
    card("Idee aus Birkenwerder", municipality_b, author=people["outsider"], cluster=group)
    card("Idee ohne Kommune", None)
    return board


def texts(cards) -> set[str]:
    return {card.text for card in cards}


def test_each_municipality_takes_over_its_own_visible_cards_only(
    session_board, municipality_a, municipality_b
):
    assert texts(transfer.own_cards(session_board, municipality_a)) == {"Idee aus Amtsberg"}
    assert texts(transfer.own_cards(session_board, municipality_b)) == {"Idee aus Birkenwerder"}


def test_on_a_municipality_board_only_that_municipality_takes_over(
    board, municipality_a, municipality_b
):
    assert texts(transfer.own_cards(board, municipality_a)) == {"Online-Termine klappen gut"}
    assert not transfer.own_cards(board, municipality_b).exists()


def test_the_offer_of_a_session_board_holds_the_own_cards_and_groups_of_own_cards(
    session_board, municipality_a
):
    offer = transfer.offer(session_board, municipality_a, dots_shown=True)
    assert [choice.text for choice in offer.cards] == ["Idee aus Amtsberg"]
    (group,) = offer.clusters
    assert group.text == "Gemeinsam" and texts(group.cards) == {"Idee aus Amtsberg"}
    assert group.title_and_description("goal") == ("Gemeinsam", "– Idee aus Amtsberg")


def test_a_coordinator_takes_over_into_their_own_strategy_only(
    session_board, municipality_a, municipality_b, people
):
    own = Strategy.objects.create(municipality=municipality_a, title="Amtsberg digital")
    theirs = Strategy.objects.create(municipality=municipality_b, title="Birkenwerder digital")
    assert transfer.may_take_over(people["coordinator"], session_board, municipality_a)
    assert not transfer.may_take_over(people["reader"], session_board, municipality_a)
    assert list(transfer.strategies_for(municipality_a)) == [own]
    (card,) = transfer.own_cards(session_board, municipality_a)
    group = Cluster.objects.get(board=session_board)
    made = transfer.take_over(
        session_board,
        municipality_a,
        own,
        [transfer.Wish(key=f"card-{card.pk}", kind="measure"),
         transfer.Wish(key=f"cluster-{group.pk}", kind="goal")],
        user=people["coordinator"],
        expected_revision=session_board.revision,
    )  # fmt: skip
    assert [t.kind for t in made] == ["goal", "measure"]
    assert Measure.objects.get(strategy=own).title == "Idee aus Amtsberg"
    # Birkenwerder's card and group stay Birkenwerder's to take over
    b_card = Card.objects.get(text="Idee aus Birkenwerder")
    with pytest.raises(transfer.TransferError):
        transfer.take_over(
            session_board, municipality_a, own, [transfer.Wish(key=f"card-{b_card.pk}", kind="goal")],
            user=people["coordinator"], expected_revision=session_board.revision + 1,
        )  # fmt: skip
    b_offer = transfer.offer(
        Board.objects.get(pk=session_board.pk), municipality_b, dots_shown=True
    )
    assert [c.selectable for c in b_offer.choices()] == [True, True]
    assert not Transfer.objects.filter(strategy=theirs).exists()


def test_a_municipality_not_registered_for_the_series_may_not_take_over(
    session_board, municipality_a, people
):
    Registration.objects.filter(municipality=municipality_a).update(
        status=Registration.Status.CANCELLED
    )
    assert not transfer.may_take_over(people["coordinator"], session_board, municipality_a)


def test_labels_and_back_links_of_a_session_board_stay_within_the_municipality(
    session_board, municipality_a, municipality_b, people
):
    own = Strategy.objects.create(municipality=municipality_a, title="Amtsberg digital")
    (card,) = transfer.own_cards(session_board, municipality_a)
    group = Cluster.objects.get(board=session_board)
    transfer.take_over(
        session_board, municipality_a, own,
        [transfer.Wish(key=f"card-{card.pk}", kind="measure"),
         transfer.Wish(key=f"cluster-{group.pk}", kind="goal")],
        user=people["coordinator"], expected_revision=session_board.revision,
    )  # fmt: skip
    board = Board.objects.get(pk=session_board.pk)
    b_card = Card.objects.get(text="Idee aus Birkenwerder")
    mine = transfer.BoardLabels(board, people["coordinator"])
    assert {label.text for label in mine.of(card)} == {
        "Maßnahme „Idee aus Amtsberg“",
        "Ziel „Gemeinsam“",
    }
    assert mine.of(b_card) == []  # the group was taken over by Amtsberg, for its own card
    assert transfer.BoardLabels(board, people["outsider"]).of(card) == []
    measure = Measure.objects.get(strategy=own)
    (origin,) = transfer.board_origins(people["coordinator"], municipality_a, measure)
    assert origin.text.startswith("Aus der Werkstatt „Termin 1: Ideen“ vom ")
    assert origin.url == reverse("boards:board", args=["amtsberg", board.pk])
    Registration.objects.filter(municipality=municipality_a).update(
        status=Registration.Status.CANCELLED
    )
    assert transfer.board_origins(people["coordinator"], municipality_a, measure) == []
