"""Who may do what on a workshop board (docs/roles.md).

A municipality's board: the people of the board's municipality (members and assigned
advisers, `takes_part`) see its boards, add cards and listen live; an operator's support
access only reads the pages; the Koordination and the Redaktion create boards. The
facilitator of a board is its creator (while still taking part) and the Koordination and
Redaktion.

A board of a workshop session (`board.session`): the advisers running the session's series
(`Series.organisers`, active) open and facilitate it, reaching it through the series'
address space (spaces.py). The people of every municipality with a confirmed registration
take part: the participants named in the registration who have an account and the
municipality's Koordination (it registered them and takes their cards into its strategy),
while they are members; they reach the board through their own municipality's space, and
their cards record that municipality. Nobody else: not the other members of a registered
municipality, not a municipality waiting or cancelled, not an adviser who does not run the
series, no operator or superuser by their status (404 everywhere).

For both kinds: the facilitator switches the phase, edits, hides and restores any card,
arranges the columns and sets up the dot vote (dots per person, several on one card,
revealing the counts); everybody taking part gives dots in the vote phase, like they add
cards (readers too); an author edits and deletes their own cards while the board collects.
Operators and superusers hold nothing here, members of another municipality learn nothing
(404). The live connection (consumers.py) asks the same functions on connect and for every
message.

A guest (guests.py, a `GuestPerson`) joined one board through a guest link: they add cards to
it while it collects and edit and delete their own cards while it collects; everything else,
facilitation above all, is closed to them, and so is every other board and page (a guest is
not signed in). Only the facilitator hands out and revokes guest links.
"""

import rules
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.municipalities.rules import (
    can_edit_content,
    forget_roles,
    forget_support,
    get_municipality_for_user,
    load_roles,
    role_values,
    takes_part,
)
from schreibwerkstatt.workshops.models import Registration, Series, Session
from schreibwerkstatt.workshops.rules import forget_standing, series_standing

from .guests import is_guest
from .models import Board, Card, Cluster, Column, GuestLink
from .spaces import MUNICIPALITY, SERIES, Space

TAKE_PART = "boards.take_part"
ADD_BOARD = "boards.add_board"
rules.add_perm(TAKE_PART, takes_part)
rules.add_perm(ADD_BOARD, takes_part & can_edit_content)


def may_take_part(user, board: Board) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if board.session_id is not None:
        standing = series_standing(user, board.session.series)
        return standing.runs or bool(standing.municipalities)
    return bool(takes_part(user, board.municipality))


def may_take_part_now(user, board: Board) -> bool:
    """may_take_part asked afresh, for a live connection that outlasts a membership."""
    forget_roles(user)
    forget_standing(user)
    return may_take_part(user, board)


def taking_part_now(board: Board, user_ids, known: dict | None = None) -> dict:
    """may_take_part_now for many people at once, for the live connections of one process
    (snapshots.py): {pk: user} of those among `user_ids` who take part now, read afresh
    (active, memberships, advised municipalities) in three queries however many; on a
    session's board each person's standing in the series is asked as for one person. Their
    caches are filled, so the may_* functions ask nothing more for them.

    `known`: what an earlier call answered. Then the same is read as values (a person's row,
    their memberships and advised municipalities: three queries without a model object) and
    a person whose values are all the same is taken from `known` (their role caches equal
    what a fresh read would fill), the others are read whole: 200 people at every change of
    a live board cost no 600 model objects."""
    ids = list(user_ids)
    User = get_user_model()
    if known is None:
        users = list(User.objects.filter(pk__in=ids, is_active=True))
        load_roles(users)
        return {user.pk: user for user in users if may_take_part(user, board)}
    fields = [field.attname for field in User._meta.concrete_fields]
    rows = {
        row[0]: row for row in User.objects.filter(pk__in=ids, is_active=True).values_list(*fields)
    }
    roles = role_values(rows)
    values = {pk: (row, roles[pk]) for pk, row in rows.items()}
    users, stale = [], []
    for pk in rows:
        user = known.get(pk)
        if user is not None and getattr(user, "_taking_part", None) == values[pk]:
            forget_standing(user)  # asked afresh below (a session's board)
            forget_support(user)
            users.append(user)
        else:
            stale.append(pk)
    if stale:
        fresh = list(User.objects.filter(pk__in=stale, is_active=True))
        load_roles(fresh)
        users += fresh
    taking_part = {}
    for user in users:
        user._taking_part = values[user.pk]  # read whole meanwhile: the next call reads again
        if may_take_part(user, board):
            taking_part[user.pk] = user
    return taking_part


def may_facilitate(user, board: Board) -> bool:
    if not may_take_part(user, board):
        return False
    if board.session_id is not None:
        return series_standing(user, board.session.series).runs
    return board.created_by_id == user.pk or can_edit_content(user, board.municipality)


def may_open_session_board(user, session: Session) -> bool:
    """The advisers running the session's series open its boards."""
    return series_standing(user, session.series).runs


def may_use_space(user, board: Board, space: Space) -> bool:
    """Whether the person may reach the board through this space (spaces.py): a
    municipality's board only through its municipality; a session's board through the
    series for those running it, and through a municipality for those taking part for it."""
    if board.session_id is None:
        return space.kind == MUNICIPALITY and space.municipality.pk == board.municipality_id
    standing = series_standing(user, board.session.series)
    if space.kind == SERIES:
        return space.series.pk == board.session.series_id and standing.runs
    return space.municipality.pk in standing.municipalities


def space_named(kind: str, slug: str) -> Space | None:
    """The space of a live connection's path (consumers.py), None for an unknown one."""
    if kind == MUNICIPALITY:
        municipality = Municipality.objects.filter(slug=slug).first()
        return municipality and Space.of_municipality(municipality)
    if kind == SERIES:
        series = Series.objects.filter(slug=slug).first()
        return series and Space.of_series(series)
    return None


def may_add_card(user, board: Board) -> bool:
    if is_guest(user):
        return user.guest.board_id == board.pk and board.is_collecting
    return may_take_part(user, board) and board.is_collecting


def may_vote(user, board: Board) -> bool:
    """Who gives dots: whoever takes part in the board, readers and advisers too, as everybody
    taking part adds cards (may_add_card): the vote is the workshop's, not the strategy's
    content. Whether the board takes dots now (its phase, the card, the dots left) the
    services answer with a message (voting.py). A guest gives dots on their own board."""
    if is_guest(user):
        return user.guest.board_id == board.pk
    return may_take_part(user, board)


def may_set_up_vote(user, board: Board) -> bool:
    """The facilitator sets the vote's dots and reveals or hides the counts."""
    return may_facilitate(user, board)


def guest_wrote(user, card: Card) -> bool:
    """Whether the card is the guest's own (a guest's card has no author)."""
    guest = user.guest
    return (
        card.guest_id is not None and card.guest_id == guest.pk and card.board_id == guest.board_id
    )


def may_edit_card(user, card: Card) -> bool:
    board = card.board
    if board.is_closed:
        return False
    if is_guest(user):
        return board.is_collecting and guest_wrote(user, card)
    if may_facilitate(user, board):
        return True
    return board.is_collecting and card.author_id == user.pk and may_take_part(user, board)


def may_delete_card(user, card: Card) -> bool:
    board = card.board
    if is_guest(user):
        return board.is_collecting and guest_wrote(user, card)
    return board.is_collecting and card.author_id == user.pk and may_take_part(user, board)


def may_move_card(user, card: Card) -> bool:
    """The facilitator while the board is open; the author their own card while collecting
    (a guest edits their card's text only)."""
    return not is_guest(user) and may_edit_card(user, card)


def may_cluster(user, board: Board) -> bool:
    """The facilitator groups the cards in the phase "cluster" (clustering.py)."""
    return board.phase == Board.Phase.CLUSTER and may_facilitate(user, board)


def may_order_card(user, card: Card) -> bool:
    """Who may move a card to another column puts it up or down in its column."""
    return may_move_card(user, card)


def _space(request: HttpRequest, slug: str) -> Space:
    """The space of the URL (urls.py marks the series' routes, `in_series`): the series
    whose boards its organisers run, or the municipality the person may see (404 otherwise;
    an operator's support access reads, logged, see get_municipality_for_user)."""
    if getattr(request, "board_space", MUNICIPALITY) == SERIES:
        return Space.of_series(get_object_or_404(Series, slug=slug))
    return Space.of_municipality(get_municipality_for_user(request, slug))


def _boards_in(space: Space):
    """The boards reachable in a space, before the person is judged (_judged)."""
    if space.kind == SERIES:
        return Board.objects.filter(session__series=space.series)
    confirmed = Registration.objects.filter(
        municipality=space.municipality, status=Registration.Status.CONFIRMED
    ).values("series")
    return Board.objects.filter(
        Q(municipality=space.municipality) | Q(session__series__in=confirmed)
    )


def _judged(request: HttpRequest, board: Board, space: Space) -> Board:
    """The board with its space, or 404 when the person may not reach it through the space."""
    if board.session_id is not None and not may_use_space(request.user, board, space):
        raise Http404
    board.space = space
    if board.session_id is None:
        board.municipality = space.municipality
    return board


BOARD_RELATED = ("strategy", "session__series")


def get_board_for_user(request: HttpRequest, slug: str, pk: int) -> Board:
    """A board reachable in the space of the URL (spaces.py) for whoever may reach it there:
    a board of the municipality for whoever may see the municipality; a board of a session
    for the organisers running the series (series' space) and the people taking part for the
    municipality of the URL (404 for everybody else, also for a forged slug or id). An
    operator's support access reads a municipality's boards, logged and refused for anything
    but reading (get_municipality_for_user); every change asks the may_* functions above,
    which a support access never passes. The board carries its space (`board.space`)."""
    space = _space(request, slug)
    board = get_object_or_404(_boards_in(space).select_related(*BOARD_RELATED), pk=pk)
    return _judged(request, board, space)


def _of_board(request: HttpRequest, slug: str, model, pk: int, *related: str):
    """An object of `model` (card, column, group, guest link) of a board reachable in the space of
    the URL, with its board (`obj.board.space` set)."""
    space = _space(request, slug)
    found = get_object_or_404(
        model.objects.select_related(*related, *(f"board__{name}" for name in BOARD_RELATED)),
        pk=pk,
        board__in=_boards_in(space),
    )
    _judged(request, found.board, space)
    return found


def get_card_for_user(request: HttpRequest, slug: str, pk: int) -> Card:
    """A card of a board reachable in the space of the URL (`card.board.space` set)."""
    return _of_board(request, slug, Card, pk, "column", "author")


def get_column_for_user(request: HttpRequest, slug: str, pk: int) -> Column:
    return _of_board(request, slug, Column, pk)


def get_cluster_for_user(request: HttpRequest, slug: str, pk: int) -> Cluster:
    return _of_board(request, slug, Cluster, pk, "column")


def get_guest_link_for_user(request: HttpRequest, slug: str, pk: int) -> GuestLink:
    """A guest link of a board reachable in the space of the URL (`link.board.space` set)."""
    return _of_board(request, slug, GuestLink, pk)


def get_session_for_board_organiser(request: HttpRequest, slug: str, pk: int) -> Session:
    """A session of the series `slug` whose organisers the person is among (404 otherwise)."""
    session = get_object_or_404(Session.objects.select_related("series"), pk=pk, series__slug=slug)
    if not may_open_session_board(request.user, session):
        raise Http404
    return session


def column_of(board: Board, pk) -> Column:
    """A column of this board named in a form (404 for a forged id of another board)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        pk = 0
    return get_object_or_404(Column, pk=pk, board=board)


def cluster_of(board: Board, pk) -> Cluster | None:
    """A group of this board named in a form: None for "no group" (an empty value), 404 for
    a forged id or one of another board."""
    if pk in (None, ""):
        return None
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        pk = 0
    return get_object_or_404(Cluster, pk=pk, board=board)
