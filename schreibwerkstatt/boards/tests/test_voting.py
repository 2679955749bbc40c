"""The dot vote over HTTP (voting.py, views.cast_dot … reveal_votes): who gives dots, the rules
of the vote with a German message for every refusal, the facilitator's settings and reveal,
what each person sees of the dots, the result, and the live path.

The board (conftest.py) is A's SWOT board of the coordinator with a card of the contributor;
`voting_board` adds two more cards and opens the vote (3 dots per person, stackable)."""

import re

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.urls import reverse

from conftest import client_for
from schreibwerkstatt.boards import services, voting
from schreibwerkstatt.boards.display import announcement
from schreibwerkstatt.boards.models import Board, Card, Cluster, Guest, GuestLink, Vote
from schreibwerkstatt.boards.services import BoardError

pytestmark = pytest.mark.django_db

OUTSIDERS = ["outsider", "operator", "superuser"]
TAKING_PART = ["coordinator", "editor", "contributor", "reader", "adviser"]


def url(name, obj, slug="amtsberg"):
    return reverse(f"boards:{name}", args=[slug, obj.pk])


def fresh(board) -> Board:
    return Board.objects.get(pk=board.pk)


@pytest.fixture
def voting_board(board, people) -> Board:
    columns = list(board.columns.order_by("position"))
    for text, column in [("Bürgerportal", columns[1]), ("Rufbus", columns[2])]:
        services.add_card(board, column, author=people["reader"], text=text, category="idea")
    return services.set_phase(fresh(board), "vote", expected_version=board.version)


def cards(board) -> list[Card]:
    return list(Card.objects.filter(board=board).order_by("pk"))


def dots(board) -> list[tuple]:
    return list(Vote.objects.filter(board=board).order_by("pk").values_list("card_id", "voter_id"))


def page(client, board) -> str:
    response = client.get(url("board", board))
    assert response.status_code == 200
    return response.content.decode()


# Giving and taking back dots ------------------------------------------------------------------


@pytest.mark.parametrize("persona", TAKING_PART)
def test_everybody_taking_part_gives_dots(persona, voting_board, people, as_persona):
    card = cards(voting_board)[0]
    response = as_persona(persona).post(url("cast_dot", card))
    assert response.status_code == 302
    assert response.url == f"{url('board', voting_board)}#card-{card.pk}"
    assert dots(voting_board) == [(card.pk, people[persona].pk)]
    assert fresh(voting_board).revision == voting_board.revision + 1


def test_the_live_page_gets_204_with_the_revision(voting_board, as_persona):
    card = cards(voting_board)[0]
    response = as_persona("reader").post(url("cast_dot", card), headers={"X-Board-Live": "1"})
    assert response.status_code == 204
    assert response["X-Board-Revision"] == str(voting_board.revision + 1)
    response = as_persona("reader").post(url("take_back_dot", card), headers={"X-Board-Live": "1"})
    assert response.status_code == 204 and dots(voting_board) == []


def test_nobody_gives_more_dots_than_the_board_allows(voting_board, people, as_persona):
    Board.objects.filter(pk=voting_board.pk).update(dots_per_person=2)
    first, second, third = cards(voting_board)
    client = as_persona("reader")
    assert client.post(url("cast_dot", first)).status_code == 302
    assert client.post(url("cast_dot", second)).status_code == 302
    before = (dots(voting_board), fresh(voting_board).revision)
    response = client.post(url("cast_dot", third))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Sie haben keine Punkte mehr: Sie haben alle 2 Punkte vergeben." in text
    assert "Ihre Punkte: noch 0 von 2" in text  # the page shows what they gave
    assert (dots(voting_board), fresh(voting_board).revision) == before
    # the live page's request gets the same refusal (board.js then posts the plain way)
    live = client.post(url("cast_dot", third), headers={"X-Board-Live": "1"})
    assert live.status_code == 400
    # another person has their own dots
    assert as_persona("editor").post(url("cast_dot", third)).status_code == 302


def test_several_dots_on_one_card_only_when_stackable(voting_board, as_persona):
    card = cards(voting_board)[0]
    client = as_persona("reader")
    assert client.post(url("cast_dot", card)).status_code == 302
    assert client.post(url("cast_dot", card)).status_code == 302
    assert Vote.objects.filter(card=card).count() == 2
    other = cards(voting_board)[1]
    Board.objects.filter(pk=voting_board.pk).update(dots_stackable=False, dots_per_person=5)
    assert client.post(url("cast_dot", other)).status_code == 302
    response = client.post(url("cast_dot", other))
    assert response.status_code == 400
    assert "bekommt jede Karte höchstens einen Ihrer Punkte" in response.content.decode()
    assert Vote.objects.filter(card=other).count() == 1


@pytest.mark.parametrize("phase", ["collect", "cluster", "results", "closed"])
def test_dots_only_in_the_vote_phase(phase, voting_board, people, as_persona):
    Board.objects.filter(pk=voting_board.pk).update(phase=phase)
    card = cards(voting_board)[0]
    Vote.objects.create(board=voting_board, card=card, voter=people["reader"])
    before = dots(voting_board)
    client = as_persona("reader")
    response = client.post(url("cast_dot", card))
    assert response.status_code == 400
    assert "Punkte können nur in der Phase „Abstimmen“ gegeben werden." in response.content.decode()
    response = client.post(url("take_back_dot", card))
    assert response.status_code == 400
    assert "nur in der Phase „Abstimmen“ zurückgenommen" in response.content.decode()
    assert dots(voting_board) == before


def test_a_hidden_card_takes_no_dots(voting_board, as_persona):
    card = cards(voting_board)[0]
    services.set_card_hidden(card, True)
    response = as_persona("reader").post(url("cast_dot", card))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Diese Karte ist ausgeblendet: Sie bekommt keine Punkte." in text
    assert card.text not in text.split('id="board-live"')[1]  # and shows nothing of it
    assert dots(voting_board) == []


def test_a_dot_on_a_card_hidden_later_still_counts_and_can_be_taken_back(voting_board, as_persona):
    card = cards(voting_board)[0]
    client = as_persona("reader")
    client.post(url("cast_dot", card))
    services.set_card_hidden(card, True)
    text = page(client, voting_board)
    assert "Ihre Punkte: noch 2 von 3" in text and "eine ausgeblendete Karte" in text
    assert client.post(url("take_back_dot", card)).status_code == 302
    assert dots(voting_board) == []


def test_taking_back_removes_one_of_ones_own_dots(voting_board, people, as_persona):
    card = cards(voting_board)[0]
    reader, editor = as_persona("reader"), as_persona("editor")
    reader.post(url("cast_dot", card))
    reader.post(url("cast_dot", card))
    editor.post(url("cast_dot", card))
    response = reader.post(url("take_back_dot", card))
    assert response.status_code == 302 and response.url.endswith("#board-my-dots")
    assert sorted(dots(voting_board)) == sorted(
        [(card.pk, people["reader"].pk), (card.pk, people["editor"].pk)]
    )
    reader.post(url("take_back_dot", card))
    response = reader.post(url("take_back_dot", card))  # none of theirs left there
    assert response.status_code == 400
    assert "Sie haben keinen Punkt auf dieser Karte." in response.content.decode()
    assert dots(voting_board) == [(card.pk, people["editor"].pk)]


def test_guests_give_dots_of_their_own(voting_board, people, board_of_b):
    """The guest links call the same services with a guest (`guest=`)."""
    from datetime import timedelta

    from django.utils import timezone

    link = GuestLink.objects.create(board=voting_board, expires_at=timezone.now() + timedelta(1))
    guest = Guest.objects.create(board=voting_board, link=link, display_name="Gast")
    card = cards(voting_board)[0]
    for _ in range(3):
        voting.cast_dot(fresh(voting_board), card, guest=guest)
    with pytest.raises(BoardError, match="keine Punkte mehr"):
        voting.cast_dot(fresh(voting_board), card, guest=guest)
    voting.cast_dot(fresh(voting_board), card, user=people["reader"])  # not the guest's dots
    voting.take_back_dot(fresh(voting_board), card, guest=guest)
    assert Vote.objects.filter(guest=guest).count() == 2
    assert voting.dots_of(voting_board, guest=guest) == {card.pk: 2}
    with pytest.raises(BoardError, match="anderen Wand"):
        voting.cast_dot(fresh(board_of_b), board_of_b.cards.get(), guest=guest)
    with pytest.raises(ValueError):
        voting.cast_dot(fresh(voting_board), card, user=people["reader"], guest=guest)


# Who may ----------------------------------------------------------------------------------------


def _routes(board) -> list[tuple[str, dict]]:
    card = cards(board)[0]
    return [
        (url("cast_dot", card), {}),
        (url("take_back_dot", card), {}),
        (url("vote_settings", board), {"dots_per_person": 5, "version": board.version}),
        (url("reveal_votes", board), {"revealed": "on", "version": board.version}),
    ]


def _vote_state(board) -> tuple:
    current = fresh(board)
    return (
        current.revision,
        current.version,
        current.dots_per_person,
        current.votes_revealed,
        dots(board),
    )


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_404_for_every_vote_route(persona, voting_board, as_persona):
    Vote.objects.create(
        board=voting_board, card=cards(voting_board)[0], voter=voting_board.created_by
    )
    before = _vote_state(voting_board)
    client = as_persona(persona)
    for address, data in _routes(voting_board):
        response = client.post(address, data)
        assert response.status_code == 404, (persona, address)
        assert b"Amtsberg" not in response.content
        assert client.get(address).status_code in {404, 405}
    assert _vote_state(voting_board) == before


def test_anonymous_visitors_are_sent_to_the_login(voting_board, as_persona):
    before = _vote_state(voting_board)
    for address, data in _routes(voting_board):
        response = as_persona("anonymous").post(address, data)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert _vote_state(voting_board) == before


def test_the_vote_routes_take_posts_only(voting_board, as_persona):
    for address, _ in _routes(voting_board):
        assert as_persona("coordinator").get(address).status_code == 405


@pytest.mark.parametrize("persona", ["contributor", "reader", "adviser"])
def test_only_the_facilitation_sets_up_the_vote(persona, voting_board, as_persona):
    before = _vote_state(voting_board)
    client = as_persona(persona)
    for address, data in _routes(voting_board)[2:]:
        assert client.post(address, data).status_code == 403
    assert _vote_state(voting_board) == before
    assert 'id="board-dots"' not in page(client, voting_board)


def test_a_support_access_gives_no_dots_and_sets_nothing(voting_board, people, as_persona):
    from schreibwerkstatt.municipalities.services import grant_support_access

    grant_support_access(
        municipality=voting_board.municipality,
        operator=people["operator"],
        days=1,
        reason="Abstimmung ansehen",
        granted_by=people["coordinator"],
    )
    client = as_persona("operator")
    text = page(client, voting_board)
    assert 'id="dot-' not in text and "Ihre Punkte" not in text
    before = _vote_state(voting_board)
    for address, data in _routes(voting_board):
        assert client.post(address, data).status_code == 403
    assert _vote_state(voting_board) == before


def test_a_card_of_another_board_is_404(voting_board, board_of_b, as_persona):
    foreign = board_of_b.cards.get()
    Board.objects.filter(pk=board_of_b.pk).update(phase="vote")
    assert as_persona("reader").post(url("cast_dot", foreign)).status_code == 404
    assert (
        as_persona("reader")
        .post(reverse("boards:cast_dot", args=["birkenwerder-nord", foreign.pk]))
        .status_code
        == 404
    )
    assert Vote.objects.count() == 0


# Settings and reveal ----------------------------------------------------------------------------


def test_the_facilitator_sets_the_dots_and_stacking(voting_board, as_persona):
    client = as_persona("editor")
    response = client.post(
        url("vote_settings", voting_board), {"dots_per_person": 5, "version": voting_board.version}
    )
    assert response.status_code == 302 and response.url.endswith("#board-tools")
    board = fresh(voting_board)
    assert (board.dots_per_person, board.dots_stackable) == (5, False)  # unchecked: off
    assert board.version == voting_board.version + 1
    assert board.revision == voting_board.revision + 1
    assert "Alle haben 5 Punkte, höchstens einen auf jeder Karte." in page(client, board)


@pytest.mark.parametrize(
    "value, message",
    [
        ("0", "Jede Person braucht mindestens 1 Punkt."),
        ("21", "Höchstens 20 Punkte pro Person."),
        ("drei", "als Zahl von 1 bis 20"),
        ("", "Bitte geben Sie die Zahl der Punkte pro Person an (1 bis 20)."),
    ],
)
def test_bad_settings_are_refused_with_a_message(value, message, voting_board, as_persona):
    before = _vote_state(voting_board)
    response = as_persona("coordinator").post(
        url("vote_settings", voting_board),
        {"dots_per_person": value, "stackable": "on", "version": voting_board.version},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _vote_state(voting_board) == before


def test_settings_with_a_stale_version_are_refused(voting_board, as_persona):
    client = as_persona("coordinator")
    version = voting_board.version
    data = {"dots_per_person": 4, "stackable": "on", "version": version}
    assert client.post(url("vote_settings", voting_board), data).status_code == 302
    response = client.post(
        url("vote_settings", voting_board), {"dots_per_person": 7, "version": version}
    )
    assert response.status_code == 409
    assert "Jemand anderes hat die Wand inzwischen geändert" in response.content.decode()
    assert "4 Punkte pro Person, mehrere auf einer Karte" in response.content.decode()
    assert fresh(voting_board).dots_per_person == 4
    # a live page's request too: board.js then posts the plain way and shows the message
    response = client.post(
        url("reveal_votes", voting_board),
        {"revealed": "on", "version": version},
        headers={"X-Board-Live": "1"},
    )
    assert response.status_code == 409 and not fresh(voting_board).votes_revealed


def test_settings_never_fall_below_what_was_given(voting_board, as_persona):
    card = cards(voting_board)[0]
    reader = as_persona("reader")
    reader.post(url("cast_dot", card))
    reader.post(url("cast_dot", card))
    client = as_persona("coordinator")
    response = client.post(
        url("vote_settings", voting_board),
        {"dots_per_person": 1, "stackable": "on", "version": voting_board.version},
    )
    assert response.status_code == 400
    assert "Jemand hat schon 2 Punkte gegeben" in response.content.decode()
    response = client.post(
        url("vote_settings", voting_board), {"dots_per_person": 3, "version": voting_board.version}
    )
    assert response.status_code == 400
    assert "schon mehrere Punkte auf eine Karte gesetzt" in response.content.decode()
    assert (fresh(voting_board).dots_per_person, fresh(voting_board).dots_stackable) == (3, True)


@pytest.mark.parametrize("phase", ["results", "closed"])
def test_after_the_vote_its_settings_stay(phase, voting_board, as_persona):
    Board.objects.filter(pk=voting_board.pk).update(phase=phase)
    client = as_persona("coordinator")
    text = page(client, voting_board)
    assert 'id="board-dots"' not in text and 'id="board-reveal"' not in text
    response = client.post(
        url("vote_settings", voting_board), {"dots_per_person": 5, "version": voting_board.version}
    )
    assert response.status_code == 400
    assert "Die Abstimmung ist vorbei" in response.content.decode()
    response = client.post(
        url("reveal_votes", voting_board), {"revealed": "on", "version": voting_board.version}
    )
    assert response.status_code == 400
    assert fresh(voting_board).dots_per_person == 3 and not fresh(voting_board).votes_revealed


def test_the_facilitator_sees_the_dots_the_others_once_revealed(voting_board, as_persona):
    first, second, _ = cards(voting_board)
    for persona in ["reader", "adviser"]:
        as_persona(persona).post(url("cast_dot", first))
    as_persona("reader").post(url("cast_dot", second))
    reader, coordinator = as_persona("reader"), as_persona("coordinator")
    text = page(reader, voting_board)
    assert 'id="card-dots-' not in text
    assert "Die Punkte bleiben verdeckt" in text
    facilitation = page(coordinator, voting_board)
    assert re.search(rf'id="card-dots-{first.pk}"><strong>2 Punkte</strong>', facilitation)
    assert re.search(rf'id="card-dots-{second.pk}"><strong>1 Punkt</strong>', facilitation)
    response = coordinator.post(
        url("reveal_votes", voting_board), {"revealed": "on", "version": voting_board.version}
    )
    assert response.status_code == 302 and fresh(voting_board).votes_revealed
    text = page(reader, voting_board)
    assert re.search(rf'id="card-dots-{first.pk}"><strong>2 Punkte</strong>', text)
    assert "Die Punkte sind für alle sichtbar." in text
    response = coordinator.post(
        url("reveal_votes", voting_board), {"version": fresh(voting_board).version}
    )
    assert response.status_code == 302 and not fresh(voting_board).votes_revealed
    assert 'id="card-dots-' not in page(reader, voting_board)
    bad = coordinator.post(url("reveal_votes", voting_board), {"revealed": "on"})
    assert bad.status_code == 400 and "Ungültige Anfrage" in bad.content.decode()


# What the page shows ----------------------------------------------------------------------------


def test_each_visible_card_has_a_dot_button_with_its_text(voting_board, as_persona):
    hidden = cards(voting_board)[2]
    services.set_card_hidden(hidden, True)
    for persona in ["reader", "coordinator"]:
        text = page(as_persona(persona), voting_board)
        for card in cards(voting_board)[:2]:
            assert f'id="dot-{card.pk}"' in text
            assert re.search(
                rf'id="dot-{card.pk}"[^>]*><span class="kern-label">Punkt geben'
                rf'<span class="sw-sr-only"> – {re.escape(card.text)}</span>',
                text,
            )
        assert f'id="dot-{hidden.pk}"' not in text  # the facilitator sees it, without button
    services.set_phase(fresh(voting_board), "results", expected_version=fresh(voting_board).version)
    assert 'id="dot-' not in page(as_persona("reader"), voting_board)


def test_the_persons_own_dots(voting_board, as_persona):
    first, second, _ = cards(voting_board)
    client = as_persona("reader")
    text = page(client, voting_board)
    assert "Ihre Punkte: noch 3 von 3" in text and "Sie haben noch keinen Punkt gegeben" in text
    client.post(url("cast_dot", second))
    client.post(url("cast_dot", second))
    text = page(client, voting_board)
    section = text.split('id="board-my-dots"')[1].split("</section>")[0]
    assert "Ihre Punkte: noch 1 von 3" in section
    assert f"„{second.text}“ – 2 Punkte" in section and first.text not in section
    assert f'id="take-back-{second.pk}"' in section
    assert f'action="{url("take_back_dot", second)}"' in section
    # another person's page says nothing of them
    other = page(as_persona("editor"), voting_board)
    assert "Ihre Punkte: noch 3 von 3" in other and f'id="take-back-{second.pk}"' not in other


def test_the_result_ranks_cards_and_clusters_by_dots(voting_board, people, as_persona):
    first, second, third = cards(voting_board)
    cluster = Cluster.objects.create(board=voting_board, column=third.column, title="Mobilität")
    Card.objects.filter(pk=third.pk).update(cluster=cluster)
    for card, persona in [(third, "reader"), (third, "editor"), (second, "reader")]:
        as_persona(persona).post(url("cast_dot", card))
    reader = as_persona("reader")
    assert 'id="board-result"' not in page(reader, voting_board)
    services.set_phase(fresh(voting_board), "results", expected_version=fresh(voting_board).version)
    for phase in ["results", "closed"]:
        Board.objects.filter(pk=voting_board.pk).update(phase=phase)
        text = page(reader, voting_board)
        result = text.split('id="board-result"')[1].split("</section>")[0]
        assert "<h2" in result and "Ergebnis" in result
        assert "Insgesamt wurden 3 Punkte gegeben." in result
        ranked = re.findall(r'<span class="sw-result__text">([^<]*)</span>', result)
        assert ranked == ["Mobilität", third.text, second.text, first.text]
        assert "2 Punkte" in result and "0 Punkte" in result
        assert result.count("<ol") == 2
        assert re.search(rf'id="card-dots-{third.pk}"><strong>2 Punkte</strong>', text)


def test_the_board_page_asks_the_same_queries_with_5_dots_or_50(
    voting_board, people, django_assert_max_num_queries
):
    from tests.queries import warm_get_queries

    Board.objects.filter(pk=voting_board.pk).update(dots_per_person=20)
    all_cards = cards(voting_board)
    voters = [people[p] for p in TAKING_PART]

    def give(count: int) -> None:
        Vote.objects.bulk_create(
            Vote(board=voting_board, card=all_cards[n % 3], voter=voters[n % 5])
            for n in range(count)
        )

    for phase in ["vote", "results"]:
        Vote.objects.filter(board=voting_board).delete()
        Board.objects.filter(pk=voting_board.pk).update(phase=phase)
        give(5)
        for persona in ["coordinator", "reader"]:
            client = client_for(people[persona])
            href = url("board", voting_board)
            few = warm_get_queries(client, href, django_assert_max_num_queries, at_most=30)
            give(45)
            assert warm_get_queries(client, href, django_assert_max_num_queries, at_most=30) == few
            Vote.objects.filter(board=voting_board).delete()
            give(5)


def test_announcements_tell_reveal_and_settings_not_single_hidden_dots():
    assert announcement({"kind": "dot", "revealed": False}) == ""
    assert announcement({"kind": "dot_taken_back", "revealed": False}) == ""
    assert announcement({"kind": "dot", "revealed": True}) == (
        "Die Punkte auf den Karten haben sich geändert."
    )
    assert announcement({"kind": "votes_revealed"}) == "Die Punkte sind jetzt für alle sichtbar."
    assert announcement({"kind": "votes_hidden"}) == "Die Punkte sind wieder verdeckt."
    assert announcement({"kind": "vote_settings", "count": 1, "stackable": False}) == (
        "Die Abstimmung hat jetzt 1 Punkt pro Person, höchstens einen auf jeder Karte."
    )


# Session boards -------------------------------------------------------------------------------


def test_a_session_board_votes_through_both_spaces(people):
    from conftest import UserFactory
    from schreibwerkstatt.boards.tests.test_session_boards import make_series, register

    organiser = UserFactory(email="orga@agentur.example", name="Orga", is_adviser=True)
    series = make_series("winter", organiser)
    register(series, people["contributor"].memberships.get().municipality, [people["contributor"]])
    board = services.create_session_board(
        series.sessions.get(), user=organiser, title="Wand", template="free"
    )
    card = services.add_card(
        board, board.columns.get(), author=organiser, text="Frage", category="idea"
    )
    board = services.set_phase(fresh(board), "vote", expected_version=board.version)
    participant, organiser_client = client_for(people["contributor"]), client_for(organiser)
    response = participant.post(reverse("boards:cast_dot", args=["amtsberg", card.pk]))
    assert response.status_code == 302
    assert response.url == f"/kommunen/amtsberg/werkstatt/{board.pk}/#card-{card.pk}"
    # the organisers run the vote through the series, and take part in it
    response = organiser_client.post(
        reverse("boards:series_reveal_votes", args=["winter", board.pk]),
        {"revealed": "on", "version": board.version},
    )
    assert response.status_code == 302 and response.url.startswith("/beratung/termine/winter/")
    response = organiser_client.post(reverse("boards:series_cast_dot", args=["winter", card.pk]))
    assert response.status_code == 302
    assert Vote.objects.filter(card=card).count() == 2
    text = participant.get(reverse("boards:board", args=["amtsberg", board.pk])).content.decode()
    assert re.search(rf'id="card-dots-{card.pk}"><strong>2 Punkte</strong>', text)
    assert f'action="/kommunen/amtsberg/werkstatt/karten/{card.pk}/punkt-zuruecknehmen/"' in text
    organiser_page = organiser_client.get(reverse("boards:series_board", args=["winter", board.pk]))
    assert 'action="/beratung/termine/winter/werkstatt/' in organiser_page.content.decode()
    assert "/kommunen/" not in organiser_page.content.decode()
    # the participant sets nothing up, through either space
    assert (
        participant.post(
            reverse("boards:vote_settings", args=["amtsberg", board.pk]),
            {"dots_per_person": 9, "version": fresh(board).version},
        ).status_code
        == 403
    )
    assert (
        participant.post(
            reverse("boards:series_vote_settings", args=["winter", board.pk]),
            {"dots_per_person": 9, "version": fresh(board).version},
        ).status_code
        == 404
    )
    assert fresh(board).dots_per_person == 3


# The live path ----------------------------------------------------------------------------------


@pytest.fixture
def _one_process_layer(settings, monkeypatch):
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "schreibwerkstatt.core.channel_layers.ThrottledInMemoryChannelLayer"}
    }
    monkeypatch.setattr("channels.db.close_old_connections", lambda: None)


def test_a_dot_reaches_the_facilitator_and_nobody_gets_anothers_dots(
    voting_board, people, django_capture_on_commit_callbacks, _one_process_layer
):
    from schreibwerkstatt.boards.tests.test_live import socket

    card = cards(voting_board)[0]
    poster, ws_reader = socket(voting_board, people["reader"])
    _, ws_adviser = socket(voting_board, people["adviser"])
    _, ws_editor = socket(voting_board, people["editor"])
    sockets = [ws_reader, ws_adviser, ws_editor]

    async def scenario():
        for ws in sockets:
            assert (await ws.connect())[0]
            await ws.send_json({"type": "sync", "revision": -1})
        before = [await ws.receive_json() for ws in sockets]

        def post():
            with django_capture_on_commit_callbacks(execute=True):
                return poster.post(url("cast_dot", card), headers={"X-Board-Live": "1"})

        response = await sync_to_async(post)()
        after = [await ws.receive_json() for ws in sockets]
        for ws in sockets:
            await ws.disconnect()
        return response.status_code, before, after

    status, before, after = async_to_sync(scenario)()
    assert status == 204
    reader, adviser, editor = after
    assert all(message["revision"] == voting_board.revision + 1 for message in after)
    # the dot is told nobody while the dots are hidden (a vote of many would flood)
    assert all(message["announce"] == [] for message in after)
    # the facilitator's board shows the count, the others' none
    assert f'id="card-dots-{card.pk}"><strong>1 Punkt</strong>' in _whole(editor, before[2])
    assert 'id="card-dots-' not in _whole(reader, before[0]) + _whole(adviser, before[1])
    # the reader and the adviser share one board, whatever the reader gave
    assert _whole(reader, before[0]) == _whole(adviser, before[1])
    # each person's own dots come apart, and only theirs
    assert "Ihre Punkte: noch 2 von 3" in reader["own"]["board-my-dots"]
    assert f'id="take-back-{card.pk}"' in reader["own"]["board-my-dots"]
    assert "Ihre Punkte: noch 3 von 3" in adviser["own"]["board-my-dots"]
    assert "Ihre Punkte: noch 3 von 3" in editor["own"]["board-my-dots"]
    for message in after:
        html = message["html"]
        assert "Ihre Punkte" not in html and 'id="take-back-' not in html
        assert '<section id="board-my-dots" hidden></section>' in html


def _whole(message: dict, previous: dict) -> str:
    """The board a message holds, with the cards it only names taken from the board sent
    before (as board.js does)."""
    cards_before = {
        pk: html
        for html, pk in re.findall(
            r'(<li class="sw-card[^"]*" id="card-(\d+)">.*?</li>)', previous["html"], re.S
        )
    }
    return re.sub(
        r'<li data-keep="(\d+(?: \d+)*)" hidden></li>',
        lambda named: "".join(cards_before[pk] for pk in named[1].split()),
        message["html"],
    )


def test_reveal_is_told_and_sent_to_everybody(
    voting_board, people, django_capture_on_commit_callbacks, _one_process_layer
):
    from schreibwerkstatt.boards.tests.test_live import socket

    card = cards(voting_board)[0]
    Vote.objects.create(board=voting_board, card=card, voter=people["editor"])
    poster, ws_coordinator = socket(voting_board, people["coordinator"])
    _, ws_reader = socket(voting_board, people["reader"])

    async def scenario():
        for ws in [ws_coordinator, ws_reader]:
            assert (await ws.connect())[0]

        def post():
            with django_capture_on_commit_callbacks(execute=True):
                return poster.post(
                    url("reveal_votes", voting_board),
                    {"revealed": "on", "version": voting_board.version},
                    headers={"X-Board-Live": "1"},
                )

        response = await sync_to_async(post)()
        got = [await ws.receive_json() for ws in [ws_coordinator, ws_reader]]
        for ws in [ws_coordinator, ws_reader]:
            await ws.disconnect()
        return response.status_code, got

    status, got = async_to_sync(scenario)()
    assert status == 204
    for message in got:
        assert message["announce"] == ["Die Punkte sind jetzt für alle sichtbar."]
        assert f'id="card-dots-{card.pk}"><strong>1 Punkt</strong>' in message["html"]
    assert "Ihre Punkte: noch 3 von 3" in got[1]["own"]["board-my-dots"]
