"""The live board as snapshots.py works it out for all connections of a process: the shared
board of a perspective with the person's own cards put in equals the page rendered for that
person; the shared board of an anonymous board says nobody's authorship, and what a person
gets apart are their own cards only; cards taken from the last build equal fresh ones after
every kind of change; the build asks the same few queries however many people are
connected; a connection that is behind gets the newest board without another build."""

import asyncio
import json
import re

import pytest
from asgiref.sync import async_to_sync
from django.template.loader import render_to_string
from django.utils import translation

from schreibwerkstatt.boards import clustering, display, services, snapshots, voting
from schreibwerkstatt.boards.display import board_context, fill, render_own_cards, render_shared
from schreibwerkstatt.boards.models import Board, Card, Cluster, Vote
from schreibwerkstatt.boards.rules import may_take_part_now, taking_part_now
from schreibwerkstatt.boards.spaces import Space
from schreibwerkstatt.municipalities.models import Membership

pytestmark = pytest.mark.django_db

PERSONAS = ["coordinator", "editor", "contributor", "reader", "adviser"]


@pytest.fixture(autouse=True)
def _the_test_transaction(monkeypatch):
    """The builds' database calls inside the test's transaction (see test_live.py)."""
    monkeypatch.setattr("channels.db.close_old_connections", lambda: None)


@pytest.fixture(params=[True, False], ids=["anonymous", "named"])
def workshop(request, municipality_a, people) -> Board:
    """A SWOT board with two cards of each person taking part (one hidden card too)."""
    board = services.create_board(
        municipality_a,
        user=people["coordinator"],
        title="Werkstatt",
        template="swot",
        anonymous=request.param,
    )
    columns = list(board.columns.all())
    for index, persona in enumerate(PERSONAS):
        for number in range(2):
            services.add_card(
                board,
                columns[(index + number) % len(columns)],
                author=people[persona],
                text=f"Karte {number} von {persona}",
                category="idea",
            )
    card = board.cards.filter(author=people["reader"]).first()
    services.set_card_hidden(card, True)
    # dots of three people on others' cards: a person's dots are theirs, never the shared board's
    for voter, author in [
        ("reader", "contributor"),
        ("contributor", "adviser"),
        ("coordinator", "reader"),
    ]:
        voted = board.cards.filter(author=people[author], hidden=False).first()
        Vote.objects.create(board=board, card=voted, voter=people[voter])
    return Board.objects.select_related("municipality").get(pk=board.pk)


def _normal(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', html)
    return re.sub(r">\s+<", "><", html).strip()


MY_DOTS_SHARED = '<section id="board-my-dots" hidden></section>'


def _assembled(context: dict, own: dict[str, str]) -> str:
    """What board.js makes of it: each own card in place of its shared version, the person's
    own dots in place of the shared board's empty element."""
    own = dict(own)
    my_dots = own.pop("board-my-dots", None)
    cards = {**context["cards_html"], **{int(element[5:]): html for element, html in own.items()}}
    html = fill(context["skeleton"], cards)
    assert html.count(MY_DOTS_SHARED) == 1  # the shared board's, the same for everybody
    return html.replace(MY_DOTS_SHARED, my_dots) if my_dots is not None else html


def _viewer(user_id: int, language: str, board: Board) -> snapshots.Viewer:
    """A connection through the space of the board's municipality."""
    return snapshots.Viewer(user_id, language, Space.of_municipality(board.municipality))


def _html(snapshot: snapshots.Snapshot, viewer: snapshots.Viewer) -> str:
    """The whole shared board a snapshot has for the viewer."""
    return json.loads(snapshot.shared[snapshot.views[viewer].key].as_json())


def _page_part(board: Board, user) -> str:
    context = board_context(board, user)
    context["csrf_token"] = "token-of-the-page"
    return render_to_string("boards/partials/board.html", context)


@pytest.mark.parametrize("phase", ["collect", "vote", "closed"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_shared_board_and_own_parts_equal_the_page_of_the_person(persona, phase, workshop, people):
    Board.objects.filter(pk=workshop.pk).update(phase=phase)
    board = Board.objects.select_related("municipality").get(pk=workshop.pk)
    user = people[persona]
    shared, context = render_shared(board, user)
    own = render_own_cards(board, user, context)
    assert _normal(_assembled(context, own)) == _normal(_page_part(board, user))
    theirs = board.cards.filter(author=user)  # their cards on their board come apart
    theirs = theirs.filter(hidden=False) if persona == "reader" else theirs
    cards = {element for element in own if element.startswith("card-")}
    assert {f"card-{pk}" for pk in theirs.values_list("pk", flat=True)} == cards
    if phase == "collect":  # with their buttons
        assert all(f'id="delete-{element[5:]}"' in own[element] for element in cards)
        assert 'id="delete-' not in shared
    # their dots come apart while the board is voting, and only then
    assert ("board-my-dots" in own) == (phase == "vote")
    assert "Ihre Punkte" not in shared and 'id="take-back-' not in shared
    if phase == "vote":
        given = board.votes.filter(voter=user).count()
        assert f"Ihre Punkte: noch {3 - given} von 3" in own["board-my-dots"]
        assert 'id="dot-' in shared  # the button is everybody's


@pytest.mark.parametrize("revealed", [False, True])
@pytest.mark.parametrize("persona", PERSONAS)
def test_with_more_dots_and_revealed_the_page_still_equals_shared_and_own(
    persona, revealed, workshop, people
):
    """Several dots of the person on one card, one on a card hidden after it got the dot."""
    Board.objects.filter(pk=workshop.pk).update(phase="vote", votes_revealed=revealed)
    user = people[persona]
    others = list(workshop.cards.exclude(author=user).filter(hidden=False))
    Vote.objects.filter(voter=user).delete()
    for card in [others[0], others[0], others[1]]:
        Vote.objects.create(board=workshop, card=card, voter=user)
    Card.objects.filter(pk=others[1].pk).update(hidden=True)
    board = Board.objects.select_related("municipality").get(pk=workshop.pk)
    shared, context = render_shared(board, user)
    own = render_own_cards(board, user, context)
    assert _normal(_assembled(context, own)) == _normal(_page_part(board, user))
    mine = own["board-my-dots"]
    assert "Ihre Punkte: noch 0 von 3" in mine and "eine ausgeblendete Karte" in mine
    assert others[1].text not in mine  # hidden meanwhile: they may take the dot back only
    assert f'id="take-back-{others[0].pk}"' in mine and f'id="take-back-{others[1].pk}"' in mine
    counts = re.findall(r'id="card-dots-(\d+)"', shared)
    assert bool(counts) == (revealed or persona in {"coordinator", "editor"})


def test_the_shared_anonymous_board_names_no_author(workshop, people):
    if not workshop.anonymous:
        pytest.skip("an anonymous board")
    shared = {persona: render_shared(workshop, people[persona])[0] for persona in PERSONAS}
    # people of one perspective get the very same board, whoever wrote what
    assert shared["contributor"] == shared["reader"] == shared["adviser"]
    assert shared["coordinator"] == shared["editor"]
    for html in shared.values():
        for persona in PERSONAS:
            user = people[persona]
            assert user.name not in html and user.email not in html
            assert f"author={user.pk}" not in html and f'data-author="{user.pk}"' not in html
        assert "Ihre Karte" not in html
        assert 'id="delete-' not in html  # deleting is for authors only: in their own parts
    reader = people["reader"]
    own = render_own_cards(workshop, reader, render_shared(workshop, reader)[1])
    visible = workshop.cards.filter(
        author=reader, hidden=False
    )  # the hidden one is not theirs to see
    assert set(own) == {f"card-{pk}" for pk in visible.values_list("pk", flat=True)}
    assert all("Ihre Karte" in html for html in own.values())


@pytest.mark.parametrize("phase", Board.Phase.values)
def test_people_of_one_perspective_share_one_board_whatever_they_wrote_or_dotted(
    phase, workshop, people
):
    Board.objects.filter(pk=workshop.pk).update(phase=phase)
    board = Board.objects.select_related("municipality").get(pk=workshop.pk)
    shared = {persona: render_shared(board, people[persona])[0] for persona in PERSONAS}
    assert shared["contributor"] == shared["reader"] == shared["adviser"]
    assert shared["coordinator"] == shared["editor"]


def test_the_shared_named_board_shows_the_authors_names(workshop, people):
    if workshop.anonymous:
        pytest.skip("a board with names")
    html = render_shared(workshop, people["reader"])[0]
    assert people["contributor"].name in html


def test_a_build_asks_the_same_queries_for_two_people_or_five(
    workshop, people, django_assert_max_num_queries, django_assert_num_queries
):
    two = {_viewer(people[p].pk, "de", workshop) for p in ["coordinator", "adviser"]}
    seven = {_viewer(people[p].pk, "de", workshop) for p in [*PERSONAS, "outsider", "operator"]}
    snapshots.build(workshop.pk, two)  # what a process asks once
    # once: the board, the people, the cards, the groups; per perspective: columns, take-overs
    with django_assert_max_num_queries(10) as few:
        snapshots.build(workshop.pk, two)
    with django_assert_num_queries(len(few.captured_queries)):
        snapshot = snapshots.build(workshop.pk, seven)
    assert snapshot.revision == workshop.revision
    assert snapshot.views[_viewer(people["outsider"].pk, "de", workshop)] is None
    assert snapshot.views[_viewer(people["operator"].pk, "de", workshop)] is None
    assert snapshot.views[_viewer(people["adviser"].pk, "de", workshop)] is not None


def _phase(board: Board, phase: str) -> None:
    current = Board.objects.get(pk=board.pk)
    services.set_phase(current, phase, expected_version=current.version)


def _group(board: Board, column, title: str) -> None:
    clustering.add_cluster(Board.objects.get(pk=board.pk), column, title)


def _into_group(card, title: str | None) -> None:
    card = Card.objects.get(pk=card.pk)
    cluster = Cluster.objects.get(board=card.board, title=title) if title else None
    clustering.set_card_cluster(card, cluster)


def _timer(board: Board, minutes: int | None) -> None:
    current = Board.objects.get(pk=board.pk)
    if minutes is None:
        clustering.stop_timer(current, expected_version=current.version)
    else:
        clustering.start_timer(current, minutes, expected_version=current.version)


def _fresh(board: Board) -> Board:
    return Board.objects.get(pk=board.pk)


def _changes(board: Board, people) -> list:
    """One change of each kind that changes how cards look, in order."""
    first, second = board.columns.order_by("position")[:2]
    card = board.cards.filter(author=people["contributor"]).first()
    column = card.column

    def other():
        return Card.objects.get(board=board, text="Daneben")

    return [
        lambda: services.add_card(
            board, column, author=people["editor"], text="Daneben", category="idea"
        ),
        # the groups (clustering.py): a card's group menu, its group, its place in its group
        lambda: _phase(board, "cluster"),
        lambda: _group(board, column, "Erste Gruppe"),
        lambda: _into_group(card, "Erste Gruppe"),
        lambda: _group(board, column, "Zweite Gruppe"),
        lambda: clustering.rename_cluster(Cluster.objects.get(title="Zweite Gruppe"), "Zweite"),
        lambda: _into_group(other(), "Erste Gruppe"),
        lambda: clustering.move_card_in_column(other(), up=True),
        lambda: clustering.move_card_in_column(other(), up=False),
        lambda: _into_group(other(), None),
        lambda: clustering.delete_cluster(Cluster.objects.get(title="Zweite")),
        lambda: _timer(board, 5),
        lambda: _timer(board, 9),
        lambda: _timer(board, None),
        lambda: _phase(board, "collect"),
        lambda: clustering.move_card_in_column(Card.objects.get(pk=card.pk), up=False),
        lambda: services.edit_card(card, text="Geändert", category="question", note="Notiz"),
        lambda: services.set_card_hidden(card, True),
        lambda: services.set_card_hidden(card, False),
        lambda: services.move_card(card, second if card.column_id == first.pk else first),
        lambda: services.rename_column(second, "Neu benannt"),
        lambda: services.add_column(board, "Noch eine"),
        lambda: services.move_column(second, up=True),
        lambda: (
            people["contributor"]
            .__class__.objects.filter(pk=card.author_id)
            .update(name="Umbenannt")
        ),
        lambda: Board.objects.filter(pk=board.pk).update(phase="vote"),
        lambda: voting.cast_dot(_fresh(board), card, user=people["reader"]),
        lambda: voting.cast_dot(_fresh(board), card, user=people["editor"]),
        lambda: voting.reveal(_fresh(board), expected_version=_fresh(board).version),
        lambda: voting.take_back_dot(_fresh(board), card, user=people["reader"]),
        lambda: voting.set_vote_settings(
            _fresh(board), 5, False, expected_version=_fresh(board).version
        ),
        lambda: Board.objects.filter(pk=board.pk).update(phase="results"),
        # what the result names of a group, changed without touching the cards
        lambda: Cluster.objects.filter(board=board, title="Erste Gruppe").update(title="Erste!"),
        # a card's place changed in bulk (no updated_at)
        lambda: Card.objects.filter(pk=card.pk).update(position=100000),
        lambda: Board.objects.filter(pk=board.pk).update(phase="closed"),
        lambda: Board.objects.filter(pk=board.pk).update(anonymous=not board.anonymous),
    ]


def _builds_equal_fresh_ones(board: Board, viewers: set, changes: list) -> None:
    """After each change, a build from the last one equals a build from nothing."""
    previous = snapshots.build(board.pk, viewers)
    for change in changes:
        change()
        reusing = snapshots.build(board.pk, viewers, previous)
        fresh = snapshots.build(board.pk, viewers)
        assert reusing.views == fresh.views, change
        assert _boards(reusing) == _boards(fresh), change
        previous = reusing


def test_cards_from_the_last_build_equal_fresh_ones_after_every_kind_of_change(workshop, people):
    viewers = {_viewer(people[p].pk, "de", workshop) for p in PERSONAS}
    _builds_equal_fresh_ones(workshop, viewers, _changes(workshop, people))


def _boards(snapshot: snapshots.Snapshot) -> dict:
    """The shared boards of a snapshot, whole, by perspective and language."""
    return {key: shared.as_json() for key, shared in snapshot.shared.items()}


def test_taking_part_now_answers_as_asking_each(workshop, people):
    Membership.objects.filter(user=people["editor"]).delete()
    people["contributor"].is_active = False
    people["contributor"].save()
    everybody = [user for user in people.values() if user is not None]
    taking_part = taking_part_now(workshop, [user.pk for user in everybody])
    for user in everybody:
        user.refresh_from_db()
        assert (user.pk in taking_part) == may_take_part_now(user, workshop), user.email
    assert set(taking_part) == {people[p].pk for p in ["coordinator", "reader", "adviser"]}


def _role_changes(workshop, people) -> list:
    """Changes of who takes part and as what, one after another."""
    from schreibwerkstatt.municipalities.models import Role

    def membership(persona):
        return Membership.objects.filter(user=people[persona], municipality=workshop.municipality)

    return [
        lambda: membership("editor").update(role=Role.READER),  # no longer facilitates
        lambda: membership("reader").delete(),
        lambda: (
            people["contributor"]
            .__class__.objects.filter(pk=people["contributor"].pk)
            .update(is_active=False)
        ),
        lambda: workshop.municipality.advisers.remove(people["adviser"]),
        lambda: workshop.municipality.advisers.add(people["adviser"]),
        lambda: Membership.objects.create(
            user=people["outsider"], municipality=workshop.municipality, role=Role.COORDINATOR
        ),
        lambda: membership("coordinator").update(role=Role.CONTRIBUTOR),
    ]


def test_taking_part_now_from_an_earlier_answer_equals_asking_afresh(workshop, people):
    """The live build passes what it read last time: after every change of roles the answer
    (who, and what each may do) equals one read afresh."""
    everybody = [people[p].pk for p in [*PERSONAS, "outsider", "operator"]]
    known = taking_part_now(workshop, everybody)
    for change in _role_changes(workshop, people):
        change()
        again = taking_part_now(workshop, everybody, known)
        fresh = taking_part_now(workshop, everybody)
        assert set(again) == set(fresh), change
        for pk, user in fresh.items():
            assert display.perspective(workshop, again[pk]) == display.perspective(
                workshop, user
            ), change
        known = again


def test_a_build_after_role_changes_equals_a_fresh_one(workshop, people):
    viewers = {_viewer(people[p].pk, "de", workshop) for p in [*PERSONAS, "outsider"]}
    _builds_equal_fresh_ones(workshop, viewers, _role_changes(workshop, people))


def test_each_language_gets_its_own_board(workshop, people):
    german = _viewer(people["reader"].pk, "de", workshop)
    english = _viewer(people["reader"].pk, "en", workshop)
    snapshot = snapshots.build(workshop.pk, {german, english})
    assert "Karte hinzufügen" in _html(snapshot, german)
    assert "Add card" in _html(snapshot, english)
    if workshop.anonymous:
        assert "Ihre Karte" in json.loads(snapshot.views[german].own).popitem()[1]
        assert "Your card" in json.loads(snapshot.views[english].own).popitem()[1]
    assert translation.get_language() == "de"  # the build left the language as it was


def test_a_connection_behind_gets_the_newest_board_without_another_build(
    workshop, people, monkeypatch
):
    builds = []
    real_build = snapshots.build

    def counted(*args):
        builds.append(args[0])
        return real_build(*args)

    monkeypatch.setattr(snapshots, "build", counted)
    reader = _viewer(people["reader"].pk, "de", workshop)
    coordinator = _viewer(people["coordinator"].pk, "de", workshop)
    feed = snapshots.join(workshop.pk, reader)
    snapshots.join(workshop.pk, coordinator)
    try:
        services.add_card(
            workshop, workshop.columns.first(), author=people["editor"], text="Neu", category="idea"
        )
        newest = workshop.revision + 1

        async def messages():
            # two connections at once, for the newest change and the one before it
            first, second = await asyncio.gather(
                feed.at_least(newest - 1, reader), feed.at_least(newest, coordinator)
            )
            # a connection still handling an old message
            third = await feed.at_least(newest - 5, reader)
            return first, second, third

        first, second, third = async_to_sync(messages)()
        assert first is second is third and first.revision == newest
        assert len(builds) == 1
        assert "Neu" in _html(first, reader)
    finally:
        snapshots.leave(workshop.pk, reader)
        snapshots.leave(workshop.pk, coordinator)
    assert workshop.pk not in snapshots.FEEDS


def test_a_browser_showing_a_recent_board_gets_only_the_changed_cards(workshop, people):
    reader = _viewer(people["reader"].pk, "de", workshop)
    feed = snapshots.join(workshop.pk, reader)
    try:
        shown = async_to_sync(feed.at_least)(workshop.revision, reader)
        key = shown.views[reader].key
        changed = workshop.cards.filter(author=people["editor"]).first()
        services.edit_card(changed, text="Ganz neu", category="idea", note="")
        services.add_card(
            workshop,
            workshop.columns.first(),
            author=people["editor"],
            text="Dazu",
            category="idea",
        )
        newest = async_to_sync(feed.at_least)(workshop.revision + 2, reader)
        message = json.loads(feed.board_message(newest, reader, (shown.revision, key), ["x"]))
        whole = json.loads(feed.board_message(newest, reader, None, []))
    finally:
        snapshots.leave(workshop.pk, reader)
    assert message["base"] == shown.revision and message["revision"] == newest.revision
    assert "base" not in whole
    # put together as board.js does, it is the whole board
    kept = re.sub(
        r'<li data-keep="(\d+(?: \d+)*)" hidden></li>',
        lambda named: "".join(shown.shared[key].cards[int(pk)] for pk in named[1].split()),
        message["html"],
    )
    assert kept == whole["html"]
    assert "Ganz neu" in message["html"] and "Dazu" in message["html"]
    # every card but the two changed is named once, in runs of cards next to each other
    named = re.findall(r'data-keep="([\d ]+)"', message["html"])
    assert sum(len(run.split()) for run in named) == len(newest.shared[key].cards) - 2
    assert len(named) < len(newest.shared[key].cards) - 2
    assert len(message["html"]) < len(whole["html"])
    # a browser showing another perspective's board, or an unknown revision, gets it whole
    for other in [(shown.revision, ("other",)), (shown.revision - 1, key)]:
        assert "base" not in json.loads(feed.board_message(newest, reader, other, []))


def test_a_dot_renders_the_own_dots_of_its_giver_only(workshop, people, monkeypatch):
    """While voting, everybody's own dots come with every build: a dot of one person renders
    theirs again, the others' are taken from the last build (200 people, one render)."""
    from schreibwerkstatt.boards import display

    Board.objects.filter(pk=workshop.pk).update(phase="vote")
    viewers = {_viewer(people[p].pk, "de", workshop) for p in PERSONAS}
    previous = snapshots.build(workshop.pk, viewers)
    rendered = []
    real = display.render_to_string

    def counting(template, context=None, *args, **kwargs):
        if template == display.MY_DOTS:
            rendered.append(context["my_dots"])
        return real(template, context, *args, **kwargs)

    monkeypatch.setattr(display, "render_to_string", counting)
    card = workshop.cards.filter(author=people["editor"]).first()
    voting.cast_dot(_fresh(workshop), card, user=people["adviser"])
    reusing = snapshots.build(workshop.pk, viewers, previous)
    assert len(rendered) == 1 and rendered[0].given == 1  # the adviser's, nobody else's
    monkeypatch.setattr(display, "render_to_string", real)
    assert reusing.views == snapshots.build(workshop.pk, viewers).views


def _cards_shown(message: dict, before: dict[int, str], newest, key) -> dict[int, str]:
    """The cards a browser shows after a board message, as board.js puts them together: its
    copies of the cards named to keep (`before`: what it showed), the message's for the others,
    then the person's own parts in place of the shared ones."""
    kept = {
        int(pk)
        for run in re.findall(r'data-keep="([\d ]+)"', message["html"])
        for pk in run.split()
    }
    shown = {
        pk: before[pk] if pk in kept else html for pk, html in newest.shared[key].cards.items()
    }
    for element, html in message["own"].items():
        if element.startswith("card-"):
            shown[int(element[5:])] = html
    return shown


def test_a_browser_showing_a_recent_board_gets_only_its_own_cards_that_changed(workshop, people):
    """The own parts too come only where the browser's copy is out of date: another person's
    change sends none of them; a change of the person's card (here by the facilitation) sends
    it; what the browser then shows equals the person's whole board."""
    reader = _viewer(people["reader"].pk, "de", workshop)
    feed = snapshots.join(workshop.pk, reader)
    try:
        shown = async_to_sync(feed.at_least)(workshop.revision, reader)
        key = shown.views[reader].key
        mine = shown.views[reader].parts
        assert [element for element in mine if element.startswith("card-")]  # the reader wrote
        before = {pk: mine.get(f"card-{pk}", html) for pk, html in shown.shared[key].cards.items()}
        other = workshop.cards.filter(author=people["editor"]).first()
        services.edit_card(other, text="Von der Redaktion", category="idea", note="")
        middle = async_to_sync(feed.at_least)(workshop.revision + 1, reader)
        message = json.loads(feed.board_message(middle, reader, (shown.revision, key), []))
        assert message["base"] == shown.revision and message["own"] == {}
        expected = {
            pk: middle.views[reader].parts.get(f"card-{pk}", html)
            for pk, html in middle.shared[key].cards.items()
        }
        assert _cards_shown(message, before, middle, key) == expected

        theirs = workshop.cards.filter(author=people["reader"], hidden=False).first()
        services.edit_card(theirs, text="Von der Moderation gekürzt", category="idea", note="")
        newest = async_to_sync(feed.at_least)(workshop.revision + 2, reader)
        message = json.loads(feed.board_message(newest, reader, (middle.revision, key), []))
        whole = json.loads(feed.board_message(newest, reader, None, []))
    finally:
        snapshots.leave(workshop.pk, reader)
    assert list(message["own"]) == [f"card-{theirs.pk}"]
    assert "Von der Moderation gekürzt" in message["own"][f"card-{theirs.pk}"]
    assert whole["own"] == newest.views[reader].parts  # the whole board brings every own part
    expected = {
        pk: newest.views[reader].parts.get(f"card-{pk}", html)
        for pk, html in newest.shared[key].cards.items()
    }
    assert _cards_shown(message, expected | {theirs.pk: "stale"}, newest, key) == expected


def test_while_voting_the_persons_dots_come_with_every_board(workshop, people):
    Board.objects.filter(pk=workshop.pk).update(phase="vote")
    reader = _viewer(people["reader"].pk, "de", workshop)
    feed = snapshots.join(workshop.pk, reader)
    try:
        shown = async_to_sync(feed.at_least)(workshop.revision, reader)
        key = shown.views[reader].key
        card = workshop.cards.filter(author=people["editor"]).first()
        voting.cast_dot(_fresh(workshop), card, user=people["adviser"])
        newest = async_to_sync(feed.at_least)(workshop.revision + 1, reader)
        message = json.loads(feed.board_message(newest, reader, (shown.revision, key), []))
    finally:
        snapshots.leave(workshop.pk, reader)
    assert message["base"] == shown.revision
    assert message["own"] == {"board-my-dots": newest.views[reader].parts["board-my-dots"]}


def test_the_shared_board_leaves_out_indentation_but_not_what_a_text_area_holds():
    html = '<div>\n    <p>Eins</p>  <b>zwei</b>\n\n  <textarea id="t">\n\n  Text\n</textarea>\n <pre> a\n\n b </pre>\n</div>\n'
    assert display.tighten(html) == (
        '<div>\n<p>Eins</p>  <b>zwei</b>\n<textarea id="t">\n\n  Text\n</textarea>\n'
        "<pre> a\n\n b </pre>\n</div>"
    )


def test_the_shared_board_is_smaller_than_the_page_part_and_the_same_page(workshop, people):
    _, context = render_shared(workshop, people["reader"])
    page = _page_part(workshop, people["reader"])
    loose = render_to_string("boards/partials/board.html", context)
    assert len(context["skeleton"]) < len(loose)
    assert not re.search(r">\s*\n\s+<", context["skeleton"])  # no indentation between tags
    assert _normal(_assembled(context, render_own_cards(workshop, people["reader"], context))) == (
        _normal(page)
    )
