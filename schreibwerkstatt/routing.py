"""WebSocket routes, the counterpart of urls.py for `asgi.py`."""

from django.urls import path

from schreibwerkstatt.boards.consumers import BoardConsumer

websocket_urlpatterns: list = [
    path("ws/boards/<int:pk>/", BoardConsumer.as_asgi()),
]
