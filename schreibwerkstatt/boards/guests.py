"""Guests of a board (issue 15, point 5): for a citizens' or stakeholder workshop the
facilitator hands out a guest link, through which a person joins this one board with a display
name only. No account, no e-mail, nothing else is stored: the `Guest` row (board, link, name)
and what the guest writes on the board, all deleted with the board; the browser keeps the
guest's id in its session (SESSION_KEY) and nothing else.

The link's address carries a token signed with the site's key (django.core.signing, SALT)
that names the GuestLink; whether the link still holds is read from the database each time:
an expired or revoked link shows a page saying so (410), a token that is not ours is 404. A
guest reaches the board through the link's space (spaces.GUEST: `/werkstatt/gast/<token>/…`),
where the board is rendered with the same partials as for members (display.py) from the
perspective of a `GuestPerson`: add cards while the board collects, edit and delete their own
cards while it collects, never facilitate, never anything else of the municipality (rules.py
asks `is_guest`). Revoking a link ends its guests' live connections (consumers.py), expiry
ends them at their next message.
"""

from collections import Counter
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Board, Card, Guest, GuestLink, Vote
from .services import _changed, _locked
from .spaces import Space

SALT = "schreibwerkstatt.boards.guest_link"
SESSION_KEY = "board_guests"  # the ids of the guests this browser joined as, newest last
SESSION_GUESTS_KEPT = 20
DAYS_MIN, DAYS_MAX, DAYS_DEFAULT = 1, 30, 7
DISPLAY_NAME_MAX = 40
BOARD_RELATED = ("board__municipality", "board__strategy", "board__session__series")


class GuestLinkGone(Exception):
    """The guest link exists but was revoked or has expired (the views answer 410)."""

    def __init__(self, link: GuestLink) -> None:
        super().__init__(link.pk)
        self.link = link


class GuestPerson(AnonymousUser):
    """A guest as the rules and the board's rendering see a person: not signed in, member of
    nothing (every member's rule says no), with the `guest` they joined as."""

    is_adviser = False

    def __init__(self, guest: Guest) -> None:
        self.guest = guest

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GuestPerson) and other.guest.pk == self.guest.pk

    def __hash__(self) -> int:
        return hash(("guest", self.guest.pk))

    def __str__(self) -> str:
        return self.guest.display_name


def is_guest(user) -> bool:
    return isinstance(user, GuestPerson)


# The link's token -----------------------------------------------------------------------------


def token_for(link: GuestLink) -> str:
    """The link's token: its pk, signed (no timestamp: one link has one address, and the
    link's `expires_at` says how long it holds)."""
    return signing.Signer(salt=SALT).sign_object(link.pk)


def link_pk_of(token: str) -> int | None:
    """The GuestLink pk the token names, None when it is not a token of ours."""
    try:
        pk = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return pk if isinstance(pk, int) and not isinstance(pk, bool) else None


def active_links() -> QuerySet[GuestLink]:
    return GuestLink.objects.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


def is_active(link: GuestLink) -> bool:
    return link.revoked_at is None and link.expires_at > timezone.now()


def get_guest_link(token: str) -> GuestLink:
    """The link of the token with its board, the board in the link's space (`board.space`);
    Http404 for a token that is not ours or names no link, GuestLinkGone for a link that
    was revoked or has expired."""
    pk = link_pk_of(token)
    link = None
    if pk is not None:
        link = GuestLink.objects.select_related(*BOARD_RELATED).filter(pk=pk).first()
    if link is None:
        raise Http404
    if not is_active(link):
        raise GuestLinkGone(link)
    link.board.space = Space.of_guest_link(token)
    return link


def links_of(board: Board) -> QuerySet[GuestLink]:
    """The board's links that still hold, newest first, each with `joined` (how many guests)."""
    return (
        active_links()
        .filter(board=board)
        .annotate(joined=Count("guests"))
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )


# The guest in the browser's session ----------------------------------------------------------


def session_guest_ids(session) -> list[int]:
    ids = session.get(SESSION_KEY, []) if session is not None else []
    if not isinstance(ids, list):
        return []
    return [pk for pk in ids if isinstance(pk, int) and not isinstance(pk, bool)]


def guest_in_session(request: HttpRequest, link: GuestLink) -> Guest | None:
    """The guest this browser joined as through the link (the newest), None if none."""
    ids = session_guest_ids(request.session)
    if not ids:
        return None
    guest = Guest.objects.filter(pk__in=ids, link=link).order_by("-pk").first()
    if guest is not None:
        guest.link, guest.board = link, link.board
    return guest


def remember(request: HttpRequest, guest: Guest) -> None:
    """Keeps the guest's id in the session (a new session key: the guest's rights start here)."""
    ids = [pk for pk in session_guest_ids(request.session) if pk != guest.pk] + [guest.pk]
    request.session.cycle_key()
    request.session[SESSION_KEY] = ids[-SESSION_GUESTS_KEPT:]


def guest_for_socket(
    session, board_id: int, guest_id: int | None = None
) -> tuple[Guest, Space] | None:
    """For the live connection: the newest guest of the session on that board whose link
    still holds (`guest_id`: that one only), with its board, and the link's space; None if
    there is none."""
    ids = session_guest_ids(session)
    if guest_id is not None:
        ids = [pk for pk in ids if pk == guest_id]
    if not ids:
        return None
    guest = (
        Guest.objects.filter(pk__in=ids, board_id=board_id, link__in=active_links())
        .select_related("link", "board")
        .order_by("-pk")
        .first()
    )
    if guest is None:
        return None
    return guest, Space.of_guest_link(token_for(guest.link))


def guests_now(board: Board, ids) -> dict[int, Guest]:
    """{pk: guest} of those among `ids` who are guests of the board with a link that still
    holds, read afresh in one query (snapshots.py asks for all guest connections at once)."""
    guests = Guest.objects.filter(pk__in=list(ids), board=board, link__in=active_links())
    return {guest.pk: guest for guest in guests.select_related("link")}


def dots_by_guest(board: Board) -> dict[int, Counter]:
    """{guest id: {card id: their dots}} of every guest who gave dots on the board; one query,
    for the live connections (snapshots.py; voting.dots_by_member for the members)."""
    found: dict[int, Counter] = {}
    rows = Vote.objects.filter(board=board, guest__isnull=False).values_list("guest_id", "card_id")
    for guest_id, card_id in rows:
        found.setdefault(guest_id, Counter())[card_id] += 1
    return found


def card_of(guest: Guest, pk: int) -> Card:
    """A card of the guest's board (404 for one of another board: a forged id)."""
    card = get_object_or_404(
        Card.objects.select_related("column", "guest"), pk=pk, board=guest.board
    )
    card.board = guest.board
    return card


# Changes -------------------------------------------------------------------------------------


@transaction.atomic
def create_guest_link(
    board: Board, *, user, label: str = "", days: int = DAYS_DEFAULT
) -> GuestLink:
    return GuestLink.objects.create(
        board=board,
        label=label,
        created_by=user,
        expires_at=timezone.now() + timedelta(days=days),
    )


@transaction.atomic
def revoke_guest_link(link: GuestLink) -> GuestLink:
    """Revokes the link: its guests can no longer open or change the board, and their live
    connections close (the board's revision is raised, each connection's next board is
    asked for afresh, snapshots.build)."""
    board = _locked(link.board)
    link = GuestLink.objects.select_for_update().get(pk=link.pk)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        _changed(board, {"kind": "guests_left"})
    return link


@transaction.atomic
def join_board(link: GuestLink, display_name: str) -> Guest:
    """A guest of the link's board, if the link still holds (GuestLinkGone otherwise)."""
    current = GuestLink.objects.select_for_update().get(pk=link.pk)
    if not is_active(current):
        raise GuestLinkGone(current)
    guest = Guest.objects.create(board_id=link.board_id, link=current, display_name=display_name)
    guest.link, guest.board = link, link.board
    return guest
