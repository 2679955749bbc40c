from django.urls import path

from schreibwerkstatt.boards.spaces import SERIES_ROUTE_PREFIX
from schreibwerkstatt.boards.urls import in_series

from . import board_views, views

app_name = "exports"

D = "kommunen/<slug:slug>/strategien/<int:strategy>/dokument/"
# The result of a workshop board, in both of a board's address spaces (boards/spaces.py):
# the board page links it as "exports:" + the space's route prefix + "board_export".
BOARD_EXPORT = "werkstatt/<int:pk>/export/<str:fmt>/"

urlpatterns = [
    path(D + "export/", views.document_export, name="document_export"),
    path(
        "kommunen/<slug:slug>/" + BOARD_EXPORT,
        board_views.board_export,
        name="board_export",
    ),
    path(
        "beratung/termine/<slug:slug>/" + BOARD_EXPORT,
        in_series(board_views.board_export),
        name=f"{SERIES_ROUTE_PREFIX}board_export",
    ),
]
