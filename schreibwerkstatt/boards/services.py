"""Every change of a board: atomic, under a row lock on the board, raising its revision and
telling the open browsers (live.py). Views, the demo and tests call these alike."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.core.locking import StaleEditError
from schreibwerkstatt.core.ordering import move, next_position

from .live import broadcast
from .models import STRATEGY_TEMPLATES, Board, Card, Column

SWOT_COLUMNS = [_("Strengths"), _("Weaknesses"), _("Opportunities"), _("Threats")]
# Vision statements: where the municipality wants to be, seen by those it serves and by itself.
VISION_COLUMNS = [
    _("For citizens"),
    _("For businesses and the region"),
    _("For the administration and its staff"),
]


class BoardError(Exception):
    """A change the board's rules refuse; the message is for the person."""


def _locked(board: Board) -> Board:
    return Board.objects.select_for_update().get(pk=board.pk)


def _changed(board: Board, event: dict) -> int:
    """Raise the locked board's revision and broadcast `event` after the commit."""
    board.revision += 1
    board.save(update_fields=["revision", "updated_at"])
    broadcast(board.pk, board.revision, event)
    return board.revision


@transaction.atomic
def create_board(
    municipality, *, user, title: str, template: str, strategy=None, anonymous: bool = False
) -> Board:
    board = Board.objects.create(
        municipality=municipality,
        title=title,
        template=template,
        strategy=strategy if template in STRATEGY_TEMPLATES else None,
        anonymous=anonymous,
        created_by=user,
    )
    _add_columns(board, template, strategy)
    return board


@transaction.atomic
def create_session_board(
    session, *, user, title: str, template: str, anonymous: bool = False
) -> Board:
    """A board of a workshop session; its template takes no strategy (SessionBoardForm)."""
    if template in STRATEGY_TEMPLATES:
        raise BoardError(_("A board of a session has no strategy to take the columns from."))
    board = Board.objects.create(
        session=session, title=title, template=template, anonymous=anonymous, created_by=user
    )
    _add_columns(board, template, None)
    return board


def _add_columns(board: Board, template: str, strategy) -> None:
    if template in STRATEGY_TEMPLATES and strategy is not None:
        titles = [field.title[:100] for field in strategy.fields.order_by("position", "pk")]
    elif template == Board.Template.VISION:
        titles = [str(title) for title in VISION_COLUMNS]
    elif template == Board.Template.SWOT:
        titles = [str(title) for title in SWOT_COLUMNS]
    elif template == Board.Template.FLASH:
        titles = [str(_("Blitzlicht"))]
    else:
        titles = [str(_("Ideas"))]
    Column.objects.bulk_create(
        Column(board=board, title=title, position=position) for position, title in enumerate(titles)
    )


@transaction.atomic
def add_card(
    board: Board,
    column: Column,
    *,
    author,
    text: str,
    category: str,
    note: str = "",
    municipality=None,
    guest=None,
) -> Card:
    """`municipality`: on a session's board, the author's municipality (the one they reached
    the board through); none on a municipality's own board. A guest's card (guests.py) has
    `guest` and no author."""
    board = _locked(board)
    if not board.is_collecting:
        raise BoardError(_("Cards can only be added while the board is collecting."))
    written = board.cards.filter(guest=guest) if guest else board.cards.filter(author=author)
    if board.template == Board.Template.FLASH and written.exists():
        raise BoardError(_("In a Blitzlicht everybody writes one card; edit yours instead."))
    card = Card.objects.create(
        board=board,
        column=column,
        author=None if guest else author,
        guest=guest,
        text=text,
        note=note,
        category=category,
        municipality=municipality if board.session_id else None,
        position=next_position(column.cards.all()),
    )
    _changed(board, {"kind": "card_added", "column": column.title})
    return card


@transaction.atomic
def edit_card(card: Card, *, text: str, category: str, note: str) -> Card:
    board = _locked(card.board)
    card.text, card.category, card.note = text, category, note
    card.save(update_fields=["text", "category", "note", "updated_at"])
    _changed(board, {"kind": "card_edited", "column": card.column.title})
    return card


@transaction.atomic
def delete_card(card: Card) -> None:
    board = _locked(card.board)
    column = card.column.title
    card.delete()
    _changed(board, {"kind": "card_deleted", "column": column})


@transaction.atomic
def set_card_hidden(card: Card, hidden: bool) -> Card:
    board = _locked(card.board)
    if card.hidden != hidden:
        card.hidden = hidden
        card.save(update_fields=["hidden", "updated_at"])
        _changed(board, {"kind": "card_hidden" if hidden else "card_restored"})
    return card


@transaction.atomic
def move_card(card: Card, column: Column) -> Card:
    board = _locked(card.board)
    if column.board_id != board.pk:  # the views look the column up in the board; twice safe
        raise BoardError(_("This column belongs to another board."))
    if card.column_id != column.pk:  # out of its group, which belongs to the old column
        card.column, card.cluster = column, None
        card.position = next_position(column.cards.all())
        card.save(update_fields=["column", "cluster", "position", "updated_at"])
        _changed(board, {"kind": "card_moved", "column": column.title})
    return card


@transaction.atomic
def set_phase(board: Board, phase: str, *, expected_version: int) -> Board:
    current = _locked(board)
    if current.version != expected_version:
        raise StaleEditError(current)
    if current.phase != phase:  # the timer was the old phase's (clustering.start_timer)
        current.phase, current.timer_ends_at = phase, None
        current.version += 1
        current.save(update_fields=["phase", "timer_ends_at", "version", "updated_at"])
        _changed(current, {"kind": "phase", "phase": phase})
    return current


@transaction.atomic
def add_column(board: Board, title: str) -> Column:
    board = _locked(board)
    column = Column.objects.create(
        board=board, title=title, position=next_position(board.columns.all())
    )
    _changed(board, {"kind": "column_added", "column": title})
    return column


@transaction.atomic
def rename_column(column: Column, title: str) -> Column:
    board = _locked(column.board)
    if column.title != title:
        column.title = title
        column.save(update_fields=["title"])
        _changed(board, {"kind": "column_renamed", "column": title})
    return column


@transaction.atomic
def move_column(column: Column, *, up: bool) -> None:
    board = _locked(column.board)
    move(column, board.columns.all(), up=up)
    _changed(board, {"kind": "columns_ordered"})
