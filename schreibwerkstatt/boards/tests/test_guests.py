"""Guest links over HTTP (guests.py, views_guests.py): the facilitator hands them out and
revokes them; a guest joins one board with a display name and reaches that board and nothing
else. Personas of conftest.py; `board` is A's SWOT board opened by the coordinator, with a card
of the contributor, `board_of_b` a board of Birkenwerder (B)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from schreibwerkstatt.boards import guests, services
from schreibwerkstatt.boards.models import Board, Card, Column, Guest, GuestLink

pytestmark = pytest.mark.django_db

XSS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


def url(name, obj, slug="amtsberg"):
    return reverse(f"boards:{name}", args=[slug, obj.pk])


def guest_url(name, token, pk):
    return reverse(f"boards:guest_{name}", args=[token, pk])


def join_url(token):
    return reverse("boards:guest_join", args=[token])


def make_link(board, user=None, **kwargs) -> tuple[GuestLink, str]:
    link = guests.create_guest_link(board, user=user, **kwargs)
    return link, guests.token_for(link)


def joined(token, name="Anna") -> Client:
    """A browser that joined through the link as `name`."""
    client = Client()
    response = client.post(join_url(token), {"display_name": name})
    assert response.status_code == 302, response.content.decode()
    return client


def post_card(client, token, board, text, column=None):
    """A guest's new card on the board (in its first column unless told)."""
    column = column or board.columns.first()
    return client.post(
        guest_url("add_card", token, board.pk),
        {"column": column.pk, "text": text, "category": "idea"},
    )


def state(*boards) -> tuple:
    return tuple(
        (
            Board.objects.filter(pk=board.pk).values_list("phase", "revision").get(),
            tuple(Column.objects.filter(board=board).order_by("pk").values_list("pk", "title")),
            tuple(
                Card.objects.filter(board=board)
                .order_by("pk")
                .values_list("pk", "text", "note", "column_id", "hidden", "guest_id", "author_id")
            ),
        )
        for board in boards
    )


# The facilitator's page ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["coordinator", "editor"])
def test_the_facilitation_creates_a_guest_link_and_sees_it(persona, board, as_persona, people):
    client = as_persona(persona)
    page = client.get(url("guest_links", board))
    assert page.status_code == 200
    assert 'value="7"' in page.content.decode()  # valid for 7 days unless chosen otherwise
    response = client.post(url("guest_links", board), {"label": "Bürgerabend", "days": "3"})
    link = GuestLink.objects.get(board=board)
    assert response.status_code == 302
    assert response.url == f"{url('guest_links', board)}#guest-link-{link.pk}"
    assert link.label == "Bürgerabend" and link.created_by == people[persona]
    assert abs(link.expires_at - (timezone.now() + timedelta(days=3))) < timedelta(minutes=1)
    joined(guests.token_for(link), "Bea")
    text = client.get(url("guest_links", board)).content.decode()
    assert "Bürgerabend" in text
    assert f"http://testserver/werkstatt/gast/{guests.token_for(link)}/" in text
    assert "1 Gast beigetreten" in text
    assert "Gültig bis" in text


def test_the_board_links_the_guest_links_for_the_facilitation_only(board, as_persona):
    address = url("guest_links", board)
    assert address in as_persona("coordinator").get(url("board", board)).content.decode()
    assert address not in as_persona("reader").get(url("board", board)).content.decode()


@pytest.mark.parametrize("days", ["0", "31", "sieben", ""])
def test_a_validity_outside_1_to_30_days_is_refused(days, board, as_persona):
    response = as_persona("coordinator").post(url("guest_links", board), {"days": days})
    assert response.status_code == 400
    assert "Gültigkeit von 1 bis 30 Tagen" in response.content.decode()
    assert not GuestLink.objects.exists()


def test_a_label_too_long_is_refused(board, as_persona):
    response = as_persona("coordinator").post(
        url("guest_links", board), {"days": "7", "label": "x" * 101}
    )
    assert response.status_code == 400
    assert "höchstens 100 Zeichen" in response.content.decode()
    assert not GuestLink.objects.exists()


@pytest.mark.parametrize("persona", ["contributor", "reader", "adviser"])
def test_members_who_do_not_facilitate_get_403(persona, board, as_persona):
    link, _ = make_link(board)
    client = as_persona(persona)
    assert client.get(url("guest_links", board)).status_code == 403
    assert client.post(url("guest_links", board), {"days": "7"}).status_code == 403
    assert client.post(url("revoke_guest_link", link)).status_code == 403
    assert GuestLink.objects.get().revoked_at is None
    assert GuestLink.objects.count() == 1


@pytest.mark.parametrize("persona", ["outsider", "operator", "superuser"])
def test_others_get_404_and_learn_nothing(persona, board, as_persona):
    link, token = make_link(board, label="Geheimer Abend")
    client = as_persona(persona)
    for response in [
        client.get(url("guest_links", board)),
        client.post(url("guest_links", board), {"days": "7"}),
        client.post(url("revoke_guest_link", link)),
    ]:
        assert response.status_code == 404
        assert b"Geheimer Abend" not in response.content and token.encode() not in response.content
    assert GuestLink.objects.count() == 1 and GuestLink.objects.get().revoked_at is None


def test_anonymous_visitors_are_sent_to_the_login(board, as_persona):
    link, _ = make_link(board)
    client = as_persona("anonymous")
    for response in [
        client.get(url("guest_links", board)),
        client.post(url("guest_links", board), {"days": "7"}),
        client.post(url("revoke_guest_link", link)),
    ]:
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert GuestLink.objects.count() == 1 and GuestLink.objects.get().revoked_at is None


def test_wrong_methods_are_refused(board, as_persona):
    link, _ = make_link(board)
    client = as_persona("coordinator")
    assert client.put(url("guest_links", board)).status_code == 405
    assert client.get(url("revoke_guest_link", link)).status_code == 405
    assert client.delete(join_url(guests.token_for(link))).status_code == 405


def test_a_link_of_b_cannot_be_revoked_through_a(board_of_b, as_persona):
    link, _ = make_link(board_of_b)
    assert as_persona("coordinator").post(url("revoke_guest_link", link)).status_code == 404
    response = as_persona("coordinator").post(
        url("revoke_guest_link", link, slug="birkenwerder-nord")
    )
    assert response.status_code == 404
    assert GuestLink.objects.get().revoked_at is None


def test_revoking_ends_the_guests_access(board, as_persona):
    link, token = make_link(board, label="Abend")
    guest = joined(token)
    assert guest.get(guest_url("board", token, board.pk)).status_code == 200
    client = as_persona("coordinator")
    response = client.post(url("revoke_guest_link", link))
    assert response.status_code == 302 and response.url == url("guest_links", board)
    assert GuestLink.objects.get().revoked_at is not None
    assert "Abend" not in client.get(url("guest_links", board)).content.decode()
    gone = guest.get(guest_url("board", token, board.pk))
    assert gone.status_code == 410
    assert "Die Moderation hat den Link widerrufen." in gone.content.decode()
    before = state(board)
    response = post_card(guest, token, board, "Noch eine")
    assert response.status_code == 410
    assert state(board) == before
    assert Client().get(join_url(token)).status_code == 410


def test_the_page_asks_the_same_number_of_queries_however_many_links(
    board, as_persona, django_assert_max_num_queries
):
    from tests.queries import warm_get_queries

    client = as_persona("coordinator")
    href = url("guest_links", board)
    _, token = make_link(board)
    joined(token)
    few = warm_get_queries(client, href, django_assert_max_num_queries, at_most=25)
    for number in range(4):
        _, token = make_link(board, label=f"Link {number}")
        joined(token, "Bea")
        joined(token, "Cem")
    assert warm_get_queries(client, href, django_assert_max_num_queries, at_most=25) == few


# Joining --------------------------------------------------------------------------------------


def test_a_guest_joins_with_a_display_name_only(board):
    _, token = make_link(board)
    client = Client()
    page = client.get(join_url(token))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Werkstatt Bürgerbüro" in text
    assert "Online-Termine klappen gut" not in text  # the board after joining
    assert "Keine E-Mail-Adresse" in text  # what is stored, and for how long
    response = client.post(join_url(token), {"display_name": "  Anna  "})
    assert response.status_code == 302 and response.url == guest_url("board", token, board.pk)
    guest = Guest.objects.get()
    assert (guest.display_name, guest.board, guest.link.pk) == (
        "Anna",
        board,
        guests.link_pk_of(token),
    )
    assert dict(client.session) == {guests.SESSION_KEY: [guest.pk]}
    # joined: the link leads to the board
    assert client.get(join_url(token)).url == guest_url("board", token, board.pk)
    page = client.get(guest_url("board", token, board.pk))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Online-Termine klappen gut" in text
    assert "„Anna“" in text
    assert f'data-board-socket="/ws/boards/{board.pk}/gast/"' in text
    assert guest_url("add_card", token, board.pk) in text
    assert "board-tools" not in text and "Moderation" not in text  # no facilitation


@pytest.mark.parametrize(
    "name, message",
    [("", "Bitte geben Sie den Namen ein"), ("   ", "Bitte geben Sie den Namen ein"),
     ("x" * 41, "höchstens 40 Zeichen")],
)  # fmt: skip
def test_a_display_name_must_be_1_to_40_characters(name, message, board):
    _, token = make_link(board)
    client = Client()
    response = client.post(join_url(token), {"display_name": name})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Guest.objects.exists()
    assert guests.SESSION_KEY not in client.session


def test_a_name_of_40_characters_is_taken(board):
    _, token = make_link(board)
    joined(token, "y" * 40)
    assert Guest.objects.get().display_name == "y" * 40


@pytest.mark.parametrize("name", XSS)
def test_the_display_name_is_shown_as_text(name, board, as_persona):
    _, token = make_link(board)
    client = joined(token, name)
    column = board.columns.first()
    client.post(
        guest_url("add_card", token, board.pk),
        {"column": column.pk, "text": "Mehr Bänke", "category": "idea"},
    )
    for page in [
        client.get(guest_url("board", token, board.pk)),
        as_persona("coordinator").get(url("board", board)),
    ]:
        text = page.content.decode()
        assert name not in text
        assert "<img src=x" not in text and "<script>alert" not in text
        assert "&lt;" in text


def test_an_expired_link_shows_a_page_saying_so(board):
    link, token = make_link(board)
    guest = joined(token)
    GuestLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    for response in [Client().get(join_url(token)), guest.get(guest_url("board", token, board.pk))]:
        assert response.status_code == 410
        assert "Der Link ist abgelaufen." in response.content.decode()
    assert Client().post(join_url(token), {"display_name": "Spät"}).status_code == 410
    assert Guest.objects.count() == 1


@pytest.mark.parametrize(
    "token",
    ["x", "MQ", "MQ:abc", "eyJpbnZpdGF0aW9uIjoxfQ:abc:def", "%3Cscript%3E", "..", "a" * 300],
)
def test_a_token_that_is_not_ours_is_404(token, board):
    make_link(board)
    response = Client().get(f"/werkstatt/gast/{token}/")
    assert response.status_code == 404
    assert b"Werkstatt B" not in response.content


def test_a_tampered_token_is_404(board):
    from django.core import signing

    link, token = make_link(board)
    other, _ = make_link(board)
    value, signature = token.split(":")
    tampered = [
        f"{value}:{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}",
        # the other link's pk with this link's signature
        f"{signing.Signer(salt=guests.SALT).sign_object(other.pk).split(':')[0]}:{signature}",
        # the pk signed with another salt or another key, or with a timestamp
        signing.Signer(salt="another").sign_object(link.pk),
        signing.Signer(key="x" * 50, salt=guests.SALT).sign_object(link.pk),
        signing.dumps(link.pk, salt=guests.SALT),
        signing.Signer(salt=guests.SALT).sign_object("1"),
        signing.Signer(salt=guests.SALT).sign_object(True),
    ]
    for forged in tampered:
        assert Client().get(join_url(forged)).status_code == 404, forged
    assert not Guest.objects.exists()
    # a token of a link that was deleted
    GuestLink.objects.filter(pk=link.pk).delete()
    assert Client().get(join_url(token)).status_code == 404


def test_a_browser_that_has_not_joined_is_sent_to_the_join_page(board):
    _, token = make_link(board)
    client = Client()
    response = client.get(guest_url("board", token, board.pk))
    assert response.status_code == 302 and response.url == join_url(token)
    before = state(board)
    response = post_card(client, token, board, "Ohne Namen")
    assert response.status_code == 403
    assert state(board) == before


def test_a_guest_of_another_link_is_not_a_guest_of_this_one(board):
    _, first = make_link(board)
    _, second = make_link(board)
    client = joined(first)
    assert client.get(guest_url("board", second, board.pk)).url == join_url(second)


# What a guest does -----------------------------------------------------------------------------


def test_a_guest_adds_edits_and_deletes_their_own_cards_while_collecting(board, as_persona):
    _, token = make_link(board)
    client = joined(token, "Anna")
    column = board.columns.last()
    response = client.post(
        guest_url("add_card", token, board.pk),
        {"column": column.pk, "text": "Mehr Bänke", "category": "idea"},
    )
    assert response.status_code == 302
    card = Card.objects.get(text="Mehr Bänke")
    assert (card.guest.display_name, card.author, card.municipality) == ("Anna", None, None)
    text = client.get(guest_url("board", token, board.pk)).content.decode()
    assert guest_url("edit_card", token, card.pk) in text
    assert guest_url("delete_card", token, card.pk) in text
    # the facilitation sees who wrote it, as a guest
    facilitation = as_persona("coordinator").get(url("board", board)).content.decode()
    assert 'Anna <span class="sw-card__guest">Gast</span>' in facilitation
    assert client.get(guest_url("edit_card", token, card.pk)).status_code == 200
    response = client.post(
        guest_url("edit_card", token, card.pk), {"text": "Mehr Sitzbänke", "category": "idea"}
    )
    assert response.status_code == 302
    assert Card.objects.get(pk=card.pk).text == "Mehr Sitzbänke"
    assert client.post(guest_url("delete_card", token, card.pk)).status_code == 302
    assert not Card.objects.filter(pk=card.pk).exists()


def test_bad_card_input_gets_a_german_message(board):
    _, token = make_link(board)
    client = joined(token)
    response = post_card(client, token, board, "")
    assert response.status_code == 400
    assert "Bitte schreiben Sie etwas auf die Karte." in response.content.decode()
    response = client.post(
        guest_url("add_card", token, board.pk), {"column": "abc", "text": "x", "category": "idea"}
    )
    assert response.status_code == 404


def test_a_guest_does_not_change_the_cards_of_others(board):
    _, token = make_link(board)
    other = joined(token, "Bea")
    column = board.columns.first()
    other.post(
        guest_url("add_card", token, board.pk),
        {"column": column.pk, "text": "Beas Karte", "category": "idea"},
    )
    client = joined(token, "Anna")
    before = state(board)
    for card in Card.objects.filter(board=board):  # Bea's and the contributor's
        assert client.get(guest_url("edit_card", token, card.pk)).status_code == 403
        response = client.post(
            guest_url("edit_card", token, card.pk), {"text": "x", "category": "idea"}
        )
        assert response.status_code == 403
        assert client.post(guest_url("delete_card", token, card.pk)).status_code == 403
    assert state(board) == before
    text = client.get(guest_url("board", token, board.pk)).content.decode()
    assert "/karten/" in text and "/loeschen/" not in text


def test_after_the_collection_a_guest_only_reads(board):
    _, token = make_link(board)
    client = joined(token)
    column = board.columns.first()
    client.post(
        guest_url("add_card", token, board.pk),
        {"column": column.pk, "text": "Meine", "category": "idea"},
    )
    card = Card.objects.get(text="Meine")
    services.set_phase(board, "vote", expected_version=board.version)
    before = state(board)
    assert client.post(
        guest_url("add_card", token, board.pk),
        {"column": column.pk, "text": "Zu spät", "category": "idea"},
    ).status_code in {400, 403}
    assert (
        client.post(
            guest_url("edit_card", token, card.pk), {"text": "x", "category": "idea"}
        ).status_code
        == 403
    )
    assert client.post(guest_url("delete_card", token, card.pk)).status_code == 403
    assert state(board) == before
    page = client.get(guest_url("board", token, board.pk)).content.decode()
    assert "Meine" in page and guest_url("add_card", token, board.pk) not in page


def test_guests_do_not_see_hidden_cards(board):
    card = board.cards.get()
    services.set_card_hidden(card, True)
    _, token = make_link(board)
    text = joined(token).get(guest_url("board", token, board.pk)).content.decode()
    assert "Online-Termine klappen gut" not in text


def test_an_anonymous_board_does_not_name_the_guests(board, as_persona):
    Board.objects.filter(pk=board.pk).update(anonymous=True)
    _, token = make_link(board)
    client = joined(token, "Anna")
    post_card(client, token, board, "Geheim")
    facilitation = as_persona("coordinator").get(url("board", board)).content.decode()
    assert "Geheim" in facilitation and "Anna" not in facilitation
    assert "sw-card__guest" not in facilitation
    own = client.get(guest_url("board", token, board.pk)).content.decode()
    assert "Ihre Karte" in own


def test_a_blitzlicht_takes_one_card_per_guest(municipality_a, people):
    flash = services.create_board(
        municipality_a, user=people["coordinator"], title="Blitz", template="flash"
    )
    _, token = make_link(flash)
    column = flash.columns.get()
    client = joined(token)
    data = {"column": column.pk, "text": "Eins", "category": "idea"}
    assert client.post(guest_url("add_card", token, flash.pk), data).status_code == 302
    response = client.post(guest_url("add_card", token, flash.pk), {**data, "text": "Zwei"})
    assert response.status_code == 400
    assert (
        joined(token, "Bea").post(guest_url("add_card", token, flash.pk), data).status_code == 302
    )
    assert flash.cards.count() == 2


# Forged ids: a guest of A's board reaches nothing else -------------------------------------------


def test_a_guest_who_forges_ids_of_another_board_gets_404(
    board, board_of_b, municipality_a, people
):
    second_of_a = services.create_board(
        municipality_a, user=people["coordinator"], title="Zweite Wand", template="free"
    )
    services.add_card(
        second_of_a,
        second_of_a.columns.get(),
        author=people["reader"],
        text="Andere",
        category="idea",
    )
    _, token = make_link(board)
    client = joined(token)
    before = state(board, second_of_a, board_of_b)
    for other in [second_of_a, board_of_b]:  # the same municipality and another one
        card, column = other.cards.get(), other.columns.first()
        for response in [
            client.get(guest_url("board", token, other.pk)),
            client.post(
                guest_url("add_card", token, other.pk),
                {"column": column.pk, "text": "Fremd", "category": "idea"},
            ),
            # A's board with a column of the other board
            client.post(
                guest_url("add_card", token, board.pk),
                {"column": column.pk, "text": "Fremd", "category": "idea"},
            ),
            client.get(guest_url("edit_card", token, card.pk)),
            client.post(
                guest_url("edit_card", token, card.pk), {"text": "Fremd", "category": "idea"}
            ),
            client.post(guest_url("delete_card", token, card.pk)),
        ]:
            assert response.status_code == 404
            assert b"Andere" not in response.content and b"Idee aus B" not in response.content
    assert state(board, second_of_a, board_of_b) == before


def test_a_guest_session_opens_nothing_of_the_municipality(board):
    """A guest is not signed in: every page of the municipality is the login to them, every
    change of a member refused."""
    from schreibwerkstatt.boards.urls import BOARD_ROUTES

    _, token = make_link(board)
    client = joined(token)
    card, column = board.cards.get(), board.columns.first()
    objects = {"board": board, "card": card, "column": column}
    addresses = ["/kommunen/amtsberg/", reverse("boards:list", args=["amtsberg"])]
    for route, _, name in BOARD_ROUTES:
        kind = (
            "card"
            if route.startswith("karten/")
            else "column"
            if route.startswith("spalten/")
            else "board"
        )
        if name == "revoke_guest_link":
            continue
        addresses.append(url(name, objects[kind]))
    before = state(board)
    for address in addresses:
        for response in [
            client.get(address),
            client.post(address, {"text": "x", "column": column.pk}),
        ]:
            assert response.status_code == 302, address
            assert response.url.startswith(reverse("accounts:login"))
    assert state(board) == before


def test_csrf_protects_the_guest_forms(board):
    _, token = make_link(board)
    client = Client(enforce_csrf_checks=True)
    assert client.post(join_url(token), {"display_name": "Anna"}).status_code == 403
    assert not Guest.objects.exists()
    client.get(join_url(token))
    csrf = client.cookies["csrftoken"].value
    response = client.post(join_url(token), {"display_name": "Anna", "csrfmiddlewaretoken": csrf})
    assert response.status_code == 302
    data = {"column": board.columns.first().pk, "text": "Ohne Token", "category": "idea"}
    assert client.post(guest_url("add_card", token, board.pk), data).status_code == 403
    page = client.get(guest_url("board", token, board.pk))
    csrf = client.cookies["csrftoken"].value
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    response = client.post(
        guest_url("add_card", token, board.pk), {**data, "csrfmiddlewaretoken": csrf}
    )
    assert response.status_code == 302
    assert Card.objects.filter(text="Ohne Token").count() == 1


# A session's board ---------------------------------------------------------------------------


def test_the_organisers_of_a_session_board_hand_out_guest_links(municipality_a, people):
    from conftest import UserFactory, client_for
    from schreibwerkstatt.boards.tests.test_session_boards import make_series, register

    organiser = UserFactory(email="orga@agentur.example", name="Orga", is_adviser=True)
    series = make_series("winter", organiser)
    register(series, municipality_a, [people["contributor"]])
    session_board = services.create_session_board(
        series.sessions.get(), user=organiser, title="Ideen", template="free"
    )
    client = client_for(organiser)
    address = reverse("boards:series_guest_links", args=["winter", session_board.pk])
    assert client.get(address).status_code == 200
    response = client.post(address, {"days": "1"})
    assert response.status_code == 302
    link = GuestLink.objects.get(board=session_board)
    token = guests.token_for(link)
    guest = joined(token, "Gina")
    response = guest.post(
        guest_url("add_card", token, session_board.pk),
        {"column": session_board.columns.get().pk, "text": "Von Gina", "category": "idea"},
    )
    assert response.status_code == 302
    card = Card.objects.get(text="Von Gina")
    assert card.municipality is None and card.author is None
    # the participants of A see the guest's card; they do not hand out links
    contributor = client_for(people["contributor"])
    page = contributor.get(url("board", session_board)).content.decode()
    assert "Von Gina" in page and "Gina" in page
    assert contributor.get(url("guest_links", session_board)).status_code == 403
    revoke = reverse("boards:series_revoke_guest_link", args=["winter", link.pk])
    assert contributor.post(url("revoke_guest_link", link)).status_code == 403
    assert client.post(revoke).status_code == 302
    assert guest.get(guest_url("board", token, session_board.pk)).status_code == 410


# Privacy ----------------------------------------------------------------------------------------


def test_the_guests_are_deleted_with_the_board(board):
    _, token = make_link(board)
    client = joined(token)
    post_card(client, token, board, "Weg damit")
    assert Guest.objects.count() == 1
    Board.objects.filter(pk=board.pk).delete()
    assert not Guest.objects.exists() and not GuestLink.objects.exists()
    assert not Card.objects.filter(text="Weg damit").exists()


def test_the_guest_board_asks_the_same_number_of_queries_however_many_cards(
    board, django_assert_max_num_queries
):
    from tests.queries import warm_get_queries

    _, token = make_link(board)
    client = joined(token)
    href = guest_url("board", token, board.pk)
    few = warm_get_queries(client, href, django_assert_max_num_queries, at_most=20)
    for number, column in enumerate(board.columns.all()):
        for name in ["Anna", "Bea"]:
            joined(token, name).post(
                guest_url("add_card", token, board.pk),
                {"column": column.pk, "text": f"Karte {number}", "category": "idea"},
            )
        client.post(
            guest_url("add_card", token, board.pk),
            {"column": column.pk, "text": f"Meine {number}", "category": "idea"},
        )
    assert warm_get_queries(client, href, django_assert_max_num_queries, at_most=20) == few


def test_a_guest_sees_the_board_as_a_list_too(board):
    _, token = make_link(board)
    client = joined(token)
    href = guest_url("list_view", token, board.pk)
    assert href in client.get(guest_url("board", token, board.pk)).content.decode()
    page = client.get(href)
    assert page.status_code == 200 and "sw-board--list" in page.content.decode()
    # a card added from the list goes back to the list
    response = client.post(
        guest_url("add_card", token, board.pk),
        {"column": board.columns.first().pk, "text": "Aus der Liste", "category": "idea"},
        headers={"Referer": f"http://testserver{href}"},
    )
    assert response.status_code == 302 and response.url.startswith(href)
    assert client.get(guest_url("list_view", token, board.pk + 1000)).status_code == 404


def test_a_guest_gives_and_takes_back_dots_in_the_vote(board, board_of_b, as_persona):
    from schreibwerkstatt.boards.models import Vote

    _, token = make_link(board)
    client = joined(token, "Anna")
    card = board.cards.get()
    # not while collecting
    assert client.post(guest_url("cast_dot", token, card.pk)).status_code == 400
    services.set_phase(board, "vote", expected_version=board.version)
    page = client.get(guest_url("board", token, board.pk)).content.decode()
    assert guest_url("cast_dot", token, card.pk) in page
    assert client.post(guest_url("cast_dot", token, card.pk)).status_code == 302
    assert client.post(guest_url("cast_dot", token, card.pk)).status_code == 302
    guest = Guest.objects.get()
    assert Vote.objects.filter(guest=guest, card=card, voter=None).count() == 2
    page = client.get(guest_url("board", token, board.pk)).content.decode()
    assert guest_url("take_back_dot", token, card.pk) in page
    assert client.post(guest_url("take_back_dot", token, card.pk)).status_code == 302
    assert Vote.objects.filter(guest=guest).count() == 1
    # a card of another board is not there for the guest
    other = board_of_b.cards.get()
    services.set_phase(board_of_b, "vote", expected_version=board_of_b.version)
    assert client.post(guest_url("cast_dot", token, other.pk)).status_code == 404
    assert client.post(guest_url("take_back_dot", token, other.pk)).status_code == 404
    assert Vote.objects.filter(card=other).count() == 0
    # a browser that has not joined gives none
    assert Client().post(guest_url("cast_dot", token, card.pk)).status_code == 403
    assert Vote.objects.count() == 1
