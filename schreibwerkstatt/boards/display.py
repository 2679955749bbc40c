"""What a board looks like to one person: its columns with the cards they may see and what
they may do with each. The board page and the live connection (consumers.py) render the same
partial from it, so a swapped fragment equals a reloaded page."""

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .forms import CardForm
from .models import Board, Card, Column
from .rules import may_add_card, may_delete_card, may_edit_card, may_facilitate
from .spaces import SERIES, space_of
from .transfer import BoardLabels, may_take_over

# What the screen reader hears of a change (consumers.py, batched by board.js).
ANNOUNCEMENTS = {
    "card_added": lambda e: _("New card in “%(column)s”.") % e,
    "card_edited": lambda e: _("A card in “%(column)s” was changed.") % e,
    "card_deleted": lambda e: _("A card in “%(column)s” was deleted.") % e,
    "card_hidden": lambda e: _("A card was hidden."),
    "card_restored": lambda e: _("A hidden card was shown again."),
    "card_moved": lambda e: _("A card was moved to “%(column)s”.") % e,
    "phase": lambda e: (
        _("The board is now in the phase “%(phase)s”.") % {"phase": Board.Phase(e["phase"]).label}
    ),
    "column_added": lambda e: _("New column “%(column)s”.") % e,
    "column_renamed": lambda e: _("A column was renamed to “%(column)s”.") % e,
    "columns_ordered": lambda e: _("The order of the columns changed."),
    "taken_over": lambda e: (
        ngettext(
            "%(count)d card or group was taken over into the strategy.",
            "%(count)d cards or groups were taken over into the strategy.",
            e["count"],
        )
        % e
    ),
}


def announcement(event: dict) -> str:
    describe = ANNOUNCEMENTS.get(event.get("kind", ""))
    return str(describe(event)) if describe else ""


def board_columns(board: Board, user, forms: dict | None = None) -> list[Column]:
    """The columns in order, each with `.visible_cards` (hidden ones only for the facilitator)
    and `.form` (to add a card) when the person may add one. Three queries however big."""
    facilitator = may_facilitate(user, board)
    cards = Card.objects.select_related("author", "municipality").order_by("position", "pk")
    if not facilitator:
        cards = cards.filter(hidden=False)
    columns = list(
        board.columns.order_by("position", "pk").prefetch_related(
            Prefetch("cards", queryset=cards, to_attr="visible_cards")
        )
    )
    space = space_of(board)
    of_session = board.session_id is not None
    adding = may_add_card(user, board)
    taken_over = BoardLabels(board, user)  # one query: what each card became in a strategy
    for index, column in enumerate(columns):
        column.board = board
        column.at_top, column.at_bottom = index == 0, index == len(columns) - 1
        column.others = [other for other in columns if other.pk != column.pk]
        if adding:
            column.form = (forms or {}).get(column.pk) or CardForm(prefix_id=f"c{column.pk}")
        for card in column.visible_cards:
            card.board = board
            card.column = column
            card.mine = card.author_id == user.pk
            card.can_edit = may_edit_card(user, card)
            card.taken_over = taken_over.of(card)
            card.can_delete = may_delete_card(user, card)
            card.can_move = card.can_edit and len(columns) > 1
            card.edit_url = space.url("edit_card", card.pk)
            # On a session's board each card names its municipality (not in anonymous mode).
            card.origin = ""
            if board.anonymous:
                card.byline = _("Your card") if card.mine else ""
            else:
                card.byline = card.author.name if card.author else _("former member")
                if of_session and card.municipality is not None:
                    card.origin = card.municipality.name
    return columns


def board_context(board: Board, user, forms: dict | None = None) -> dict:
    """`space` builds the addresses ({% board_url %}); `municipality` is the person's
    municipality of the space (None for the organisers of a session's board)."""
    space = space_of(board)
    return {
        "board": board,
        "space": space,
        "municipality": space.municipality,
        "columns": board_columns(board, user, forms),
        "facilitator": may_facilitate(user, board),
        "can_take_over": space.municipality is not None
        and may_take_over(user, board, space.municipality),
        "back": back_link(board),
    }


def back_link(board: Board) -> tuple[str, str]:
    """(address, label) of the page the board belongs to: the municipality's boards, the
    organisers' session page, or the participants' registration page of the series."""
    space = space_of(board)
    if board.session_id is None:
        return reverse("boards:list", args=[space.slug]), _("Workshop boards")
    session = board.session
    if space.kind == SERIES:
        url = reverse("workshops:manage_session", args=[session.series.slug, session.pk])
        return f"{url}#boards", session.title
    url = reverse("workshops:registration", args=[session.series.slug])
    return f"{url}#session-{session.pk}", session.title


def render_board(board: Board, user, csrf_token: str) -> str:
    """The board's live part (partials/board.html) for the live connection, without a request."""
    context = board_context(board, user)
    context["csrf_token"] = csrf_token
    return render_to_string("boards/partials/board.html", context).strip()
