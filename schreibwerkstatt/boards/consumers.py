"""The live connection of a board page (`/ws/boards/<pk>/`, schreibwerkstatt/routing.py);
a session's board carries the space the page was reached through
(`/ws/boards/<pk>/kommunen/<municipality>/` for its participants,
`/ws/boards/<pk>/termine/<series>/` for its organisers, spaces.py), judged like the page's
address: a forged or foreign space is refused like a forged board.

Nothing is written through it: every change is a POST (views.py). The socket only tells the
browser that the board changed and hands it the board re-rendered for its person. Who may
listen is asked on connect and again for every message in either direction, so a person who
loses their membership hears nothing more (the socket closes).

Client → server, JSON text frames of at most MAX_MESSAGE_BYTES, at most RATE_LIMIT per
RATE_WINDOW seconds:
    {"type": "sync", "revision": <the revision the page shows>}
        answered with {"type": "board", ...} when the board is at another revision
        (a fresh page after a reconnect: nothing is lost), else {"type": "current"}.
Server → client:
    {"type": "board", "revision": n, "html": "<the board's live part>", "announce": [...]}
    {"type": "announce", "revision": n, "announce": [...]}  (the HTML already sent is current)
"""

import json
import time

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils import translation

from .display import announcement, render_board
from .live import group_name
from .models import Board
from .rules import may_take_part_now, may_use_space, space_named
from .spaces import Space

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
        self.revision = -1
        self.received: list[float] = []
        if not await self._allowed():
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.group = group_name(self.board_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

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
        if not await self._allowed():
            await self.close(code=CLOSE_FORBIDDEN)
            return
        known = message.get("revision")
        known = known if isinstance(known, int) and not isinstance(known, bool) else -1
        html, revision = await self._render()
        if revision == known:
            self.revision = revision
            await self.send(json.dumps({"type": "current", "revision": revision}))
        else:
            await self._send_board(html, revision, [])

    async def board_changed(self, message: dict) -> None:
        """A change of the board (live.broadcast): the fresh board, or only the words for the
        screen reader when the board already sent is newer."""
        if not await self._allowed():
            await self.close(code=CLOSE_FORBIDDEN)
            return
        with translation.override(self._language()):
            words = [announcement(message.get("event", {}))]
        if message["revision"] <= self.revision:
            await self.send(
                json.dumps({"type": "announce", "revision": self.revision, "announce": words})
            )
            return
        html, revision = await self._render()
        await self._send_board(html, revision, words)

    async def _send_board(self, html: str, revision: int, words: list[str]) -> None:
        self.revision = revision
        await self.send(
            json.dumps({"type": "board", "revision": revision, "html": html, "announce": words})
        )

    def _language(self) -> str:
        cookies = self.scope.get("cookies", {})
        chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME, "")
        return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE

    @database_sync_to_async
    def _allowed(self) -> bool:
        user = self.user
        if user is None or not user.is_authenticated:
            return False
        user.refresh_from_db(fields=["is_active"])  # deactivated meanwhile: closed
        board = (
            Board.objects.select_related("municipality", "session__series")
            .filter(pk=self.board_id)
            .first()
        )
        if board is None or not may_take_part_now(user, board):
            return False
        if self.space_path is None:  # a municipality's board only
            self.space = (
                Space.of_municipality(board.municipality) if board.session_id is None else None
            )
        else:
            self.space = space_named(*self.space_path)
        return bool(self.space) and may_use_space(user, board, self.space)

    @database_sync_to_async
    def _render(self) -> tuple[str, int]:
        board = Board.objects.select_related("municipality", "strategy", "session__series").get(
            pk=self.board_id
        )
        board.space = self.space
        # The forms of the fragment need the CSRF token of this browser's cookie.
        request = HttpRequest()
        secret = self.scope.get("cookies", {}).get(settings.CSRF_COOKIE_NAME)
        if secret:
            request.META["CSRF_COOKIE"] = secret
        with translation.override(self._language()):
            html = render_board(board, self.user, get_token(request))
        return html, board.revision
