"""The facilitator's groups, the order of the cards, the timer and the board as a list, over
HTTP: who may do what, every change raises the revision and tells the live path, bad input
gets a German message and changes nothing."""

import re
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schreibwerkstatt.boards import clustering, services
from schreibwerkstatt.boards.display import announcement
from schreibwerkstatt.boards.models import Board, Card, Cluster

pytestmark = pytest.mark.django_db

OUTSIDERS = ["outsider", "operator", "superuser"]
MEMBERS = ["coordinator", "editor", "contributor", "reader", "adviser"]


def url(name, obj, slug="amtsberg"):
    return reverse(f"boards:{name}", args=[slug, obj.pk])


@pytest.fixture
def events(monkeypatch) -> list[dict]:
    """What the services tell the live path (live.broadcast), in order."""
    told: list[dict] = []
    monkeypatch.setattr(
        "schreibwerkstatt.boards.services.broadcast",
        lambda board_id, revision, event: told.append({**event, "revision": revision}),
    )
    return told


@pytest.fixture
def clustering_board(board, people) -> Board:
    """The SWOT board of A in the phase "cluster" with three more cards in its first column
    (four in all: the contributor's, then the editor's "Zwei", "Drei", "Vier")."""
    column = board.columns.order_by("position").first()
    for text in ["Zwei", "Drei", "Vier"]:
        services.add_card(board, column, author=people["editor"], text=text, category="idea")
    board = Board.objects.get(pk=board.pk)
    return services.set_phase(board, "cluster", expected_version=board.version)


def state(board) -> tuple:
    board = Board.objects.get(pk=board.pk)
    return (
        (board.phase, board.revision, board.version, board.timer_ends_at),
        tuple(Cluster.objects.filter(board=board).order_by("pk").values_list("pk", "title")),
        tuple(
            Card.objects.filter(board=board)
            .order_by("pk")
            .values_list("pk", "column_id", "cluster_id", "position")
        ),
    )


def texts_in_order(column) -> list[str]:
    return list(column.cards.order_by("position", "pk").values_list("text", flat=True))


# Groups ------------------------------------------------------------------------------------


def test_the_facilitator_makes_renames_fills_and_dissolves_a_group(
    clustering_board, as_persona, events
):
    board = clustering_board
    column = board.columns.order_by("position").first()
    card = board.cards.get(text="Drei")
    client = as_persona("coordinator")
    revision = Board.objects.get(pk=board.pk).revision

    response = client.post(url("add_cluster", column), {"title": "Online-Dienste"})
    cluster = Cluster.objects.get(board=board)
    assert response.status_code == 302
    assert response.url == url("board", board) + f"#cluster-{cluster.pk}"
    assert (cluster.column, cluster.title) == (column, "Online-Dienste")
    page = client.get(url("board", board)).content.decode()
    assert (
        f'<h3 class="kern-heading-x-small sw-board__cluster-title" id="cluster-{cluster.pk}-title"'
        in page
    )
    assert "Ohne Gruppe" in page  # the ungrouped cards after the groups, under a heading
    # each card's menu offers the groups of its column
    assert (
        f'id="group-{card.pk}"' in page
        and f'<option value="{cluster.pk}">Online-Dienste</option>' in page
    )

    response = client.post(url("cluster_card", card), {"cluster": cluster.pk})
    assert response.status_code == 302
    assert Card.objects.get(pk=card.pk).cluster == cluster
    page = client.get(url("board", board)).content.decode()
    group = page[page.index(f'id="cluster-{cluster.pk}"') : page.index("Ohne Gruppe")]
    assert "Drei" in group and "Zwei" not in group

    assert (
        client.post(url("rename_cluster", cluster), {"title": "Digitale Dienste"}).status_code
        == 302
    )
    assert Cluster.objects.get(pk=cluster.pk).title == "Digitale Dienste"
    # out of the group again: an empty choice
    assert client.post(url("cluster_card", card), {"cluster": ""}).status_code == 302
    assert Card.objects.get(pk=card.pk).cluster is None
    client.post(url("cluster_card", card), {"cluster": cluster.pk})
    response = client.post(url("delete_cluster", cluster))
    assert response.status_code == 302
    assert not Cluster.objects.filter(pk=cluster.pk).exists()
    card = Card.objects.get(pk=card.pk)  # the card stays, ungrouped, in its column
    assert (card.cluster, card.column) == (None, column)

    assert [event["kind"] for event in events] == [
        "cluster_added", "card_clustered", "cluster_renamed", "card_clustered",
        "card_clustered", "cluster_deleted",
    ]  # fmt: skip
    assert [event["revision"] for event in events] == list(range(revision + 1, revision + 7))
    assert Board.objects.get(pk=board.pk).revision == revision + 6
    words = [announcement(event) for event in events]
    assert words[0] == "Neue Gruppe „Online-Dienste“ in „Stärken“."
    assert words[1] == "Karte „Drei“ in Gruppe „Online-Dienste“ verschoben."
    assert words[2] == "Eine Gruppe wurde in „Digitale Dienste“ umbenannt."
    assert words[3] == "Karte „Drei“ aus ihrer Gruppe genommen."
    assert words[5] == "Die Gruppe „Digitale Dienste“ wurde aufgelöst; ihre Karten bleiben."


def test_the_announcement_names_no_author_and_nothing_of_a_hidden_card(
    clustering_board, people, events
):
    Board.objects.filter(pk=clustering_board.pk).update(anonymous=True)
    board = Board.objects.get(pk=clustering_board.pk)
    column = board.columns.order_by("position").first()
    cluster = clustering.add_cluster(board, column, "Gruppe")
    card = board.cards.get(author=people["contributor"])
    clustering.set_card_cluster(card, cluster)
    hidden = board.cards.get(text="Vier")
    services.set_card_hidden(hidden, True)
    clustering.set_card_cluster(Card.objects.get(pk=hidden.pk), cluster)
    words = [announcement(event) for event in events]
    assert words[1] == "Karte „Online-Termine klappen gut“ in Gruppe „Gruppe“ verschoben."
    assert people["contributor"].name not in " ".join(words)
    assert words[-1] == "Eine Karte wurde in die Gruppe „Gruppe“ verschoben."
    assert all("Vier" not in str(event) for event in events)


def test_moving_a_card_to_another_column_takes_it_out_of_its_group(clustering_board, as_persona):
    board = clustering_board
    first, second = board.columns.order_by("position")[:2]
    cluster = clustering.add_cluster(board, first, "Gruppe")
    card = board.cards.get(text="Zwei")
    clustering.set_card_cluster(card, cluster)
    response = as_persona("editor").post(url("move_card", card), {"column": second.pk})
    assert response.status_code == 302
    card = Card.objects.get(pk=card.pk)
    assert (card.column, card.cluster) == (second, None)


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("add_cluster", {"title": ""}, "Bitte geben Sie der Gruppe einen Titel."),
        ("add_cluster", {"title": "x" * 101}, "Der Titel einer Gruppe hat höchstens 100 Zeichen."),
        ("add_cluster", {}, "Bitte geben Sie der Gruppe einen Titel."),
        ("rename_cluster", {"title": "  "}, "Bitte geben Sie der Gruppe einen Titel."),
        ("cluster_card", {}, "Wählen Sie eine der angebotenen Gruppen."),
        ("cluster_card", {"cluster": "1" * 30}, "Wählen Sie eine der angebotenen Gruppen."),
        (
            "cluster_card",
            "other column",
            "Eine Karte kann nur in eine Gruppe ihrer eigenen Spalte.",
        ),
        ("order_card", {"direction": "sideways"}, "Wählen Sie „Nach oben“ oder „Nach unten“."),
    ],
)
def test_bad_input_gets_a_german_message_and_changes_nothing(
    name, data, message, clustering_board, as_persona
):
    board = clustering_board
    first, second = board.columns.order_by("position")[:2]
    cluster = clustering.add_cluster(board, first, "Gruppe")
    elsewhere = clustering.add_cluster(Board.objects.get(pk=board.pk), second, "Anderswo")
    if data == "other column":
        data = {"cluster": elsewhere.pk}
    target = {"add_cluster": first, "rename_cluster": cluster}.get(name) or board.cards.first()
    before = state(board)
    response = as_persona("coordinator").post(url(name, target), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert state(board) == before


@pytest.mark.parametrize("phase", ["collect", "vote", "results", "closed"])
def test_groups_change_only_in_the_cluster_phase(phase, clustering_board, as_persona):
    board = clustering_board
    column = board.columns.order_by("position").first()
    cluster = clustering.add_cluster(board, column, "Gruppe")
    card = board.cards.first()
    clustering.set_card_cluster(card, cluster)
    board = services.set_phase(
        Board.objects.get(pk=board.pk),
        phase,
        expected_version=Board.objects.get(pk=board.pk).version,
    )
    client = as_persona("coordinator")
    page = client.get(url("board", board)).content.decode()
    # the groups are still shown, their tools and the cards' group menus are not
    assert f'id="cluster-{cluster.pk}-title"' in page
    assert f'id="group-{card.pk}"' not in page and 'id="cluster-tools-' not in page
    before = state(board)
    expected = "geschlossen" if phase == "closed" else "nur in der Phase „Ordnen“"
    for address, data in [
        (url("add_cluster", column), {"title": "Neu"}),
        (url("rename_cluster", cluster), {"title": "Neu"}),
        (url("delete_cluster", cluster), {}),
        (url("cluster_card", card), {"cluster": ""}),
    ]:
        response = client.post(address, data)
        assert response.status_code == 400, address
        assert expected in response.content.decode()
    assert state(board) == before


def test_ids_of_another_board_get_404(clustering_board, board_of_b, people, as_persona):
    board = clustering_board
    column = board.columns.order_by("position").first()
    clustering.add_cluster(board, column, "Gruppe A")
    services.set_phase(board_of_b, "cluster", expected_version=board_of_b.version)
    foreign = clustering.add_cluster(
        Board.objects.get(pk=board_of_b.pk), board_of_b.columns.first(), "Gruppe B"
    )
    client = as_persona("coordinator")
    before, before_b = state(board), state(board_of_b)
    card = board.cards.first()
    for cluster in [foreign.pk, "abc", "99999999999999999999"]:
        assert client.post(url("cluster_card", card), {"cluster": cluster}).status_code == 404
    # a group of B through A's address, and through B's address (not a member of B)
    for slug in ["amtsberg", "birkenwerder-nord"]:
        assert client.post(url("rename_cluster", foreign, slug), {"title": "x"}).status_code == 404
        assert client.post(url("delete_cluster", foreign, slug)).status_code == 404
        assert (
            client.post(
                url("add_cluster", board_of_b.columns.first(), slug), {"title": "x"}
            ).status_code
            == 404
        )
        assert (
            client.post(
                url("cluster_card", board_of_b.cards.first(), slug), {"cluster": ""}
            ).status_code
            == 404
        )
    assert (state(board), state(board_of_b)) == (before, before_b)


# Who may -----------------------------------------------------------------------------------


def _routes(board) -> list[tuple[str, str, dict]]:
    column = board.columns.order_by("position").first()
    cluster = Cluster.objects.filter(board=board).first()
    card = board.cards.get(text="Zwei")
    return [
        ("get", url("list_view", board), {}),
        ("post", url("add_cluster", column), {"title": "Fremd"}),
        ("post", url("rename_cluster", cluster), {"title": "Fremd"}),
        ("post", url("delete_cluster", cluster), {}),
        ("post", url("cluster_card", card), {"cluster": cluster.pk}),
        ("post", url("order_card", card), {"direction": "down"}),
        ("post", url("start_timer", board), {"minutes": 5, "version": board.version}),
        ("post", url("stop_timer", board), {"version": board.version}),
    ]


@pytest.fixture
def with_group(clustering_board) -> Board:
    column = clustering_board.columns.order_by("position").first()
    clustering.add_cluster(clustering_board, column, "Gruppe")
    return Board.objects.get(pk=clustering_board.pk)


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_operators_and_superusers_get_404(persona, with_group, as_persona):
    client = as_persona(persona)
    before = state(with_group)
    for method, address, data in _routes(with_group):
        response = getattr(client, method)(address, data)
        assert response.status_code == 404, (persona, address)
        assert b"Amtsberg" not in response.content
    assert state(with_group) == before


def test_anonymous_visitors_are_sent_to_the_login(with_group, as_persona):
    client = as_persona("anonymous")
    before = state(with_group)
    for method, address, data in _routes(with_group):
        response = getattr(client, method)(address, data)
        assert response.status_code == 302, address
        assert response.url.startswith(reverse("accounts:login"))
    assert state(with_group) == before


@pytest.mark.parametrize("persona", ["contributor", "reader", "adviser"])
def test_people_taking_part_read_the_list_but_do_not_facilitate(persona, with_group, as_persona):
    client = as_persona(persona)
    before = state(with_group)
    routes = _routes(with_group)
    page = client.get(routes[0][1])
    assert page.status_code == 200
    assert "Online-Termine klappen gut" in page.content.decode()
    for method, address, data in routes[1:]:
        assert getattr(client, method)(address, data).status_code == 403, (persona, address)
    assert client.get(routes[1][1]).status_code == 405
    assert state(with_group) == before


def test_wrong_methods_are_refused(with_group, as_persona):
    client = as_persona("coordinator")
    for method, address, _data in _routes(with_group):
        other = "post" if method == "get" else "get"
        assert getattr(client, other)(address).status_code == 405, address


# The order of the cards --------------------------------------------------------------------


def test_the_facilitator_puts_cards_up_and_down_within_their_group(
    clustering_board, as_persona, events
):
    board = clustering_board
    column = board.columns.order_by("position").first()
    client = as_persona("editor")
    zwei, drei, vier = (board.cards.get(text=t) for t in ["Zwei", "Drei", "Vier"])
    assert client.post(url("order_card", vier), {"direction": "up"}).status_code == 302
    assert texts_in_order(column) == ["Online-Termine klappen gut", "Zwei", "Vier", "Drei"]
    assert list(column.cards.order_by("position").values_list("position", flat=True)) == [
        0,
        1,
        2,
        3,
    ]
    assert announcement(events[-1]) == "Karte „Vier“ nach oben verschoben."
    cluster = clustering.add_cluster(Board.objects.get(pk=board.pk), column, "Gruppe")
    clustering.set_card_cluster(Card.objects.get(pk=zwei.pk), cluster)
    clustering.set_card_cluster(Card.objects.get(pk=drei.pk), cluster)
    # "Vier" is now next to the group's cards; within the ungrouped cards it goes first
    assert client.post(url("order_card", vier), {"direction": "up"}).status_code == 302
    ungrouped = column.cards.filter(cluster=None).order_by("position", "pk")
    assert list(ungrouped.values_list("text", flat=True)) == ["Vier", "Online-Termine klappen gut"]
    revision = Board.objects.get(pk=board.pk).revision
    # already first of its group: nothing changes
    assert client.post(url("order_card", vier), {"direction": "up"}).status_code == 302
    assert Board.objects.get(pk=board.pk).revision == revision
    # within the group
    assert client.post(url("order_card", drei), {"direction": "up"}).status_code == 302
    grouped = column.cards.filter(cluster=cluster).order_by("position", "pk")
    assert list(grouped.values_list("text", flat=True)) == ["Drei", "Zwei"]
    page = client.get(url("board", board)).content.decode()
    assert (
        f'id="card-up-{drei.pk}" name="direction" value="up" class="kern-btn kern-btn--tertiary kern-btn--x-small" aria-disabled="true"'
        in page
    )
    assert (
        f'id="card-down-{zwei.pk}" name="direction" value="down" class="kern-btn kern-btn--tertiary kern-btn--x-small" aria-disabled="true"'
        in page
    )


def test_the_author_orders_their_own_card_while_collecting_only(board, people, as_persona):
    column = board.columns.order_by("position").first()
    services.add_card(board, column, author=people["editor"], text="Zweite", category="idea")
    card = board.cards.get(author=people["contributor"])
    author = as_persona("contributor")
    assert f'id="card-down-{card.pk}"' in author.get(url("board", board)).content.decode()
    assert author.post(url("order_card", card), {"direction": "down"}).status_code == 302
    assert texts_in_order(column) == ["Zweite", "Online-Termine klappen gut"]
    other = board.cards.get(text="Zweite")
    assert author.post(url("order_card", other), {"direction": "down"}).status_code == 403
    board = Board.objects.get(pk=board.pk)
    services.set_phase(board, "cluster", expected_version=board.version)
    assert author.post(url("order_card", card), {"direction": "up"}).status_code == 403
    assert texts_in_order(column) == ["Zweite", "Online-Termine klappen gut"]


def test_a_hidden_card_is_skipped_for_people_who_do_not_see_it(board, people, as_persona):
    column = board.columns.order_by("position").first()
    hidden = services.add_card(
        board, column, author=people["editor"], text="Verborgen", category="idea"
    )
    services.add_card(board, column, author=people["editor"], text="Letzte", category="idea")
    services.set_card_hidden(hidden, True)
    card = board.cards.get(author=people["contributor"])
    as_persona("contributor").post(url("order_card", card), {"direction": "down"})
    assert texts_in_order(column) == ["Letzte", "Verborgen", "Online-Termine klappen gut"]


# The timer ---------------------------------------------------------------------------------


def test_the_facilitator_starts_and_stops_a_timer_everybody_sees(
    clustering_board, as_persona, events
):
    board = clustering_board
    client = as_persona("coordinator")
    before = timezone.now()
    response = client.post(url("start_timer", board), {"minutes": "7", "version": board.version})
    assert response.status_code == 302
    board = Board.objects.get(pk=board.pk)
    assert (
        timedelta(minutes=7) - timedelta(seconds=2)
        <= board.timer_ends_at - before
        <= timedelta(minutes=7, seconds=2)
    )
    local = timezone.localtime(board.timer_ends_at)
    assert str(local.tzinfo) == "Europe/Berlin"
    for persona in ["reader", "contributor"]:
        page = as_persona(persona).get(url("board", board)).content.decode()
        assert f"bis {local:%H:%M} Uhr" in page
        assert 'role="timer" aria-live="off"' in page
        assert f'data-board-timer="{local.isoformat()}"' in page
    assert announcement(events[-1]) == f"Ein Timer läuft bis {local:%H:%M} Uhr."
    # with a version read before the timer started: refused
    response = client.post(url("stop_timer", board), {"version": board.version - 1})
    assert response.status_code == 409
    assert "inzwischen geändert" in response.content.decode()
    assert client.post(url("stop_timer", board), {"version": board.version}).status_code == 302
    assert Board.objects.get(pk=board.pk).timer_ends_at is None
    assert announcement(events[-1]) == "Der Timer wurde gestoppt."
    assert 'id="board-timer"' not in as_persona("reader").get(url("board", board)).content.decode()


def test_switching_the_phase_ends_the_timer(clustering_board):
    board = clustering.start_timer(clustering_board, 5, expected_version=clustering_board.version)
    board = services.set_phase(board, "vote", expected_version=board.version)
    assert Board.objects.get(pk=board.pk).timer_ends_at is None


@pytest.mark.parametrize(
    "minutes, message",
    [
        ("0", "zwischen 1 und 120 Minuten"),
        ("121", "zwischen 1 und 120 Minuten"),
        ("-3", "zwischen 1 und 120 Minuten"),
        ("zehn", "als ganze Zahl"),
        ("", "Bitte geben Sie die Minuten des Timers an"),
    ],
)
def test_bad_minutes_get_a_message(minutes, message, clustering_board, as_persona):
    before = state(clustering_board)
    response = as_persona("coordinator").post(
        url("start_timer", clustering_board),
        {"minutes": minutes, "version": clustering_board.version},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert state(clustering_board) == before


def test_a_closed_board_gets_no_timer(board, as_persona):
    board = services.set_phase(board, "closed", expected_version=board.version)
    before = state(board)
    response = as_persona("coordinator").post(
        url("start_timer", board), {"minutes": 5, "version": board.version}
    )
    assert response.status_code == 400
    assert "braucht keinen Timer" in response.content.decode()
    assert (
        'id="board-timer-minutes"'
        not in as_persona("coordinator").get(url("board", board)).content.decode()
    )
    assert state(board) == before


def test_the_shared_board_does_not_depend_on_the_moment_it_is_rendered(clustering_board, people):
    from unittest import mock

    from schreibwerkstatt.boards.display import render_shared

    board = clustering.start_timer(clustering_board, 5, expected_version=clustering_board.version)
    board = Board.objects.select_related("municipality").get(pk=board.pk)
    now = render_shared(board, people["reader"])[0]
    with mock.patch(
        "django.utils.timezone.now", return_value=timezone.now() + timedelta(minutes=9)
    ):
        later = render_shared(board, people["reader"])[0]
    assert now == later


# The list view -----------------------------------------------------------------------------


def test_the_list_shows_the_board_with_headings_per_column_and_group(with_group, as_persona):
    board = with_group
    cluster = Cluster.objects.get(board=board)
    clustering.set_card_cluster(board.cards.get(text="Zwei"), cluster)
    client = as_persona("coordinator")
    board_page = client.get(url("board", board)).content.decode()
    assert f'href="{url("list_view", board)}">Als Liste anzeigen</a>' in board_page
    page = client.get(url("list_view", board))
    assert page.status_code == 200
    text = page.content.decode()
    assert f'href="{url("board", board)}">Als Wand anzeigen</a>' in text
    assert "sw-board--list" in text
    headings = re.findall(r"<h([23])[^>]*>([^<]+)", text)
    titles = [(level, title.strip()) for level, title in headings]
    assert (
        ("2", "Stärken") in titles and ("3", "Gruppe") in titles and ("3", "Ohne Gruppe") in titles
    )
    assert (
        titles.index(("2", "Stärken"))
        < titles.index(("3", "Gruppe"))
        < titles.index(("2", "Schwächen"))
    )
    # the same forms as the board
    card = board.cards.get(text="Drei")
    assert f'action="{url("cluster_card", card)}"' in text
    assert f'action="{url("order_card", card)}"' in text


def test_a_change_sent_from_the_list_comes_back_to_the_list(with_group, as_persona):
    board = with_group
    card = board.cards.get(text="Drei")
    client = as_persona("coordinator")
    list_url = url("list_view", board)
    response = client.post(
        url("order_card", card), {"direction": "up"}, HTTP_REFERER=f"http://testserver{list_url}"
    )
    assert response.status_code == 302 and response.url == f"{list_url}#card-{card.pk}"
    response = client.post(
        url("add_cluster", card.column), {"title": ""}, HTTP_REFERER=f"http://testserver{list_url}"
    )
    assert response.status_code == 400 and "sw-board--list" in response.content.decode()
    response = client.post(url("order_card", card), {"direction": "up"})
    assert response.url == f"{url('board', board)}#card-{card.pk}"


def test_a_live_post_gets_204(with_group, as_persona):
    card = with_group.cards.get(text="Drei")
    cluster = Cluster.objects.get(board=with_group)
    response = as_persona("coordinator").post(
        url("cluster_card", card), {"cluster": cluster.pk}, HTTP_X_BOARD_LIVE="1"
    )
    assert response.status_code == 204


@pytest.mark.parametrize("name", ["board", "list_view"])
def test_the_board_asks_the_same_queries_for_5_or_50_cards_and_groups(
    name, clustering_board, people, as_persona, django_assert_max_num_queries
):
    from tests.queries import warm_get_queries

    board = clustering_board
    columns = list(board.columns.order_by("position"))

    def grow(count: int) -> None:
        """`count` more groups, each with a card of the reader."""
        for number in range(count):
            column = columns[number % len(columns)]
            cluster = clustering.add_cluster(Board.objects.get(pk=board.pk), column, f"G{number}")
            card = Card.objects.create(
                board=board, column=column, author=people["reader"], text=f"Karte {number}",
                position=100 + number,
            )  # fmt: skip
            clustering.set_card_cluster(card, cluster)

    results = {}
    for persona in ["coordinator", "reader"]:
        client = as_persona(persona)
        grow(1)
        few = warm_get_queries(client, url(name, board), django_assert_max_num_queries, at_most=30)
        grow(45)
        many = warm_get_queries(client, url(name, board), django_assert_max_num_queries, at_most=30)
        results[persona] = (few, many)
    assert all(few == many for few, many in results.values()), results
    assert Card.objects.filter(board=board).count() >= 50


# A session's board in both spaces ----------------------------------------------------------


def test_the_organiser_groups_a_session_board_through_the_series(db, people):
    from conftest import UserFactory, client_for
    from schreibwerkstatt.boards.tests.test_session_boards import make_series, register

    organiser = UserFactory(email="o@agentur.example", name="Ora", is_adviser=True)
    series = make_series("winter", organiser)
    municipality = people["contributor"].memberships.get().municipality
    register(series, municipality, [people["contributor"]])
    board = services.create_session_board(
        series.sessions.get(), user=organiser, title="Wand", template="free"
    )
    column = board.columns.get()
    card = services.add_card(
        board, column, author=people["contributor"], text="Aus Amtsberg", category="idea",
        municipality=municipality,
    )  # fmt: skip
    board = Board.objects.get(pk=board.pk)
    board = services.set_phase(board, "cluster", expected_version=board.version)
    client = client_for(organiser)
    series_url = lambda name, obj: reverse(f"boards:series_{name}", args=["winter", obj.pk])  # noqa: E731
    response = client.post(series_url("add_cluster", column), {"title": "Gruppe"})
    cluster = Cluster.objects.get(board=board)
    assert response.url == series_url("board", board) + f"#cluster-{cluster.pk}"
    assert client.post(series_url("cluster_card", card), {"cluster": cluster.pk}).status_code == 302
    board = Board.objects.get(pk=board.pk)
    response = client.post(
        series_url("start_timer", board), {"minutes": 3, "version": board.version}
    )
    assert response.status_code == 302
    page = client.get(series_url("list_view", board)).content.decode()
    assert "Aus Amtsberg" in page and "/kommunen/" not in page
    participant = client_for(people["contributor"])
    page = participant.get(reverse("boards:list_view", args=["amtsberg", board.pk]))
    assert page.status_code == 200 and "Gruppe" in page.content.decode()
    assert "/beratung/termine/" not in page.content.decode()
    response = participant.post(
        reverse("boards:rename_cluster", args=["amtsberg", cluster.pk]), {"title": "x"}
    )
    assert response.status_code == 403
    assert client.get(reverse("boards:list_view", args=["amtsberg", board.pk])).status_code == 404
    assert isinstance(Board.objects.get(pk=board.pk).timer_ends_at, datetime)
