"""The facilitator's clustering tools, the order of the cards in a column and the timer of a
phase (issue 15). Like services.py: atomic, under a row lock on the board, raising its
revision and telling the open browsers (live.py); the views check who may do it and validate
the input, these functions check the board's rules and raise BoardError with a message for
the person.

Groups (clusters) belong to one column and are made, renamed and deleted in the phase
"cluster"; a deleted group's cards stay in the column, ungrouped. A card is grouped only
within its column (moving it to another column takes it out of its group, services.move_card).

The cards of a column are ordered by `position` (dense from 0, gaps healed when the column is
reordered); "up" and "down" swap a card with its neighbour within its group (the ungrouped
cards are a group too), as the board shows them. A card put into a group or moved to another
column goes to the end.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.core.locking import StaleEditError
from schreibwerkstatt.core.ordering import next_position

from .models import Board, Card, Cluster, Column
from .services import BoardError, _changed, _locked

CLUSTER_TITLE_MAX = 100
TIMER_MINUTES = (1, 120)


def _clustering(board: Board) -> None:
    if board.phase != Board.Phase.CLUSTER:
        raise BoardError(
            _("Groups can only be changed in the phase “%(phase)s”.")
            % {"phase": Board.Phase.CLUSTER.label}
        )


@transaction.atomic
def add_cluster(board: Board, column: Column, title: str) -> Cluster:
    board = _locked(board)
    _clustering(board)
    if column.board_id != board.pk:  # the views look the column up in the board; twice safe
        raise BoardError(_("This column belongs to another board."))
    cluster = Cluster.objects.create(
        board=board, column=column, title=title, position=next_position(column.clusters.all())
    )
    _changed(board, {"kind": "cluster_added", "cluster": title, "column": column.title})
    return cluster


@transaction.atomic
def rename_cluster(cluster: Cluster, title: str) -> Cluster:
    board = _locked(cluster.board)
    _clustering(board)
    if cluster.title != title:
        cluster.title = title
        cluster.save(update_fields=["title"])
        _changed(board, {"kind": "cluster_renamed", "cluster": title})
    return cluster


@transaction.atomic
def delete_cluster(cluster: Cluster) -> None:
    """The group goes, its cards stay in the column (after the ungrouped ones)."""
    board = _locked(cluster.board)
    _clustering(board)
    start = next_position(cluster.column.cards.all())
    cards = list(cluster.cards.order_by("position", "pk"))
    for offset, card in enumerate(cards):
        card.position, card.cluster = start + offset, None
    Card.objects.bulk_update(cards, ["position", "cluster"])
    title = cluster.title
    cluster.delete()
    _changed(board, {"kind": "cluster_deleted", "cluster": title})


@transaction.atomic
def set_card_cluster(card: Card, cluster: Cluster | None) -> Card:
    """Put the card into a group of its column, or take it out of its group (None)."""
    board = _locked(card.board)
    _clustering(board)
    if cluster is not None and (
        cluster.board_id != board.pk or cluster.column_id != card.column_id
    ):
        raise BoardError(_("A card can only be put into a group of its own column."))
    new = cluster.pk if cluster is not None else None
    if card.cluster_id != new:
        card.cluster = cluster
        card.position = next_position(card.column.cards.all())
        card.save(update_fields=["cluster", "position", "updated_at"])
        event = {"kind": "card_clustered", "card": _short(card)}
        if cluster is not None:
            event["cluster"] = cluster.title
        _changed(board, event)
    return card


def _short(card: Card) -> str:
    """The card as the announcement names it: its text, shortened, never its author; nothing
    of a hidden card, which only the facilitation sees (everybody hears the announcement)."""
    if card.hidden:
        return ""
    text = " ".join(card.text.split())
    return text if len(text) <= 40 else text[:39] + "…"


@transaction.atomic
def move_card_in_column(card: Card, *, up: bool, include_hidden: bool = True) -> bool:
    """Swap the card with its neighbour in its group (as the board shows it: without the
    hidden cards unless `include_hidden`, the facilitator's view) and number the column's
    cards densely again. False when the card is already first (last)."""
    board = _locked(card.board)
    ordered = list(
        Card.objects.select_for_update().filter(column_id=card.column_id).order_by("position", "pk")
    )
    index = next((i for i, other in enumerate(ordered) if other.pk == card.pk), None)
    if index is None:  # moved to another column meanwhile
        return False
    cluster = ordered[index].cluster_id
    step = -1 if up else 1
    target = index + step
    while 0 <= target < len(ordered) and (
        ordered[target].cluster_id != cluster or (ordered[target].hidden and not include_hidden)
    ):
        target += step
    if not 0 <= target < len(ordered):
        return False
    ordered[index], ordered[target] = ordered[target], ordered[index]
    changed = []
    for position, other in enumerate(ordered):
        if other.position != position:
            other.position = position
            changed.append(other)
    Card.objects.bulk_update(changed, ["position"])
    _changed(board, {"kind": "card_ordered", "card": _short(ordered[target]), "up": up})
    return True


@transaction.atomic
def start_timer(board: Board, minutes: int, *, expected_version: int) -> Board:
    """A timer for the current phase, running out `minutes` from now (switching the phase
    stops it, services.set_phase)."""
    current = _locked(board)
    if current.version != expected_version:
        raise StaleEditError(current)
    if current.is_closed:
        raise BoardError(_("The board is closed: it needs no timer."))
    low, high = TIMER_MINUTES
    if not low <= minutes <= high:
        raise BoardError(_("A timer runs between 1 and 120 minutes."))
    now = timezone.now().replace(microsecond=0)
    current.timer_ends_at = now + timedelta(minutes=minutes)
    current.version += 1
    current.save(update_fields=["timer_ends_at", "version", "updated_at"])
    ends = timezone.localtime(current.timer_ends_at).strftime("%H:%M")
    _changed(current, {"kind": "timer_started", "ends": ends})
    return current


@transaction.atomic
def stop_timer(board: Board, *, expected_version: int) -> Board:
    current = _locked(board)
    if current.version != expected_version:
        raise StaleEditError(current)
    if current.timer_ends_at is not None:
        current.timer_ends_at = None
        current.version += 1
        current.save(update_fields=["timer_ends_at", "version", "updated_at"])
        _changed(current, {"kind": "timer_stopped"})
    return current
