"""The ASGI application `make run` serves: Django's pages over HTTP, Channels for WebSockets."""

import pytest
from asgiref.sync import async_to_sync
from django.test import override_settings

from schreibwerkstatt.asgi import application
from tests.asgi_clients import HttpClient, WebsocketClient


@pytest.mark.django_db
def test_pages_are_served_over_asgi():
    async def scenario():
        communicator = HttpClient(application, "GET", "/", headers=[(b"host", b"localhost")])
        return await communicator.get_response(timeout=10)

    response = async_to_sync(scenario)()
    assert response["status"] == 200
    assert b"Schreibwerkstatt" in response["body"]


@pytest.mark.django_db
@override_settings(ALLOWED_HOSTS=["localhost"])
def test_websockets_from_another_site_are_refused():
    """AllowedHostsOriginValidator: a page of another origin cannot open a socket here."""

    async def scenario():
        communicator = WebsocketClient(
            application,
            "/ws/unknown/",
            headers=[(b"host", b"localhost"), (b"origin", b"https://evil.example")],
        )
        connected, _ = await communicator.connect(timeout=5)
        await communicator.disconnect()
        return connected

    assert async_to_sync(scenario)() is False


def test_channel_layer_is_redis_pubsub_when_redis_is_configured(settings):
    backend = settings.CHANNEL_LAYERS["default"]["BACKEND"]
    if settings.REDIS_URL:
        assert backend == "channels_redis.pubsub.RedisPubSubChannelLayer"
    else:
        assert backend == "schreibwerkstatt.core.channel_layers.ThrottledInMemoryChannelLayer"
