"""Results into the strategy: choose cards and groups, see the preview, create everything in
one step; the strategy pages tell where an entry came from, the board which cards went."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from schreibwerkstatt.boards import services
from schreibwerkstatt.boards.models import Board, Card, Cluster, Transfer, Vote
from schreibwerkstatt.strategies.models import FieldOfAction, Goal, Measure, Strategy

pytestmark = pytest.mark.django_db

SLUG = "amtsberg"


def take_over_url(board, slug=SLUG):
    return reverse("boards:take_over", args=[slug, board.pk])


def counts() -> tuple:
    return (
        FieldOfAction.objects.count(),
        Goal.objects.count(),
        Measure.objects.count(),
        Transfer.objects.count(),
    )


@pytest.fixture
def field(strategy) -> FieldOfAction:
    return FieldOfAction.objects.create(strategy=strategy, title="Digitale Verwaltung")


@pytest.fixture
def results(board, people, field):
    """The board of A in the results phase: four cards, two of them in a group, and dots."""
    column = board.columns.first()
    first = board.cards.get()  # "Online-Termine klappen gut", by the contributor
    add = lambda text, note="": services.add_card(  # noqa: E731
        board, column, author=people["reader"], text=text, category="idea", note=note
    )
    chat = add("Chatbot fürs Bürgerbüro", note="Wie in Nachbarstadt, rund um die Uhr")
    wlan = add("WLAN im Rathaus")
    akte = add("E-Akte einführen")
    group = Cluster.objects.create(board=board, column=column, title="Erreichbarkeit")
    Card.objects.filter(pk__in=[first.pk, wlan.pk]).update(cluster=group)
    for card, dots in [(chat, 3), (first, 1), (wlan, 1)]:
        for _ in range(dots):
            Vote.objects.create(board=board, card=card, voter=people["reader"])
    Board.objects.filter(pk=board.pk).update(phase=Board.Phase.RESULTS, votes_revealed=True)
    board.refresh_from_db()
    return {"board": board, "chat": chat, "first": first, "wlan": wlan, "akte": akte,
            "group": group}  # fmt: skip


def choose(results, strategy, step="preview", **extra):
    data = {
        "strategy": strategy.pk,
        "revision": Board.objects.get(pk=results["board"].pk).revision,
        "step": step,
        "take": [f"cluster-{results['group'].pk}", f"card-{results['chat'].pk}"],
        f"kind-cluster-{results['group'].pk}": "field",
        f"kind-card-{results['chat'].pk}": "measure",
        f"field-card-{results['chat'].pk}": "",
    }
    data.update(extra)
    return data


def test_the_page_offers_groups_and_cards_ranked_by_their_dots(results, strategy, as_persona):
    page = as_persona("coordinator").get(take_over_url(results["board"]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "In die Strategie übernehmen" in text
    assert "Erreichbarkeit" in text and "2 Punkte" in text
    # the chatbot (3 dots) first, the group's card (1 dot) with its group, the e-file last
    cards = text[text.index('id="transfer-cards"') :]
    order = [cards.index(results[name].text) for name in ["chat", "first", "akte"]]
    assert order == sorted(order)
    assert "in der Gruppe „Erreichbarkeit“" in text
    assert f'value="card-{results["chat"].pk}"' in text
    assert "Digitale Verwaltung" in text  # the field of action to hang it on


def test_the_preview_creates_nothing_and_the_step_creates_everything(
    results, strategy, field, as_persona, people
):
    client = as_persona("coordinator")
    board = results["board"]
    data = choose(
        results, strategy, **{f"kind-card-{results['akte'].pk}": "goal",
                              f"field-card-{results['akte'].pk}": str(field.pk)},
    )  # fmt: skip
    data["take"].append(f"card-{results['akte'].pk}")
    before = counts()
    preview = client.post(take_over_url(board), data)
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "Vorschau" in text and "Noch ist nichts gespeichert." in text
    assert "Chatbot fürs Bürgerbüro" in text and "Wie in Nachbarstadt" in text
    assert "– Online-Termine klappen gut" in text and "– WLAN im Rathaus" in text
    assert "im Handlungsfeld „Digitale Verwaltung“" in text
    assert 'value="create"' in text and 'value="back"' in text
    assert counts() == before

    back = client.post(take_over_url(board), {**data, "step": "back"})
    assert back.status_code == 200
    assert f'value="card-{results["akte"].pk}" id="take-card-{results["akte"].pk}" checked' in (
        back.content.decode()
    )
    assert counts() == before

    created = client.post(take_over_url(board), {**data, "step": "create"})
    assert created.status_code == 302
    assert created["Location"] == reverse("boards:board", args=[SLUG, board.pk])
    assert counts() == (before[0] + 1, before[1] + 1, before[2] + 1, before[3] + 3)
    new_field = FieldOfAction.objects.get(title="Erreichbarkeit")
    assert new_field.strategy == strategy
    assert new_field.starting_situation == "– Online-Termine klappen gut\n– WLAN im Rathaus"
    measure = Measure.objects.get(title="Chatbot fürs Bürgerbüro")
    assert measure.summary == "Wie in Nachbarstadt, rund um die Uhr"
    assert list(measure.fields.all()) == []
    goal = Goal.objects.get(title="E-Akte einführen")
    assert list(goal.fields.all()) == [field]
    # created as in the editor: at the end of its list, with its history by the person
    assert new_field.position == 1
    assert measure.history.get().history_user == people["coordinator"]
    transfers = {t.kind: t for t in Transfer.objects.filter(board=board)}
    assert transfers["field"].cluster == results["group"] and transfers["field"].card is None
    assert transfers["field"].field == new_field
    assert transfers["measure"].card == results["chat"] and transfers["measure"].measure == measure
    assert transfers["goal"].goal == goal
    assert {t.strategy for t in transfers.values()} == {strategy}
    assert {t.created_by for t in transfers.values()} == {people["coordinator"]}

    page = client.get(reverse("boards:board", args=[SLUG, board.pk])).content.decode()
    assert "In die Strategie übernommen: </strong>" not in page  # a label with its own text
    assert "In die Strategie übernommen:</strong>" in page
    assert "Maßnahme „Chatbot fürs Bürgerbüro“" in page
    assert "Handlungsfeld „Erreichbarkeit“" in page  # on both cards of the group
    assert page.count("Handlungsfeld „Erreichbarkeit“") == 2
    assert reverse("strategies:measure", args=[SLUG, strategy.pk, measure.pk]) in page

    when = date_format(timezone.localdate(board.created_at), "SHORT_DATE_FORMAT")
    origin = f"Aus der Werkstatt „Werkstatt Bürgerbüro“ vom {when}"
    board_url = reverse("boards:board", args=[SLUG, board.pk])
    for name, pk in [("measure", measure.pk), ("field", new_field.pk), ("goal_edit", goal.pk)]:
        shown = client.get(reverse(f"strategies:{name}", args=[SLUG, strategy.pk, pk]))
        assert shown.status_code == 200
        text = shown.content.decode()
        assert origin in text, name
        assert f'href="{board_url}"' in text, name


def test_the_reader_sees_the_back_link_and_the_label(results, strategy, as_persona):
    client = as_persona("coordinator")
    client.post(take_over_url(results["board"]), choose(results, strategy, step="create"))
    measure = Measure.objects.get(title="Chatbot fürs Bürgerbüro")
    reader = as_persona("reader")
    page = reader.get(reverse("strategies:measure", args=[SLUG, strategy.pk, measure.pk]))
    assert "Aus der Werkstatt „Werkstatt Bürgerbüro“" in page.content.decode()
    board_page = reader.get(reverse("boards:board", args=[SLUG, results["board"].pk]))
    assert "Maßnahme „Chatbot fürs Bürgerbüro“" in board_page.content.decode()
    assert "In die Strategie übernehmen</a>" not in board_page.content.decode()


def test_a_card_taken_over_is_marked_and_cannot_be_taken_twice(results, strategy, as_persona):
    client = as_persona("coordinator")
    board = results["board"]
    assert (
        client.post(take_over_url(board), choose(results, strategy, step="create")).status_code
        == 302
    )
    page = client.get(take_over_url(board)).content.decode()
    assert "Schon übernommen:" in page
    assert f'value="card-{results["chat"].pk}"' not in page
    assert f'value="card-{results["first"].pk}"' not in page  # in the group taken over
    before = counts()
    for step in ["preview", "create"]:
        again = client.post(take_over_url(board), choose(results, strategy, step=step))
        assert again.status_code == 400
        text = again.content.decode()
        assert (
            "„Chatbot fürs Bürgerbüro“ wurde schon übernommen: Maßnahme „Chatbot fürs Bürgerbüro“."
            in text
        )
        assert "„Erreichbarkeit“ wurde schon übernommen: Handlungsfeld „Erreichbarkeit“." in text
    assert counts() == before


def test_a_group_leaves_out_its_cards_taken_over_one_by_one(results, strategy, as_persona):
    client = as_persona("coordinator")
    board, first = results["board"], results["first"]
    data = {"strategy": strategy.pk, "revision": board.revision, "step": "create",
            "take": [f"card-{first.pk}"], f"kind-card-{first.pk}": "measure"}  # fmt: skip
    assert client.post(take_over_url(board), data).status_code == 302
    preview = client.post(take_over_url(board), choose(results, strategy)).content.decode()
    assert "Schon übernommen und ausgelassen: „Online-Termine klappen gut“" in preview
    client.post(take_over_url(board), choose(results, strategy, step="create"))
    assert FieldOfAction.objects.get(title="Erreichbarkeit").starting_situation == (
        "– WLAN im Rathaus"
    )


def test_the_same_person_cannot_create_twice_from_one_preview(results, strategy, as_persona):
    """A second click on "Anlegen" (or a second tab) finds the cards taken over: nothing."""
    client = as_persona("coordinator")
    data = choose(results, strategy, step="create")
    assert client.post(take_over_url(results["board"]), data).status_code == 302
    before = counts()
    again = client.post(take_over_url(results["board"]), data)
    assert again.status_code == 400
    assert "wurde schon übernommen" in again.content.decode()
    assert counts() == before


def test_a_change_of_the_board_after_the_preview_is_refused(results, strategy, as_persona, people):
    client = as_persona("coordinator")
    data = choose(results, strategy, step="create")
    services.edit_card(results["chat"], text="Chatbot – doch nicht", category="idea", note="")
    response = client.post(take_over_url(results["board"]), data)
    assert response.status_code == 409
    assert "Die Wand hat sich seit der Vorschau geändert." in response.content.decode()
    assert counts()[3] == 0 and not Measure.objects.exists()


def test_a_long_card_is_cut_for_a_field_of_action_and_kept_whole_in_its_description(
    board, strategy, people, as_persona
):
    long = "Sehr lange Idee " * 17  # 272 characters: fits a card, not a field title (200)
    card = services.add_card(
        board, board.columns.first(), author=people["reader"], text=long.strip(), category="idea"
    )
    client = as_persona("editor")
    data = {"strategy": strategy.pk, "revision": Board.objects.get(pk=board.pk).revision,
            "step": "create", "take": [f"card-{card.pk}"], f"kind-card-{card.pk}": "field"}  # fmt: skip
    assert client.post(take_over_url(board), data).status_code == 302
    created = FieldOfAction.objects.get(strategy=strategy)
    assert len(created.title) == 200 and created.title.endswith("…")
    assert created.starting_situation == long.strip()


# Who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["contributor", "reader", "adviser"])
def test_who_does_not_edit_the_strategy_may_not_take_over(persona, results, strategy, as_persona):
    client = as_persona(persona)
    assert client.get(take_over_url(results["board"])).status_code == 403
    before = counts()
    response = client.post(
        take_over_url(results["board"]), choose(results, strategy, step="create")
    )
    assert response.status_code == 403
    assert counts() == before


def test_the_creator_of_a_board_needs_the_right_to_edit_the_strategy(
    municipality_a, strategy, people, as_persona
):
    board = services.create_board(
        municipality_a, user=people["contributor"], title="Meine Runde", template="free"
    )
    assert as_persona("contributor").get(take_over_url(board)).status_code == 403


@pytest.mark.parametrize("persona", ["outsider", "operator", "superuser"])
def test_outsiders_learn_nothing(persona, results, strategy, as_persona):
    client = as_persona(persona)
    before = counts()
    assert client.get(take_over_url(results["board"])).status_code == 404
    for step in ["preview", "create"]:
        response = client.post(
            take_over_url(results["board"]), choose(results, strategy, step=step)
        )
        assert response.status_code == 404
        assert b"Chatbot" not in response.content
    assert counts() == before


def test_anonymous_visitors_are_sent_to_the_login(results, strategy, as_persona):
    client = as_persona("anonymous")
    for response in [
        client.get(take_over_url(results["board"])),
        client.post(take_over_url(results["board"]), choose(results, strategy, step="create")),
    ]:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert counts()[3] == 0


def test_the_address_of_b_does_not_reach_a_board_of_a(results, strategy, as_persona):
    response = as_persona("outsider").get(take_over_url(results["board"], "birkenwerder-nord"))
    assert response.status_code == 404


def test_a_support_access_cannot_take_over(results, strategy, people, as_persona):
    from schreibwerkstatt.municipalities.services import grant_support_access

    grant_support_access(
        municipality=results["board"].municipality,
        operator=people["operator"],
        days=1,
        reason="Fehler beim Übernehmen ansehen",
        granted_by=people["coordinator"],
    )
    client = as_persona("operator")
    assert client.get(take_over_url(results["board"])).status_code == 403
    response = client.post(
        take_over_url(results["board"]), choose(results, strategy, step="create")
    )
    assert response.status_code == 403
    assert counts()[3] == 0
    board_page = client.get(reverse("boards:board", args=[SLUG, results["board"].pk]))
    assert "In die Strategie übernehmen</a>" not in board_page.content.decode()


# Bad input ----------------------------------------------------------------------------------


def test_nothing_chosen_is_a_400_with_a_message(results, strategy, as_persona):
    data = choose(results, strategy)
    data["take"] = []
    response = as_persona("coordinator").post(take_over_url(results["board"]), data)
    assert response.status_code == 400
    assert "Bitte wählen Sie mindestens eine Karte oder Gruppe" in response.content.decode()


def test_a_strategy_of_another_municipality_or_a_forged_one_is_refused(
    results, strategy, municipality_b, as_persona
):
    foreign = Strategy.objects.create(municipality=municipality_b, title="Strategie Birkenwerder")
    client = as_persona("coordinator")
    before = counts()
    for pk in [foreign.pk, 999999, "abc"]:
        for response in [
            client.get(take_over_url(results["board"]), {"strategy": pk}),
            client.post(
                take_over_url(results["board"]),
                {**choose(results, strategy, step="create"), "strategy": pk},
            ),
        ]:
            assert response.status_code == 400
            text = response.content.decode()
            assert "Bitte wählen Sie eine der Strategien Ihrer Kommune." in text
            assert "Strategie Birkenwerder" not in text
    assert counts() == before


def test_a_card_of_another_board_a_hidden_card_and_forged_keys_are_refused(
    results, strategy, board_of_b, as_persona
):
    client = as_persona("coordinator")
    hidden = results["akte"]
    services.set_card_hidden(hidden, True)
    other = board_of_b.cards.get()
    cases = {
        f"card-{other.pk}": "Diese Karte ist nicht auf dieser Wand.",
        f"card-{hidden.pk}": "Eine ausgeblendete Karte kann nicht übernommen werden.",
        "card-abc": "Diese Karte ist nicht auf dieser Wand.",
        "cluster-999999": "Diese Gruppe ist nicht auf dieser Wand.",
        "etwas": "Diese Gruppe ist nicht auf dieser Wand.",
    }
    before = counts()
    for key, message in cases.items():
        data = choose(results, strategy, step="create", take=[key], **{f"kind-{key}": "measure"})
        response = client.post(take_over_url(results["board"]), data)
        assert response.status_code == 400, key
        assert message in response.content.decode(), key
        assert "Idee aus B" not in response.content.decode()
    assert counts() == before


def test_contradicting_or_forged_choices_are_refused(results, strategy, municipality_b, as_persona):
    client = as_persona("coordinator")
    group, chat, first = results["group"], results["chat"], results["first"]
    foreign_field = FieldOfAction.objects.create(
        strategy=Strategy.objects.create(municipality=municipality_b, title="B"),
        title="Fremdes Feld",
    )
    cases = [
        ({"take": [f"cluster-{group.pk}", f"card-{first.pk}"], f"kind-card-{first.pk}": "goal"},
         "Die Karte „Online-Termine klappen gut“ gehört zur ausgewählten Gruppe „Erreichbarkeit“"),
        ({f"kind-card-{chat.pk}": "field", f"field-card-{chat.pk}": str(FieldOfAction.objects.get(title="Digitale Verwaltung").pk)},
         "wird selbst ein Handlungsfeld"),
        ({f"field-card-{chat.pk}": str(foreign_field.pk)}, "Bitte wählen Sie ein Handlungsfeld dieser Strategie."),
        ({f"kind-card-{chat.pk}": "vision"}, "Bitte wählen Sie Handlungsfeld, Ziel oder Maßnahme."),
        ({f"kind-card-{chat.pk}": ""}, "Bitte wählen Sie, was aus „Chatbot fürs Bürgerbüro“ wird."),
        ({"revision": "-1"}, ""),
        ({"step": "loeschen"}, "Ungültige Anfrage."),
    ]  # fmt: skip
    before = counts()
    for extra, message in cases:
        response = client.post(take_over_url(results["board"]), choose(results, strategy, **extra))
        assert response.status_code == 400, extra
        assert message in response.content.decode(), extra
    assert counts() == before


def test_a_municipality_without_a_strategy_is_told_so(board, as_persona):
    page = as_persona("coordinator").get(take_over_url(board))
    assert page.status_code == 200
    assert "Ihre Kommune hat noch keine Strategie." in page.content.decode()


def test_with_several_strategies_the_person_chooses_first(
    results, strategy, municipality_a, as_persona
):
    Strategy.objects.create(municipality=municipality_a, title="Zweite Strategie")
    client = as_persona("coordinator")
    page = client.get(take_over_url(results["board"])).content.decode()
    assert "Zweite Strategie" in page and 'name="take"' not in page
    page = client.get(take_over_url(results["board"]), {"strategy": strategy.pk}).content.decode()
    assert 'name="take"' in page


# Queries ------------------------------------------------------------------------------------


def test_the_pages_ask_the_same_number_of_queries_however_many_cards_and_transfers(
    results, strategy, people, as_persona, django_assert_max_num_queries
):
    from tests.queries import warm_get_queries

    client = as_persona("coordinator")
    board = results["board"]
    page = take_over_url(board) + f"?strategy={strategy.pk}"
    board_page = reverse("boards:board", args=[SLUG, board.pk])
    few = warm_get_queries(client, page, django_assert_max_num_queries, at_most=30)
    few_board = warm_get_queries(client, board_page, django_assert_max_num_queries, at_most=30)
    client.post(take_over_url(board), choose(results, strategy, step="create"))
    Board.objects.filter(pk=board.pk).update(phase=Board.Phase.COLLECT)
    board.refresh_from_db()
    for column in board.columns.all():
        group = Cluster.objects.create(board=board, column=column, title=f"Gruppe {column.pk}")
        for n in range(3):
            card = services.add_card(
                board, column, author=people["editor"], text=f"Karte {n}", category="idea"
            )
            Card.objects.filter(pk=card.pk).update(cluster=group)
            Vote.objects.create(board=board, card=card, voter=people["editor"])
    FieldOfAction.objects.create(strategy=strategy, title="Noch ein Feld")
    assert warm_get_queries(client, page, django_assert_max_num_queries, at_most=30) == few
    assert (
        warm_get_queries(client, board_page, django_assert_max_num_queries, at_most=30) == few_board
    )


def test_the_back_link_costs_one_query_on_a_strategy_page(
    results, strategy, as_persona, django_assert_max_num_queries
):
    from tests.queries import warm_get_queries

    client = as_persona("coordinator")
    plain = Measure.objects.create(strategy=strategy, title="Von Hand angelegt")
    client.post(take_over_url(results["board"]), choose(results, strategy, step="create"))
    taken = Measure.objects.get(title="Chatbot fürs Bürgerbüro")
    urls = [reverse("strategies:measure", args=[SLUG, strategy.pk, m.pk]) for m in (plain, taken)]
    by_hand = warm_get_queries(client, urls[0], django_assert_max_num_queries, at_most=60)
    assert warm_get_queries(client, urls[1], django_assert_max_num_queries, at_most=60) == by_hand
