"""Results into the strategy (issue 15, item 6): cards and groups (clusters) of a board become
fields of action, goals or measures of a strategy, in one step after a preview.

A municipality takes over its own cards only: on its own board every visible card, on the
board of a workshop session (several municipalities at once) the cards its own participants
wrote (`Card.municipality`); `own_cards` is that rule, the one place it is written. The objects
are created by the strategies app's own services (positions, history, search index as when a
person adds them in the editor); a `Transfer` row per created object remembers the board and
the card or group, so the strategy pages tell where an element came from (`board_origins`,
a source of strategies.origins) and the board which cards were taken over (`BoardLabels`).

A card is taken over once: a card taken over (alone or in its group) cannot be chosen again
until the object made of it is deleted (its Transfer row goes with it). Everything is created
in one transaction under the board's row lock, and only when the board is still at the
revision the preview showed, so what is created is what the person saw.
"""

from dataclasses import dataclass, field

import rules
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from schreibwerkstatt.municipalities.rules import takes_part
from schreibwerkstatt.strategies import services as strategy_services
from schreibwerkstatt.strategies.models import FieldOfAction, Goal, Measure, Strategy
from schreibwerkstatt.strategies.origins import Origin
from schreibwerkstatt.strategies.rules import EDIT, strategies_of
from schreibwerkstatt.workshops.models import Registration

from .live import broadcast
from .models import Board, Card, Cluster, Transfer
from .results import ranked
from .rules import may_take_part

KIND_MODELS = {
    Transfer.Kind.FIELD: FieldOfAction,
    Transfer.Kind.GOAL: Goal,
    Transfer.Kind.MEASURE: Measure,
}
# The names of the strategy pages of each kind (strategies/urls.py).
KIND_URLS = {
    Transfer.Kind.FIELD: "strategies:field",
    Transfer.Kind.GOAL: "strategies:goal_edit",
    Transfer.Kind.MEASURE: "strategies:measure",
}


class TransferError(Exception):
    """A take-over the rules refuse; the message is for the person."""


class StaleBoardError(Exception):
    """The board changed since the preview; nothing was created."""


# Who and which cards -------------------------------------------------------------------------


def own_cards(board: Board, municipality) -> QuerySet[Card]:
    """The cards of `board` that `municipality` may take over into its strategies: the visible
    cards of its own board; on a session board the visible cards its own participants wrote;
    on any other board none."""
    cards = Card.objects.filter(board=board, hidden=False)
    if board.session_id is not None:
        return cards.filter(municipality=municipality)
    if board.municipality_id != municipality.pk:
        return cards.none()
    return cards


def registered_for(board: Board, municipality) -> bool:
    """Whether `municipality` takes part in the series of the session board (confirmed)."""
    return Registration.objects.filter(
        series__sessions=board.session_id,
        municipality=municipality,
        status=Registration.Status.CONFIRMED,
    ).exists()


def may_take_over(user, board: Board, municipality) -> bool:
    """Those who edit the strategy content of `municipality` (its Koordination and Redaktion),
    while they take part in the board: on the municipality's own board as a participant, on a
    session board when the municipality is registered for the series. The view has reached the
    board through `get_board_for_user` already; this adds the right to write the strategy."""
    # The rule itself, not user.has_perm: a superuser holds every permission there, but
    # operators and superusers do not write a municipality's strategy.
    if not (user.is_authenticated and user.is_active and rules.has_perm(EDIT, user, municipality)):
        return False
    if board.session_id is not None:
        return registered_for(board, municipality)
    return board.municipality_id == municipality.pk and may_take_part(user, board)


def strategies_for(municipality) -> QuerySet[Strategy]:
    """The strategies the municipality edits: its own and those it is an accepted partner of."""
    return strategies_of(municipality).order_by("title", "pk")


def transfers_of(board: Board, municipality) -> QuerySet[Transfer]:
    """What `municipality` took over from the board so far (on a session board only into the
    strategies it reaches: the other municipalities' take-overs are theirs)."""
    transfers = Transfer.objects.filter(board=board)
    if board.session_id is not None:
        transfers = transfers.filter(strategy__in=strategies_of(municipality))
    return transfers.select_related("field", "goal", "measure")


def created_object(transfer: Transfer):
    return transfer.field or transfer.goal or transfer.measure


def describe(transfer: Transfer) -> str:
    """E.g. 'Maßnahme „Online-Termine“' (the kind in words, so not by colour alone)."""
    return _("%(kind)s “%(title)s”") % {
        "kind": transfer.get_kind_display(),
        "title": created_object(transfer).title,
    }


# What can be chosen --------------------------------------------------------------------------


@dataclass
class Choice:
    """A card or a group of the board as the take-over page offers it."""

    key: str  # "card-<pk>" or "cluster-<pk>": the value of its checkbox
    dots: int
    card: Card | None = None
    cluster: Cluster | None = None
    cards: list[Card] = field(default_factory=list)  # a group's cards that go into it
    left_out: list[Card] = field(default_factory=list)  # a group's cards taken over already
    taken: list[Transfer] = field(default_factory=list)  # what it became already

    @property
    def is_cluster(self) -> bool:
        return self.cluster is not None

    @property
    def text(self) -> str:
        return self.cluster.title if self.cluster is not None else self.card.text

    @property
    def taken_as(self) -> str:
        return "; ".join(describe(transfer) for transfer in self.taken)

    @property
    def selectable(self) -> bool:
        return not self.taken and (self.card is not None or bool(self.cards))

    def title_and_description(self, kind: str) -> tuple[str, str]:
        """A group: titled by the group, its cards' texts as the description; a card: titled by
        its text, its note as the description. A title longer than the kind allows is cut and
        given whole at the top of the description."""
        if self.cluster is not None:
            title, description = self.cluster.title, "\n".join(f"– {c.text}" for c in self.cards)
        else:
            title, description = self.card.text, self.card.note
        limit = KIND_MODELS[kind]._meta.get_field("title").max_length
        if len(title) > limit:
            description = "\n\n".join(part for part in (title, description) if part)
            title = title[: limit - 1].rstrip() + "…"
        return title, description


@dataclass
class Offer:
    board: Board
    municipality: object
    revision: int
    dots_shown: bool
    clusters: list[Choice]
    cards: list[Choice]

    def choices(self) -> list[Choice]:
        return self.clusters + self.cards

    def get(self, key: str) -> Choice | None:
        return next((choice for choice in self.choices() if choice.key == key), None)


def offer(board: Board, municipality, *, dots_shown: bool) -> Offer:
    """What `municipality` can take over from the board, groups and cards ranked by their dots
    (results.ranked) when the dots may be shown, else in the board's order; three queries."""
    result = ranked(board)
    own = set(own_cards(board, municipality).values_list("pk", flat=True))
    by_card: dict[int, list[Transfer]] = {}
    by_cluster: dict[int, list[Transfer]] = {}
    for transfer in transfers_of(board, municipality):
        if transfer.cluster_id is not None:
            by_cluster.setdefault(transfer.cluster_id, []).append(transfer)
        elif transfer.card_id is not None:
            by_card.setdefault(transfer.card_id, []).append(transfer)
    cards = [card for card in result.cards if card.pk in own]
    if not dots_shown:
        cards.sort(key=lambda c: (c.column.position, c.column_id, c.position, c.pk))
    card_choices = []
    for card in cards:
        taken = by_card.get(card.pk) or by_cluster.get(card.cluster_id) or []
        card_choices.append(Choice(key=f"card-{card.pk}", dots=card.dots, card=card, taken=taken))
    taken_cards = {choice.card.pk for choice in card_choices if choice.taken}
    cluster_choices = []
    for group in result.clusters:
        mine = [card for card in group.cards if card.pk in own]
        if not mine:
            continue
        cluster_choices.append(
            Choice(
                key=f"cluster-{group.cluster.pk}",
                dots=sum(card.dots for card in mine),
                cluster=group.cluster,
                cards=[card for card in mine if card.pk not in taken_cards],
                left_out=[card for card in mine if card.pk in taken_cards],
                taken=by_cluster.get(group.cluster.pk, []),
            )
        )
    if not dots_shown:
        cluster_choices.sort(key=lambda c: (c.cluster.column_id, c.cluster.position, c.cluster.pk))
    return Offer(
        board=board,
        municipality=municipality,
        revision=board.revision,
        dots_shown=dots_shown,
        clusters=cluster_choices,
        cards=card_choices,
    )


def refusal(board: Board, municipality, key: str, current: Offer) -> str:
    """Why `key` cannot be taken over, in words for the person (never more than they may know:
    a card of another board is simply not on this one)."""
    choice = current.get(key)
    if choice is not None and choice.taken:
        return _("“%(text)s” has been taken over already: %(what)s.") % {
            "text": choice.text,
            "what": describe(choice.taken[0]),
        }
    if choice is not None:  # a group whose cards were all taken over one by one
        return _("All cards of the group “%(text)s” have been taken over already.") % {
            "text": choice.text
        }
    kind, _sep, number = key.partition("-")
    pk = int(number) if number.isdigit() else 0
    if kind == "card":
        card = Card.objects.filter(pk=pk, board=board).first()
        if card is not None and card.hidden:
            return _("A hidden card cannot be taken over.")
        if card is not None:
            return _("This card was written by participants of another municipality.")
        return _("This card is not on this board.")
    if kind == "cluster" and Cluster.objects.filter(pk=pk, board=board).exists():
        return _("This group holds no card of your municipality.")
    return _("This group is not on this board.")


# The plan and its creation -------------------------------------------------------------------


@dataclass
class Wish:
    """What the person chose for one card or group (validated by forms_transfer.TransferForm)."""

    key: str
    kind: str
    field_pk: int | None = None


@dataclass
class Planned:
    choice: Choice
    kind: str
    field: FieldOfAction | None
    title: str
    description: str

    @property
    def kind_label(self) -> str:
        return Transfer.Kind(self.kind).label


def plan(current: Offer, wishes: list[Wish], fields: dict[int, FieldOfAction]) -> list[Planned]:
    """The objects the wishes make, in the order of the offer; TransferError for a wish the
    offer cannot fulfil (taken over meanwhile, gone, a field of action no longer there)."""
    planned = []
    for wish in wishes:
        choice = current.get(wish.key)
        if choice is None or not choice.selectable:
            raise TransferError(refusal(current.board, current.municipality, wish.key, current))
        if wish.field_pk is not None and wish.field_pk not in fields:
            raise TransferError(
                _("The field of action chosen for “%(text)s” does not exist any more.")
                % {"text": choice.text}
            )
        title, description = choice.title_and_description(wish.kind)
        planned.append(
            Planned(
                choice=choice,
                kind=wish.kind,
                field=fields.get(wish.field_pk) if wish.field_pk is not None else None,
                title=title,
                description=description,
            )
        )
    order = {choice.key: index for index, choice in enumerate(current.choices())}
    planned.sort(key=lambda item: order[item.choice.key])
    return planned


def _create(strategy: Strategy, item: Planned):
    fields = {"fields": [item.field]} if item.field is not None else None
    if item.kind == Transfer.Kind.FIELD:
        return strategy_services.add_field(
            FieldOfAction(strategy=strategy, title=item.title, starting_situation=item.description)
        )
    if item.kind == Transfer.Kind.GOAL:
        goal = Goal(strategy=strategy, title=item.title, description=item.description)
        return strategy_services.add_goal(goal, m2m=fields)
    measure = Measure(strategy=strategy, title=item.title, summary=item.description)
    return strategy_services.add_measure(measure, m2m=fields)


@transaction.atomic
def take_over(
    board: Board,
    municipality,
    strategy: Strategy,
    wishes: list[Wish],
    *,
    user,
    expected_revision: int,
) -> list[Transfer]:
    """Create what the preview showed, all or nothing: StaleBoardError when the board changed
    since (another take-over included), TransferError when a wish cannot be fulfilled."""
    locked = Board.objects.select_for_update().get(pk=board.pk)
    if locked.revision != expected_revision:
        raise StaleBoardError
    locked.municipality = board.municipality
    wanted = {wish.field_pk for wish in wishes if wish.field_pk is not None}
    fields = {
        f.pk: f
        for f in FieldOfAction.objects.select_for_update().filter(strategy=strategy, pk__in=wanted)
    }
    planned = plan(offer(locked, municipality, dots_shown=True), wishes, fields)
    if not planned:
        raise TransferError(_("Please choose at least one card or group to take over."))
    transfers = []
    for item in planned:
        created = _create(strategy, item)
        transfers.append(
            Transfer.objects.create(
                board=locked,
                card=item.choice.card,
                cluster=item.choice.cluster,
                strategy=strategy,
                kind=item.kind,
                created_by=user,
                **{item.kind: created},
            )
        )
    locked.revision += 1
    locked.save(update_fields=["revision", "updated_at"])
    broadcast(locked.pk, locked.revision, {"kind": "taken_over", "count": len(transfers)})
    return transfers


# What the board and the strategy pages show ---------------------------------------------------


@dataclass(frozen=True)
class Label:
    text: str  # 'Maßnahme „…“'
    url: str


def load_transfers(board: Board) -> list[Transfer]:
    """The take-overs of the board (snapshots.build reads them once for all people, as
    `board.loaded_transfers`)."""
    return list(
        Transfer.objects.filter(board=board).select_related(
            "field", "goal", "measure", "strategy__municipality"
        )
    )


class BoardLabels:
    """Which cards of a board were taken over and as what, for one person: one query for the
    whole board. On a session board a person sees the take-overs of the municipalities they
    take part in only (the strategies of the others are not theirs to read)."""

    def __init__(self, board: Board, user) -> None:
        self.by_card: dict[int, list[Label]] = {}
        self.by_cluster: dict[int, list[tuple[int | None, Label]]] = {}
        transfers = getattr(board, "loaded_transfers", None)  # once for every perspective
        for transfer in load_transfers(board) if transfers is None else transfers:
            owner = transfer.strategy.municipality
            if board.session_id is not None:
                if not takes_part(user, owner):
                    continue
                slug = owner.slug
            else:
                slug = board.municipality.slug
            label = Label(
                text=describe(transfer),
                url=reverse(
                    KIND_URLS[transfer.kind],
                    args=[slug, transfer.strategy_id, created_object(transfer).pk],
                ),
            )
            if transfer.cluster_id is not None:
                self.by_cluster.setdefault(transfer.cluster_id, []).append((owner.pk, label))
            elif transfer.card_id is not None:
                self.by_card.setdefault(transfer.card_id, []).append(label)
        self.session = board.session_id is not None

    def of(self, card: Card) -> list[Label]:
        labels = list(self.by_card.get(card.pk, []))
        for owner, label in self.by_cluster.get(card.cluster_id, []):
            # A group taken over by one municipality of a session covers its cards only.
            if not self.session or card.municipality_id == owner:
                labels.append(label)
        return labels


def workshop_date(board: Board):
    when = board.session.starts if board.session_id is not None else board.created_at
    return timezone.localdate(when)


def board_origins(user, municipality, obj) -> list[Origin]:
    """strategies.origins source: "Aus der Werkstatt „…“ vom …" for a field of action, goal or
    measure taken over from a board, linked to the board, for those who may open the board
    through the municipality of the page: its own board, or a session board of a series it is
    registered for. One query."""
    kind = {FieldOfAction: "field", Goal: "goal", Measure: "measure"}.get(type(obj))
    if kind is None or municipality is None:
        return []
    registered = Registration.objects.filter(
        series=OuterRef("board__session__series"),
        municipality=municipality,
        status=Registration.Status.CONFIRMED,
    )
    transfers = (
        Transfer.objects.filter(**{kind: obj})
        .select_related("board__session")
        .annotate(registered=Exists(registered))
    )
    origins = []
    for transfer in transfers:
        board = transfer.board
        if board.session_id is None and board.municipality_id != municipality.pk:
            continue
        if board.session_id is not None and not transfer.registered:
            continue
        text = _("From the workshop “%(title)s” on %(date)s") % {
            "title": board.title,
            "date": date_format(workshop_date(board), "SHORT_DATE_FORMAT"),
        }
        origins.append(
            Origin(text=text, url=reverse("boards:board", args=[municipality.slug, board.pk]))
        )
    return origins
