"""Guest links (guests.py): the facilitator's page to hand them out and revoke them (in both of
a board's spaces, like every board route), and the guest's own pages under the link's address
(`/werkstatt/gast/<token>/…`): joining with a display name, the board, adding, editing and
deleting their own cards. A guest's pages answer only for the link's board: any other board's
or card's id is 404, whatever else the URL says."""

from functools import wraps
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import guests, services, voting
from .display import board_context
from .forms import CardForm
from .forms_guests import GuestJoinForm, GuestLinkForm
from .guests import GuestPerson
from .models import Board, GuestLink
from .rules import (
    column_of,
    get_board_for_user,
    get_guest_link_for_user,
    may_add_card,
    may_delete_card,
    may_edit_card,
    may_facilitate,
    may_vote,
)
from .spaces import SERIES, space_of
from .views import _done, card_editor, dot_change


def _nav(board: Board) -> str:
    return "workshops_manage" if space_of(board).kind == SERIES else "boards"


# The facilitator -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def guest_links(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    board = get_board_for_user(request, slug, pk)
    if not may_facilitate(request.user, board):
        raise PermissionDenied
    form = GuestLinkForm(request.POST or None, auto_id="guest-link-%s")
    if request.method == "POST" and form.is_valid():
        link = guests.create_guest_link(board, user=request.user, **form.cleaned_data)
        messages.success(request, _("The guest link has been created: copy it and hand it out."))
        return redirect(f"{space_of(board).url('guest_links', board.pk)}#guest-link-{link.pk}")
    links = list(guests.links_of(board))
    for link in links:
        link.address = request.build_absolute_uri(
            reverse("boards:guest_join", args=[guests.token_for(link)])
        )
    space = space_of(board)
    context = {
        "board": board,
        "space": space,
        "municipality": space.municipality,
        "links": links,
        "form": form,
        "nav_active": _nav(board),
    }
    return render(request, "boards/guest_links.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def revoke_guest_link(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    link = get_guest_link_for_user(request, slug, pk)
    if not may_facilitate(request.user, link.board):
        raise PermissionDenied
    guests.revoke_guest_link(link)
    messages.success(
        request, _("The guest link has been revoked: its guests can no longer open the board.")
    )
    return redirect(space_of(link.board).url("guest_links", link.board_id))


# The guest ---------------------------------------------------------------------------------------


def _gone(request: HttpRequest, link: GuestLink) -> HttpResponse:
    reason = "revoked" if link.revoked_at is not None else "expired"
    return render(request, "boards/guest_gone.html", {"reason": reason}, status=410)


def with_link(view):
    """The view with the link of the URL's token (404 for a token that is not ours, a page
    saying so with 410 for a link revoked or expired)."""

    @wraps(view)
    def wrapper(request: HttpRequest, token: str, *args, **kwargs) -> HttpResponse:
        try:
            link = guests.get_guest_link(token)
        except guests.GuestLinkGone as gone:
            return _gone(request, gone.link)
        return view(request, link, *args, **kwargs)

    return wrapper


def as_guest(view):
    """The view with the link and the guest this browser joined as through it; without one,
    a page goes to the link's join page and a change is refused (403)."""

    @with_link
    @wraps(view)
    def wrapper(request: HttpRequest, link: GuestLink, *args, **kwargs) -> HttpResponse:
        guest = guests.guest_in_session(request, link)
        if guest is None:
            if request.method == "GET":
                return redirect("boards:guest_join", token=space_of(link.board).slug)
            raise PermissionDenied
        return view(request, GuestPerson(guest), *args, **kwargs)

    return wrapper


def _the_board(person: GuestPerson, pk: int) -> Board:
    """The guest's board if the URL names it (404 for any other board's id)."""
    board = person.guest.board
    if board.pk != pk:
        raise Http404
    return board


def _guest_board_page(
    request, person: GuestPerson, *, status=200, forms=None, as_list: bool | None = None
) -> HttpResponse:
    """The guest's board, or the board as a list (as views._board_page, the Referer tells
    which after a bad input)."""
    board = person.guest.board
    space = space_of(board)
    if as_list is None:
        as_list = urlsplit(request.headers.get("Referer", "")).path == space.url(
            "list_view", board.pk
        )
    context = board_context(board, person, forms)
    context.update(
        {"guest": person.guest, "live": True, "socket": space.socket(board), "as_list": as_list}
    )
    return render(request, "boards/guest_board.html", context, status=status)


@require_http_methods(["GET", "POST"])
@with_link
def guest_join(request: HttpRequest, link: GuestLink) -> HttpResponse:
    board = link.board
    if guests.guest_in_session(request, link) is not None:
        return redirect(space_of(board).url("board", board.pk))
    form = GuestJoinForm(request.POST or None, auto_id="guest-%s")
    if request.method == "POST" and form.is_valid():
        try:
            guest = guests.join_board(link, form.cleaned_data["display_name"])
        except guests.GuestLinkGone as gone:
            return _gone(request, gone.link)
        guests.remember(request, guest)
        return redirect(space_of(board).url("board", board.pk))
    context = {"board": board, "form": form, "link": link}
    return render(request, "boards/guest_join.html", context, status=400 if form.errors else 200)


@require_GET
@as_guest
def guest_board(request: HttpRequest, person: GuestPerson, pk: int) -> HttpResponse:
    _the_board(person, pk)
    return _guest_board_page(request, person, as_list=False)


@require_GET
@as_guest
def guest_list_view(request: HttpRequest, person: GuestPerson, pk: int) -> HttpResponse:
    _the_board(person, pk)
    return _guest_board_page(request, person, as_list=True)


@require_POST
@as_guest
def guest_add_card(request: HttpRequest, person: GuestPerson, pk: int) -> HttpResponse:
    board = _the_board(person, pk)
    column = column_of(board, request.POST.get("column"))
    if not may_add_card(person, board):
        raise PermissionDenied
    form = CardForm(request.POST, prefix_id=f"c{column.pk}")
    if form.is_valid():
        try:
            card = services.add_card(
                board, column, author=None, guest=person.guest, **form.cleaned_data
            )
        except services.BoardError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, board, f"column-{column.pk}", card.board.revision)
    return _guest_board_page(request, person, status=400, forms={column.pk: form})


@require_http_methods(["GET", "POST"])
@as_guest
def guest_edit_card(request: HttpRequest, person: GuestPerson, pk: int) -> HttpResponse:
    card = guests.card_of(person.guest, pk)
    if not may_edit_card(person, card):
        raise PermissionDenied
    return card_editor(request, card)


@require_POST
@as_guest
def guest_delete_card(request: HttpRequest, person: GuestPerson, pk: int) -> HttpResponse:
    card = guests.card_of(person.guest, pk)
    if not may_delete_card(person, card):
        raise PermissionDenied
    services.delete_card(card)
    return _done(request, card.board, f"column-{card.column_id}")


def _dot(request: HttpRequest, person: GuestPerson, pk: int, change, anchor: str) -> HttpResponse:
    """Give or take back one of the guest's dots on a card of their board (voting.py); a
    refusal shows why on the board."""
    card = guests.card_of(person.guest, pk)
    if not may_vote(person, card.board):
        raise PermissionDenied

    def refused(request: HttpRequest, board: Board, message: str) -> HttpResponse:
        messages.error(request, message)
        return _guest_board_page(request, person, status=400)

    return dot_change(request, card, change, anchor, refused, guest=person.guest)


@require_POST
@as_guest
def guest_cast_dot(request: HttpRequest, person: GuestPerson, pk: int) -> HttpResponse:
    return _dot(request, person, pk, voting.cast_dot, "")


@require_POST
@as_guest
def guest_take_back_dot(request: HttpRequest, person: GuestPerson, pk: int) -> HttpResponse:
    return _dot(request, person, pk, voting.take_back_dot, "board-my-dots")
