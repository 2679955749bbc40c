"""What a board looks like at its newest revision to every live connection of this process
(consumers.py), worked out once for all of them.

After a change every connection of the board asks for the board at (at least) the revision
its message names. The first to ask starts one build for all (`build`, in the database
thread): the people of the open connections are read afresh (active, roles:
rules.taking_part_now, three queries however many), the shared board is rendered once per
perspective and language (display.render_shared), and the cards each person wrote, as they
see them, and their own dots while the board is voting, apart (display.render_own_cards; the
dots of everybody read in one query); a card that has not changed since the last build
is taken from it, so a change renders the cards it changed and the board around them. A
browser that shows the board of one of the last few builds gets only the cards changed since
(the others are named, and board.js keeps its copies), so a change costs a few kilobytes per
connection instead of the whole board. The others wait for that build. A connection whose message is older than the
newest build gets the newest: one that falls behind skips to the newest board, which holds
every change before it. So a change costs a few renders in each process instead of one per
connection (docs/decisions.md, the 200-participant bench).

Only the newest build of a board is kept, and only while the process has connections to it.

A guest's connection (guests.py) is a viewer with `guest_id` and no `user_id`: the guests are
read afresh too (one query for all, guests.guests_now: a revoked or expired link or a deleted
guest closes the connection); the guests of one link share one board (their perspective),
and each gets their own cards apart like a member.
"""

import asyncio
import json
import sys
from collections import Counter, deque
from dataclasses import dataclass, field

from channels.db import database_sync_to_async
from django.utils import translation

from .display import (
    MY_DOTS_ID,
    fill,
    fill_keeping,
    load_cards,
    load_clusters,
    perspective,
    render_own_cards,
    render_shared,
)
from .guests import GuestPerson, dots_by_guest, guests_now, token_for
from .models import Board
from .rules import may_use_space, taking_part_now
from .spaces import Space
from .transfer import load_transfers
from .voting import dots_by_member

GONE = sys.maxsize  # the revision of a board that was deleted: newer than any message
RECENT = 8  # snapshots kept per board, to send what changed since one of them


@dataclass(frozen=True)
class Viewer:
    """Who a connection shows the board to: the person, the language of their page and the
    space they came through (spaces.py); a guest has `guest_id` instead of `user_id`."""

    user_id: int | None
    language: str
    space: Space
    guest_id: int | None = None


@dataclass
class Shared:
    """The board of one perspective and language: its skeleton (a mark where each card goes)
    and each card's HTML (display.render_shared)."""

    skeleton: str
    cards: dict[int, str]
    full: str = ""  # the whole board as JSON, made when first asked for

    def as_json(self, kept: dict[int, str] | None = None) -> str:
        """The board as JSON; with `kept` (the cards a browser has), each of those that has
        not changed since is only named, and board.js keeps its own copy."""
        if kept is None:
            if not self.full:
                self.full = json.dumps(fill(self.skeleton, self.cards))
            return self.full
        return json.dumps(fill_keeping(self.skeleton, self.cards, kept))


@dataclass
class View:
    """The board for one viewer: the shared board of their perspective and language (`key`)
    and their own parts (the cards they wrote as they see them, their dots) by element id."""

    key: tuple
    parts: dict[str, str]
    full: str = field(default="", compare=False)  # the parts as JSON, made when first asked for

    @property
    def own(self) -> str:
        """All the viewer's own parts as JSON (for a browser that gets the whole board)."""
        if not self.full:
            self.full = json.dumps(self.parts)
        return self.full

    def own_since(self, old: "View", shared: Shared, kept: Shared) -> str:
        """The own parts, as JSON, that a browser showing the board of `old` (the same
        viewer's view in the snapshot whose shared board `kept` it shows) lacks: an own card
        that changed, or whose shared card changed (the browser puts the shared one in place
        of its copy), and the person's dots (the board always brings their empty place)."""
        parts = {}
        for element, html in self.parts.items():
            if element == MY_DOTS_ID or old.parts.get(element) != html:
                parts[element] = html
                continue
            pk = int(element.removeprefix("card-"))
            if shared.cards.get(pk) != kept.cards.get(pk):
                parts[element] = html
        return json.dumps(parts) if parts else "{}"


@dataclass
class Snapshot:
    revision: int
    # None for a viewer who does not take part (any more): their connection closes
    views: dict[Viewer, View | None]
    shared: dict[tuple, Shared] = field(default_factory=dict)
    cards: dict = field(default_factory=dict)  # the cards rendered, for the next build
    changes: dict = field(default_factory=dict)  # (key, base revision): JSON of the board
    loaded: list = field(default_factory=list)  # the cards as read (display.load_cards)
    people: dict = field(default_factory=dict)  # who took part, as read (rules.taking_part_now)

    def board_json(self, view: View, base: "Snapshot | None") -> str:
        """The board of the view as JSON, only with the cards changed since `base` (the
        snapshot whose board the browser shows, for the same perspective), else whole."""
        shared = self.shared[view.key]
        kept = base.shared.get(view.key) if base is not None else None
        if kept is None:
            return shared.as_json()
        if (view.key, base.revision) not in self.changes:
            self.changes[(view.key, base.revision)] = shared.as_json(kept.cards)
        return self.changes[(view.key, base.revision)]


def build(board_id: int, viewers: set[Viewer], previous: Snapshot | None = None) -> Snapshot:
    board = (
        Board.objects.select_related("municipality", "strategy", "session__series")
        .filter(pk=board_id)
        .first()
    )
    if board is None:
        return Snapshot(GONE, dict.fromkeys(viewers))
    members = {viewer.user_id for viewer in viewers if viewer.guest_id is None}
    known = previous.people if previous is not None else None
    people = taking_part_now(board, members, known) if members else {}
    guest_ids = {viewer.guest_id for viewer in viewers if viewer.guest_id is not None}
    guests = guests_now(board, guest_ids) if guest_ids else {}
    # once for every perspective; the cards of the last build that did not change are kept
    cards = load_cards(board, previous and previous.loaded) if people or guests else []
    board.loaded_clusters = load_clusters(board) if people or guests else []
    board.loaded_transfers = load_transfers(board) if people else []
    # the dots each person gave, while voting: once for everybody (their own parts)
    dots = dots_by_member(board) if people and board.phase == Board.Phase.VOTE else {}
    guest_dots = dots_by_guest(board) if guests and board.phase == Board.Phase.VOTE else {}
    shared: dict[tuple, Shared] = {}
    contexts: dict[tuple, dict] = {}
    reused = previous.cards if previous is not None else {}
    rendered: dict = {}
    views: dict[Viewer, View | None] = {}
    for viewer in sorted(viewers, key=lambda v: (v.language, v.space.kind, v.space.slug)):
        board.space = viewer.space
        if viewer.guest_id is not None:
            guest = guests.get(viewer.guest_id)
            user = guest and GuestPerson(guest)
            if guest is None or viewer.space != Space.of_guest_link(token_for(guest.link)):
                views[viewer] = None
                continue
        else:
            user = people.get(viewer.user_id)
            if user is None or not may_use_space(user, board, viewer.space):
                views[viewer] = None
                continue
        with translation.override(viewer.language):
            key = (perspective(board, user), viewer.language)
            if key not in shared:
                _, context = render_shared(board, user, reused, rendered, cards)
                shared[key] = Shared(context["skeleton"], context["cards_html"])
                contexts[key] = context
            own = render_own_cards(
                board,
                user,
                contexts[key],
                reused,
                rendered,
                guest_dots.get(viewer.guest_id, Counter())
                if viewer.guest_id is not None
                else dots.get(user.pk, Counter()),
            )
        views[viewer] = View(key=key, parts=own)
    return Snapshot(board.revision, views, shared, rendered, loaded=cards, people=people)


class Feed:
    """The live connections of one board in this process and its newest snapshot."""

    def __init__(self, board_id: int) -> None:
        self.board_id = board_id
        self.viewers: Counter[Viewer] = Counter()
        self.latest: Snapshot | None = None
        self.building: asyncio.Future | None = None
        # the last few, so a browser that shows one of them gets only what changed since
        self.recent: deque[Snapshot] = deque(maxlen=RECENT)

    async def at_least(self, revision: int, viewer: Viewer) -> Snapshot:
        """The newest snapshot, built afresh unless it is at `revision` or later and has
        the viewer."""
        for _ in range(3):  # a build started after the viewer joined and the change committed
            latest = self.latest
            if latest is not None and latest.revision >= revision and viewer in latest.views:
                return latest
            if self.building is None:
                self.building = asyncio.ensure_future(self._build())
            await asyncio.shield(self.building)
        return self.latest

    def board_message(
        self, snapshot: Snapshot, viewer: Viewer, shown: tuple[int, tuple] | None, words: list
    ) -> str:
        """The board message for a viewer whose browser shows `shown` (the revision and key of
        the last board sent): only the cards changed since, when that board is one of the
        recent snapshots of the same perspective ("base" names it), else the whole board."""
        view = snapshot.views[viewer]
        base = None
        if shown is not None and shown[1] == view.key and shown[0] != snapshot.revision:
            base = next((old for old in self.recent if old.revision == shown[0]), None)
        head = f'{{"type": "board", "revision": {snapshot.revision}, '
        own = view.own
        old = base.views.get(viewer) if base is not None else None
        if base is not None:
            head += f'"base": {base.revision}, '
            if old is not None and old.key == view.key:  # only what the browser lacks
                own = view.own_since(old, snapshot.shared[view.key], base.shared[view.key])
        return (
            f'{head}"html": {snapshot.board_json(view, base)}, "own": {own}, '
            f'"announce": {json.dumps(words)}}}'
        )

    async def _build(self) -> None:
        try:
            snapshot = await database_sync_to_async(build)(
                self.board_id, set(self.viewers), self.latest
            )
            if self.latest is None or snapshot.revision >= self.latest.revision:
                self.latest = snapshot
                self.recent.append(snapshot)
        finally:
            self.building = None


FEEDS: dict[int, Feed] = {}


def join(board_id: int, viewer: Viewer) -> Feed:
    feed = FEEDS.setdefault(board_id, Feed(board_id))
    feed.viewers[viewer] += 1
    return feed


def leave(board_id: int, viewer: Viewer) -> None:
    feed = FEEDS.get(board_id)
    if feed is None:
        return
    feed.viewers[viewer] -= 1
    if feed.viewers[viewer] <= 0:
        del feed.viewers[viewer]
    if not feed.viewers:
        del FEEDS[board_id]
