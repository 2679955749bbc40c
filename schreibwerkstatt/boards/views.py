"""The workshop boards of a municipality and of a workshop session: every change is a plain
POST (works without JavaScript), the live connection (consumers.py) shows it in every other
open browser. The board views serve both address spaces (spaces.py, urls.py): the access
helpers of rules.py judge the space and put it on the board."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from schreibwerkstatt.core.forms import MoveForm
from schreibwerkstatt.core.locking import StaleEditError
from schreibwerkstatt.municipalities.rules import get_municipality_for_user
from schreibwerkstatt.strategies.models import Strategy

from . import services, voting
from .display import board_context
from .forms import (
    BoardForm,
    CardForm,
    ColumnForm,
    HideForm,
    PhaseForm,
    RevealForm,
    SessionBoardForm,
    VoteSettingsForm,
)
from .models import Board
from .rules import (
    ADD_BOARD,
    column_of,
    get_board_for_user,
    get_card_for_user,
    get_column_for_user,
    get_session_for_board_organiser,
    may_add_card,
    may_delete_card,
    may_edit_card,
    may_facilitate,
    may_move_card,
    may_set_up_vote,
    may_take_part,
    may_vote,
)
from .spaces import SERIES, space_of


def _done(
    request: HttpRequest, board: Board, anchor: str = "", revision: int | None = None
) -> HttpResponse:
    """After a change: 204 for the live page's own request (board.js; the change arrives over
    the socket), else back to the board. `X-Board-Revision` names the board's revision that
    contains the change, where the view knows it (the bench waits for it, bench/boards_bench.py)."""
    if request.headers.get("X-Board-Live") == "1":
        response = HttpResponse(status=204)
        if revision is not None:
            response["X-Board-Revision"] = str(revision)
        return response
    url = space_of(board).url("board", board.pk)
    as_list = space_of(board).url("list_view", board.pk)
    if urlsplit(request.headers.get("Referer", "")).path == as_list:  # back to the list view
        url = as_list
    return redirect(f"{url}#{anchor}" if anchor else url)


def _strategies(municipality):
    return Strategy.objects.filter(municipality=municipality).order_by("title")


def _board_page(
    request, board, *, status=200, forms=None, as_list: bool | None = None, **extra
) -> HttpResponse:
    """The board page, or the board as a list (views_clustering.list_view; also the
    answer to a bad input sent from the list: the Referer says so, as in _done)."""
    if as_list is None:
        as_list = urlsplit(request.headers.get("Referer", "")).path == space_of(board).url(
            "list_view", board.pk
        )
    context = board_context(board, request.user, forms)
    context.update(
        {
            "phase_form": PhaseForm(initial={"phase": board.phase, "version": board.version}),
            "column_form": ColumnForm(),
            "phases": Board.Phase,
            "nav_active": _nav(board),
            # the live connection is for the people taking part, not for a support access
            "live": may_take_part(request.user, board),
            "socket": space_of(board).socket(board),
            "as_list": as_list,
            **extra,
        }
    )
    return render(request, "boards/board.html", context, status=status)


def _nav(board: Board) -> str:
    """The organisers' board of a session is a page of their workshop series."""
    return "workshops_manage" if space_of(board).kind == SERIES else "boards"


@login_required
@require_GET
def board_list(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_municipality_for_user(request, slug)
    can_add = request.user.has_perm(ADD_BOARD, municipality)
    return _list_page(
        request, municipality, BoardForm(strategies=_strategies(municipality)) if can_add else None
    )


def _list_page(request, municipality, form, status=200) -> HttpResponse:
    boards = Board.objects.filter(municipality=municipality).select_related("created_by")
    context = {"municipality": municipality, "boards": boards, "form": form, "nav_active": "boards"}
    return render(request, "boards/list.html", context, status=status)


@login_required
@require_POST
def create_board(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_municipality_for_user(request, slug, ADD_BOARD)
    form = BoardForm(request.POST, strategies=_strategies(municipality))
    if not form.is_valid():
        return _list_page(request, municipality, form, status=400)
    board = services.create_board(municipality, user=request.user, **form.cleaned_data)
    messages.success(request, _("The board has been opened."))
    return redirect("boards:board", slug=slug, pk=board.pk)


@login_required
@require_http_methods(["GET", "POST"])
def open_session_board(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A board of a session, opened by an adviser running its series (the form is on the
    organisers' session page, board_tags.organiser_session_boards; this page shows it
    again with what was wrong)."""
    session = get_session_for_board_organiser(request, slug, pk)
    form = SessionBoardForm(request.POST or None, auto_id="board_%s")
    if request.method == "POST" and form.is_valid():
        if session.is_cancelled:
            form.add_error(None, _("The session is cancelled: it gets no more boards."))
        else:
            board = services.create_session_board(session, user=request.user, **form.cleaned_data)
            messages.success(request, _("The board has been opened."))
            return redirect("boards:series_board", slug=slug, pk=board.pk)
    context = {
        "session": session,
        "series": session.series,
        "form": form,
        "nav_active": "workshops_manage",
    }
    status = 400 if form.errors else 200
    return render(request, "boards/open_session_board.html", context, status=status)


@login_required
@require_GET
def board(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _board_page(request, get_board_for_user(request, slug, pk))


@login_required
@require_POST
def add_card(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    board = get_board_for_user(request, slug, pk)
    column = column_of(board, request.POST.get("column"))
    if not may_add_card(request.user, board):
        raise PermissionDenied
    form = CardForm(request.POST, prefix_id=f"c{column.pk}")
    if form.is_valid():
        try:
            card = services.add_card(
                board,
                column,
                author=request.user,
                # a session's card records the municipality its author came through
                municipality=space_of(board).municipality if board.session_id else None,
                **form.cleaned_data,
            )
        except services.BoardError as error:
            form.add_error(None, str(error))
        else:
            # card.board is the board as add_card locked and raised it
            return _done(request, board, f"column-{column.pk}", card.board.revision)
    return _board_page(request, board, status=400, forms={column.pk: form})


@login_required
@require_http_methods(["GET", "POST"])
def edit_card(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    card = get_card_for_user(request, slug, pk)
    if not may_edit_card(request.user, card):
        raise PermissionDenied
    return card_editor(request, card)


def card_editor(request: HttpRequest, card) -> HttpResponse:
    """The card's form and its saving, for whoever may edit it (a guest too, views_guests)."""
    initial = {"text": card.text, "category": card.category, "note": card.note}
    form = CardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.edit_card(card, **form.cleaned_data)
        messages.success(request, _("The card has been saved."))
        return _done(request, card.board, f"card-{card.pk}")
    space = space_of(card.board)
    context = {
        "card": card,
        "board": card.board,
        "space": space,
        "municipality": space.municipality,
        "nav_active": _nav(card.board),
        "form": form,
    }
    return render(request, "boards/edit_card.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def delete_card(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    card = get_card_for_user(request, slug, pk)
    if not may_delete_card(request.user, card):
        raise PermissionDenied
    services.delete_card(card)
    return _done(request, card.board, f"column-{card.column_id}")


@login_required
@require_POST
def hide_card(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    card = get_card_for_user(request, slug, pk)
    if not may_facilitate(request.user, card.board) or card.board.is_closed:
        raise PermissionDenied
    form = HideForm(request.POST)
    form.is_valid()
    services.set_card_hidden(card, form.cleaned_data.get("hidden", False))
    return _done(request, card.board, f"card-{card.pk}")


@login_required
@require_POST
def move_card(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    card = get_card_for_user(request, slug, pk)
    if not may_move_card(request.user, card):
        raise PermissionDenied
    column = column_of(card.board, request.POST.get("column"))
    services.move_card(card, column)
    return _done(request, card.board, f"card-{card.pk}")


@login_required
@require_POST
def set_phase(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    board = get_board_for_user(request, slug, pk)
    if not may_facilitate(request.user, board):
        raise PermissionDenied
    form = PhaseForm(request.POST)
    if not form.is_valid():
        return _board_page(request, board, status=400)
    try:
        switched = services.set_phase(
            board, form.cleaned_data["phase"], expected_version=form.cleaned_data["version"]
        )
    except StaleEditError as stale:
        board = get_board_for_user(request, slug, pk)
        messages.error(
            request,
            _("Somebody else switched the phase meanwhile: it is now “%(phase)s”. Choose again.")
            % {"phase": stale.current.get_phase_display()},
        )
        return _board_page(request, board, status=409)
    return _done(request, board, revision=switched.revision)


@login_required
@require_POST
def add_column(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    board = get_board_for_user(request, slug, pk)
    if not may_facilitate(request.user, board) or board.is_closed:
        raise PermissionDenied
    form = ColumnForm(request.POST)
    if not form.is_valid():
        return _board_page(request, board, status=400, column_form_errors=form)
    column = services.add_column(board, form.cleaned_data["title"])
    return _done(request, board, f"column-{column.pk}")


@login_required
@require_POST
def rename_column(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    column = get_column_for_user(request, slug, pk)
    board = column.board
    if not may_facilitate(request.user, board) or board.is_closed:
        raise PermissionDenied
    form = ColumnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give the column a title of at most 100 characters."))
        return _board_page(request, board, status=400)
    services.rename_column(column, form.cleaned_data["title"])
    return _done(request, board, f"column-{column.pk}")


@login_required
@require_POST
def move_column(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    column = get_column_for_user(request, slug, pk)
    board = column.board
    if not may_facilitate(request.user, board) or board.is_closed:
        raise PermissionDenied
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _board_page(request, board, status=400)
    services.move_column(column, up=form.cleaned_data["direction"] == "up")
    return _done(request, board, f"column-{column.pk}")


def _refused(request: HttpRequest, board: Board, message: str, status: int = 400) -> HttpResponse:
    """The board page with why the change was refused (the live page posts again the plain
    way for any answer but 204, board.js, and so shows it)."""
    messages.error(request, message)
    return _board_page(request, board, status=status)


def _dot(request: HttpRequest, slug: str, pk: int, change, anchor: str) -> HttpResponse:
    """Give or take back one of the person's dots on the card (voting.cast_dot,
    take_back_dot); a refusal shows why on the board."""
    card = get_card_for_user(request, slug, pk)
    if not may_vote(request.user, card.board):
        raise PermissionDenied
    return dot_change(request, card, change, anchor, _refused, user=request.user)


def dot_change(request: HttpRequest, card, change, anchor: str, refused, **person) -> HttpResponse:
    """The dot given or taken back by `person` (user= or guest=, voting.py), else the page
    `refused(request, board, message)` (a guest's too, views_guests)."""
    try:
        raised = change(card.board, card, **person)
    except services.BoardError as error:
        return refused(request, card.board, str(error))
    return _done(request, card.board, anchor or f"card-{card.pk}", raised.revision)


@login_required
@require_POST
def cast_dot(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _dot(request, slug, pk, voting.cast_dot, "")


@login_required
@require_POST
def take_back_dot(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _dot(request, slug, pk, voting.take_back_dot, "board-my-dots")


def _form_errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def _set_up_vote(request, slug: str, pk: int, form_class, change, stale) -> HttpResponse:
    """A facilitator's change of the vote (voting.set_vote_settings, reveal) from a form of
    `form_class`: `change(board, data)`; `stale(current)` says what somebody else changed
    meanwhile. Every refusal shows why on the board."""
    board = get_board_for_user(request, slug, pk)
    if not may_set_up_vote(request.user, board):
        raise PermissionDenied
    form = form_class(request.POST)
    if not form.is_valid():
        return _refused(request, board, _form_errors(form))
    try:
        change(board, form.cleaned_data)
    except StaleEditError as error:
        return _refused(request, get_board_for_user(request, slug, pk), stale(error.current), 409)
    except services.BoardError as error:
        return _refused(request, board, str(error))
    return _done(request, board, "board-tools")


def _stale_settings(current: Board) -> str:
    count = current.dots_per_person
    if current.dots_stackable:
        message = ngettext(
            "Somebody else changed the board meanwhile: the vote now has %(count)d dot per "
            "person, several on one card. Check and save again.",
            "Somebody else changed the board meanwhile: the vote now has %(count)d dots per "
            "person, several on one card. Check and save again.",
            count,
        )
    else:
        message = ngettext(
            "Somebody else changed the board meanwhile: the vote now has %(count)d dot per "
            "person, at most one per card. Check and save again.",
            "Somebody else changed the board meanwhile: the vote now has %(count)d dots per "
            "person, at most one per card. Check and save again.",
            count,
        )
    return message % {"count": count}


def _stale_reveal(current: Board) -> str:
    if current.votes_revealed:
        return _("Somebody else changed the board meanwhile: the dots are now shown to everybody.")
    return _("Somebody else changed the board meanwhile: the dots are now hidden.")


@login_required
@require_POST
def vote_settings(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def change(board: Board, data: dict) -> None:
        voting.set_vote_settings(
            board, data["dots_per_person"], data["stackable"], expected_version=data["version"]
        )

    return _set_up_vote(request, slug, pk, VoteSettingsForm, change, _stale_settings)


@login_required
@require_POST
def reveal_votes(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def change(board: Board, data: dict) -> None:
        voting.reveal(board, expected_version=data["version"], revealed=data["revealed"])

    return _set_up_vote(request, slug, pk, RevealForm, change, _stale_reveal)
