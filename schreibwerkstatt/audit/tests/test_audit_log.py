"""The audit log: append-only, written by audit.services.record, read by the Koordination
for its municipality (this page) and by operators in the operator area."""

import pytest
from django.test import Client
from django.urls import reverse

from schreibwerkstatt.audit.models import AppendOnlyError, AuditEvent, Kind
from schreibwerkstatt.audit.services import record
from schreibwerkstatt.municipalities.services import grant_support_access
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(db):
    return UserFactory(
        email="betrieb@plattform.example", name="Olga Operator", is_staff=True, is_superuser=True
    )


def log_url(municipality) -> str:
    return reverse("municipalities:audit_log", kwargs={"slug": municipality.slug})


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_event_cannot_be_changed_or_deleted(municipality_a, people) -> None:
    event = record(Kind.SUPPORT_USED, actor=people["reader"], municipality=municipality_a)
    event.details = {"path": "/anders/"}
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(kind=Kind.SUPPORT_GRANTED)
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.details == {}
    assert stored.actor_label == "Reader Amtsberg <reader@amtsberg.example>"
    assert stored.municipality_label == "Amtsberg"


def test_an_event_outlives_the_person(municipality_a) -> None:
    person = UserFactory(email="weg@amtsberg.example", name="Bald Weg")
    event = record(Kind.SUPPORT_USED, actor=person, municipality=municipality_a)
    person_pk = person.pk
    person.delete()
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor_id == person_pk
    assert stored.actor_label == "Bald Weg <weg@amtsberg.example>"


def test_the_coordinator_reads_the_events_of_their_municipality(
    operator, municipality_a, municipality_b, people, as_persona
) -> None:
    for municipality, reason, coordinator in (
        (municipality_a, "Fehler beim Export ansehen", people["coordinator"]),
        (municipality_b, "Geheimer Grund aus Birkenwerder", people["outsider"]),
    ):
        grant_support_access(
            municipality=municipality,
            operator=operator,
            days=2,
            reason=reason,
            granted_by=coordinator,
        )
    response = as_persona("coordinator").get(log_url(municipality_a))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Protokoll" in text
    assert "Support-Zugang erteilt" in text
    assert "Fehler beim Export ansehen" in text
    assert "Coordinator Amtsberg" in text
    assert "Birkenwerder" not in text


def test_the_log_is_paginated(municipality_a, people, as_persona) -> None:
    for number in range(120):
        record(
            Kind.SUPPORT_USED,
            actor=people["reader"],
            municipality=municipality_a,
            details={"method": "GET", "path": f"/seite-{number}/", "refused": False},
        )
    client = as_persona("coordinator")
    first = client.get(log_url(municipality_a)).content.decode()
    assert first.count("/seite-") == 50
    assert "/seite-119/" in first  # newest first
    assert "Seite 1 von 3" in first
    last = client.get(log_url(municipality_a), {"page": 3}).content.decode()
    assert last.count("/seite-") == 20
    assert "/seite-0/" in last
    assert client.get(log_url(municipality_a), {"page": 4}).status_code == 404
    bad = client.get(log_url(municipality_a), {"page": "zwei"})
    assert bad.status_code == 400
    assert "Seitenzahl" in bad.content.decode()
    assert client.get(log_url(municipality_a), {"page": 0}).status_code == 400


def test_the_log_has_a_fixed_number_of_queries(
    municipality_a, people, as_persona, django_assert_num_queries, django_assert_max_num_queries
) -> None:
    client = as_persona("coordinator")
    record(Kind.SUPPORT_USED, actor=people["reader"], municipality=municipality_a)
    client.get(log_url(municipality_a))
    with django_assert_max_num_queries(6) as small:
        client.get(log_url(municipality_a))
    for _ in range(30):
        record(Kind.SUPPORT_USED, actor=people["reader"], municipality=municipality_a)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(log_url(municipality_a))


@pytest.mark.parametrize("persona", ["editor", "contributor", "reader", "adviser"])
def test_other_roles_do_not_read_the_log(persona, municipality_a, as_persona) -> None:
    assert as_persona(persona).get(log_url(municipality_a)).status_code == 403


def test_the_coordinator_of_another_municipality_learns_nothing(municipality_a, as_persona) -> None:
    response = as_persona("outsider").get(log_url(municipality_a))
    assert response.status_code == 404
    assert b"Amtsberg" not in response.content


def test_anonymous_visitors_are_sent_to_the_login(municipality_a, people) -> None:
    response = Client().get(log_url(municipality_a))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_log_answers_only_to_get(municipality_a, as_persona) -> None:
    assert as_persona("coordinator").post(log_url(municipality_a)).status_code == 405


def test_an_operator_reads_it_in_the_operator_area_not_here(
    operator, municipality_a, people
) -> None:
    grant_support_access(
        municipality=municipality_a,
        operator=operator,
        days=2,
        reason="Hilfe",
        granted_by=people["coordinator"],
    )
    client = client_for(operator)
    # with a support access the operator reads the content, not the log of the municipality
    assert client.get(log_url(municipality_a)).status_code == 403
    changelist = client.get(reverse("admin:audit_auditevent_changelist"))
    assert changelist.status_code == 200
    assert "Amtsberg" in changelist.content.decode()
    event = AuditEvent.objects.filter(kind=Kind.SUPPORT_GRANTED).get()
    assert client.get(reverse("admin:audit_auditevent_change", args=[event.pk])).status_code == 200
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403  # fmt: skip
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_people_outside_the_operator_area_do_not_see_all_events(municipality_a, as_persona) -> None:
    response = as_persona("coordinator").get(reverse("admin:audit_auditevent_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url
