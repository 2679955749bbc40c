"""The dot vote of a board: giving and taking back dots, the vote's settings and revealing the
counts. Like services.py: atomic, under a row lock on the board, raising its revision and
telling the open browsers (live.py); a refusal is a BoardError with a message for the person.

A dot is one Vote row, by a member (`user=`) or a guest of the board (`guest=`). The rules:
dots only while the board is in the vote phase, never on a hidden card, at most
`dots_per_person` per person on the whole board (dots on a card hidden after they were
given still count, and their giver may take them back), several on one card only when
`dots_stackable`. The settings change before or during the vote, never after it, and not
below what somebody has given already (the vote stays fair). Who sees the counts:
`dots_shown`.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from schreibwerkstatt.core.locking import StaleEditError

from .models import Board, Card, Guest, Vote
from .services import BoardError, _changed, _locked

# The phases in which the facilitator may still set up the vote.
BEFORE_RESULTS = (Board.Phase.COLLECT, Board.Phase.CLUSTER, Board.Phase.VOTE)


def dots_shown(board: Board, *, facilitator: bool) -> bool:
    """Whether the person sees the dots on the cards: the facilitator always, everybody once
    the facilitator reveals them or the vote is over (as exports.board_export.dots_visible)."""
    return (
        facilitator
        or board.votes_revealed
        or board.phase in {Board.Phase.RESULTS, Board.Phase.CLOSED}
    )


def _person(user, guest: Guest | None) -> dict:
    """The Vote filter of the person giving dots: exactly one of a member and a guest."""
    if (user is None) == (guest is None):
        raise ValueError("A dot is given by a member or by a guest, exactly one of them.")
    return {"voter": user} if guest is None else {"guest": guest}


def dots_of(board: Board, *, user=None, guest: Guest | None = None) -> Counter:
    """{card id: the person's dots on it} on the board; one query."""
    if user is not None and not getattr(user, "pk", None):
        return Counter()  # an anonymous visitor has given none
    rows = Vote.objects.filter(board=board, **_person(user, guest)).values_list("card_id")
    return Counter(card_id for (card_id,) in rows)


def dots_by_member(board: Board) -> dict[int, Counter]:
    """{user id: {card id: their dots}} of every member who gave dots; one query, for the
    live connections of a board (snapshots.py)."""
    found: dict[int, Counter] = {}
    rows = Vote.objects.filter(board=board, voter__isnull=False).values_list("voter_id", "card_id")
    for voter_id, card_id in rows:
        found.setdefault(voter_id, Counter())[card_id] += 1
    return found


@dataclass(frozen=True)
class MyDot:
    """The person's dots on one card; `text` None for a card hidden after they gave them
    (they see no more of it, but may take the dots back)."""

    pk: int
    text: str | None
    count: int


@dataclass
class MyDots:
    """What a person has given in the vote, for their own part of the board
    (partials/my_dots.html)."""

    total: int
    stackable: bool
    cards: list[MyDot] = field(default_factory=list)  # in board order, hidden cards last

    @property
    def given(self) -> int:
        return sum(dot.count for dot in self.cards)

    @property
    def left(self) -> int:
        return max(0, self.total - self.given)


def my_dots(board: Board, dots: Counter, cards: dict[int, Card]) -> MyDots:
    """The person's dots (`dots`: dots_of) on the cards they see (`cards`: by id in board
    order); a dot on a card not among them or hidden is on a hidden card."""
    # in board order: a person's few dots looked up among the cards, not every card in dots
    given = [pk for pk, count in dots.items() if count and pk in cards and not cards[pk].hidden]
    given.sort(key=list(cards).index)
    shown = [MyDot(pk, cards[pk].text, dots[pk]) for pk in given]
    seen = {dot.pk for dot in shown}
    hidden = [MyDot(pk, None, count) for pk, count in sorted(dots.items()) if pk not in seen]
    return MyDots(
        board.dots_per_person, board.dots_stackable, shown + [d for d in hidden if d.count]
    )


def _card_of(board: Board, card: Card) -> Card:
    """The card as it is now, under the board's lock (hidden meanwhile, deleted)."""
    current = Card.objects.filter(pk=card.pk, board=board).first()
    if current is None:
        raise BoardError(_("This card is no longer on the board."))
    return current


def _voting(board: Board, guest: Guest | None, refusal) -> Board:
    """The board locked, while it is voting (else `refusal`), for a guest of its own."""
    board = _locked(board)
    if guest is not None and guest.board_id != board.pk:
        raise BoardError(_("This guest belongs to another board."))
    if board.phase != Board.Phase.VOTE:
        raise BoardError(refusal)
    return board


@transaction.atomic
def cast_dot(board: Board, card: Card, *, user=None, guest: Guest | None = None) -> Board:
    """One dot of the person (a member or a guest) on the card; the board as raised."""
    person = _person(user, guest)
    board = _voting(board, guest, _("Dots can only be given while the board is in the vote phase."))
    card = _card_of(board, card)
    if card.hidden:
        raise BoardError(_("This card is hidden: it takes no dots."))
    given = dots_of(board, user=user, guest=guest)
    if sum(given.values()) >= board.dots_per_person:
        raise BoardError(
            ngettext(
                "You have no dot left: you have given your %(count)d dot. Take it back to give "
                "it to another card.",
                "You have no dots left: you have given all %(count)d of yours. Take one back "
                "to give it to another card.",
                board.dots_per_person,
            )
            % {"count": board.dots_per_person}
        )
    if given[card.pk] and not board.dots_stackable:
        raise BoardError(
            _("In this vote each card takes only one of your dots: choose another card.")
        )
    Vote.objects.create(board=board, card=card, **person)
    _changed(board, {"kind": "dot", "revealed": board.votes_revealed})
    return board


@transaction.atomic
def take_back_dot(board: Board, card: Card, *, user=None, guest: Guest | None = None) -> Board:
    """One of the person's dots on the card back (the newest); the board as raised."""
    person = _person(user, guest)
    board = _voting(
        board, guest, _("Dots can only be taken back while the board is in the vote phase.")
    )
    vote = Vote.objects.filter(board=board, card_id=card.pk, **person).order_by("-pk").first()
    if vote is None:
        raise BoardError(_("You have no dot on this card."))
    vote.delete()
    _changed(board, {"kind": "dot_taken_back", "revealed": board.votes_revealed})
    return board


@transaction.atomic
def set_vote_settings(
    board: Board, dots_per_person: int, stackable: bool, *, expected_version: int
) -> Board:
    """How many dots each person has and whether several may go on one card: before or
    during the vote, and not below what somebody has given already."""
    current = _locked(board)
    if current.version != expected_version:
        raise StaleEditError(current)
    if current.phase not in BEFORE_RESULTS:
        raise BoardError(_("The vote is over: its settings can no longer be changed."))
    if (dots_per_person, stackable) == (current.dots_per_person, current.dots_stackable):
        return current
    votes = Vote.objects.filter(board=current)
    most = (votes.values("voter", "guest").annotate(dots=Count("pk")).aggregate(most=Max("dots")))[
        "most"
    ] or 0
    if dots_per_person < most:
        raise BoardError(
            ngettext(
                "Somebody has given %(count)d dot already: choose at least %(count)d dot per "
                "person.",
                "Somebody has given %(count)d dots already: choose at least %(count)d dots per "
                "person.",
                most,
            )
            % {"count": most}
        )
    if not stackable and current.dots_stackable:
        stacked = votes.values("voter", "guest", "card").annotate(dots=Count("pk"))
        if stacked.filter(dots__gt=1).exists():
            raise BoardError(
                _("Somebody has put several dots on one card already: the vote keeps allowing it.")
            )
    current.dots_per_person, current.dots_stackable = dots_per_person, stackable
    current.version += 1
    current.save(update_fields=["dots_per_person", "dots_stackable", "version", "updated_at"])
    _changed(current, {"kind": "vote_settings", "count": dots_per_person, "stackable": stackable})
    return current


@transaction.atomic
def reveal(board: Board, *, expected_version: int, revealed: bool = True) -> Board:
    """Show the dots on the cards to everybody (`revealed=False`: hide them again), before
    the results phase (from then on everybody sees them, dots_shown)."""
    current = _locked(board)
    if current.version != expected_version:
        raise StaleEditError(current)
    if current.phase not in BEFORE_RESULTS:
        raise BoardError(_("The vote is over: everybody sees the dots now."))
    if current.votes_revealed != revealed:
        current.votes_revealed = revealed
        current.version += 1
        current.save(update_fields=["votes_revealed", "version", "updated_at"])
        _changed(current, {"kind": "votes_revealed" if revealed else "votes_hidden"})
    return current
