"""Cross-tenant matrix: every route, every persona, against municipality A.

Routes come from the resolver, so a new route is covered automatically; one that
tests/routes.py cannot classify fails `test_every_route_is_classified`.
"""

import sys
from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from conftest import FAST_HASHERS, make_municipality_a, make_municipality_b, make_people
from schreibwerkstatt.advising.models import AdviceRequest, AdviserNote
from schreibwerkstatt.boards.models import Board, Card, Cluster, Column
from schreibwerkstatt.comments.models import Comment
from schreibwerkstatt.municipalities.models import Invitation, Membership
from schreibwerkstatt.municipalities.services import invitation_token
from schreibwerkstatt.process.models import ChecklistItem
from schreibwerkstatt.strategies.models import (
    ChecklistTemplate,
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    Indicator,
    Measure,
    MeasureScore,
    Milestone,
    PlanLink,
    PriorityCriterion,
    ProgrammePhase,
    Step,
    Strategy,
    StrategyPartner,
)
from tests.routes import TENANT_ROUTES, classify, iter_route_names
from tests.tenant_objects import build_objects, tenant_url

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Geheime Aufgabe aus Amtsberg"
# Logged in, but members of no municipality or of another one: they get nothing of A. The
# operator and the superuser pass Django's own permission checks, never those of the rules.
NON_MEMBERS = ["outsider", "operator", "superuser"]


def tenant_routes() -> list[str]:
    return [name for name, _ in iter_route_names() if classify(name) == "tenant"]


@pytest.fixture(scope="module")
def matrix_data(django_db_setup, django_db_blocker) -> Iterator[dict]:
    """Both municipalities, the personas and A's objects, built once for this module (as
    Django's setUpTestData does): inside a transaction that is rolled back after the last
    test. Each test runs in a savepoint of it (the `db` fixture) and rolls back its own
    changes. The model instances are shared: tests change the database (`.update()`, HTTP),
    never the instances."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                municipality_a = make_municipality_a()
                municipality_b = make_municipality_b()
                people = make_people(municipality_a, municipality_b)
                objects = build_objects(municipality_a, people, secret_title=SECRET_TITLE)
        except BaseException:
            outer.__exit__(*sys.exc_info())
            raise
    yield {"a": municipality_a, "b": municipality_b, "people": people, "objects": objects}
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


# The fixtures of conftest.py, served from the module's data.


@pytest.fixture
def municipality_a(db, matrix_data):
    return matrix_data["a"]


@pytest.fixture
def municipality_b(db, matrix_data):
    return matrix_data["b"]


@pytest.fixture
def people(db, matrix_data):
    return matrix_data["people"]


@pytest.fixture
def objects_of_a(db, matrix_data):
    return matrix_data["objects"]


def url_for(name: str, municipality, objects) -> str:
    return tenant_url(name, TENANT_ROUTES[name], municipality, objects)


def snapshot(municipality) -> tuple:
    items = tuple(
        ChecklistItem.objects.filter(municipality=municipality)
        .order_by("pk")
        .values_list("pk", "title", "done", "position")
    )
    members = tuple(
        Membership.objects.filter(municipality=municipality)
        .order_by("pk")
        .values_list("pk", "role")
    )
    invitations = tuple(
        Invitation.objects.filter(municipality=municipality).values_list("pk", "revoked_at")
    )
    strategy_content = tuple(
        # _base_manager: every row, also invitations (StrategyPartner.objects: accepted only)
        tuple(model._base_manager.order_by("pk").values_list(*fields))
        for model, fields in [
            (Strategy, ("pk", "title", "version", "vision")),
            (FieldOfAction, ("pk", "title", "position")),
            (Goal, ("pk", "title", "parent_id")),
            (Measure, ("pk", "title", "priority", "version", "start", "end")),
            (Step, ("pk", "title", "done", "position")),
            (Indicator, ("pk", "name")),
            (GuidingPrinciple, ("pk", "text", "position")),
            (ProgrammePhase, ("pk",)),
            (StrategyPartner, ("pk", "status")),
            (PriorityCriterion, ("pk",)),
            (PlanLink, ("pk", "title")),
            (Comment, ("pk", "text", "resolved")),
            (MeasureScore, ("pk", "value")),
            (Milestone, ("pk", "title", "date", "version")),
            (ChecklistTemplate, ("pk", "name", "steps")),
            (Board, ("pk", "title", "phase", "revision", "version", "timer_ends_at")),
            (Column, ("pk", "title", "position")),
            (Cluster, ("pk", "title", "column_id")),
            (
                Card,
                ("pk", "text", "note", "column_id", "hidden", "category", "cluster_id", "position"),
            ),
            (AdviceRequest, ("pk", "topic", "status", "answer", "version")),
            (AdviserNote, ("pk", "text", "version")),
        ]
    )
    return items, members, invitations, strategy_content


def test_every_route_is_classified() -> None:
    unclassified = [
        f"{name} ({route})" for name, route in iter_route_names() if classify(name) is None
    ]
    assert not unclassified, f"Add these routes to tests/routes.py: {unclassified}"


@pytest.mark.parametrize("name", tenant_routes())
@pytest.mark.parametrize("method", ["get", "post"])
def test_outsiders_and_anonymous_get_nothing_of_a(
    name, method, municipality_a, objects_of_a, as_persona
) -> None:
    url = url_for(name, municipality_a, objects_of_a)
    before = snapshot(municipality_a)
    data = {"title": "Übernommen", "done": "true", "direction": "up", "role": "coordinator", "version": "1",
            "email": "boese@example.org"}  # fmt: skip

    for persona in NON_MEMBERS:
        response = getattr(as_persona(persona), method)(url, data)
        status = response.status_code
        assert status in {403, 404, 405}, (name, method, persona, status)
        assert b"Amtsberg" not in response.content, (name, method, persona)
        assert SECRET_TITLE.encode() not in response.content, (name, method, persona)

    anonymous = getattr(as_persona("anonymous"), method)(url, data)
    if anonymous.status_code == 302:
        assert anonymous.url.startswith(reverse("accounts:login")), anonymous.url
    else:
        assert anonymous.status_code == 405, (name, method, anonymous.status_code)
    assert b"Amtsberg" not in anonymous.content

    assert snapshot(municipality_a) == before


@pytest.mark.parametrize("name", tenant_routes())
@pytest.mark.parametrize("persona", ["coordinator", "editor", "contributor", "reader", "adviser"])
def test_people_of_a_get_what_their_role_allows(
    name, persona, municipality_a, objects_of_a, as_persona
) -> None:
    response = as_persona(persona).get(url_for(name, municipality_a, objects_of_a))
    allowed = TENANT_ROUTES[name].get
    if allowed is None:
        assert response.status_code == 405
    elif persona in allowed:
        assert response.status_code == 200
        if response["Content-Type"].startswith("text/html"):
            assert b"Amtsberg" in response.content
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(
    "name", sorted(n for n, r in TENANT_ROUTES.items() if r.get is None and not r.readers_write)
)
@pytest.mark.parametrize("persona", ["reader", "adviser"])
def test_readers_and_advisers_cannot_write(
    name, persona, municipality_a, objects_of_a, as_persona
) -> None:
    before = snapshot(municipality_a)
    response = as_persona(persona).post(
        url_for(name, municipality_a, objects_of_a),
        {
            "title": "Neu",
            "done": "true",
            "direction": "down",
            "role": "coordinator",
            "version": "1",
        },
    )
    assert response.status_code == 403
    assert snapshot(municipality_a) == before


def test_an_invitation_token_of_a_does_not_open_anything_for_b(objects_of_a, as_persona) -> None:
    url = reverse(
        "municipalities:accept_invitation",
        kwargs={"token": invitation_token(objects_of_a["invitation"])},
    )
    response = as_persona("outsider").get(url)
    assert response.status_code == 403  # logged in with another address
    assert (
        Membership.objects.filter(
            municipality=objects_of_a["invitation"].municipality,
            user__email="outsider@birkenwerder.example",
        ).count()
        == 0
    )


@pytest.mark.parametrize("token", ["x", "eyJpbnZpdGF0aW9uIjoxfQ:abc:def", "../../admin"])
def test_a_forged_invitation_token_is_refused(token, as_persona, people) -> None:
    response = as_persona("anonymous").get(f"/einladung/{token}/")
    assert response.status_code in {404, 410}
    assert b"Amtsberg" not in response.content


@pytest.mark.parametrize("persona", ["outsider", "superuser", "anonymous", "coordinator"])
def test_the_operator_area_is_closed_to_everybody_but_staff(persona, as_persona, people) -> None:
    for url in [reverse("admin:index"), reverse("admin:municipalities_municipality_changelist")]:
        response = as_persona(persona).get(url)
        assert response.status_code == 302
        assert reverse("admin:login") in response.url


def test_the_operator_area_is_open_to_the_operator(as_persona, people) -> None:
    operator = as_persona("operator")
    assert operator.get(reverse("admin:index")).status_code == 200
    response = operator.get(reverse("admin:municipalities_municipality_changelist"))
    assert response.status_code == 200
    assert b"Amtsberg" in response.content  # the operator manages the municipalities themselves


def test_personal_routes_need_a_login(as_persona, people) -> None:
    for name in ["municipalities:choose", "accounts:profile", "accounts:password_change"]:
        response = as_persona("anonymous").get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


# Published routes (transparency pages): tenant content on purpose, but only what was published.

EVERYBODY = ["coordinator", "editor", "contributor", "reader", "adviser", *NON_MEMBERS, "anonymous"]


def published_routes() -> list[str]:
    return [name for name, _ in iter_route_names() if classify(name) == "published"]


def is_strategy_page(name: str) -> bool:
    return "<int:strategy>" in dict(iter_route_names())[name]


@pytest.mark.parametrize("state", ["not switched on", "not adopted", "archived"])
@pytest.mark.parametrize("name", published_routes())
@pytest.mark.parametrize("persona", EVERYBODY)
def test_an_unpublished_strategy_of_a_is_hidden_from_everybody(
    state, name, persona, municipality_a, objects_of_a, as_persona
) -> None:
    from tests.tenant_objects import published_url

    public_page, status = {
        "not switched on": (False, Strategy.Status.ADOPTED),
        "not adopted": (True, Strategy.Status.CONSULTATION),
        "archived": (True, Strategy.Status.ARCHIVED),
    }[state]
    Strategy.objects.filter(pk=objects_of_a["strategy"].pk).update(
        public_page=public_page, status=status
    )
    response = as_persona(persona).get(published_url(name, municipality_a, objects_of_a))
    if is_strategy_page(name):
        assert response.status_code == 404, (name, persona, state)
    else:
        assert response.status_code == 200
    assert b"Digitalstrategie Amtsberg" not in response.content
    assert SECRET_TITLE.encode() not in response.content
    if persona in {*NON_MEMBERS, "anonymous"}:
        assert b"Amtsberg" not in response.content


@pytest.mark.parametrize("name", published_routes())
def test_a_published_strategy_of_a_shows_no_personal_data_to_anybody(
    name, municipality_a, objects_of_a, people, as_persona
) -> None:
    from tests.tenant_objects import publish, published_url

    publish(objects_of_a["strategy"])
    measure = objects_of_a["measure"]
    Measure.objects.filter(pk=measure.pk).update(status=Measure.Status.RUNNING, progress_percent=40)
    FieldOfAction.objects.filter(pk=objects_of_a["field"].pk).update(
        responsible=people["coordinator"]
    )
    measure.fields.add(objects_of_a["field"])
    url = published_url(name, municipality_a, objects_of_a)
    # steps, comments, milestones and the notes of status updates (monitoring) stay internal
    hidden = [f"{kind} {SECRET_TITLE}" for kind in ["Schritt", "Kommentar", "Meilenstein", "Stand"]]
    for person in filter(None, people.values()):
        hidden += [person.email, person.name]
    before = snapshot(municipality_a)
    for persona in EVERYBODY:
        response = as_persona(persona).get(url)
        assert response.status_code == 200, (name, persona)
        text = response.content.decode()
        assert "Digitalstrategie Amtsberg" in text
        if is_strategy_page(name):
            assert measure.title in text
            assert "Online-Quote" not in text  # indicators are not shown
        for secret in hidden:
            assert secret not in text, (name, persona, secret)
        assert as_persona(persona).post(url, {"title": "x"}).status_code == 405
    assert snapshot(municipality_a) == before


@pytest.mark.parametrize("name", [n for n in published_routes() if is_strategy_page(n)])
@pytest.mark.parametrize("persona", EVERYBODY)
def test_a_published_strategy_of_a_is_not_found_under_the_address_of_b(
    name, persona, municipality_a, municipality_b, objects_of_a, as_persona
) -> None:
    from tests.tenant_objects import publish, published_url

    publish(objects_of_a["strategy"])
    response = as_persona(persona).get(published_url(name, municipality_b, objects_of_a))
    assert response.status_code == 404
    assert b"Digitalstrategie Amtsberg" not in response.content


# Search (search:results, tests/routes.py SEARCH_ROUTES): each person finds only what they may
# view. A word only B's content holds is searched by every persona of A, and A's secret by
# everybody outside A.

ONLY_IN_B = "Quellwasserspeicher"


def search_results(client, word: str):
    """(status, the HTML of the results part) of a search for `word`."""
    response = client.get(reverse("search:results"), {"q": word})
    return response.status_code, response.content.decode().partition('id="search-results"')[2]


@pytest.mark.parametrize(
    "persona", ["coordinator", "editor", "contributor", "reader", "adviser", "operator",
                "superuser", "anonymous", "support"]
)  # fmt: skip
def test_a_word_only_in_b_is_found_by_nobody_of_a(
    persona, municipality_b, people, objects_of_a, as_persona
) -> None:
    from conftest import client_for
    from tests.tenant_objects import content_of_b

    content_of_b(municipality_b, people, term=ONLY_IN_B)
    # "support": the operator with an active support access of A
    client = (
        client_for(objects_of_a["support_access"].operator)
        if persona == "support"
        else as_persona(persona)
    )
    for word in [ONLY_IN_B, f"Vision {ONLY_IN_B}", "Birkenwerder"]:
        status, results = search_results(client, word)
        assert status == 200
        assert ONLY_IN_B not in results, (persona, word)
        assert "birkenwerder-nord" not in results, (persona, word)
        assert "/kommunen/" not in results, (persona, word)
    # B's own coordination finds all six: the word is there to be found
    status, results = search_results(as_persona("outsider"), ONLY_IN_B)
    assert status == 200 and "6 Ergebnisse" in results
    assert results.count("/kommunen/birkenwerder-nord/strategien/") == 6


@pytest.mark.parametrize("persona", ["outsider", "operator", "superuser", "anonymous"])
def test_nobody_outside_a_finds_the_content_of_a(persona, objects_of_a, as_persona) -> None:
    status, results = search_results(as_persona(persona), SECRET_TITLE)
    assert status == 200
    assert SECRET_TITLE not in results.replace("<mark>", "").replace("</mark>", "")
    assert "Amtsberg" not in results and "/kommunen/" not in results


@pytest.mark.parametrize("persona", ["coordinator", "reader", "adviser", "support"])
def test_the_people_of_a_find_its_content(persona, objects_of_a, as_persona) -> None:
    from conftest import client_for

    client = (
        client_for(objects_of_a["support_access"].operator)
        if persona == "support"
        else as_persona(persona)
    )
    status, results = search_results(client, SECRET_TITLE)
    assert status == 200
    plain = results.replace("<mark>", "").replace("</mark>", "")
    for kind in ["Feld", "Ziel", "Maßnahme", "Schritt"]:
        assert f"{kind} {SECRET_TITLE}" in plain, (persona, kind)
    assert "/kommunen/amtsberg/strategien/" in results


# The measure library (library/): A's strategy is unpublished and its measure unshared, so
# nobody, A's own people included, finds it there: not in the search, not in the suggestions,
# not by its id (profile, take-over).
LIBRARY_PERSONAS = ["coordinator", "editor", "contributor", "reader", "adviser", "outsider",
                    "operator", "superuser", "anonymous"]  # fmt: skip


@pytest.mark.parametrize("persona", LIBRARY_PERSONAS)
def test_an_unpublished_unshared_measure_of_a_is_never_in_the_library(
    persona, objects_of_a, as_persona
) -> None:
    measure = objects_of_a["measure"]
    client = as_persona(persona)
    login = persona == "anonymous"
    for url in [
        reverse("library:index"),
        f"{reverse('library:index')}?q=Maßnahme+{SECRET_TITLE.replace(' ', '+')}",
        f"{reverse('library:suggestions')}?title=Maßnahme+{SECRET_TITLE.replace(' ', '+')}",
    ]:
        response = client.get(url)
        assert response.status_code == (302 if login else 200), url
        page = response.content.decode()
        results = page[page.find('id="library-results"') :] if "library-results" in page else page
        if "?q=" in url:  # the page echoes the search term in its form
            results = results.split("</section>")[0]
        assert f"Maßnahme {SECRET_TITLE}" not in results, url
        assert reverse("library:measure", args=[measure.pk]) not in page, url
    for name in ("library:measure", "library:adopt"):
        response = client.get(reverse(name, args=[measure.pk]))
        assert response.status_code == (302 if login else 404), name
    before = snapshot(objects_of_a["strategy"].municipality)
    response = client.post(reverse("library:adopt", args=[measure.pk]), {"action": "confirm"})
    assert response.status_code == (302 if login else 404)
    assert snapshot(objects_of_a["strategy"].municipality) == before


# The discussion spaces ------------------------------------------------------------------------

DISCUSSION_SECRET = "Vertrauliches aus der Matrix-Werkstatt"


def discussion_routes() -> list[str]:
    return [
        n for n, _ in iter_route_names() if classify(n) == "discussion" and n != "discussions:index"
    ]


def discussion_rows() -> tuple:
    from schreibwerkstatt.audit.models import AuditEvent
    from schreibwerkstatt.discussions.models import DirectoryEntry, Post, Subscription, Topic

    return (
        list(Topic.objects.values_list("pk", "space_id", "title", "locked_at", "hidden_at")),
        list(Post.objects.values_list("pk", "text", "hidden_at", "deleted_at", "version")),
        list(Subscription.objects.values_list("user_id", "space_id", "topic_id")),
        list(DirectoryEntry.objects.values_list("pk", "listed", "function", "version")),
        AuditEvent.objects.filter(kind__startswith="discussion.").count(),
    )


@pytest.mark.parametrize("name", discussion_routes())
@pytest.mark.parametrize("method", ["get", "post"])
def test_nobody_outside_a_series_gets_anything_of_its_discussion(
    name, method, municipality_a, people, as_persona
) -> None:
    """A member of A who is not named for the series (the editor), an adviser who does not
    run it, B's coordinator and a superuser without the operator area: 404 (or 405), nothing
    of the space shown, nothing changed; anonymous visitors: the login."""
    from tests.tenant_objects import discussion_objects, discussion_url

    objects = discussion_objects(municipality_a, people, secret_title=DISCUSSION_SECRET)
    url = discussion_url(name, objects)
    before = discussion_rows()
    data = {"title": "Eingeschleust", "text": "Eingeschleust", "version": "1", "follow": "1",
            "locked": "1", "hidden": "1", "listed": "on", "space": objects["space"].pk}  # fmt: skip
    for persona in ["editor", "adviser", "outsider", "superuser"]:
        response = getattr(as_persona(persona), method)(url, data)
        assert response.status_code in {404, 405}, (name, method, persona, response.status_code)
        assert DISCUSSION_SECRET.encode() not in response.content, (name, method, persona)
    anonymous = getattr(as_persona("anonymous"), method)(url, data)
    if anonymous.status_code == 302:
        assert anonymous.url.startswith(reverse("accounts:login")), anonymous.url
    else:
        assert anonymous.status_code == 405, (name, method, anonymous.status_code)
    assert discussion_rows() == before
