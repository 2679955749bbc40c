"""The result of a board's dot vote: cards ranked by their dots, and the clusters with the
dots of their cards. The results view, the take-over into the strategy and the exports read
it alike; two queries however big the board."""

from dataclasses import dataclass, field

from django.db.models import Count

from .models import Board, Card, Cluster


@dataclass
class RankedCluster:
    cluster: Cluster
    cards: list[Card] = field(default_factory=list)

    @property
    def dots(self) -> int:
        return sum(card.dots for card in self.cards)


@dataclass
class Result:
    board: Board
    cards: list[Card]  # visible cards, most dots first (then board order), each with `.dots`
    clusters: list[RankedCluster]  # clusters with at least one visible card, most dots first

    @property
    def total_dots(self) -> int:
        return sum(card.dots for card in self.cards)


def ranked(board: Board) -> Result:
    """Hidden cards take no part. Equal dots keep the board's order (column, position)."""
    cards = list(
        Card.objects.filter(board=board, hidden=False)
        .select_related("column", "cluster", "author", "guest", "municipality")
        .annotate(dots=Count("votes"))
        .order_by("column__position", "column_id", "position", "pk")
    )
    return rank(board, cards)


def rank(board: Board, cards: list[Card]) -> Result:
    """The result of visible cards already read in the board's order, each with `dots` and
    its `cluster` (the board page has them, display.py: no query)."""
    order = {card.pk: index for index, card in enumerate(cards)}
    cards.sort(key=lambda card: (-card.dots, order[card.pk]))
    by_cluster: dict[int, RankedCluster] = {}
    for card in cards:
        if card.cluster_id is not None:
            by_cluster.setdefault(card.cluster_id, RankedCluster(card.cluster)).cards.append(card)
    clusters = sorted(
        by_cluster.values(),
        key=lambda group: (-group.dots, group.cluster.column_id, group.cluster.position),
    )
    return Result(board=board, cards=cards, clusters=clusters)
