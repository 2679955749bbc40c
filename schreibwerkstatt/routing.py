"""WebSocket routes, the counterpart of urls.py for `asgi.py`."""

from django.urls import path

from schreibwerkstatt.boards.consumers import BoardConsumer, GuestBoardConsumer

websocket_urlpatterns: list = [
    path("ws/boards/<int:pk>/", BoardConsumer.as_asgi()),
    # a guest's, who joined through a guest link (boards/guests.py): the guest is in the session
    path("ws/boards/<int:pk>/gast/", GuestBoardConsumer.as_asgi()),
    # a session's board, with the space it was reached through (boards/spaces.py)
    path("ws/boards/<int:pk>/<str:kind>/<slug:slug>/", BoardConsumer.as_asgi()),
]
