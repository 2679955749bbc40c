"""The boards' routes. Every route of one board exists in two address spaces (spaces.py):
under a municipality (`boards:<name>`, its members, and the participants of a session's board
through their own municipality) and under a series for the organisers running it
(`boards:series_<name>`). Add a board route to BOARD_ROUTES and it exists in both; the
templates build its address with `{% board_url "<name>" pk %}`.

A guest link's guests (guests.py) have their own space: the join page `/werkstatt/gast/<token>/`
and GUEST_ROUTES under it (`boards:guest_<name>`, the same names as the board routes they
stand for, so the board's partials build them with `{% board_url %}` too)."""

from functools import wraps

from django.urls import path

from . import views, views_clustering, views_guests, views_transfer
from .spaces import GUEST_ROUTE_PREFIX, SERIES, SERIES_ROUTE_PREFIX

app_name = "boards"

# (the route after the space's prefix, view, name); `pk` is the board's, card's or column's
BOARD_ROUTES = [
    ("<int:pk>/", views.board, "board"),
    ("<int:pk>/karten/", views.add_card, "add_card"),
    ("<int:pk>/phase/", views.set_phase, "set_phase"),
    ("<int:pk>/spalten/", views.add_column, "add_column"),
    ("<int:pk>/abstimmung/", views.vote_settings, "vote_settings"),
    ("<int:pk>/abstimmung/aufdecken/", views.reveal_votes, "reveal_votes"),
    ("karten/<int:pk>/", views.edit_card, "edit_card"),
    ("karten/<int:pk>/loeschen/", views.delete_card, "delete_card"),
    ("karten/<int:pk>/ausblenden/", views.hide_card, "hide_card"),
    ("karten/<int:pk>/verschieben/", views.move_card, "move_card"),
    ("karten/<int:pk>/punkt/", views.cast_dot, "cast_dot"),
    ("karten/<int:pk>/punkt-zuruecknehmen/", views.take_back_dot, "take_back_dot"),
    ("spalten/<int:pk>/umbenennen/", views.rename_column, "rename_column"),
    ("spalten/<int:pk>/verschieben/", views.move_column, "move_column"),
    # the facilitator's groups, the cards' order, the timer, the list view (views_clustering.py)
    ("<int:pk>/liste/", views_clustering.list_view, "list_view"),
    ("<int:pk>/timer/", views_clustering.start_timer, "start_timer"),
    ("<int:pk>/timer/stoppen/", views_clustering.stop_timer, "stop_timer"),
    ("spalten/<int:pk>/gruppen/", views_clustering.add_cluster, "add_cluster"),
    ("gruppen/<int:pk>/umbenennen/", views_clustering.rename_cluster, "rename_cluster"),
    ("gruppen/<int:pk>/aufloesen/", views_clustering.delete_cluster, "delete_cluster"),
    ("karten/<int:pk>/gruppe/", views_clustering.cluster_card, "cluster_card"),
    ("karten/<int:pk>/reihenfolge/", views_clustering.order_card, "order_card"),
    # the facilitator's guest links (views_guests.py); `pk` of revoke: the link's
    ("<int:pk>/gaeste/", views_guests.guest_links, "guest_links"),
    ("gastlinks/<int:pk>/widerrufen/", views_guests.revoke_guest_link, "revoke_guest_link"),
]

# What a guest does on the link's board, under `werkstatt/gast/<token>/` (views_guests.py).
GUEST_ROUTES = [
    ("<int:pk>/", views_guests.guest_board, "board"),
    ("<int:pk>/liste/", views_guests.guest_list_view, "list_view"),
    ("<int:pk>/karten/", views_guests.guest_add_card, "add_card"),
    ("karten/<int:pk>/", views_guests.guest_edit_card, "edit_card"),
    ("karten/<int:pk>/loeschen/", views_guests.guest_delete_card, "delete_card"),
    ("karten/<int:pk>/punkt/", views_guests.guest_cast_dot, "cast_dot"),
    ("karten/<int:pk>/punkt-zuruecknehmen/", views_guests.guest_take_back_dot, "take_back_dot"),
]


def in_series(view):
    """The view reached through a series' space: `slug` is the series' (rules._space)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.board_space = SERIES
        return view(request, *args, **kwargs)

    return wrapper


urlpatterns = [
    path("kommunen/<slug:slug>/werkstatt/", views.board_list, name="list"),
    path("kommunen/<slug:slug>/werkstatt/neu/", views.create_board, name="create"),
    # the take-over into a strategy: the municipality's space only (views_transfer.py)
    path(
        "kommunen/<slug:slug>/werkstatt/<int:pk>/uebernehmen/",
        views_transfer.take_over,
        name="take_over",
    ),
    *(
        path(f"kommunen/<slug:slug>/werkstatt/{route}", view, name=name)
        for route, view, name in BOARD_ROUTES
    ),
    # A session's board opened from the organisers' session page (workshops).
    path(
        "beratung/termine/<slug:slug>/<int:pk>/werkstatt/neu/",
        views.open_session_board,
        name="open_session_board",
    ),
    *(
        path(
            f"beratung/termine/<slug:slug>/werkstatt/{route}",
            in_series(view),
            name=f"{SERIES_ROUTE_PREFIX}{name}",
        )
        for route, view, name in BOARD_ROUTES
    ),
    # a guest link: the join page, then the guest's board (guests.py)
    path("werkstatt/gast/<str:token>/", views_guests.guest_join, name="guest_join"),
    *(
        path(f"werkstatt/gast/<str:token>/{route}", view, name=f"{GUEST_ROUTE_PREFIX}{name}")
        for route, view, name in GUEST_ROUTES
    ),
]
