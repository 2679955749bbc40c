"""Telling the open browsers of a board that it changed (consumers.py renders and sends).

The message names the board's new revision and what happened; each connection renders the
board for its own person (what they may see and do differs), so no HTML crosses the layer.
Sent after the transaction commits, so a browser never renders a change that was rolled back.
A message that cannot be sent (Redis away) is logged and costs the change nothing: the
browsers catch up at their next sync, which every reconnect sends.
"""

import asyncio
import logging
import threading

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)
SEND_TIMEOUT = 2.0  # seconds; a POST never waits longer for the live update


def group_name(board_id: int) -> str:
    return f"board-{board_id}"


def broadcast(board_id: int, revision: int, event: dict) -> None:
    message = {"type": "board.changed", "revision": revision, "event": event}
    transaction.on_commit(lambda: send(board_id, message))


def send(board_id: int, message: dict) -> None:
    async def group_send() -> None:
        layer = get_channel_layer()
        if layer is not None:
            await asyncio.wait_for(
                layer.group_send(group_name(board_id), message), timeout=SEND_TIMEOUT
            )

    try:
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # the usual case: a sync view in a thread of its own
            async_to_sync(group_send)()
        else:  # a thread that runs an event loop itself (Playwright's sync API in tests)
            errors: list[BaseException] = []
            thread = threading.Thread(target=_run, args=(group_send, errors))
            thread.start()
            thread.join()
            if errors:
                raise errors[0]
    except Exception:
        logger.warning("Board %s: live update not sent", board_id, exc_info=True)


def _run(coroutine_function, errors: list) -> None:
    try:
        asyncio.run(coroutine_function())
    except BaseException as error:  # handed to the caller's thread
        errors.append(error)
