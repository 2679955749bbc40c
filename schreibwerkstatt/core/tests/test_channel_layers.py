"""The embedded default's channel layer: messages reach the group as with Channels' own layer;
expired messages and their channels' memberships are still cleaned away, at most once a
second."""

import asyncio
from unittest import mock

from channels.layers import InMemoryChannelLayer

from schreibwerkstatt.core.channel_layers import ThrottledInMemoryChannelLayer


def test_a_group_send_reaches_every_member():
    async def scenario():
        layer = ThrottledInMemoryChannelLayer()
        first, second = await layer.new_channel(), await layer.new_channel()
        await layer.group_add("board-1", first)
        await layer.group_add("board-1", second)
        await layer.group_send("board-1", {"type": "board.changed", "revision": 2})
        return [await layer.receive(first), await layer.receive(second)]

    assert asyncio.run(scenario()) == [{"type": "board.changed", "revision": 2}] * 2


def test_expired_messages_are_cleaned_at_most_once_a_second():
    cleaning = mock.patch.object(
        InMemoryChannelLayer,
        "_clean_expired",
        autospec=True,
        side_effect=InMemoryChannelLayer._clean_expired,
    )
    clock = mock.patch("schreibwerkstatt.core.channel_layers.time.monotonic")

    async def scenario(cleaned, now):
        layer = ThrottledInMemoryChannelLayer(expiry=-1)  # every message expired at once
        channel = await layer.new_channel()
        await layer.group_add("board-1", channel)
        await layer.send(channel, {"type": "never.read"})
        now.return_value = 100.0
        await layer.group_send("other", {"type": "x"})  # cleans: the channel's message expired
        assert channel not in layer.groups["board-1"] and cleaned.call_count == 1
        await layer.group_add("board-1", channel)
        await layer.send(channel, {"type": "never.read"})
        now.return_value = 100.5
        await layer.group_send("other", {"type": "y"})  # within the second: not cleaned
        assert channel in layer.groups["board-1"] and cleaned.call_count == 1
        now.return_value = 101.5
        await layer.group_send("other", {"type": "z"})
        assert channel not in layer.groups["board-1"] and cleaned.call_count == 2

    with cleaning as cleaned, clock as now:
        asyncio.run(scenario(cleaned, now))
