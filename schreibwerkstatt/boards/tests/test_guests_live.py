"""A guest's live connection (`/ws/boards/<pk>/gast/`, consumers.GuestBoardConsumer) through
the ASGI application, as a browser uses it: the guest in the session, their own perspective and
own cards, and what ends the connection (a revoked or expired link, a deleted guest)."""

from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from schreibwerkstatt.asgi import application
from schreibwerkstatt.boards import guests, services
from schreibwerkstatt.boards.consumers import MAX_MESSAGE_BYTES, RATE_LIMIT
from schreibwerkstatt.boards.models import Card, Guest, GuestLink
from tests.asgi_clients import WebsocketClient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _one_process_layer_and_the_test_transaction(settings, monkeypatch):
    """As in test_live.py: the in-memory layer, the consumer's queries in the test's
    transaction."""
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "schreibwerkstatt.core.channel_layers.ThrottledInMemoryChannelLayer"}
    }
    monkeypatch.setattr("channels.db.close_old_connections", lambda: None)


def headers_of(client: Client) -> list:
    cookies = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    headers = [(b"host", b"localhost"), (b"origin", b"http://localhost")]
    if cookies:
        headers.append((b"cookie", cookies.encode()))
    return headers


def make_link(board) -> tuple[GuestLink, str]:
    link = guests.create_guest_link(board, user=None)
    return link, guests.token_for(link)


def join(token, name="Anna") -> Client:
    client = Client()
    assert (
        client.post(reverse("boards:guest_join", args=[token]), {"display_name": name}).status_code
        == 302
    )
    return client


def guest_socket(board, client: Client, path: str | None = None) -> WebsocketClient:
    return WebsocketClient(
        application, path or f"/ws/boards/{board.pk}/gast/", headers=headers_of(client)
    )


def member_socket(board, user) -> WebsocketClient:
    client = Client()
    client.force_login(user)
    return WebsocketClient(application, f"/ws/boards/{board.pk}/", headers=headers_of(client))


def run(scenario):
    return async_to_sync(scenario)()


def add(client, token, board, text):
    return client.post(
        reverse("boards:guest_add_card", args=[token, board.pk]),
        {"column": board.columns.first().pk, "text": text, "category": "idea"},
        headers={"X-Board-Live": "1"},
    )


def test_a_guest_gets_the_board_with_their_own_cards_apart(board, people):
    _, token = make_link(board)
    client = join(token, "Anna")
    assert add(client, token, board, "Mehr Bänke").status_code == 204
    card = Card.objects.get(text="Mehr Bänke")
    board.refresh_from_db()
    ws = guest_socket(board, client)

    async def scenario():
        connected, _ = await ws.connect()
        await ws.send_json({"type": "sync", "revision": 0})
        got = await ws.receive_json()
        await ws.disconnect()
        return connected, got

    connected, got = run(scenario)
    assert connected
    assert got["type"] == "board" and got["revision"] == board.revision
    assert "Mehr Bänke" in got["html"] and "Online-Termine klappen gut" in got["html"]
    edit = reverse("boards:guest_edit_card", args=[token, card.pk])
    # the shared board offers no one's buttons; the guest's own card comes apart with them
    assert edit not in got["html"]
    assert list(got["own"]) == [f"card-{card.pk}"] and edit in got["own"][f"card-{card.pk}"]
    assert "board-tools" not in got["html"]
    assert f"/werkstatt/gast/{token}/{board.pk}/karten/" in got["html"]
    assert "/kommunen/" not in got["html"]


def test_a_guest_change_reaches_the_members_and_back(
    board, people, django_capture_on_commit_callbacks
):
    _, token = make_link(board)
    client = join(token, "Anna")
    guest_ws = guest_socket(board, client)
    member_ws = member_socket(board, people["reader"])

    async def scenario():
        assert (await guest_ws.connect())[0] and (await member_ws.connect())[0]

        def post():
            with django_capture_on_commit_callbacks(execute=True):
                return add(client, token, board, "Von Anna")

        response = await sync_to_async(post)()
        to_guest, to_member = await guest_ws.receive_json(), await member_ws.receive_json()
        await guest_ws.disconnect()
        await member_ws.disconnect()
        return response.status_code, to_guest, to_member

    status, to_guest, to_member = run(scenario)
    card = Card.objects.get(text="Von Anna")
    assert status == 204
    assert 'Anna <span class="sw-card__guest">Gast</span>' in to_member["html"]
    assert to_member["own"] == {}
    assert f"card-{card.pk}" in to_guest["own"]
    assert to_guest["announce"] == to_member["announce"] == ["Neue Karte in „Stärken“."]


def test_without_a_guest_in_the_session_the_socket_is_refused(board, board_of_b, people):
    _, token = make_link(board)
    client = join(token)
    refused = [
        guest_socket(board, Client()),  # no session
        guest_socket(board_of_b, client),  # a guest of A on B's board
        guest_socket(board, client, f"/ws/boards/{board.pk}/"),  # the members' path
        guest_socket(board, client, f"/ws/boards/{board.pk}/gast/amtsberg/"),  # a forged space
    ]

    async def scenario():
        return [await ws.connect() for ws in refused]

    assert run(scenario) == [(False, 4403)] * 4


@pytest.mark.parametrize("end", ["revoked", "expired", "deleted"])
def test_the_connection_ends_with_the_link_or_the_guest(
    end, board, django_capture_on_commit_callbacks
):
    link, token = make_link(board)
    client = join(token)
    ws = guest_socket(board, client)

    async def scenario():
        assert (await ws.connect())[0]

        def finish():
            if end == "revoked":
                with django_capture_on_commit_callbacks(execute=True):
                    guests.revoke_guest_link(link)  # tells the open connections
                return
            if end == "expired":
                GuestLink.objects.filter(pk=link.pk).update(
                    expires_at=timezone.now() - timedelta(seconds=1)
                )
            else:
                Guest.objects.all().delete()

        await sync_to_async(finish)()
        if end != "revoked":  # found at the next message
            await ws.send_json({"type": "sync", "revision": 0})
        closed = await ws.receive_event()
        return closed

    closed = run(scenario)
    assert closed["type"] == "websocket.close" and closed["code"] == 4403


def test_the_guest_socket_has_the_same_limits(board):
    _, token = make_link(board)
    client = join(token)
    big, fast = guest_socket(board, client), guest_socket(board, client)

    async def scenario():
        assert (await big.connect())[0] and (await fast.connect())[0]
        await big.send_text("x" * (MAX_MESSAGE_BYTES + 1))
        too_big = await big.receive_event()
        for _ in range(RATE_LIMIT + 1):
            await fast.send_json({"type": "nothing"})
        events = [await fast.receive_event() for _ in range(RATE_LIMIT + 1)]
        return too_big, events

    too_big, events = run(scenario)
    assert too_big["type"] == "websocket.close" and too_big["code"] == 1009
    assert events[-1]["type"] == "websocket.close" and events[-1]["code"] == 4429


def test_members_and_guests_of_one_change_are_built_once_each(board, people):
    """snapshots.build: the guests of one link share one shared board; a member's stays theirs."""
    from schreibwerkstatt.boards import snapshots
    from schreibwerkstatt.boards.spaces import Space

    _, token = make_link(board)
    join(token, "Anna")
    join(token, "Bea")
    anna, bea = Guest.objects.order_by("pk")
    services.add_card(
        board, board.columns.first(), author=None, guest=anna, text="A", category="idea"
    )
    space = Space.of_guest_link(token)
    viewers = {
        snapshots.Viewer(None, "de", space, guest_id=anna.pk),
        snapshots.Viewer(None, "de", space, guest_id=bea.pk),
        snapshots.Viewer(people["reader"].pk, "de", Space.of_municipality(board.municipality)),
        snapshots.Viewer(None, "de", Space.of_guest_link("forged"), guest_id=anna.pk),
    }
    snapshot = snapshots.build(board.pk, viewers)
    views = {(v.guest_id, v.space.slug): view for v, view in snapshot.views.items()}
    assert views[(anna.pk, "forged")] is None
    assert views[(anna.pk, token)].key == views[(bea.pk, token)].key
    assert views[(anna.pk, token)].own != "{}" and views[(bea.pk, token)].own == "{}"
    assert len(snapshot.shared) == 2


def test_a_guest_gets_their_own_dots_apart(board, people):
    from schreibwerkstatt.boards import snapshots, voting
    from schreibwerkstatt.boards.spaces import Space

    _, token = make_link(board)
    join(token, "Anna")
    join(token, "Bea")
    anna, bea = Guest.objects.order_by("pk")
    services.set_phase(board, "vote", expected_version=board.version)
    card = board.cards.get()
    voting.cast_dot(board, card, guest=anna)
    space = Space.of_guest_link(token)
    viewers = {
        snapshots.Viewer(None, "de", space, guest_id=anna.pk),
        snapshots.Viewer(None, "de", space, guest_id=bea.pk),
    }
    snapshot = snapshots.build(board.pk, viewers)
    views = {v.guest_id: view for v, view in snapshot.views.items()}
    take_back = reverse("boards:guest_take_back_dot", args=[token, card.pk])
    assert take_back in views[anna.pk].own and take_back not in views[bea.pk].own
    assert "board-my-dots" in views[bea.pk].own
    assert take_back not in snapshot.shared[views[anna.pk].key].skeleton
