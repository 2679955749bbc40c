"""The facilitator's clustering tools, the order of the cards, the phase's timer and the
board as a list (clustering.py). Plain POSTs like views.py: without JavaScript the browser
comes back to the board (or the list, when it came from there), with JavaScript board.js
posts them in the background and the change arrives over the socket. Bad input gets the board
page again with a German message (400), a group or card of another board 404."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from schreibwerkstatt.core.forms import MoveForm
from schreibwerkstatt.core.locking import StaleEditError

from . import clustering
from .forms import CardClusterForm, ClusterForm, StopTimerForm, TimerForm
from .models import Board
from .rules import (
    cluster_of,
    get_board_for_user,
    get_card_for_user,
    get_cluster_for_user,
    get_column_for_user,
    may_cluster,
    may_facilitate,
    may_order_card,
)
from .services import BoardError
from .views import _board_page, _done


@login_required
@require_GET
def list_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The board as one list, column after column and group after group: the same live
    part, the same forms and the same checks as the board page (views.board)."""
    return _board_page(request, get_board_for_user(request, slug, pk), as_list=True)


def _refused(request: HttpRequest, board: Board, message: str) -> HttpResponse:
    messages.error(request, message)
    return _board_page(request, board, status=400)


def _facilitating(request: HttpRequest, board: Board) -> None:
    if not may_facilitate(request.user, board):
        raise PermissionDenied


def _not_clustering(request: HttpRequest, board: Board) -> HttpResponse | None:
    """The page with the message why groups cannot be changed now, else None."""
    if may_cluster(request.user, board):
        return None
    if board.is_closed:
        return _refused(request, board, _("The board is closed and can only be read."))
    return _refused(
        request,
        board,
        _("Groups can only be changed in the phase “%(phase)s”.")
        % {"phase": Board.Phase.CLUSTER.label},
    )


def _clustering(
    request: HttpRequest, board: Board, change: Callable[[dict], str], form=None
) -> HttpResponse:
    """A change of the groups by the facilitator in the phase "cluster": `change` gets the
    form's cleaned data and returns the anchor to come back to."""
    _facilitating(request, board)
    if refused := _not_clustering(request, board):
        return refused
    if form is not None and not form.is_valid():
        first = next(iter(form.errors.values()))
        return _refused(request, board, first[0])
    try:
        anchor = change(form.cleaned_data if form is not None else {})
    except BoardError as error:
        return _refused(request, board, str(error))
    return _done(request, board, anchor)


@login_required
@require_POST
def add_cluster(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    column = get_column_for_user(request, slug, pk)

    def change(data: dict) -> str:
        return f"cluster-{clustering.add_cluster(column.board, column, data['title']).pk}"

    return _clustering(request, column.board, change, ClusterForm(request.POST))


@login_required
@require_POST
def rename_cluster(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request, slug, pk)

    def change(data: dict) -> str:
        clustering.rename_cluster(cluster, data["title"])
        return f"cluster-{cluster.pk}"

    return _clustering(request, cluster.board, change, ClusterForm(request.POST))


@login_required
@require_POST
def delete_cluster(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The group goes, its cards stay in the column."""
    cluster = get_cluster_for_user(request, slug, pk)

    def change(data: dict) -> str:
        clustering.delete_cluster(cluster)
        return f"column-{cluster.column_id}"

    return _clustering(request, cluster.board, change)


@login_required
@require_POST
def cluster_card(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Put a card into a group of its column, or take it out (an empty `cluster`)."""
    card = get_card_for_user(request, slug, pk)
    form = CardClusterForm(request.POST)
    if "cluster" not in request.POST:
        form.add_error("cluster", _("Choose one of the groups offered."))

    def change(data: dict) -> str:
        clustering.set_card_cluster(card, cluster_of(card.board, data["cluster"]))
        return f"card-{card.pk}"

    return _clustering(request, card.board, change, form)


@login_required
@require_POST
def order_card(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Up or down within the card's group; who may move the card may (rules.may_order_card)."""
    card = get_card_for_user(request, slug, pk)
    board = card.board
    if not may_order_card(request.user, card):
        raise PermissionDenied
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _refused(request, board, _("Choose up or down."))
    clustering.move_card_in_column(
        card,
        up=form.cleaned_data["direction"] == "up",
        include_hidden=may_facilitate(request.user, board),
    )
    return _done(request, board, f"card-{card.pk}")


def _stale(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    messages.error(
        request,
        _("Somebody else changed the board's settings meanwhile. Please look and try again."),
    )
    return _board_page(request, get_board_for_user(request, slug, pk), status=409)


@login_required
@require_POST
def start_timer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    board = get_board_for_user(request, slug, pk)
    _facilitating(request, board)
    form = TimerForm(request.POST)
    if not form.is_valid():
        errors = form.errors.get("minutes") or [_("Please reload the page and try again.")]
        return _refused(request, board, errors[0])
    try:
        clustering.start_timer(
            board, form.cleaned_data["minutes"], expected_version=form.cleaned_data["version"]
        )
    except StaleEditError:
        return _stale(request, slug, pk)
    except BoardError as error:
        return _refused(request, board, str(error))
    return _done(request, board, "board-timer")


@login_required
@require_POST
def stop_timer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    board = get_board_for_user(request, slug, pk)
    _facilitating(request, board)
    form = StopTimerForm(request.POST)
    if not form.is_valid():
        return _refused(request, board, _("Please reload the page and try again."))
    try:
        clustering.stop_timer(board, expected_version=form.cleaned_data["version"])
    except StaleEditError:
        return _stale(request, slug, pk)
    return _done(request, board)
