"""The operator (Plattform-Admin, a Django superuser) runs the platform but is no member of a
municipality: the application shows them nothing of its content and lets them change nothing
(docs/roles.md). Django lets superusers pass every permission check; User.has_perm stops that
for the permissions of django-rules."""

import pytest
from django.test import Client
from django.urls import reverse

from schreibwerkstatt.municipalities.models import Invitation, Membership, Role
from schreibwerkstatt.strategies.models import Goal, Measure, Milestone, Step, Strategy
from tests.factories import MembershipFactory, UserFactory
from tests.routes import TENANT_ROUTES, iter_route_names
from tests.tenant_objects import build_objects, tenant_url

pytestmark = pytest.mark.django_db

SECRET = "Geheimer Entwurf aus Amtsberg"


@pytest.fixture
def operator(db):
    return UserFactory(
        email="betrieb@plattform.example", name="Olga Operator", is_staff=True, is_superuser=True
    )


@pytest.fixture
def superuser(db):
    """A superuser without access to the operator area."""
    return UserFactory(email="super@plattform.example", name="Sven Super", is_superuser=True)


@pytest.fixture
def objects_of_a(municipality_a, people):
    return build_objects(municipality_a, people, secret_title=SECRET)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name: str, municipality, objects) -> str:
    return tenant_url(name, TENANT_ROUTES[name], municipality, objects)


def test_a_superuser_holds_no_municipality_permission(
    operator, superuser, municipality_a, objects_of_a
) -> None:
    measure = objects_of_a["measure"]
    measure.context_municipality = municipality_a
    for user in (operator, superuser):
        assert not user.has_perm("municipalities.view_municipality", municipality_a)
        assert not user.has_perm("municipalities.manage_members", municipality_a)
        assert not user.has_perm("strategies.change_strategy", municipality_a)
        assert not user.has_perm("strategies.change_measure", measure)
        assert not user.has_perms(
            ["strategies.view_strategy", "documents.view_document"], municipality_a
        )


def test_a_superuser_who_is_a_member_has_the_permissions_of_the_role(
    operator, municipality_a
) -> None:
    MembershipFactory(user=operator, municipality=municipality_a, role=Role.READER)
    assert operator.has_perm("strategies.view_strategy", municipality_a)
    assert not operator.has_perm("strategies.change_strategy", municipality_a)


@pytest.mark.parametrize("persona", ["operator", "superuser"])
def test_no_page_of_a_municipality_opens_for_a_superuser(
    persona, request, municipality_a, objects_of_a
) -> None:
    client = client_for(request.getfixturevalue(persona))
    opened = []
    for name in [name for name, _ in iter_route_names() if name in TENANT_ROUTES]:
        response = client.get(url(name, municipality_a, objects_of_a))
        expected = 405 if TENANT_ROUTES[name].get is None else 404
        if response.status_code != expected or SECRET.encode() in response.content:
            opened.append((name, response.status_code))
    assert opened == []


def test_the_operator_cannot_read_the_strategy_members_job_file_or_markdown(
    operator, municipality_a, objects_of_a, people
) -> None:
    client = client_for(operator)
    for name in [
        "strategies:overview",
        "municipalities:members",
        "jobs:download",
        "documents:markdown",
        "process:dashboard",
    ]:
        response = client.get(url(name, municipality_a, objects_of_a))
        assert response.status_code == 404, name
        assert people["reader"].email.encode() not in response.content
        assert b"Digitalstrategie Amtsberg" not in response.content


def test_the_operator_cannot_change_anything(
    operator, municipality_a, objects_of_a, people
) -> None:
    client = client_for(operator)
    strategy = objects_of_a["strategy"]
    requests = [
        ("strategies:edit", {"title": "Vom Betrieb geändert", "version": strategy.version}),
        ("strategies:measure_delete", {}),
        ("strategies:goal_delete", {}),
        ("strategies:step_delete", {}),
        ("roadmap:milestone_delete", {"version": objects_of_a["milestone"].version}),
        ("municipalities:change_role", {"role": Role.COORDINATOR}),
        ("municipalities:remove_member", {}),
        ("municipalities:revoke_invitation", {}),
        ("transparency:toggle", {"public": "true"}),
    ]
    answers = {
        name: client.post(url(name, municipality_a, objects_of_a), data).status_code
        for name, data in requests
    }
    assert answers == {name: 404 for name, _data in requests}

    strategy.refresh_from_db()
    assert strategy.title == "Digitalstrategie Amtsberg"
    assert strategy.public_page is False
    assert Strategy.objects.filter(pk=strategy.pk).exists()
    assert Measure.objects.filter(pk=objects_of_a["measure"].pk).exists()
    assert Goal.objects.filter(pk=objects_of_a["goal"].pk).exists()
    assert Step.objects.filter(pk=objects_of_a["step"].pk).exists()
    assert Milestone.objects.filter(pk=objects_of_a["milestone"].pk).exists()
    membership = Membership.objects.get(pk=objects_of_a["membership"].pk)
    assert membership.role == Role.READER
    assert Invitation.objects.get(pk=objects_of_a["invitation"].pk).revoked_at is None


def test_the_operator_lists_no_municipality_as_their_own(
    operator, municipality_a, objects_of_a
) -> None:
    client = client_for(operator)
    home = client.get(reverse("core:home"))
    assert home.status_code == 200
    assert SECRET.encode() not in home.content
    tasks = client.get(reverse("personal:my_tasks"))
    assert tasks.status_code == 200
    assert SECRET.encode() not in tasks.content


def test_the_operator_area_still_works_for_the_operator(operator, municipality_a) -> None:
    client = client_for(operator)
    assert client.get(reverse("admin:index")).status_code == 200
    changelist = client.get(reverse("admin:municipalities_municipality_changelist"))
    assert changelist.status_code == 200
    assert b"Amtsberg" in changelist.content
    change = client.get(
        reverse("admin:municipalities_municipality_change", args=[municipality_a.pk])
    )
    assert change.status_code == 200
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
