"""WebSocket routes, the counterpart of urls.py for `asgi.py`."""

websocket_urlpatterns: list = []
