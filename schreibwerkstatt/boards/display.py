"""What a board looks like to one person: its columns with the cards they may see and what
they may do with each. The board page and the live connection (consumers.py) render the same
partial from it, so a swapped fragment equals a reloaded page.

For the live connection a person's board is two things (snapshots.py): the *shared* board of
their perspective (what their role lets them see and do, through the space they came by), in
which every card is shown as to somebody who did not write it, rendered once for everybody
of that perspective and language; and their *own cards*, the cards they wrote, rendered for
them (their buttons, "Your card"), which board.js puts in place of the shared ones. So the
shared board never says who wrote which card on an anonymous board, and what a person gets
apart names only their own cards. The page renders the person's board in one go.

The dot vote follows the same split: the shared board shows the "Give a dot" button on every
visible card and the counts where the perspective sees them (voting.dots_shown), never what
a person gave; the person's own dots and dots left are one element of its own,
`#board-my-dots` (partials/my_dots.html), rendered per person (render_own_cards) in place of
the shared board's empty one.

A guest (guests.GuestPerson) is a perspective of their own: the guests of one link share
the board of the link's space, and a guest's own cards are those of their `Guest` (a guest's
card has no author). A guest's card is signed with the display name and "Guest" (not on an
anonymous board)."""

import copy
import re
from contextlib import contextmanager

from django.db.models import Count, Prefetch
from django.db.models.base import ModelState
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from schreibwerkstatt.core.paths import path_for_each
from schreibwerkstatt.municipalities.rules import advised_ids, roles_for

from .forms import CardForm
from .guests import is_guest
from .models import Board, Card, Cluster, Column
from .results import Result, rank
from .rules import (
    may_add_card,
    may_cluster,
    may_delete_card,
    may_edit_card,
    may_facilitate,
    may_vote,
)
from .spaces import GUEST, SERIES, space_of
from .transfer import BoardLabels, may_take_over
from .voting import BEFORE_RESULTS, MyDots, dots_of, dots_shown, my_dots

CARD = "boards/partials/card.html"
MY_DOTS = "boards/partials/my_dots.html"
MY_DOTS_ID = "board-my-dots"  # the element of the person's own dots (board.js swaps it in)


def _dots_changed(event: dict) -> str:
    """A single dot is told only where everybody sees the counts: while they are hidden, a
    vote of many would flood the screen readers with news that shows nothing."""
    return _("The dots on the cards changed.") if event.get("revealed") else ""


def _vote_settings(event: dict) -> str:
    if event["stackable"]:
        text = ngettext(
            "The vote now has %(count)d dot per person; several may go on one card.",
            "The vote now has %(count)d dots per person; several may go on one card.",
            event["count"],
        )
    else:
        text = ngettext(
            "The vote now has %(count)d dot per person, at most one on each card.",
            "The vote now has %(count)d dots per person, at most one on each card.",
            event["count"],
        )
    return text % {"count": event["count"]}


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
    "cluster_added": lambda e: _("New group “%(cluster)s” in “%(column)s”.") % e,
    "cluster_renamed": lambda e: _("A group was renamed to “%(cluster)s”.") % e,
    "cluster_deleted": lambda e: _("The group “%(cluster)s” was dissolved; its cards stay.") % e,
    "card_clustered": lambda e: _card_clustered(e),
    "card_ordered": lambda e: _card_ordered(e),
    "timer_started": lambda e: _("A timer runs until %(ends)s.") % e,
    "timer_stopped": lambda e: _("The timer was stopped."),
    "dot": _dots_changed,
    "dot_taken_back": _dots_changed,
    "vote_settings": _vote_settings,
    "votes_revealed": lambda e: _("The dots are now shown to everybody."),
    "votes_hidden": lambda e: _("The dots are hidden again."),
    "taken_over": lambda e: (
        ngettext(
            "%(count)d card or group was taken over into the strategy.",
            "%(count)d cards or groups were taken over into the strategy.",
            e["count"],
        )
        % e
    ),
}


def _card_clustered(event: dict) -> str:
    """A card put into a group or taken out: its text (never its author; none for a hidden
    card, clustering._short)."""
    if event.get("cluster"):
        if event.get("card"):
            return _("Card “%(card)s” moved to group “%(cluster)s”.") % event
        return _("A card was moved to group “%(cluster)s”.") % event
    if event.get("card"):
        return _("Card “%(card)s” taken out of its group.") % event
    return _("A card was taken out of its group.")


def _card_ordered(event: dict) -> str:
    if not event.get("card"):
        return _("The order of the cards changed.")
    if event.get("up"):
        return _("Card “%(card)s” moved up.") % event
    return _("Card “%(card)s” moved down.") % event


def announcement(event: dict) -> str:
    describe = ANNOUNCEMENTS.get(event.get("kind", ""))
    return str(describe(event)) if describe else ""


def perspective(board: Board, user) -> tuple:
    """What the person's role lets them see and do on the board, apart from their own cards,
    and the space they came through (what board_context asks of the person): people of one
    perspective share one board (snapshots.py)."""
    space = space_of(board)
    if is_guest(user):  # the guests of one link: only whether they may add a card differs
        return (space.kind, space.slug, may_add_card(user, board))
    flags = (
        space.kind,
        space.slug,
        may_facilitate(user, board),
        may_add_card(user, board),
        may_vote(user, board),
        space.municipality is not None and may_take_over(user, board, space.municipality),
    )
    if board.session_id is not None:  # the take-overs shown are those of one's municipalities
        flags += (frozenset(roles_for(user)) | advised_ids(user),)
    return flags


@contextmanager
def _as_somebody_elses(card: Card):
    """The card as if another person had written it, for the shared flags. Set in the
    instance's dict, around the descriptor, which would drop the cached author (or guest)."""
    saved = card.__dict__["author_id"], card.__dict__["guest_id"]
    card.__dict__["author_id"] = card.__dict__["guest_id"] = None
    try:
        yield card
    finally:
        card.__dict__["author_id"], card.__dict__["guest_id"] = saved


def wrote(user, card: Card) -> bool:
    """Whether the person (a member or a guest) wrote the card."""
    if is_guest(user):
        return card.guest_id is not None and card.guest_id == user.guest.pk
    return card.author_id is not None and card.author_id == user.pk


def _copy(card: Card) -> Card:
    """A copy of the card for another perspective's flags (what copy.copy makes of a model
    instance, its own cache of related objects included, without pickling's detour, which
    took most of the time of a live board's build of 400 cards)."""
    clone = Card.__new__(Card)
    clone.__dict__.update(card.__dict__)
    state = clone._state = ModelState.__new__(ModelState)
    state.__dict__.update(card._state.__dict__)
    state.fields_cache = card._state.fields_cache.copy()
    return clone


def _somebody_elses_flags(user, card: Card) -> tuple[bool, bool]:
    """(may edit, may delete) of a card the person did not write. rules.may_edit_card and
    may_delete_card answer for such a card from the person and the board alone, so a board
    asks once per person (board_columns) instead of once per card."""
    with _as_somebody_elses(card) as somebody_elses:
        return may_edit_card(user, somebody_elses), may_delete_card(user, somebody_elses)


def _card_flags(
    board: Board,
    user,
    card: Card,
    columns: int,
    *,
    shared: bool,
    others: tuple[bool, bool] | None = None,
) -> None:
    """What the person sees of the card and may do with it; `shared`: as if somebody else
    had written it (the shared board of the person's perspective); `others`: what
    _somebody_elses_flags answers for the person on this board, if asked already."""
    card.mine = not shared and wrote(user, card)
    if card.mine:
        card.can_edit = may_edit_card(user, card)
        card.can_delete = may_delete_card(user, card)
    else:
        card.can_edit, card.can_delete = others or _somebody_elses_flags(user, card)
    card.can_move = card.can_edit and columns > 1 and not is_guest(user)
    # up and down within its group (clustering.move_card_in_column): who may move it
    card.can_order = card.can_edit and card.group_size > 1 and not is_guest(user)
    card.by_guest = not board.anonymous and card.guest_id is not None
    if board.anonymous:
        card.byline = _("Your card") if card.mine else ""
    elif card.by_guest:
        card.byline = card.guest.display_name
    else:
        card.byline = card.author.name if card.author else _("former member")


# What a card shows of itself and of the objects it names (display.py, results.py): a card
# read before whose values are all the same is taken again (load_cards).
CARD_VALUES = (
    *(field.attname for field in Card._meta.concrete_fields),
    "author__name",
    "guest__display_name",
    "municipality__name",
    "cluster__title",
    "cluster__column_id",
    "cluster__position",
    "dots",
)


def load_cards(board: Board, previous: list[Card] | None = None) -> list[Card]:
    """All cards of the board, hidden ones too, in the order of board_columns, each with its
    `dots`. With `previous` (the cards of an earlier load, never changed since: board_columns
    works on copies), the values of every card are read and only the cards whose values
    differ are read whole: a change among 400 cards makes one or two objects, not 2,000."""
    cards = board.cards.annotate(dots=Count("votes")).order_by("position", "pk")
    whole = cards.select_related("author", "municipality", "cluster", "guest")
    if previous is None:
        return list(whole)
    rows = list(cards.values_list(*CARD_VALUES))
    known = {card.pk: card for card in previous}
    stale = [row[0] for row in rows if getattr(known.get(row[0]), "_loaded", None) != row]
    fresh = {card.pk: card for card in whole.filter(pk__in=stale)} if stale else {}
    loaded = []
    for row in rows:
        card = fresh.get(row[0]) or known.get(row[0])
        if card is not None:  # else deleted since the first read: the next change brings it
            card._loaded = row  # its values when read (a card read whole meanwhile: read again)
            loaded.append(card)
    return loaded


def load_clusters(board: Board) -> list[Cluster]:
    """All groups of the board in order (snapshots.build loads them once for all people, as
    `board.loaded_clusters`)."""
    return list(board.clusters.order_by("position", "pk"))


def board_columns(
    board: Board,
    user,
    forms: dict | None = None,
    *,
    shared: bool = False,
    cards: list[Card] | None = None,
) -> list[Column]:
    """The columns in order, each with `.visible_cards` (hidden ones only for the facilitator)
    and `.form` (to add a card) when the person may add one; `shared`: every card as if
    somebody else had written it, and nothing else that is the person's own either (their dots,
    say): the live connection sends that board to everybody of the perspective (snapshots.py); `cards`: all cards of the board (load_cards), else they
    are read. Three queries however big (two with `cards`)."""
    facilitator = may_facilitate(user, board)
    if cards is None:
        visible = (
            Card.objects.select_related("author", "municipality", "cluster", "guest")
            .annotate(dots=Count("votes"))
            .order_by("position", "pk")
        )
        if not facilitator:
            visible = visible.filter(hidden=False)
        columns = list(
            board.columns.order_by("position", "pk").prefetch_related(
                Prefetch("cards", queryset=visible, to_attr="visible_cards")
            )
        )
    else:  # loaded once for several people (snapshots.py): their own copies of the cards
        columns = list(board.columns.order_by("position", "pk"))
        in_column: dict[int, list[Card]] = {column.pk: [] for column in columns}
        for card in cards:
            if (facilitator or not card.hidden) and card.column_id in in_column:
                in_column[card.column_id].append(_copy(card))
        for column in columns:
            column.visible_cards = in_column[column.pk]
    space = space_of(board)
    edit_path = path_for_each(f"boards:{space.route_prefix}edit_card", **space.key)
    of_session = board.session_id is not None
    adding = may_add_card(user, board)
    dotting = board.phase == Board.Phase.VOTE and may_vote(user, board)
    counted = dots_shown(board, facilitator=facilitator)
    # one query: what each card became in a strategy (not a guest's business)
    taken_over = NO_LABELS if is_guest(user) else BoardLabels(board, user)
    clustering = may_cluster(user, board)
    others: tuple[bool, bool] | None = None  # _somebody_elses_flags, asked for the first card
    _group(columns, board)  # one query: the groups
    for index, column in enumerate(columns):
        column.board = board
        column.at_top, column.at_bottom = index == 0, index == len(columns) - 1
        column.others = [other for other in columns if other.pk != column.pk]
        column.signature = tuple((other.pk, other.title) for other in column.others)
        column.can_cluster = clustering
        if adding:
            column.form = (forms or {}).get(column.pk) or CardForm(prefix_id=f"c{column.pk}")
        for card in column.visible_cards:
            card.can_cluster = clustering and bool(column.groups)
            # its board and column (what `card.board = board` sets, without the descriptor's
            # checks: 400 cards a perspective at every change of a live board)
            card._state.fields_cache["board"] = board
            card._state.fields_cache["column"] = column
            card.taken_over = taken_over.of(card)
            card.edit_url = edit_path(card.pk)
            # On a session's board each card names its municipality (not in anonymous mode).
            card.origin = ""
            if not board.anonymous and of_session and card.municipality is not None:
                card.origin = card.municipality.name
            # the vote: the button and the count are the perspective's, never the person's
            card.can_dot = dotting and not card.hidden
            card.dots_shown = counted
            if others is None:
                others = _somebody_elses_flags(user, card)
            _card_flags(board, user, card, len(columns), shared=shared, others=others)
    return columns


def _group(columns: list[Column], board: Board) -> None:
    """Each column's groups (`.groups`, each with its `.visible_cards`), the cards outside any
    group (`.ungrouped`) and `.group_signature` (what a card's group menu offers); on each card
    its place in its group as the board shows it (`first_in_group`, `last_in_group`,
    `group_size`)."""
    in_column: dict[int, list[Cluster]] = {column.pk: [] for column in columns}
    loaded = getattr(board, "loaded_clusters", None)  # once for every perspective
    for cluster in loaded if loaded is not None else load_clusters(board):
        cluster = copy.copy(cluster)
        if cluster.column_id in in_column:
            cluster.visible_cards = []
            in_column[cluster.column_id].append(cluster)
    for column in columns:
        column.groups = in_column[column.pk]
        column.group_signature = tuple((group.pk, group.title) for group in column.groups)
        groups = {group.pk: group.visible_cards for group in column.groups}
        column.ungrouped = []
        for card in column.visible_cards:
            groups.get(card.cluster_id, column.ungrouped).append(card)
        for cards in [*groups.values(), column.ungrouped]:
            for place, card in enumerate(cards):
                card.first_in_group, card.last_in_group = place == 0, place == len(cards) - 1
                card.group_size = len(cards)


class _NoLabels:
    def of(self, card: Card) -> list:
        return []


NO_LABELS = _NoLabels()


def board_context(
    board: Board,
    user,
    forms: dict | None = None,
    *,
    shared: bool = False,
    cards: list[Card] | None = None,
) -> dict:
    """`space` builds the addresses ({% board_url %}); `municipality` is the person's
    municipality of the space (None for the organisers of a session's board)."""
    space = space_of(board)
    columns = board_columns(board, user, forms, shared=shared, cards=cards)
    facilitator = may_facilitate(user, board)
    return {
        "board": board,
        "space": space,
        "municipality": space.municipality,
        "columns": columns,
        "facilitator": facilitator,
        "can_take_over": space.municipality is not None
        and may_take_over(user, board, space.municipality),
        "back": back_link(board),
        "dots_shown": dots_shown(board, facilitator=facilitator),
        "vote_settable": board.phase in BEFORE_RESULTS,
        "result": _result(board, columns),
        # the person's own dots: never on the shared board (render_own_cards sends them)
        "my_dots": None if shared else _my_dots(board, user, columns),
    }


def _result(board: Board, columns: list[Column]) -> Result | None:
    """The ranked result once the vote is over, from the cards of the board (no query)."""
    if board.phase not in {Board.Phase.RESULTS, Board.Phase.CLOSED}:
        return None
    return rank(board, [card for c in columns for card in c.visible_cards if not card.hidden])


def _my_dots(
    board: Board, user, columns: list[Column], dots=None, cards: dict | None = None
) -> MyDots | None:
    """What the person gave in the vote, while the board is voting and they may vote (one
    query unless `dots` is given; `cards`: _cards_by_pk of the columns, if made already)."""
    if board.phase != Board.Phase.VOTE or not may_vote(user, board):
        return None
    if dots is None:
        dots = dots_of(board, guest=user.guest) if is_guest(user) else dots_of(board, user=user)
    return my_dots(board, dots, _cards_by_pk(columns) if cards is None else cards)


def _cards_by_pk(columns: list[Column]) -> dict[int, Card]:
    """The cards the columns show, by id in board order."""
    return {card.pk: card for column in columns for card in column.visible_cards}


def back_link(board: Board) -> tuple[str, str]:
    """(address, label) of the page the board belongs to: the municipality's boards, the
    organisers' session page, or the participants' registration page of the series."""
    space = space_of(board)
    if space.kind == GUEST:  # a guest has no page but the board
        return "", ""
    if board.session_id is None:
        return reverse("boards:list", args=[space.slug]), _("Workshop boards")
    session = board.session
    if space.kind == SERIES:
        url = reverse("workshops:manage_session", args=[session.series.slug, session.pk])
        return f"{url}#boards", session.title
    url = reverse("workshops:registration", args=[session.series.slug])
    return f"{url}#session-{session.pk}", session.title


def _card_key(card: Card, column: Column, context: dict) -> tuple:
    """Everything partials/card.html shows of a card apart from the CSRF token: a card
    rendered under the same key is the same HTML (test_snapshots.py changes each)."""
    board, space = context["board"], context["space"]
    return (
        context.get("board_language") or get_language(),
        space.kind,
        space.slug,
        board.is_closed,
        context["facilitator"],
        column.signature,
        card.pk,
        card.updated_at,
        tuple(card.taken_over),
        card.category,
        card.hidden,
        card.text,
        card.note,
        card.byline,
        card.by_guest,
        card.origin,
        card.mine,
        card.can_edit,
        card.can_delete,
        card.can_move,
        # its group and the group menu (clustering.py), its place in its group
        card.cluster_id,
        card.can_cluster,
        column.group_signature if card.can_cluster else (),
        card.can_order,
        card.first_in_group,
        card.last_in_group,
        card.can_dot,
        card.dots if card.dots_shown else None,
    )


def _card_html(
    card: Card, column: Column, context: dict, reused: dict, kept: dict, keys: dict | None = None
) -> str:
    """partials/card.html of the card, from `reused` if it was rendered before under the same
    key; `kept` collects what was used, for the next time; `keys` the key by card id."""
    key = _card_key(card, column, context)
    if keys is not None:
        keys[card.pk] = key
    html = kept.get(key) or reused.get(key)
    if html is None:
        html = render_to_string(CARD, {**context, "card": card, "column": column}).strip()
    kept[key] = html
    return mark_safe(html)  # our template's HTML


CARD_MARK = re.compile(r"<!--card (\d+)-->")  # where a card goes in a skeleton (never in text)


def fill(skeleton: str, cards: dict[int, str]) -> str:
    """The board from a skeleton of render_shared: each card's HTML in its place."""
    return CARD_MARK.sub(lambda mark: cards[int(mark[1])], skeleton)


# Cards next to each other in a skeleton (a column or group lists its cards without a gap).
CARD_RUN = re.compile(r"(?:<!--card \d+-->)+")
KEEP = '<li data-keep="%s" hidden></li>'


def fill_keeping(skeleton: str, cards: dict[int, str], kept: dict[int, str]) -> str:
    """The board from a skeleton with only the cards that differ from `kept` (the cards a
    browser shows): each run of cards next to each other that the browser has unchanged is one
    `<li data-keep="<pk> <pk> …">`, which board.js replaces with its copies of those cards. So
    a change of one card costs a few bytes for every other card, not a placeholder each."""

    def run(marks: re.Match) -> str:
        parts: list[str] = []
        same: list[str] = []
        for pk in CARD_MARK.findall(marks[0]):
            html = cards[int(pk)]
            if kept.get(int(pk)) == html:
                same.append(pk)
                continue
            if same:
                parts.append(KEEP % " ".join(same))
                same = []
            parts.append(html)
        if same:
            parts.append(KEEP % " ".join(same))
        return "".join(parts)

    return CARD_RUN.sub(run, skeleton)


def render_shared(
    board: Board,
    user,
    reused: dict | None = None,
    kept: dict | None = None,
    cards: list[Card] | None = None,
) -> tuple[str, dict]:
    """The board's live part (partials/board.html) of the person's perspective, every card as
    if somebody else had written it and without a CSRF token (board.js puts in the page's),
    and its context for render_own_cards: with `skeleton`, the board with a mark where each
    card goes, and `cards_html`, each card's HTML (so the live connection can send only the
    cards a browser has not got, snapshots.py). Cards rendered before under the same key
    (_card_key) come from `reused`, so a change renders the cards it changed and the board
    around them."""
    reused = reused if reused is not None else {}
    kept = kept if kept is not None else {}
    context = board_context(board, user, shared=True, cards=cards)
    context["csrf_token"] = ""
    context["authors"] = authors = {}
    context["guests"] = guests = {}
    context["cards_html"] = cards_html = {}
    context["card_keys"] = keys = {}
    context["board_language"] = get_language()  # for each card's key (_card_key)
    for column in context["columns"]:
        for card in column.visible_cards:
            cards_html[card.pk] = _card_html(card, column, context, reused, kept, keys)
            authors.setdefault(card.author_id, []).append(card)
            guests.setdefault(card.guest_id, []).append(card)
        # the marks of a list's cards, one string (the template would resolve each card)
        for group in column.groups:
            group.marks = _marks(group.visible_cards)
        column.marks = _marks(column.ungrouped)
        if getattr(column, "form", None) is not None:  # a new card's empty form, as before
            column.form_html = _add_card_form(column, context, reused, kept)
    context["skeleton"] = tighten(render_to_string("boards/partials/board.html", context))
    return fill(context["skeleton"], cards_html), context


# Whitespace between two tags that holds a line break (the templates' indentation), and the
# content of the elements whose whitespace is their content.
BETWEEN_TAGS = re.compile(r">\s*\n\s*<")
KEEPS_WHITESPACE = re.compile(r"(<(?:textarea|pre)\b[^>]*>)(.*?)(?=</(?:textarea|pre)>)", re.DOTALL)


def tighten(html: str) -> str:
    """The HTML with each run of whitespace between two tags that holds a line break made one
    line break: the same page (a browser shows any such run as one space, or none), in far
    fewer bytes for the live connection to send after every change (the columns' forms are
    mostly indentation). The content of a textarea or pre stays as it is."""
    kept: list[str] = []

    def keep(element: re.Match) -> str:
        kept.append(element[2])
        return f"{element[1]}\x00{len(kept) - 1}\x00"

    tight = BETWEEN_TAGS.sub(">\n<", KEEPS_WHITESPACE.sub(keep, html.strip()))
    return re.sub("\x00(\\d+)\x00", lambda mark: kept[int(mark[1])], tight) if kept else tight


def _marks(cards: list[Card]) -> str:
    """Where each of the cards goes in a skeleton (a plain int each: never in text)."""
    return mark_safe("".join(f"<!--card {card.pk}-->" for card in cards))


ADD_CARD = "boards/partials/add_card.html"


def _add_card_form(column: Column, context: dict, reused: dict, kept: dict) -> str:
    """A column's empty form for a new card on the shared board (no CSRF token, board.js puts
    in the page's): the same for every build while the column's title, the board's address
    and the language stay, so it is taken from `reused` (rendering a form's fields is slow)."""
    space = context["space"]
    key = (ADD_CARD, get_language(), space.kind, space.slug, column.board.pk, column.pk,
           column.title, context["csrf_token"])  # fmt: skip
    html = kept.get(key) or reused.get(key)
    if html is None:
        html = render_to_string(ADD_CARD, {**context, "column": column, "form": column.form})
        html = mark_safe(html)
    kept[key] = html
    return html


def render_own_cards(
    board: Board,
    user,
    shared: dict,
    reused: dict | None = None,
    kept: dict | None = None,
    dots=None,
) -> dict[str, str]:
    """The cards the person wrote, as they see them, by element id (`card-<pk>`): each of them,
    also where it looks as on the shared board, because the browser may keep its copy of the
    shared version (`shared`: the context render_shared returned); and while the board is
    voting, the person's own dots (`board-my-dots`, from `dots`: voting.dots_of, else read).

    One's own card differs from the shared one by what the person may do with a card they
    wrote, and rules.may_edit_card and may_delete_card answer that for such a card from what
    the perspective holds (facilitating, adding cards) and the board: so it is asked once per
    perspective, and a card rendered before under the shared card's key (_card_key) and those
    answers is taken from `reused` like a shared card (a change among 200 people renders the
    own cards it changed, not every person's)."""
    reused = reused if reused is not None else {}
    kept = kept if kept is not None else {}
    columns = len(shared["columns"])
    own = {}
    if is_guest(user):
        written = shared["guests"].get(user.guest.pk, [])
    else:
        written = shared["authors"].get(user.pk, []) if user.pk is not None else []

    def as_theirs(card: Card) -> Card:
        theirs = _copy(card)
        _card_flags(board, user, theirs, columns, shared=False)
        return theirs

    for card in written:
        theirs = None
        flags = shared.get("own_flags")  # (may edit, may delete) one's own card
        if flags is None:
            theirs = as_theirs(card)
            shared["own_flags"] = flags = (theirs.can_edit, theirs.can_delete)
        key = ("own", shared["card_keys"][card.pk], board.anonymous, flags)
        html = kept.get(key) or reused.get(key)
        if html is None:
            html = _card_html(theirs or as_theirs(card), card.column, shared, reused, kept)
        kept[key] = own[f"card-{card.pk}"] = html
    voter = user.pk is not None or is_guest(user)
    mine = None
    if voter and board.phase == Board.Phase.VOTE:
        if "cards_by_pk" not in shared:  # once for everybody of the perspective
            shared["cards_by_pk"] = _cards_by_pk(shared["columns"])
        mine = _my_dots(board, user, shared["columns"], dots, shared["cards_by_pk"])
    if mine is not None:
        # rendered again only for whom it changed: a dot of one among 200 renders one
        space = shared["space"]
        key = (MY_DOTS_ID, get_language(), space.kind, space.slug, mine.total, tuple(mine.cards))
        html = kept.get(key) or reused.get(key)
        if html is None:
            html = mark_safe(render_to_string(MY_DOTS, {**shared, "my_dots": mine}).strip())
        kept[key] = own[MY_DOTS_ID] = html
    return own
