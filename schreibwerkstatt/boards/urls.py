from django.urls import path

from . import views, views_transfer

app_name = "boards"

urlpatterns = [
    path("kommunen/<slug:slug>/werkstatt/", views.board_list, name="list"),
    path("kommunen/<slug:slug>/werkstatt/neu/", views.create_board, name="create"),
    path("kommunen/<slug:slug>/werkstatt/<int:pk>/", views.board, name="board"),
    path("kommunen/<slug:slug>/werkstatt/<int:pk>/karten/", views.add_card, name="add_card"),
    path("kommunen/<slug:slug>/werkstatt/<int:pk>/phase/", views.set_phase, name="set_phase"),
    path("kommunen/<slug:slug>/werkstatt/<int:pk>/spalten/", views.add_column, name="add_column"),
    path(
        "kommunen/<slug:slug>/werkstatt/<int:pk>/uebernehmen/",
        views_transfer.take_over,
        name="take_over",
    ),
    path("kommunen/<slug:slug>/werkstatt/karten/<int:pk>/", views.edit_card, name="edit_card"),
    path(
        "kommunen/<slug:slug>/werkstatt/karten/<int:pk>/loeschen/",
        views.delete_card,
        name="delete_card",
    ),
    path(
        "kommunen/<slug:slug>/werkstatt/karten/<int:pk>/ausblenden/",
        views.hide_card,
        name="hide_card",
    ),
    path(
        "kommunen/<slug:slug>/werkstatt/karten/<int:pk>/verschieben/",
        views.move_card,
        name="move_card",
    ),
    path(
        "kommunen/<slug:slug>/werkstatt/spalten/<int:pk>/umbenennen/",
        views.rename_column,
        name="rename_column",
    ),
    path(
        "kommunen/<slug:slug>/werkstatt/spalten/<int:pk>/verschieben/",
        views.move_column,
        name="move_column",
    ),
]
