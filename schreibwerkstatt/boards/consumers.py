"""The live connection of a board page (`/ws/boards/<pk>/`, schreibwerkstatt/routing.py);
a session's board carries the space the page was reached through
(`/ws/boards/<pk>/kommunen/<municipality>/` for its participants,
`/ws/boards/<pk>/termine/<series>/` for its organisers, spaces.py), judged like the page's
address: a forged or foreign space is refused like a forged board.

Nothing is written through it: every change is a POST (views.py). The socket only tells the
browser that the board changed and hands it the board as its person sees it: the shared
board of their perspective and the cards they wrote as they see them, worked out once per
change for all connections of the process (snapshots.py). Who may listen is asked on connect
and again for every message in either direction (for a change: for all connections of the
process at once), so a person who loses their membership hears nothing more (the socket
closes).

Client → server, JSON text frames of at most MAX_MESSAGE_BYTES, at most RATE_LIMIT per
RATE_WINDOW seconds:
    {"type": "sync", "revision": <the revision the page shows>}
        answered with {"type": "board", ...} when the board is at another revision
        (a fresh page after a reconnect: nothing is lost), else {"type": "current"}.
Server → client:
    {"type": "board", "revision": n, ["base": m,] "html": "<the board's live part, shared>",
     "own": {"card-<pk>": "<a card the person wrote, as they see it>", ...,
             "board-my-dots": "<the person's own dots, while the board is voting>"},
     "announce": [...]}
    {"type": "announce", "revision": n, "announce": [...]}  (the HTML already sent is current)
With "base", the board holds only the cards changed since the board of revision m that this
connection sent; each run of unchanged cards next to each other is one
`<li data-keep="<pk> <pk> …">`, which board.js replaces with its copies (a page that does not show revision m syncs afresh).
"""

import asyncio
import json
import logging
import time

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.utils import translation

from . import snapshots
from .display import announcement
from .guests import guest_for_socket
from .live import group_name
from .models import Board
from .rules import may_take_part_now, may_use_space, space_named
from .spaces import Space

logger = logging.getLogger(__name__)
MAX_MESSAGE_BYTES = 1024
RATE_LIMIT = 20
RATE_WINDOW = 10.0
# Close codes: 4403 not allowed (also after losing access), 4429 too many messages;
# 1009 (message too big) and 1003 (unsupported data) are the protocol's own.
CLOSE_FORBIDDEN = 4403
CLOSE_TOO_MANY = 4429


class BoardConsumer(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        kwargs = self.scope["url_route"]["kwargs"]
        self.board_id = kwargs["pk"]
        # None: the path of a municipality's board, which names no space
        self.space_path = (kwargs["kind"], kwargs["slug"]) if "kind" in kwargs else None
        self.space: Space | None = None
        self.user = self.scope.get("user")
        self.revision = -1  # of the board last sent
        self.shown: tuple[int, tuple] | None = None  # its revision and perspective
        self.received: list[float] = []
        self.events: list[dict] = []  # changes told but not yet sent (board_changed)
        self.told = -1  # the newest revision a change message named
        self.sending: asyncio.Task | None = None
        if await self._allowed() is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.viewer = self._viewer()
        self.feed = snapshots.join(self.board_id, self.viewer)
        self.group = group_name(self.board_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code) -> None:
        if getattr(self, "sending", None) is not None:
            self.sending.cancel()
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)
            snapshots.leave(self.board_id, self.viewer)

    async def receive(self, text_data=None, bytes_data=None) -> None:
        size = len(text_data.encode()) if text_data is not None else len(bytes_data or b"")
        if size > MAX_MESSAGE_BYTES:
            await self.close(code=1009)
            return
        now = time.monotonic()
        self.received = [t for t in self.received if now - t < RATE_WINDOW] + [now]
        if len(self.received) > RATE_LIMIT:
            await self.close(code=CLOSE_TOO_MANY)
            return
        if text_data is None:
            await self.close(code=1003)
            return
        try:
            message = json.loads(text_data)
        except ValueError:
            message = None
        if not isinstance(message, dict) or message.get("type") != "sync":
            await self.send(json.dumps({"type": "error", "error": "unsupported"}))
            return
        current = await self._allowed()
        if current is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        known = message.get("revision")
        known = known if isinstance(known, int) and not isinstance(known, bool) else -1
        snapshot = await self.feed.at_least(current, self.viewer)
        if snapshot.views.get(self.viewer) is None:
            await self.close(code=CLOSE_FORBIDDEN)
        elif snapshot.revision == known:
            # the page shows this revision's cards, as the snapshot has them
            self.revision = snapshot.revision
            self.shown = (snapshot.revision, snapshot.views[self.viewer].key)
            await self.send(json.dumps({"type": "current", "revision": snapshot.revision}))
        else:
            self.shown = None  # whatever the page shows, it gets the whole board
            await self._send_board(snapshot, [])

    async def board_changed(self, message: dict) -> None:
        """A change of the board (live.broadcast). Only noted here: one sending task at a
        time sends the newest board with the words for everything noted meanwhile, so a
        connection that falls behind (many changes at once, a slow browser) skips to the
        newest board instead of working through every change."""
        self.events.append(message.get("event", {}))
        self.told = max(self.told, message["revision"])
        if self.sending is None:
            self.sending = asyncio.ensure_future(self._send_changes())

    async def _send_changes(self) -> None:
        """The newest board, or only the words for the screen reader when the board already
        sent is as new. Whether the person still takes part is asked in the build of the
        snapshot, for all connections of the process at once."""
        try:
            while self.events:  # what is noted while this one is sent goes next
                events, self.events = self.events, []
                snapshot = await self.feed.at_least(self.told, self.viewer)
                if self.told <= snapshot.revision:  # noted meanwhile, and in this board
                    events, self.events = events + self.events, []
                if snapshot.views.get(self.viewer) is None:
                    await self.close(code=CLOSE_FORBIDDEN)
                    return
                with translation.override(self.viewer.language):
                    # a change not worth telling (a hidden dot) has no words
                    words = [w for w in dict.fromkeys(map(announcement, events)) if w]
                if snapshot.revision > self.revision:
                    await self._send_board(snapshot, words)
                elif words:
                    await self.send(
                        json.dumps(
                            {"type": "announce", "revision": self.revision, "announce": words}
                        )
                    )
        except Exception:  # the page reconnects and catches up with its sync
            logger.exception("Board %s: live update failed", self.board_id)
            await self.close(code=1011)
        finally:
            self.sending = None

    async def _send_board(self, snapshot: snapshots.Snapshot, words: list[str]) -> None:
        view = snapshot.views[self.viewer]
        text = self.feed.board_message(snapshot, self.viewer, self.shown, words)
        self.revision, self.shown = snapshot.revision, (snapshot.revision, view.key)
        await self.send(text)

    def _viewer(self) -> snapshots.Viewer:
        return snapshots.Viewer(self.user.pk, self._language(), self.space)

    def _language(self) -> str:
        cookies = self.scope.get("cookies", {})
        chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME, "")
        return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE

    @database_sync_to_async
    def _allowed(self) -> int | None:
        """The board's revision if the person takes part in it now, else None."""
        user = self.user
        if user is None or not user.is_authenticated:
            return None
        user.refresh_from_db(fields=["is_active"])  # deactivated meanwhile: closed
        board = (
            Board.objects.select_related("municipality", "session__series")
            .filter(pk=self.board_id)
            .first()
        )
        if board is None or not may_take_part_now(user, board):
            return None
        if self.space_path is None:  # a municipality's board only
            self.space = (
                Space.of_municipality(board.municipality) if board.session_id is None else None
            )
        else:
            self.space = space_named(*self.space_path)
        if not (self.space and may_use_space(user, board, self.space)):
            return None
        return board.revision


class GuestBoardConsumer(BoardConsumer):
    """A guest's live connection (`/ws/boards/<pk>/gast/`, guests.py): the guest is the one the
    session joined the board as, asked for on connect and for every message (and for every
    change, snapshots.build); a revoked or expired link or a deleted guest closes it (4403).
    The same messages, sizes and rate as a member's."""

    guest_id: int | None = None

    def _viewer(self) -> snapshots.Viewer:
        return snapshots.Viewer(None, self._language(), self.space, guest_id=self.guest_id)

    @database_sync_to_async
    def _allowed(self) -> int | None:
        """The board's revision if the session's guest still holds, else None."""
        found = guest_for_socket(self.scope.get("session"), self.board_id, self.guest_id)
        if found is None:
            return None
        guest, self.space = found
        self.guest_id = guest.pk
        return guest.board.revision
