"""Support access: the Koordination lets a named operator read the municipality's content
for a few days (docs/roles.md). Read only, shown to everybody in the municipality, revocable,
and every grant, revocation, expiry and page view is in the audit log."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from schreibwerkstatt.audit.models import AuditEvent, Kind
from schreibwerkstatt.comments.models import Comment
from schreibwerkstatt.jobs.models import Job
from schreibwerkstatt.municipalities.models import Invitation, Membership, Role, SupportAccess
from schreibwerkstatt.municipalities.services import (
    grant_support_access,
    record_expired_support_accesses,
    revoke_support_access,
)
from schreibwerkstatt.municipalities.tests.helpers import object_url
from schreibwerkstatt.strategies.models import Goal, Measure, Milestone, Step, Strategy
from tests.factories import UserFactory
from tests.routes import TENANT_ROUTES, iter_route_names
from tests.tenant_objects import build_objects, tenant_url

pytestmark = pytest.mark.django_db

SECRET = "Geheimer Entwurf aus Amtsberg"


# GET shows a form to write something (readers may write there, the operator may not)
WRITE_FORMS = {"revisions:comment"}


@pytest.fixture
def operator(db):
    return UserFactory(
        email="betrieb@plattform.example", name="Olga Operator", is_staff=True, is_superuser=True
    )


@pytest.fixture
def objects_of_a(municipality_a, people):
    return build_objects(municipality_a, people, secret_title=SECRET)


@pytest.fixture
def access(municipality_a, people, operator):
    return grant_support_access(
        municipality=municipality_a,
        operator=operator,
        days=3,
        reason="Die Übersicht lädt nicht",
        granted_by=people["coordinator"],
    )


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def tenant_routes() -> list[str]:
    return [name for name, _ in iter_route_names() if name in TENANT_ROUTES]


def url(name: str, municipality, objects) -> str:
    return tenant_url(name, TENANT_ROUTES[name], municipality, objects)


def support_url(municipality) -> str:
    return reverse("municipalities:support_access", kwargs={"slug": municipality.slug})


def content_of(municipality) -> tuple:
    """What an operator must not change."""
    return (
        tuple(Strategy.objects.order_by("pk").values_list("pk", "title", "public_page", "vision")),
        tuple(Measure.objects.order_by("pk").values_list("pk", "title", "version")),
        tuple(Goal.objects.order_by("pk").values_list("pk", "title")),
        tuple(Step.objects.order_by("pk").values_list("pk", "title", "done")),
        tuple(Milestone.objects.order_by("pk").values_list("pk", "title", "date")),
        tuple(Comment.objects.order_by("pk").values_list("pk", "text", "resolved")),
        tuple(Membership.objects.order_by("pk").values_list("pk", "role")),
        tuple(Invitation.objects.order_by("pk").values_list("pk", "revoked_at")),
        Job.objects.count(),
    )


# Reading and writing with a support access


def test_with_a_support_access_the_operator_reads_what_a_reader_reads(
    operator, access, municipality_a, objects_of_a
) -> None:
    client = client_for(operator)
    wrong = []
    for name in tenant_routes():
        route = TENANT_ROUTES[name]
        response = client.get(url(name, municipality_a, objects_of_a))
        if route.get is None:
            expected = 405
        elif name in WRITE_FORMS:
            expected = 403
        elif "reader" in route.get:
            expected = 200
        else:
            expected = 403
        if response.status_code != expected:
            wrong.append((name, response.status_code, expected))
    assert wrong == []


def test_with_a_support_access_the_operator_changes_nothing(
    operator, access, municipality_a, objects_of_a
) -> None:
    client = client_for(operator)
    before = content_of(municipality_a)
    data = {"title": "Vom Betrieb", "text": "Vom Betrieb", "done": "true", "public": "true",
            "role": "coordinator", "version": "1", "direction": "up"}  # fmt: skip
    wrong = []
    for name in tenant_routes():
        response = client.post(url(name, municipality_a, objects_of_a), data)
        if response.status_code not in {403, 405}:
            wrong.append((name, response.status_code))
    assert wrong == []
    assert content_of(municipality_a) == before
    assert SupportAccess.objects.get(pk=access.pk).is_active


def test_with_a_support_access_the_operator_may_not_comment(
    operator, access, municipality_a
) -> None:
    assert operator.has_perm("strategies.view_strategy", municipality_a)
    assert operator.has_perm("municipalities.view_members", municipality_a)
    assert not operator.has_perm("comments.add_comment", municipality_a)
    assert not operator.has_perm("revisions.add_reviewcomment", municipality_a)
    assert not operator.has_perm("strategies.change_strategy", municipality_a)
    assert not operator.has_perm("municipalities.manage_support_access", municipality_a)


def test_the_access_opens_only_the_municipality_that_granted_it(
    operator, access, municipality_b
) -> None:
    response = client_for(operator).get(
        reverse("process:dashboard", kwargs={"slug": municipality_b.slug})
    )
    assert response.status_code == 404


def test_the_access_is_only_for_the_named_operator(access, municipality_a, objects_of_a) -> None:
    colleague = UserFactory(email="kollege@plattform.example", is_staff=True, is_superuser=True)
    response = client_for(colleague).get(url("strategies:overview", municipality_a, objects_of_a))
    assert response.status_code == 404


def test_a_revoked_access_opens_nothing(
    operator, access, municipality_a, objects_of_a, people
) -> None:
    client = client_for(operator)
    overview = url("strategies:overview", municipality_a, objects_of_a)
    assert client.get(overview).status_code == 200
    revoke_support_access(access, revoked_by=people["coordinator"])
    response = client.get(overview)
    assert response.status_code == 404
    assert SECRET.encode() not in response.content


def test_an_expired_access_opens_nothing(operator, access, municipality_a, objects_of_a) -> None:
    client = client_for(operator)
    overview = url("strategies:overview", municipality_a, objects_of_a)
    assert client.get(overview).status_code == 200
    SupportAccess.objects.filter(pk=access.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(overview).status_code == 404
    members = url("municipalities:members", municipality_a, objects_of_a)
    assert client.get(members).status_code == 404


def test_an_operator_who_is_no_longer_staff_loses_the_access(
    operator, access, municipality_a, objects_of_a
) -> None:
    operator.is_staff = False
    operator.save()
    response = client_for(operator).get(url("strategies:overview", municipality_a, objects_of_a))
    assert response.status_code == 404


# The notice


def test_everybody_in_the_municipality_sees_the_notice(access, municipality_a, as_persona) -> None:
    date = timezone.localtime(access.expires_at).strftime("%d.%m.%Y")
    for persona in ["coordinator", "reader", "adviser"]:
        client = as_persona(persona)
        for page in ["process:dashboard", "municipalities:members"]:
            text = client.get(reverse(page, kwargs={"slug": municipality_a.slug})).content.decode()
            assert "Support-Zugang für Olga Operator bis " in text, (persona, page)
            assert date in text


def test_no_notice_without_an_active_access(access, municipality_a, as_persona, people) -> None:
    revoke_support_access(access, revoked_by=people["coordinator"])
    text = as_persona("reader").get(reverse("process:dashboard", kwargs={"slug": "amtsberg"}))
    assert "Support-Zugang" not in text.content.decode()


def test_the_operator_finds_the_access_on_their_start_page(
    operator, access, municipality_a
) -> None:
    response = client_for(operator).get(reverse("core:home"))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'href="/kommunen/amtsberg/"' in text
    assert reverse("admin:index") in text


def test_an_operator_without_access_sees_no_content_on_the_start_page(
    operator, municipality_a, objects_of_a
) -> None:
    response = client_for(operator).get(reverse("core:home"))
    assert response.status_code == 200
    assert SECRET.encode() not in response.content
    assert b'href="/kommunen/amtsberg/"' not in response.content


# Granting and revoking


def grant_data(who, **changes) -> dict:
    return {"operator": who.pk, "days": 5, "reason": "Export bricht ab", **changes}


def test_the_coordinator_grants_an_access(operator, municipality_a, as_persona, people) -> None:
    client = as_persona("coordinator")
    page = client.get(support_url(municipality_a))
    assert page.status_code == 200
    assert "Olga Operator (betrieb@plattform.example)" in page.content.decode()
    before = timezone.now()
    response = client.post(support_url(municipality_a), grant_data(operator), REMOTE_ADDR="192.0.2.7")  # fmt: skip
    assert response.status_code == 302
    access = SupportAccess.objects.get(municipality=municipality_a, operator=operator)
    assert access.granted_by == people["coordinator"]
    assert access.reason == "Export bricht ab"
    assert before + datetime.timedelta(days=5) <= access.expires_at
    assert access.expires_at <= timezone.now() + datetime.timedelta(days=5)
    event = AuditEvent.objects.get(kind=Kind.SUPPORT_GRANTED)
    assert event.actor == people["coordinator"]
    assert event.municipality == municipality_a
    assert event.ip_address == "192.0.2.7"
    assert event.object_id == str(access.pk)
    assert event.details["reason"] == "Export bricht ab"
    assert event.details["days"] == 5
    assert event.details["operator_email"] == "betrieb@plattform.example"
    listed = client.get(support_url(municipality_a)).content.decode()
    assert "Support-Zugang für Olga Operator bis " in listed


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"days": 0}, "mindestens einen Tag"),
        ({"days": 15}, "höchstens 14 Tage"),
        ({"days": "eine Woche"}, "ganze Zahl"),
        ({"reason": "   "}, "Dieses Feld ist zwingend erforderlich."),
        ({"operator": 999999}, "aufgeführten Personen aus dem Plattformbetrieb"),
    ],
)
def test_bad_input_grants_nothing(changes, message, operator, municipality_a, as_persona) -> None:
    response = as_persona("coordinator").post(
        support_url(municipality_a), grant_data(operator, **changes)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SupportAccess.objects.exists()
    assert not AuditEvent.objects.filter(kind=Kind.SUPPORT_GRANTED).exists()


def test_only_operators_can_be_chosen(municipality_a, as_persona, people) -> None:
    plain_superuser = UserFactory(email="super@plattform.example", is_superuser=True)
    client = as_persona("coordinator")
    for user in [people["reader"], people["outsider"], plain_superuser]:
        response = client.post(support_url(municipality_a), grant_data(user))
        assert response.status_code == 400
    assert not SupportAccess.objects.exists()


def test_a_second_access_for_the_same_operator_is_refused(
    operator, access, municipality_a, as_persona
) -> None:
    response = as_persona("coordinator").post(support_url(municipality_a), grant_data(operator))
    assert response.status_code == 400
    assert "hat bereits einen Support-Zugang bis" in response.content.decode()
    assert SupportAccess.objects.count() == 1


def test_the_coordinator_revokes_an_access(
    operator, access, municipality_a, as_persona, people
) -> None:
    response = as_persona("coordinator").post(
        object_url("revoke_support_access", access), REMOTE_ADDR="192.0.2.8"
    )
    assert response.status_code == 302
    access.refresh_from_db()
    assert access.revoked_at is not None
    assert access.revoked_by == people["coordinator"]
    event = AuditEvent.objects.get(kind=Kind.SUPPORT_REVOKED)
    assert (event.actor, event.municipality, event.ip_address) == (
        people["coordinator"],
        municipality_a,
        "192.0.2.8",
    )
    again = as_persona("coordinator").post(object_url("revoke_support_access", access))
    assert again.status_code == 409
    assert "bereits beendet" in again.content.decode()
    assert AuditEvent.objects.filter(kind=Kind.SUPPORT_REVOKED).count() == 1


@pytest.mark.parametrize("persona", ["editor", "contributor", "reader", "adviser"])
def test_other_roles_may_neither_grant_nor_revoke(
    persona, operator, access, municipality_a, as_persona
) -> None:
    client = as_persona(persona)
    assert client.get(support_url(municipality_a)).status_code == 403
    assert client.post(support_url(municipality_a), grant_data(operator)).status_code == 403
    assert client.post(object_url("revoke_support_access", access)).status_code == 403
    assert SupportAccess.objects.get(pk=access.pk).is_active
    assert SupportAccess.objects.count() == 1


def test_the_coordinator_of_another_municipality_learns_nothing(
    operator, access, municipality_a, municipality_b, as_persona
) -> None:
    client = as_persona("outsider")
    assert client.get(support_url(municipality_a)).status_code == 404
    assert client.post(support_url(municipality_a), grant_data(operator)).status_code == 404
    assert client.post(object_url("revoke_support_access", access)).status_code == 404
    # nor through their own address
    own = reverse(
        "municipalities:revoke_support_access",
        kwargs={"slug": municipality_b.slug, "pk": access.pk},
    )
    assert client.post(own).status_code == 404
    assert SupportAccess.objects.get(pk=access.pk).is_active
    assert SupportAccess.objects.count() == 1


def test_the_operator_can_neither_extend_nor_revoke_their_access(
    operator, access, municipality_a
) -> None:
    client = client_for(operator)
    assert client.get(support_url(municipality_a)).status_code == 403
    assert client.post(support_url(municipality_a), grant_data(operator, days=14)).status_code == 403  # fmt: skip
    assert client.post(object_url("revoke_support_access", access)).status_code == 403
    assert SupportAccess.objects.count() == 1


def test_anonymous_visitors_are_sent_to_the_login(access, municipality_a) -> None:
    for response in [
        Client().get(support_url(municipality_a)),
        Client().post(object_url("revoke_support_access", access)),
    ]:
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_revoking_answers_only_to_post(access, as_persona) -> None:
    assert (
        as_persona("coordinator").get(object_url("revoke_support_access", access)).status_code
        == 405
    )


# The audit log of the use


def test_every_page_the_operator_opens_is_logged(
    operator, access, municipality_a, objects_of_a
) -> None:
    client = client_for(operator)
    overview = url("strategies:overview", municipality_a, objects_of_a)
    members = url("municipalities:members", municipality_a, objects_of_a)
    client.get(overview, REMOTE_ADDR="198.51.100.4")
    client.get(members, REMOTE_ADDR="198.51.100.4")
    delete = url("strategies:measure_delete", municipality_a, objects_of_a)
    assert client.post(delete).status_code == 403
    used = list(AuditEvent.objects.filter(kind=Kind.SUPPORT_USED).order_by("pk"))
    assert [(e.details["method"], e.details["path"], e.details["refused"]) for e in used] == [
        ("GET", overview, False),
        ("GET", members, False),
        ("POST", delete, True),
    ]
    assert {(e.actor, e.municipality) for e in used} == {(operator, municipality_a)}
    assert used[0].ip_address == "198.51.100.4"


def test_members_opening_pages_leave_no_support_entries(
    access, municipality_a, objects_of_a, as_persona
) -> None:
    for persona in ["coordinator", "reader", "adviser"]:
        as_persona(persona).get(url("strategies:overview", municipality_a, objects_of_a))
    assert not AuditEvent.objects.filter(kind=Kind.SUPPORT_USED).exists()


def test_the_expiry_is_logged_once(operator, access, municipality_a) -> None:
    assert record_expired_support_accesses() == 0
    with time_machine.travel(access.expires_at + datetime.timedelta(minutes=5)):
        assert record_expired_support_accesses() == 1
        assert record_expired_support_accesses() == 0
    event = AuditEvent.objects.get(kind=Kind.SUPPORT_EXPIRED)
    assert event.municipality == municipality_a
    assert event.actor is None
    assert event.object_id == str(access.pk)


def test_a_revoked_access_is_not_logged_as_expired(access, people) -> None:
    revoke_support_access(access, revoked_by=people["coordinator"])
    with time_machine.travel(access.expires_at + datetime.timedelta(minutes=5)):
        assert record_expired_support_accesses() == 0
    assert not AuditEvent.objects.filter(kind=Kind.SUPPORT_EXPIRED).exists()


def test_the_worker_runs_the_expiry_periodically(settings) -> None:
    paths = [path for path, _every in settings.PERIODIC_TASKS]
    assert "schreibwerkstatt.municipalities.tasks.record_expired_support_accesses" in paths


def test_a_reader_cannot_become_coordinator_through_the_operator(
    operator, access, municipality_a, objects_of_a
) -> None:
    response = client_for(operator).post(
        url("municipalities:change_role", municipality_a, objects_of_a),
        {"role": Role.COORDINATOR, "version": 1},
    )
    assert response.status_code == 403
    assert Membership.objects.get(pk=objects_of_a["membership"].pk).role == Role.READER


def test_a_coordinator_cannot_revoke_the_access_of_another_municipality(
    operator, municipality_a, municipality_b, people, as_persona
) -> None:
    of_b = grant_support_access(
        municipality=municipality_b,
        operator=operator,
        days=2,
        reason="Hilfe für Birkenwerder",
        granted_by=people["outsider"],
    )
    under_a = reverse(
        "municipalities:revoke_support_access",
        kwargs={"slug": municipality_a.slug, "pk": of_b.pk},
    )
    assert as_persona("coordinator").post(under_a).status_code == 404
    assert (
        as_persona("coordinator").post(object_url("revoke_support_access", of_b)).status_code == 404
    )
    assert SupportAccess.objects.get(pk=of_b.pk).is_active
    page = as_persona("coordinator").get(support_url(municipality_a)).content.decode()
    assert "Hilfe für Birkenwerder" not in page
