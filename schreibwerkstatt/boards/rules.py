"""Who may do what on a workshop board (docs/roles.md).

The people of the board's municipality (members and assigned advisers, `takes_part`) see its
boards, add cards and listen live; an operator's support access only reads the pages; the Koordination and the Redaktion create boards. The facilitator of a
board is its creator (while still taking part) and the Koordination and Redaktion: they switch
the phase, edit, hide and restore any card and arrange the columns. An author edits and
deletes their own cards while the board collects. Operators and superusers hold nothing here,
members of another municipality learn nothing (404). The live connection (consumers.py) asks
the same functions on connect and for every message.
"""

import rules
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from schreibwerkstatt.municipalities.rules import (
    can_edit_content,
    forget_roles,
    get_municipality_for_user,
    takes_part,
)

from .models import Board, Card, Column

TAKE_PART = "boards.take_part"
ADD_BOARD = "boards.add_board"
rules.add_perm(TAKE_PART, takes_part)
rules.add_perm(ADD_BOARD, takes_part & can_edit_content)


def may_take_part(user, board: Board) -> bool:
    return bool(user.is_authenticated and user.is_active and takes_part(user, board.municipality))


def may_take_part_now(user, board: Board) -> bool:
    """may_take_part asked afresh, for a live connection that outlasts a membership."""
    forget_roles(user)
    return may_take_part(user, board)


def may_facilitate(user, board: Board) -> bool:
    if not may_take_part(user, board):
        return False
    return board.created_by_id == user.pk or can_edit_content(user, board.municipality)


def may_add_card(user, board: Board) -> bool:
    return may_take_part(user, board) and board.is_collecting


def may_edit_card(user, card: Card) -> bool:
    board = card.board
    if board.is_closed:
        return False
    if may_facilitate(user, board):
        return True
    return board.is_collecting and card.author_id == user.pk and may_take_part(user, board)


def may_delete_card(user, card: Card) -> bool:
    board = card.board
    return board.is_collecting and card.author_id == user.pk and may_take_part(user, board)


def may_move_card(user, card: Card) -> bool:
    """The facilitator while the board is open; the author their own card while collecting."""
    return may_edit_card(user, card)


def get_board_for_user(request: HttpRequest, slug: str, pk: int) -> Board:
    """A board of the municipality of the URL for whoever may see the municipality (404 for
    outsiders and for a board of another municipality). An operator's support access reads
    it, logged and refused for anything but reading (get_municipality_for_user); every
    change asks the may_* functions above, which a support access never passes."""
    municipality = get_municipality_for_user(request, slug)
    board = get_object_or_404(
        Board.objects.select_related("strategy"), pk=pk, municipality=municipality
    )
    board.municipality = municipality
    return board


def get_card_for_user(request: HttpRequest, slug: str, pk: int) -> Card:
    """A card of a board of the municipality of the URL (`card.board.municipality` set)."""
    municipality = get_municipality_for_user(request, slug)
    card = get_object_or_404(
        Card.objects.select_related("board", "column", "author"),
        pk=pk,
        board__municipality=municipality,
    )
    card.board.municipality = municipality
    return card


def get_column_for_user(request: HttpRequest, slug: str, pk: int) -> Column:
    municipality = get_municipality_for_user(request, slug)
    column = get_object_or_404(
        Column.objects.select_related("board"), pk=pk, board__municipality=municipality
    )
    column.board.municipality = municipality
    return column


def column_of(board: Board, pk) -> Column:
    """A column of this board named in a form (404 for a forged id of another board)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        pk = 0
    return get_object_or_404(Column, pk=pk, board=board)
