"""The board pages over HTTP: who sees and changes what, and bad input changes nothing."""

import pytest
from django.urls import reverse

from schreibwerkstatt.boards import services
from schreibwerkstatt.boards.models import Board, Card, Column
from schreibwerkstatt.strategies.models import FieldOfAction, Strategy

pytestmark = pytest.mark.django_db

OUTSIDERS = ["outsider", "operator", "superuser"]


def url(name, board_or_obj, slug="amtsberg"):
    return reverse(f"boards:{name}", args=[slug, board_or_obj.pk])


def state(board) -> tuple:
    board = Board.objects.get(pk=board.pk)
    return (
        board.phase,
        board.revision,
        tuple(
            Column.objects.filter(board=board).order_by("pk").values_list("pk", "title", "position")
        ),
        tuple(
            Card.objects.filter(board=board)
            .order_by("pk")
            .values_list("pk", "text", "note", "column_id", "hidden", "category")
        ),
    )


def test_members_and_advisers_see_the_boards_and_a_board(board, as_persona):
    for persona in ["coordinator", "editor", "contributor", "reader", "adviser"]:
        client = as_persona(persona)
        listing = client.get(reverse("boards:list", args=["amtsberg"]))
        assert listing.status_code == 200
        assert "Werkstatt Bürgerbüro" in listing.content.decode()
        page = client.get(url("board", board))
        assert page.status_code == 200
        text = page.content.decode()
        assert "Online-Termine klappen gut" in text
        assert f'data-board-socket="/ws/boards/{board.pk}/"' in text


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_404_for_everything(persona, board, as_persona):
    client = as_persona(persona)
    before = state(board)
    assert client.get(reverse("boards:list", args=["amtsberg"])).status_code == 404
    assert client.get(url("board", board)).status_code == 404
    card = board.cards.get()
    column = board.columns.first()
    posts = [
        (url("add_card", board), {"column": column.pk, "text": "Fremd", "category": "idea"}),
        (url("edit_card", card), {"text": "Fremd", "category": "idea"}),
        (url("delete_card", card), {}),
        (url("hide_card", card), {"hidden": "on"}),
        (url("move_card", card), {"column": board.columns.last().pk}),
        (url("set_phase", board), {"phase": "closed", "version": board.version}),
        (url("add_column", board), {"title": "Fremd"}),
        (url("rename_column", column), {"title": "Fremd"}),
        (url("move_column", column), {"direction": "down"}),
        (reverse("boards:create", args=["amtsberg"]), {"title": "Fremd", "template": "free"}),
    ]
    for address, data in posts:
        response = client.post(address, data)
        assert response.status_code == 404, address
        assert b"Amtsberg" not in response.content
    assert state(board) == before
    assert Board.objects.filter(title="Fremd").count() == 0


def test_anonymous_visitors_are_sent_to_the_login(board, as_persona):
    before = state(board)
    client = as_persona("anonymous")
    for address in [url("board", board), reverse("boards:list", args=["amtsberg"])]:
        response = client.get(address)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    response = client.post(
        url("add_card", board), {"column": board.columns.first().pk, "text": "x"}
    )
    assert response.status_code == 302
    assert state(board) == before


def test_the_address_of_b_does_not_open_a_board_of_a(board, as_persona):
    response = as_persona("outsider").get(url("board", board, slug="birkenwerder-nord"))
    assert response.status_code == 404


def test_coordinator_and_editor_open_boards_others_cannot(municipality_a, as_persona, people):
    address = reverse("boards:create", args=["amtsberg"])
    for persona in ["contributor", "reader", "adviser"]:
        assert (
            as_persona(persona).post(address, {"title": "X", "template": "free"}).status_code == 403
        )
        assert (
            f'action="{address}"'
            not in as_persona(persona)
            .get(reverse("boards:list", args=["amtsberg"]))
            .content.decode()
        )
    response = as_persona("editor").post(address, {"title": "Team-Treffen", "template": "swot"})
    board = Board.objects.get(title="Team-Treffen")
    assert response.status_code == 302 and response.url == url("board", board)
    assert board.created_by == people["editor"]
    assert list(board.columns.values_list("title", flat=True)) == [
        "Stärken", "Schwächen", "Chancen", "Risiken"
    ]  # fmt: skip
    assert Board.objects.filter(municipality=municipality_a).count() == 1


def test_a_board_per_field_of_action_needs_a_strategy_with_fields(municipality_a, as_persona):
    client = as_persona("coordinator")
    address = reverse("boards:create", args=["amtsberg"])
    response = client.post(address, {"title": "Felder", "template": "fields"})
    assert response.status_code == 400
    assert "Wählen Sie die Strategie" in response.content.decode()
    strategy = Strategy.objects.create(municipality=municipality_a, title="Digitales Amtsberg")
    response = client.post(
        address, {"title": "Felder", "template": "fields", "strategy": strategy.pk}
    )
    assert response.status_code == 400
    assert "noch keine Handlungsfelder" in response.content.decode()
    FieldOfAction.objects.create(strategy=strategy, title="Verwaltung", position=1)
    FieldOfAction.objects.create(strategy=strategy, title="Bildung", position=0)
    response = client.post(
        address, {"title": "Felder", "template": "fields", "strategy": strategy.pk}
    )
    assert response.status_code == 302
    board = Board.objects.get(title="Felder")
    assert list(board.columns.values_list("title", flat=True)) == ["Bildung", "Verwaltung"]
    assert board.strategy == strategy


def test_measure_ideas_take_the_fields_of_action_and_a_vision_board_three_perspectives(
    municipality_a, as_persona
):
    client = as_persona("coordinator")
    address = reverse("boards:create", args=["amtsberg"])
    response = client.post(address, {"title": "Maßnahmen", "template": "measures"})
    assert response.status_code == 400
    assert "Wählen Sie die Strategie" in response.content.decode()
    strategy = Strategy.objects.create(municipality=municipality_a, title="Digitales Amtsberg")
    FieldOfAction.objects.create(strategy=strategy, title="Schule", position=0)
    response = client.post(
        address, {"title": "Maßnahmen", "template": "measures", "strategy": strategy.pk}
    )
    assert response.status_code == 302
    board = Board.objects.get(title="Maßnahmen")
    assert list(board.columns.values_list("title", flat=True)) == ["Schule"]
    assert board.strategy == strategy
    response = client.post(address, {"title": "Leitbild", "template": "vision"})
    assert response.status_code == 302
    board = Board.objects.get(title="Leitbild")
    assert list(board.columns.values_list("title", flat=True)) == [
        "Für die Bürgerinnen und Bürger",
        "Für Wirtschaft und Region",
        "Für die Verwaltung und ihre Beschäftigten",
    ]
    assert board.strategy is None


def test_a_strategy_of_b_cannot_be_chosen(municipality_a, municipality_b, as_persona):
    other = Strategy.objects.create(municipality=municipality_b, title="Strategie B")
    FieldOfAction.objects.create(strategy=other, title="Geheimes Feld B")
    response = as_persona("coordinator").post(
        reverse("boards:create", args=["amtsberg"]),
        {"title": "Felder", "template": "fields", "strategy": other.pk},
    )
    assert response.status_code == 400
    assert not Board.objects.filter(title="Felder").exists()
    assert "Geheimes Feld B" not in response.content.decode()


@pytest.mark.parametrize("persona", ["reader", "adviser", "contributor"])
def test_everybody_taking_part_adds_cards(persona, board, as_persona, people):
    column = board.columns.last()
    response = as_persona(persona).post(
        url("add_card", board),
        {"column": column.pk, "text": "  Mehr WLAN  ", "category": "question", "note": "Im Foyer"},
    )
    assert response.status_code == 302 and response.url.endswith(f"#column-{column.pk}")
    card = Card.objects.get(text="Mehr WLAN")
    assert (card.column, card.author, card.category, card.note) == (
        column, people[persona], "question", "Im Foyer"
    )  # fmt: skip
    assert Board.objects.get(pk=board.pk).revision == board.revision + 1


def test_the_live_page_learns_the_revision_of_its_phase_switch(board, as_persona):
    response = as_persona("coordinator").post(
        url("set_phase", board), {"phase": "vote", "version": board.version},
        headers={"X-Board-Live": "1"},
    )  # fmt: skip
    assert response.status_code == 204
    assert response["X-Board-Revision"] == str(board.revision + 1)
    assert Board.objects.get(pk=board.pk).phase == "vote"


def test_the_live_page_gets_204_for_its_background_post(board, as_persona):
    response = as_persona("reader").post(
        url("add_card", board),
        {"column": board.columns.first().pk, "text": "Leise", "category": "idea"},
        headers={"X-Board-Live": "1"},
    )
    assert response.status_code == 204
    assert Card.objects.filter(text="Leise").exists()
    # the revision that contains the card (the board bench waits for it on the sockets)
    assert response["X-Board-Revision"] == str(board.revision + 1)
    assert Board.objects.get(pk=board.pk).revision == board.revision + 1


@pytest.mark.parametrize(
    "data, message",
    [
        ({"text": "   ", "category": "idea"}, "Bitte schreiben Sie etwas auf die Karte."),
        ({"text": "x" * 281, "category": "idea"}, "höchstens 280 Zeichen"),
        ({"text": "ok", "category": "idea", "note": "n" * 2001}, "höchstens 2000 Zeichen"),
        ({"text": "ok", "category": "purple"}, "keine gültige Auswahl"),
    ],
)
def test_bad_cards_are_refused_with_a_message(data, message, board, as_persona):
    before = state(board)
    column = board.columns.all()[1]
    response = as_persona("reader").post(url("add_card", board), {"column": column.pk, **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert state(board) == before


def test_a_column_of_another_board_is_404_and_changes_nothing(board, board_of_b, as_persona):
    before, before_b = state(board), state(board_of_b)
    client = as_persona("coordinator")
    foreign_column = board_of_b.columns.first()
    response = client.post(
        url("add_card", board), {"column": foreign_column.pk, "text": "x", "category": "idea"}
    )
    assert response.status_code == 404
    for bad in ["", "abc", "99999999999999999999999"]:
        assert (
            client.post(
                url("add_card", board), {"column": bad, "text": "x", "category": "idea"}
            ).status_code
            == 404
        )
    card = board.cards.get()
    assert client.post(url("move_card", card), {"column": foreign_column.pk}).status_code == 404
    foreign_card = board_of_b.cards.get()
    assert (
        client.post(url("edit_card", foreign_card), {"text": "x", "category": "idea"}).status_code
        == 404
    )
    assert client.post(url("hide_card", foreign_card), {"hidden": "on"}).status_code == 404
    assert client.post(url("rename_column", foreign_column), {"title": "x"}).status_code == 404
    assert (
        client.post(url("set_phase", board_of_b), {"phase": "closed", "version": 1}).status_code
        == 404
    )
    assert (state(board), state(board_of_b)) == (before, before_b)


def test_authors_edit_and_delete_their_own_cards_while_collecting(board, as_persona):
    card = board.cards.get()
    reader = as_persona("reader")
    assert reader.get(url("edit_card", card)).status_code == 403
    assert reader.post(url("delete_card", card)).status_code == 403
    author = as_persona("contributor")
    assert author.get(url("edit_card", card)).status_code == 200
    response = author.post(
        url("edit_card", card), {"text": "Termine online", "category": "example"}
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert (card.text, card.category) == ("Termine online", "example")
    response = author.post(url("edit_card", card), {"text": "", "category": "idea"})
    assert response.status_code == 400 and "Bitte schreiben Sie etwas" in response.content.decode()
    services.set_phase(board, "cluster", expected_version=board.version)
    assert (
        author.post(url("edit_card", card), {"text": "zu spät", "category": "idea"}).status_code
        == 403
    )
    assert author.post(url("delete_card", card)).status_code == 403
    assert (
        author.post(
            url("add_card", board), {"column": card.column_id, "text": "x", "category": "idea"}
        ).status_code
        == 403
    )
    card.refresh_from_db()
    assert card.text == "Termine online"
    services.set_phase(
        Board.objects.get(pk=board.pk), "collect", expected_version=board.version + 1
    )
    assert author.post(url("delete_card", card)).status_code == 302
    assert not Card.objects.filter(pk=card.pk).exists()


def test_the_facilitator_hides_restores_moves_and_edits_any_card(board, as_persona):
    card = board.cards.get()
    editor = as_persona("editor")
    assert editor.post(url("hide_card", card), {"hidden": "on"}).status_code == 302
    assert Card.objects.get(pk=card.pk).hidden
    # the hidden card is gone for the others, marked for the facilitation
    assert (
        "Online-Termine klappen gut"
        not in as_persona("reader").get(url("board", board)).content.decode()
    )
    assert (
        "Online-Termine klappen gut"
        not in as_persona("contributor").get(url("board", board)).content.decode()
    )
    assert "nur die Moderation sieht sie" in editor.get(url("board", board)).content.decode()
    assert as_persona("contributor").post(url("hide_card", card), {}).status_code == 403
    assert editor.post(url("hide_card", card), {}).status_code == 302
    assert not Card.objects.get(pk=card.pk).hidden
    target = board.columns.last()
    assert editor.post(url("move_card", card), {"column": target.pk}).status_code == 302
    assert Card.objects.get(pk=card.pk).column == target
    assert (
        editor.post(url("edit_card", card), {"text": "Geglättet", "category": "idea"}).status_code
        == 302
    )
    assert Card.objects.get(pk=card.pk).text == "Geglättet"


def test_the_creator_facilitates_without_being_coordinator_or_editor(
    municipality_a, people, as_persona
):
    board = services.create_board(
        municipality_a, user=people["contributor"], title="Eigenes", template="free"
    )
    response = as_persona("contributor").post(
        url("set_phase", board), {"phase": "vote", "version": board.version}
    )
    assert response.status_code == 302
    assert Board.objects.get(pk=board.pk).phase == "vote"
    assert (
        as_persona("reader")
        .post(url("set_phase", board), {"phase": "closed", "version": 2})
        .status_code
        == 403
    )


def test_switching_the_phase_with_a_stale_version_is_refused(board, as_persona):
    client = as_persona("coordinator")
    assert (
        client.post(
            url("set_phase", board), {"phase": "cluster", "version": board.version}
        ).status_code
        == 302
    )
    response = client.post(url("set_phase", board), {"phase": "closed", "version": board.version})
    assert response.status_code == 409
    assert "inzwischen" in response.content.decode()
    assert Board.objects.get(pk=board.pk).phase == "cluster"
    assert (
        client.post(url("set_phase", board), {"phase": "nonsense", "version": 2}).status_code == 400
    )


def test_a_closed_board_can_only_be_read(board, as_persona):
    services.set_phase(board, "closed", expected_version=board.version)
    before = state(board)
    card = board.cards.get()
    coordinator = as_persona("coordinator")
    assert (
        coordinator.post(
            url("add_card", board), {"column": card.column_id, "text": "x", "category": "idea"}
        ).status_code
        == 403
    )
    assert (
        coordinator.post(url("edit_card", card), {"text": "x", "category": "idea"}).status_code
        == 403
    )
    assert coordinator.post(url("hide_card", card), {"hidden": "on"}).status_code == 403
    assert coordinator.post(url("add_column", board), {"title": "Neu"}).status_code == 403
    assert state(board) == before
    page = coordinator.get(url("board", board)).content.decode()
    assert "nur noch gelesen" in page and 'name="text"' not in page


def test_columns_are_added_renamed_and_ordered_by_the_facilitator(board, as_persona):
    client = as_persona("coordinator")
    assert client.post(url("add_column", board), {"title": "Offene Fragen"}).status_code == 302
    column = board.columns.get(title="Offene Fragen")
    assert column.position == 4
    assert client.post(url("add_column", board), {"title": ""}).status_code == 400
    assert client.post(url("rename_column", column), {"title": "Fragen"}).status_code == 302
    assert client.post(url("rename_column", column), {"title": "x" * 101}).status_code == 400
    assert client.post(url("move_column", column), {"direction": "up"}).status_code == 302
    titles = list(board.columns.order_by("position").values_list("title", flat=True))
    assert titles == ["Stärken", "Schwächen", "Chancen", "Fragen", "Risiken"]
    assert (
        as_persona("reader").post(url("move_column", column), {"direction": "up"}).status_code
        == 403
    )


def test_a_blitzlicht_takes_one_card_per_person(municipality_a, people, as_persona):
    board = services.create_board(
        municipality_a, user=people["coordinator"], title="Blitzlicht", template="flash"
    )
    column = board.columns.get()
    client = as_persona("reader")
    assert (
        client.post(
            url("add_card", board), {"column": column.pk, "text": "Gut", "category": "idea"}
        ).status_code
        == 302
    )
    response = client.post(
        url("add_card", board), {"column": column.pk, "text": "Noch was", "category": "idea"}
    )
    assert response.status_code == 400
    assert "eine Karte" in response.content.decode()
    assert board.cards.count() == 1


def test_anonymous_boards_do_not_name_authors(municipality_a, people, as_persona):
    board = services.create_board(
        municipality_a, user=people["coordinator"], title="Ehrlich", template="free", anonymous=True
    )
    services.add_card(
        board, board.columns.get(), author=people["reader"], text="Ehrliche Idee", category="idea"
    )
    page = as_persona("editor").get(url("board", board)).content.decode()
    assert "Ehrliche Idee" in page and "Reader Amtsberg" not in page
    own = as_persona("reader").get(url("board", board)).content.decode()
    assert "Ihre Karte" in own and "Reader Amtsberg" not in own.split("<main")[1]


def test_card_text_is_escaped(board, as_persona):
    as_persona("reader").post(
        url("add_card", board),
        {
            "column": board.columns.first().pk,
            "text": "<script>alert(1)</script><img src=x onerror=alert(2)>",
            "category": "idea",
        },
    )
    page = as_persona("coordinator").get(url("board", board)).content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_board_page_asks_the_same_number_of_queries_however_many_cards(
    board, people, as_persona, django_assert_max_num_queries
):
    from tests.queries import warm_get_queries

    client = as_persona("coordinator")
    href = url("board", board)
    few = warm_get_queries(client, href, django_assert_max_num_queries, at_most=30)
    for column in board.columns.all():
        for n in range(5):
            services.add_card(
                board, column, author=people["reader"], text=f"Karte {n}", category="idea"
            )
    services.add_column(board, "Noch eine")
    assert warm_get_queries(client, href, django_assert_max_num_queries, at_most=30) == few
    listing = reverse("boards:list", args=["amtsberg"])
    few = warm_get_queries(client, listing, django_assert_max_num_queries, at_most=30)
    for n in range(5):
        services.create_board(
            board.municipality, user=people["editor"], title=f"Brett {n}", template="free"
        )
    assert warm_get_queries(client, listing, django_assert_max_num_queries, at_most=30) == few


def test_a_change_is_kept_when_the_live_update_cannot_be_sent(
    board, as_persona, settings, django_capture_on_commit_callbacks, caplog
):
    """Redis away: the card is saved all the same; the browsers catch up at their next sync."""
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:9/0"]},  # the discard port: nobody listens
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = as_persona("reader").post(
            url("add_card", board),
            {"column": board.columns.first().pk, "text": "Trotzdem da", "category": "idea"},
        )
    assert response.status_code == 302
    assert Card.objects.filter(text="Trotzdem da").exists()
    assert "live update not sent" in caplog.text


def test_a_support_access_reads_the_board_without_live_connection_and_changes_nothing(
    board, people, as_persona
):
    from schreibwerkstatt.municipalities.services import grant_support_access

    grant_support_access(
        municipality=board.municipality,
        operator=people["operator"],
        days=1,
        reason="Fehler auf der Werkstatt-Wand ansehen",
        granted_by=people["coordinator"],
    )
    client = as_persona("operator")
    page = client.get(url("board", board)).content.decode()
    assert "Online-Termine klappen gut" in page
    assert "data-board-socket" not in page and 'name="text"' not in page
    before = state(board)
    card = board.cards.get()
    for address, data in [
        (url("add_card", board), {"column": card.column_id, "text": "x", "category": "idea"}),
        (url("hide_card", card), {"hidden": "on"}),
        (url("set_phase", board), {"phase": "closed", "version": board.version}),
    ]:
        assert client.post(address, data).status_code == 403
    assert client.get(url("edit_card", card)).status_code == 403
    assert state(board) == before


def test_the_card_forms_hint_is_in_the_language_of_the_page(board, as_persona):
    """The hint under a new card's text was made once, in German, when the form was imported."""
    client = as_persona("contributor")
    english = client.get(url("board", board), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    german = client.get(url("board", board), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "At most 280 characters." in english and "Höchstens" not in english
    assert "Höchstens 280 Zeichen." in german
