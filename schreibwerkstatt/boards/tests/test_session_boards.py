"""The boards of a workshop session: who opens them, who takes part through which address, and
that nobody else reaches one, by any route or through the live connection.

The session's series is run by `organiser` (an adviser); Amtsberg (A) has a confirmed
registration naming its contributor; Birkenwerder (B) is registered as the test says, naming
its coordinator (`outsider`). The coordination of A takes part without being named."""

from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from django.urls import reverse
from django.utils import timezone

from conftest import UserFactory, client_for
from schreibwerkstatt.asgi import application
from schreibwerkstatt.boards import services
from schreibwerkstatt.boards.models import Board, Card, Cluster, Column, GuestLink
from schreibwerkstatt.boards.urls import BOARD_ROUTES
from schreibwerkstatt.workshops.models import Participant, Registration, Series, Session
from tests.asgi_clients import WebsocketClient

pytestmark = pytest.mark.django_db

CONFIRMED, WAITING, CANCELLED = "confirmed", "waiting", "cancelled"
# The board routes with a POST and what they are sent (views.py).
POSTS = {
    "add_card": "board",
    "set_phase": "board",
    "add_column": "board",
    "edit_card": "card",
    "delete_card": "card",
    "hide_card": "card",
    "move_card": "card",
    "rename_column": "column",
    "move_column": "column",
    "start_timer": "board",
    "stop_timer": "board",
    "add_cluster": "column",
    "rename_cluster": "cluster",
    "delete_cluster": "cluster",
    "cluster_card": "card",
    "order_card": "card",
    "cast_dot": "card",
    "take_back_dot": "card",
    "vote_settings": "board",
    "reveal_votes": "board",
    # the facilitation's guest links (views_guests.py): the page posts a new link
    "guest_links": "board",
    "revoke_guest_link": "guest_link",
}
# The board routes with a GET besides the board itself and a card's edit page.
GETS = {"list_view": "board"}


def make_series(slug: str, organiser) -> Series:
    now = timezone.now()
    series = Series.objects.create(
        title=f"Schreibwerkstatt {slug}",
        slug=slug,
        description="Gemeinsam schreiben.",
        target_group="Kommunen",
        organiser="Digitalagentur",
        registration_closes=now + timedelta(days=5),
        capacity=5,
        seats_per_municipality=3,
        published_at=now - timedelta(days=1),
    )
    series.organisers.add(organiser)
    Session.objects.create(
        series=series,
        title="Handlungsfelder",
        starts=now + timedelta(days=10),
        duration=120,
        meeting_url="https://meet.example.org/werkstatt",
    )
    return series


def register(series, municipality, people, status=CONFIRMED) -> Registration:
    registration = Registration.objects.create(
        series=series, municipality=municipality, status=status
    )
    for person in people:
        Participant.objects.create(registration=registration, user=person)
    return registration


@pytest.fixture
def organiser(db):
    return UserFactory(email="organiser@agentur.example", name="Ora Organisatorin", is_adviser=True)


@pytest.fixture
def series(organiser, municipality_a, people) -> Series:
    series = make_series("herbst", organiser)
    register(series, municipality_a, [people["contributor"]])
    return series


@pytest.fixture
def session_board(series, organiser, people) -> Board:
    """A free board of the session with a card of A's contributor and one of the organiser."""
    board = services.create_session_board(
        series.sessions.get(), user=organiser, title="Ideen-Wand", template="free"
    )
    column = board.columns.get()
    services.add_card(
        board,
        column,
        author=people["contributor"],
        text="Karte aus Amtsberg",
        category="idea",
        municipality=people["contributor"].memberships.get().municipality,
    )
    services.add_card(board, column, author=organiser, text="Frage der Beratung", category="idea")
    Cluster.objects.create(board=board, column=column, title="Gruppe der Wand")
    return Board.objects.get(pk=board.pk)


def with_b(series, municipality_b, people, status) -> None:
    register(series, municipality_b, [people["outsider"]], status)


def state(board) -> tuple:
    return (
        Board.objects.filter(pk=board.pk)
        .values_list("phase", "revision", "version", "timer_ends_at")
        .get(),
        tuple(Column.objects.filter(board=board).order_by("pk").values_list("pk", "title")),
        tuple(
            Card.objects.filter(board=board)
            .order_by("pk")
            .values_list("pk", "text", "column_id", "hidden", "municipality_id", "cluster_id")
        ),
        tuple(Cluster.objects.filter(board=board).order_by("pk").values_list("pk", "title")),
        Board.objects.count(),
        # a guest link made or revoked (addresses() makes one to revoke, without a label)
        GuestLink.objects.filter(label="Fremd").count(),
        GuestLink.objects.filter(revoked_at__isnull=False).count(),
    )


def addresses(board, prefix: str, slug: str) -> list[tuple[str, str, dict]]:
    """(method, address, data) for every route of the board in one space."""
    card, column = board.cards.first(), board.columns.first()
    cluster = board.clusters.first() or Cluster(pk=0)  # the session's board has one
    link = board.guest_links.first() or GuestLink.objects.create(
        board=board, expires_at=timezone.now() + timedelta(days=7)
    )
    objects = {
        "board": board,
        "card": card,
        "column": column,
        "cluster": cluster,
        "guest_link": link,
    }
    data = {
        "add_card": {"column": column.pk, "text": "Fremd", "category": "idea"},
        "set_phase": {"phase": "closed", "version": board.version},
        "add_column": {"title": "Fremd"},
        "guest_links": {"label": "Fremd", "days": 7},
        "edit_card": {"text": "Fremd", "category": "idea"},
        "hide_card": {"hidden": "on"},
        "move_card": {"column": column.pk},
        "rename_column": {"title": "Fremd"},
        "move_column": {"direction": "down"},
        "start_timer": {"minutes": 5, "version": board.version},
        "stop_timer": {"version": board.version},
        "add_cluster": {"title": "Fremd"},
        "rename_cluster": {"title": "Fremd"},
        "cluster_card": {"cluster": cluster.pk},
        "order_card": {"direction": "down"},
        "vote_settings": {"dots_per_person": 5, "version": board.version},
        "reveal_votes": {"revealed": "on", "version": board.version},
    }
    found = [("get", reverse(f"boards:{prefix}board", args=[slug, board.pk]), {})]
    found.append(("get", reverse(f"boards:{prefix}edit_card", args=[slug, card.pk]), {}))
    for name, kind in GETS.items():
        found.append(("get", reverse(f"boards:{prefix}{name}", args=[slug, objects[kind].pk]), {}))
    for name, kind in POSTS.items():
        address = reverse(f"boards:{prefix}{name}", args=[slug, objects[kind].pk])
        found.append(("post", address, data.get(name, {})))
    return found


def test_every_board_route_is_tested_here():
    from tests.routes import SESSION_BOARD_ROUTES

    names = {name for _, _, name in BOARD_ROUTES}
    assert names == {"board", *POSTS, *GETS}
    assert {f"boards:series_{name}" for name in names} | {
        "boards:open_session_board"
    } == SESSION_BOARD_ROUTES


def test_the_board_pages_build_every_address_in_the_space():
    """`{% url 'boards:…' municipality.slug … %}` would break the organisers' pages (they
    have no municipality): the board's templates use {% board_url %} (spaces.py)."""
    from pathlib import Path

    folder = Path(__file__).parents[1] / "templates" / "boards"
    for template in [
        "board.html",
        "edit_card.html",
        "guest_links.html",
        *(f"partials/{p.name}" for p in (folder / "partials").glob("*.html")),
    ]:
        text = (folder / template).read_text()
        assert "{% url 'boards:" not in text and '{% url "boards:' not in text, template


# Who gets in -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["contributor", "coordinator"])
def test_the_participants_of_a_confirmed_municipality_take_part_through_it(
    persona, session_board, people
):
    client = client_for(people[persona])
    page = client.get(reverse("boards:board", args=["amtsberg", session_board.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Karte aus Amtsberg" in text and "Frage der Beratung" in text
    assert f'data-board-socket="/ws/boards/{session_board.pk}/kommunen/amtsberg/"' in text
    # every address of the board stays in the municipality's space (the header's own
    # /kommunen/<slug>/beratung/, the municipality's advice page, is no organiser address)
    assert "/beratung/termine/" not in text
    assert f'action="/kommunen/amtsberg/werkstatt/{session_board.pk}/karten/"' in text
    # each card names its municipality; no facilitation for participants
    assert 'Contributor Amtsberg · <span class="sw-card__origin">Amtsberg</span>' in text
    assert 'id="board-tools"' not in text
    assert "Ihre Karten werden für Amtsberg festgehalten." in text


def test_a_card_records_the_municipality_its_author_came_through(
    session_board, series, municipality_b, people
):
    with_b(series, municipality_b, people, CONFIRMED)
    column = session_board.columns.get()
    client = client_for(people["outsider"])
    response = client.post(
        reverse("boards:add_card", args=["birkenwerder-nord", session_board.pk]),
        {"column": column.pk, "text": "Idee aus Birkenwerder", "category": "idea"},
    )
    assert response.status_code == 302
    assert (
        response.url
        == f"/kommunen/birkenwerder-nord/werkstatt/{session_board.pk}/#column-{column.pk}"
    )
    card = Card.objects.get(text="Idee aus Birkenwerder")
    assert card.municipality == municipality_b
    page = client.get(response.url).content.decode()
    assert "Karte aus Amtsberg" in page  # the same board for both municipalities
    assert '<span class="sw-card__origin">Birkenwerder' in page
    # the organiser's card names no municipality
    assert Card.objects.get(text="Frage der Beratung").municipality is None


def test_an_anonymous_board_names_neither_author_nor_municipality(session_board, people):
    Board.objects.filter(pk=session_board.pk).update(anonymous=True)
    text = (
        client_for(people["coordinator"])
        .get(reverse("boards:board", args=["amtsberg", session_board.pk]))
        .content.decode()
    )
    assert "Karte aus Amtsberg" in text
    assert "sw-card__origin" not in text and "Contributor Amtsberg" not in text


def test_the_organiser_facilitates_through_the_series(session_board, organiser):
    client = client_for(organiser)
    page = client.get(reverse("boards:series_board", args=["herbst", session_board.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="board-tools"' in text
    assert f'data-board-socket="/ws/boards/{session_board.pk}/termine/herbst/"' in text
    assert "/kommunen/" not in text
    assert f'action="/beratung/termine/herbst/werkstatt/{session_board.pk}/phase/"' in text
    card = session_board.cards.get(text="Karte aus Amtsberg")
    response = client.post(
        reverse("boards:series_hide_card", args=["herbst", card.pk]), {"hidden": "on"}
    )
    assert response.status_code == 302
    assert response.url.startswith(f"/beratung/termine/herbst/werkstatt/{session_board.pk}/")
    assert Card.objects.get(pk=card.pk).hidden
    response = client.post(
        reverse("boards:series_set_phase", args=["herbst", session_board.pk]),
        {"phase": "vote", "version": session_board.version},
    )
    assert response.status_code == 302
    assert Board.objects.get(pk=session_board.pk).phase == "vote"
    edit = client.get(reverse("boards:series_edit_card", args=["herbst", card.pk]))
    assert edit.status_code == 200
    assert f'href="/beratung/termine/herbst/werkstatt/{session_board.pk}/"' in edit.content.decode()


# Who gets nothing --------------------------------------------------------------------------


def assert_nothing(client, board, routes) -> None:
    before = state(board)
    for method, address, data in routes:
        response = getattr(client, method)(address, data)
        assert response.status_code == 404, (method, address, response.status_code)
        assert b"Karte aus Amtsberg" not in response.content
    assert state(board) == before


@pytest.mark.parametrize("status", [WAITING, CANCELLED, None])
def test_a_municipality_not_confirmed_gets_404(
    status, session_board, series, municipality_b, people
):
    if status is not None:
        with_b(series, municipality_b, people, status)
    client = client_for(people["outsider"])
    assert_nothing(client, session_board, addresses(session_board, "", "birkenwerder-nord"))
    # nor through A's address, nor the series'
    assert_nothing(client, session_board, addresses(session_board, "", "amtsberg"))
    assert_nothing(client, session_board, addresses(session_board, "series_", "herbst"))


@pytest.mark.parametrize("persona", ["editor", "reader", "adviser"])
def test_people_of_a_who_are_not_taking_part_get_404(persona, session_board, people):
    """Members of the confirmed municipality not named, and its assigned adviser."""
    client = client_for(people[persona])
    assert_nothing(client, session_board, addresses(session_board, "", "amtsberg"))
    assert_nothing(client, session_board, addresses(session_board, "series_", "herbst"))


@pytest.mark.parametrize("persona", ["adviser", "operator", "superuser"])
def test_advisers_and_operators_not_running_the_series_get_404(persona, session_board, people):
    client = client_for(people[persona])
    assert_nothing(client, session_board, addresses(session_board, "series_", "herbst"))
    session = session_board.session
    for method in ["get", "post"]:
        response = getattr(client, method)(
            reverse("boards:open_session_board", args=["herbst", session.pk]),
            {"title": "Fremd", "template": "free"},
        )
        assert response.status_code == 404
    assert Board.objects.filter(title="Fremd").count() == 0


def test_an_operator_running_the_series_takes_part(session_board, series, people):
    series.organisers.add(people["operator"])
    client = client_for(people["operator"])
    page = client.get(reverse("boards:series_board", args=["herbst", session_board.pk]))
    assert page.status_code == 200


def test_the_organiser_does_not_take_part_through_a_municipality(session_board, organiser):
    assert_nothing(client_for(organiser), session_board, addresses(session_board, "", "amtsberg"))


def test_anonymous_visitors_are_sent_to_the_login(session_board, people):
    client = client_for(None)
    before = state(session_board)
    routes = addresses(session_board, "", "amtsberg") + addresses(
        session_board, "series_", "herbst"
    )
    routes.append(
        (
            "post",
            reverse("boards:open_session_board", args=["herbst", session_board.session_id]),
            {},
        )
    )
    for method, address, data in routes:
        response = getattr(client, method)(address, data)
        assert response.status_code == 302, address
        assert response.url.startswith(reverse("accounts:login"))
    assert state(session_board) == before


def test_forged_spaces_and_ids_get_404(session_board, series, organiser, board, people):
    """A municipality's board through a series, a session's board through another series
    the organiser runs, and a session's board through a municipality of another series."""
    other = make_series("anderswo", organiser)
    register(other, people["outsider"].memberships.get().municipality, [people["outsider"]])
    client = client_for(organiser)
    assert_nothing(client, session_board, addresses(session_board, "series_", "anderswo"))
    before = state(board)
    for method, address, data in addresses(board, "series_", "herbst"):
        assert getattr(client, method)(address, data).status_code == 404, address
    assert state(board) == before
    # B is confirmed for the other series only
    outsider = client_for(people["outsider"])
    assert_nothing(outsider, session_board, addresses(session_board, "", "birkenwerder-nord"))


def test_a_participant_who_leaves_the_registration_is_out(session_board, people):
    client = client_for(people["contributor"])
    address = reverse("boards:board", args=["amtsberg", session_board.pk])
    assert client.get(address).status_code == 200
    Participant.objects.filter(user=people["contributor"]).delete()
    assert client.get(address).status_code == 404


# Opening a board ---------------------------------------------------------------------------


def test_the_organiser_opens_a_board_from_the_session_page(series, organiser):
    session = series.sessions.get()
    client = client_for(organiser)
    page = client.get(reverse("workshops:manage_session", args=["herbst", session.pk]))
    assert page.status_code == 200
    assert 'id="board-form"' in page.content.decode()
    response = client.post(
        reverse("boards:open_session_board", args=["herbst", session.pk]),
        {"title": "SWOT der Kommunen", "template": "swot", "anonymous": "on"},
    )
    board = Board.objects.get(title="SWOT der Kommunen")
    assert response.status_code == 302
    assert response.url == reverse("boards:series_board", args=["herbst", board.pk])
    assert (board.session, board.municipality, board.anonymous) == (session, None, True)
    assert board.columns.count() == 4
    page = client.get(reverse("workshops:manage_session", args=["herbst", session.pk]))
    assert "Werkstatt-Wand „SWOT der Kommunen“ öffnen" in page.content.decode()
    assert f'href="/beratung/termine/herbst/werkstatt/{board.pk}/"' in page.content.decode()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"title": "Wand", "template": "fields"}, "Strategie einer Kommune"),
        ({"title": "Wand", "template": "measures"}, "Strategie einer Kommune"),
        ({"title": "", "template": "free"}, "Bitte geben Sie der Wand einen Titel."),
        ({"title": "Wand", "template": "nonsense"}, "Wählen Sie eine der angebotenen Vorlagen"),
    ],
)
def test_bad_input_is_refused_with_a_message(data, message, series, organiser):
    session = series.sessions.get()
    response = client_for(organiser).post(
        reverse("boards:open_session_board", args=["herbst", session.pk]), data
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Board.objects.count() == 0


def test_a_cancelled_session_gets_no_board(series, organiser):
    session = series.sessions.get()
    Session.objects.filter(pk=session.pk).update(cancelled_at=timezone.now())
    response = client_for(organiser).post(
        reverse("boards:open_session_board", args=["herbst", session.pk]),
        {"title": "Wand", "template": "free"},
    )
    assert response.status_code == 400
    assert "abgesagt" in response.content.decode()
    assert Board.objects.count() == 0


def test_another_adviser_sees_the_boards_on_the_session_page_but_cannot_open_them(
    session_board, people
):
    page = client_for(people["adviser"]).get(
        reverse("workshops:manage_session", args=["herbst", session_board.session_id])
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Ideen-Wand" in text and 'id="board-form"' not in text
    assert "/werkstatt/" not in text


# The participants' registration page -------------------------------------------------------


def test_the_registration_page_links_the_boards_for_those_taking_part(
    session_board, series, municipality_b, people
):
    with_b(series, municipality_b, people, WAITING)
    address = reverse("workshops:registration", args=["herbst"])
    for persona in ["contributor", "coordinator"]:
        text = client_for(people[persona]).get(address).content.decode()
        assert f'href="/kommunen/amtsberg/werkstatt/{session_board.pk}/"' in text, persona
    for persona in ["reader", "outsider"]:  # not named; waiting
        text = client_for(people[persona]).get(address).content.decode()
        assert "Ideen-Wand" not in text, persona


def test_the_registration_page_asks_the_same_number_of_queries_however_many_boards(
    session_board, series, people, django_assert_max_num_queries
):
    from tests.queries import warm_get_queries

    client = client_for(people["contributor"])
    address = reverse("workshops:registration", args=["herbst"])
    few = warm_get_queries(client, address, django_assert_max_num_queries, at_most=40)
    session = Session.objects.create(
        series=series, title="Zweiter Termin", starts=timezone.now() + timedelta(days=20),
        duration=60, meeting_url="https://meet.example.org/zwei",
    )  # fmt: skip
    for number in range(3):
        services.create_session_board(session, user=None, title=f"Wand {number}", template="flash")
    assert warm_get_queries(client, address, django_assert_max_num_queries, at_most=40) == few


def test_the_board_page_asks_the_same_number_of_queries_however_many_cards(
    session_board, series, municipality_b, people, django_assert_max_num_queries
):
    from tests.queries import warm_get_queries

    with_b(series, municipality_b, people, CONFIRMED)
    client = client_for(people["contributor"])
    address = reverse("boards:board", args=["amtsberg", session_board.pk])
    few = warm_get_queries(client, address, django_assert_max_num_queries, at_most=30)
    column = session_board.columns.get()
    for number in range(5):
        services.add_card(
            session_board, column, author=people["outsider"], text=f"Karte {number}",
            category="idea", municipality=municipality_b,
        )  # fmt: skip
    assert warm_get_queries(client, address, django_assert_max_num_queries, at_most=30) == few


# The live connection -----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _one_process_layer_and_the_test_transaction(settings, monkeypatch):
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "schreibwerkstatt.core.channel_layers.ThrottledInMemoryChannelLayer"}
    }
    monkeypatch.setattr("channels.db.close_old_connections", lambda: None)


def socket(user, path: str) -> WebsocketClient:
    from schreibwerkstatt.boards.tests.test_live import browser

    _, headers = browser(user)
    return WebsocketClient(application, path, headers=headers)


def connects(user, path: str):
    ws = socket(user, path)

    async def scenario():
        connected, code = await ws.connect()
        if connected:
            await ws.send_json({"type": "sync", "revision": -1})
            got = await ws.receive_json()
            await ws.disconnect()
            return True, got
        return False, code

    return async_to_sync(scenario)()


def test_the_live_connection_takes_the_space_of_the_page(
    session_board, series, municipality_b, organiser, people
):
    with_b(series, municipality_b, people, WAITING)
    pk = session_board.pk
    ok, got = connects(people["contributor"], f"/ws/boards/{pk}/kommunen/amtsberg/")
    assert ok and got["type"] == "board"
    assert f'action="/kommunen/amtsberg/werkstatt/{pk}/karten/"' in got["html"]
    assert "sw-card__origin" in got["html"]
    ok, got = connects(organiser, f"/ws/boards/{pk}/termine/herbst/")
    assert ok and 'id="board-tools"' in got["html"]
    assert f'action="/beratung/termine/herbst/werkstatt/{pk}/phase/"' in got["html"]
    refused = [
        (people["contributor"], f"/ws/boards/{pk}/"),  # a session's board needs its space
        (people["contributor"], f"/ws/boards/{pk}/kommunen/birkenwerder-nord/"),
        (people["contributor"], f"/ws/boards/{pk}/termine/herbst/"),
        (people["contributor"], f"/ws/boards/{pk}/gast/amtsberg/"),
        (people["outsider"], f"/ws/boards/{pk}/kommunen/birkenwerder-nord/"),  # waiting
        (people["outsider"], f"/ws/boards/{pk}/kommunen/amtsberg/"),
        (people["reader"], f"/ws/boards/{pk}/kommunen/amtsberg/"),
        (people["adviser"], f"/ws/boards/{pk}/termine/herbst/"),
        (people["operator"], f"/ws/boards/{pk}/termine/herbst/"),
        (people["superuser"], f"/ws/boards/{pk}/termine/herbst/"),
        (people["anonymous"], f"/ws/boards/{pk}/kommunen/amtsberg/"),
        (organiser, f"/ws/boards/{pk}/kommunen/amtsberg/"),
        (organiser, f"/ws/boards/{pk}/termine/unbekannt/"),
    ]
    for user, path in refused:
        assert connects(user, path) == (False, 4403), (user, path)


def test_a_municipalitys_board_is_refused_through_a_series(board, organiser, series, people):
    assert connects(organiser, f"/ws/boards/{board.pk}/termine/herbst/") == (False, 4403)
    ok, _ = connects(people["reader"], f"/ws/boards/{board.pk}/kommunen/amtsberg/")
    assert ok


def test_a_participant_taken_off_the_registration_is_closed_at_the_next_message(
    session_board, people
):
    ws = socket(people["contributor"], f"/ws/boards/{session_board.pk}/kommunen/amtsberg/")

    async def scenario():
        from asgiref.sync import sync_to_async

        connected, _ = await ws.connect()
        await sync_to_async(Participant.objects.filter(user=people["contributor"]).delete)()
        await ws.send_json({"type": "sync", "revision": -1})
        return connected, await ws.receive_event()

    connected, event = async_to_sync(scenario)()
    assert connected
    assert event["type"] == "websocket.close" and event["code"] == 4403
