"""The channel layer of the embedded default (no REDIS_URL, settings.CHANNEL_LAYERS): Channels'
in-process layer, which looks for expired messages and group memberships at every receive and
every group send, walking every channel and every group member each time. With 200 browsers on
one board, a change's group send and the 200 receives it causes walked 200 × 400 entries, in
the one event loop that also sends the boards. Here it looks at most once a second: a message
expires up to a second after its 60 seconds, nothing else changes."""

import time

from channels.layers import InMemoryChannelLayer


class ThrottledInMemoryChannelLayer(InMemoryChannelLayer):
    CLEAN_EVERY = 1.0  # seconds

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._cleaned = float("-inf")

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now - self._cleaned < self.CLEAN_EVERY:
            return
        self._cleaned = now
        super()._clean_expired()
