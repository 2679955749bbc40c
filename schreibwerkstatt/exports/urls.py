from django.urls import path

from . import board_views, views

app_name = "exports"

D = "kommunen/<slug:slug>/strategien/<int:strategy>/dokument/"

urlpatterns = [
    path(D + "export/", views.document_export, name="document_export"),
    # the result of a workshop board (boards links it by this name)
    path(
        "kommunen/<slug:slug>/werkstatt/<int:pk>/export/<str:fmt>/",
        board_views.board_export,
        name="board_export",
    ),
]
