"""The live connection (consumers.py) through the ASGI application, as a browser uses it:
who may listen, that a change reaches every open board, and what the socket refuses."""

import json
import re

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings
from django.test import Client
from django.urls import reverse

from schreibwerkstatt.asgi import application
from schreibwerkstatt.boards.consumers import MAX_MESSAGE_BYTES, RATE_LIMIT
from schreibwerkstatt.boards.models import Board, Card
from schreibwerkstatt.municipalities.models import Membership
from tests.asgi_clients import WebsocketClient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _one_process_layer_and_the_test_transaction(settings, monkeypatch):
    """The in-memory layer (this test is one process), and the consumer's database calls
    inside the test's transaction: channels closes 'old' connections around each of them,
    which would close the test's own."""
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "schreibwerkstatt.core.channel_layers.ThrottledInMemoryChannelLayer"}
    }
    monkeypatch.setattr("channels.db.close_old_connections", lambda: None)


def browser(user) -> tuple[Client, list]:
    """A logged-in client that opened the board page once (so it has its CSRF cookie), and
    the headers its browser sends with the WebSocket handshake."""
    client = Client()
    if user is not None:
        client.force_login(user)
    client.get("/")  # sets the CSRF cookie, as the board page would
    cookies = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    headers = [(b"host", b"localhost"), (b"origin", b"http://localhost")]
    if cookies:
        headers.append((b"cookie", cookies.encode()))
    return client, headers


def socket(board, user) -> tuple[Client, WebsocketClient]:
    client, headers = browser(user)
    return client, WebsocketClient(application, f"/ws/boards/{board.pk}/", headers=headers)


def run(scenario):
    """Runs the coroutine in asgiref's event-loop thread; its database calls go through
    sync_to_async back to this thread (and this test's connection). So the clients and
    anything else that queries are made before, in the test itself."""
    return async_to_sync(scenario)()


@pytest.mark.parametrize("persona", ["outsider", "operator", "superuser", "anonymous"])
def test_outsiders_cannot_connect(persona, board, people):
    _, ws = socket(board, people[persona])

    async def scenario():
        return await ws.connect()

    assert run(scenario) == (False, 4403)


def test_a_board_that_does_not_exist_is_refused(people):
    _, headers = browser(people["coordinator"])
    ws = WebsocketClient(application, "/ws/boards/999999/", headers=headers)

    async def scenario():
        return await ws.connect()

    assert run(scenario) == (False, 4403)


@pytest.mark.parametrize("persona", ["coordinator", "reader", "adviser"])
def test_people_of_the_municipality_connect_and_catch_up(persona, board, people):
    _, ws = socket(board, people[persona])

    async def scenario():
        connected, _ = await ws.connect()
        await ws.send_json({"type": "sync", "revision": board.revision})
        current = await ws.receive_json()
        await ws.send_json({"type": "sync", "revision": board.revision - 1})
        missed = await ws.receive_json()
        await ws.disconnect()
        return connected, current, missed

    connected, current, missed = run(scenario)
    assert connected
    assert current == {"type": "current", "revision": board.revision}
    assert missed["type"] == "board" and missed["revision"] == board.revision
    assert "Online-Termine klappen gut" in missed["html"]
    assert missed["html"].startswith('<div id="board-live"')


def test_a_card_added_by_one_reaches_the_other_open_boards(
    board, people, django_capture_on_commit_callbacks
):
    column = board.columns.last()
    poster, ws_a = socket(board, people["reader"])
    _, ws_b = socket(board, people["editor"])

    async def scenario():
        assert (await ws_a.connect())[0] and (await ws_b.connect())[0]

        def post():
            with django_capture_on_commit_callbacks(execute=True):
                return poster.post(
                    reverse("boards:add_card", args=["amtsberg", board.pk]),
                    {"column": column.pk, "text": "Ein Bürgerportal", "category": "idea"},
                    headers={"X-Board-Live": "1"},
                )

        response = await sync_to_async(post)()
        got_a, got_b = await ws_a.receive_json(), await ws_b.receive_json()
        await ws_a.disconnect()
        await ws_b.disconnect()
        return response.status_code, got_a, got_b

    status, got_a, got_b = run(scenario)
    assert status == 204
    for got in (got_a, got_b):
        assert got["type"] == "board" and got["revision"] == board.revision + 1
        assert "Ein Bürgerportal" in got["html"]
        assert got["announce"] == ["Neue Karte in „Risiken“."]
    # each sees the board as it is for them: the editor may hide cards, the reader may not
    assert "Ausblenden" in got_b["html"] and "Ausblenden" not in got_a["html"]
    # the board is shared by everybody of a perspective: no CSRF token in it (board.js puts
    # the page's into its forms); each person's own cards come apart
    assert 'name="csrfmiddlewaretoken" value=""' in got_a["html"]
    assert not re.search(r'name="csrfmiddlewaretoken" value="[^"]', got_a["html"] + got_b["html"])
    new_card = Card.objects.get(text="Ein Bürgerportal")
    assert list(got_a["own"]) == [f"card-{new_card.pk}"] and got_b["own"] == {}
    assert f'id="delete-{new_card.pk}"' in got_a["own"][f"card-{new_card.pk}"]
    assert f'id="delete-{new_card.pk}"' not in got_a["html"] + got_b["html"]


def test_forged_and_unknown_messages_change_nothing(board, board_of_b, people):
    before = list(Card.objects.order_by("pk").values_list("pk", "text", "column_id", "hidden"))

    _, ws = socket(board, people["coordinator"])
    column_of_b, card_of_b = board_of_b.columns.first().pk, board_of_b.cards.first().pk
    column_of_a = board.columns.first().pk

    async def scenario():
        await ws.connect()
        answers = []
        for message in [
            {"type": "add_card", "board": board_of_b.pk, "column": column_of_b, "text": "x"},
            {"type": "move", "card": card_of_b, "column": column_of_a},
            {"type": "sync", "board": board_of_b.pk, "revision": -5},
            ["sync"],
            "sync",
        ]:
            await ws.send_json(message)
            answers.append(await ws.receive_json())
        await ws.send_text("{not json")
        answers.append(await ws.receive_json())
        await ws.disconnect()
        return answers

    answers = run(scenario)
    assert answers[0] == answers[1] == {"type": "error", "error": "unsupported"}
    # a sync names only the connection's own board: B's board is never sent
    assert answers[2]["type"] == "board" and "Idee aus B" not in answers[2]["html"]
    assert "Online-Termine klappen gut" in answers[2]["html"]
    assert answers[3] == answers[4] == answers[5] == {"type": "error", "error": "unsupported"}
    assert (
        list(Card.objects.order_by("pk").values_list("pk", "text", "column_id", "hidden")) == before
    )


def test_an_oversized_message_closes_the_connection(board, people):
    _, ws = socket(board, people["reader"])

    async def scenario():
        await ws.connect()
        await ws.send_text(
            json.dumps({"type": "sync", "revision": 1, "pad": "x" * MAX_MESSAGE_BYTES})
        )
        return await ws.receive_event()

    event = run(scenario)
    assert event["type"] == "websocket.close" and event["code"] == 1009


def test_too_many_messages_close_the_connection(board, people):
    _, ws = socket(board, people["reader"])

    async def scenario():
        await ws.connect()
        events = []
        for _ in range(RATE_LIMIT + 1):
            await ws.send_json({"type": "nothing"})
            events.append(await ws.receive_event())
        return events

    events = run(scenario)
    assert all(event["type"] == "websocket.send" for event in events[:RATE_LIMIT])
    assert events[-1]["type"] == "websocket.close" and events[-1]["code"] == 4429


def test_losing_the_membership_closes_the_connection_at_the_next_message(
    board, people, django_capture_on_commit_callbacks
):
    _, ws = socket(board, people["reader"])

    async def scenario():
        await ws.connect()
        await sync_to_async(
            lambda: Membership.objects.filter(
                user=people["reader"], municipality=board.municipality
            ).delete()
        )()
        await ws.send_json({"type": "sync", "revision": 0})
        first = await ws.receive_event()
        return first

    event = run(scenario)
    assert event["type"] == "websocket.close" and event["code"] == 4403


def test_a_change_after_losing_the_membership_is_not_sent(
    board, people, django_capture_on_commit_callbacks
):
    from schreibwerkstatt.boards import services

    _, ws = socket(board, people["reader"])
    first_column = board.columns.first()

    async def scenario():
        await ws.connect()

        def change():
            Membership.objects.filter(
                user=people["reader"], municipality=board.municipality
            ).delete()
            with django_capture_on_commit_callbacks(execute=True):
                services.add_card(
                    Board.objects.get(pk=board.pk),
                    first_column,
                    author=people["coordinator"],
                    text="Geheim nach dem Austritt",
                    category="idea",
                )

        await sync_to_async(change)()
        return await ws.receive_event()

    event = run(scenario)
    assert event["type"] == "websocket.close" and event["code"] == 4403


def test_a_page_of_another_site_cannot_open_the_socket(board, people):
    _, headers = browser(people["coordinator"])
    headers = [h for h in headers if h[0] != b"origin"] + [(b"origin", b"https://evil.example")]
    ws = WebsocketClient(application, f"/ws/boards/{board.pk}/", headers=headers)

    async def scenario():
        return (await ws.connect())[0]

    assert settings.ALLOWED_HOSTS  # the origin is judged against them
    assert run(scenario) is False


def test_a_support_access_gets_no_live_connection(board, people):
    from schreibwerkstatt.municipalities.services import grant_support_access

    grant_support_access(
        municipality=board.municipality,
        operator=people["operator"],
        days=1,
        reason="Fehler ansehen",
        granted_by=people["coordinator"],
    )
    _, ws = socket(board, people["operator"])

    async def scenario():
        return await ws.connect()

    assert run(scenario) == (False, 4403)


def test_a_connection_behind_gets_the_newest_board_once_with_every_announcement(
    board, people, django_capture_on_commit_callbacks
):
    from schreibwerkstatt.boards import services

    _, ws = socket(board, people["reader"])
    columns = list(board.columns.order_by("position"))
    expected = {f"Neue Karte in „{column.title}“." for column in columns}

    def told(messages) -> bool:
        return {word for message in messages for word in message["announce"]} == expected

    async def scenario():
        await ws.connect()

        def five_changes():
            with django_capture_on_commit_callbacks(execute=True):
                for number, column in enumerate([*columns, columns[0]]):
                    services.add_card(
                        Board.objects.get(pk=board.pk),
                        column,
                        author=people["coordinator"],
                        text=f"Schnell {number}",
                        category="idea",
                    )

        # the five messages wait in the connection's queue until the test reads
        await sync_to_async(five_changes)()
        messages = [await ws.receive_json(timeout=10)]
        while messages[-1]["revision"] < board.revision + 5 or not told(messages):
            messages.append(await ws.receive_json(timeout=10))
        await ws.disconnect()
        return messages

    messages = run(scenario)
    boards = [message for message in messages if message["type"] == "board"]
    assert boards[-1]["revision"] == board.revision + 5
    assert all(f"Schnell {number}" in boards[-1]["html"] for number in range(5))
    assert len(boards) < 5  # not one board per change
    assert told(messages)


def test_after_a_sync_a_change_sends_only_the_changed_cards(
    board, people, django_capture_on_commit_callbacks
):
    poster, ws = socket(board, people["reader"])
    existing = board.cards.get()

    async def scenario():
        await ws.connect()
        await ws.send_json({"type": "sync", "revision": board.revision})
        assert (await ws.receive_json())["type"] == "current"

        def post():
            with django_capture_on_commit_callbacks(execute=True):
                return poster.post(
                    reverse("boards:add_card", args=["amtsberg", board.pk]),
                    {
                        "column": board.columns.first().pk,
                        "text": "Nur die neue",
                        "category": "idea",
                    },
                    headers={"X-Board-Live": "1"},
                )

        await sync_to_async(post)()
        got = await ws.receive_json()
        await ws.disconnect()
        return got

    got = run(scenario)
    assert got["type"] == "board" and got["base"] == board.revision
    assert got["revision"] == board.revision + 1
    assert f'<li data-keep="{existing.pk}" hidden></li>' in got["html"]
    assert existing.text not in got["html"] and "Nur die neue" in got["html"]
