"""A municipality's registration through its pages: registering (coordination only), the
registration page with participants, sessions, meeting link and materials, changing the
participants, cancelling, and the material download."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from schreibwerkstatt.municipalities.models import Invitation, Role
from schreibwerkstatt.workshops import services
from schreibwerkstatt.workshops.models import Material, Participant, Registration, Session
from tests.factories import MembershipFactory

from .conftest import make_series
from .test_services import coordinated_municipality

Status = Registration.Status


def register_url(series) -> str:
    return reverse("workshops:register", args=[series.slug])


def registration_url(series) -> str:
    return reverse("workshops:registration", args=[series.slug])


# Registering ---------------------------------------------------------------------------------


def test_the_coordination_registers_members_and_invites_new_people(
    series, people, municipality_a, django_capture_on_commit_callbacks
) -> None:
    client = client_for(people["coordinator"])
    form = client.get(register_url(series)).content.decode()
    assert "Was wir speichern und warum" in form and "Fortschrittszahlen" in form
    assert "Editor Amtsberg" in form and "Outsider" not in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(series), {
            "members": [people["editor"].pk, people["reader"].pk],
            "emails": "Neu@Amtsberg.example",
        })  # fmt: skip
    assert response.status_code == 302 and response.url == registration_url(series)
    registration = Registration.objects.get()
    assert (registration.status, registration.municipality) == (Status.CONFIRMED, municipality_a)
    assert sorted(str(p) for p in registration.participants.all()) == [
        "Editor Amtsberg", "Reader Amtsberg", "neu@amtsberg.example"]  # fmt: skip
    assert Invitation.objects.get().role == Role.CONTRIBUTOR
    assert {"editor@amtsberg.example", "neu@amtsberg.example"} <= {m.to[0] for m in mail.outbox}
    page = client.get(registration_url(series)).content.decode()
    assert "Bestätigt" in page and "eingeladen, noch nicht angenommen" in page


@pytest.mark.parametrize(
    ("data", "german"),
    [
        ({"members": []}, "mindestens eine"),
        ({"emails": "a@x.example b@x.example c@x.example d@x.example"}, "noch 3 Plätze frei"),
        ({"emails": "keine-adresse"}, "„keine-adresse“ ist keine gültige E-Mail-Adresse."),
        ({"emails": "editor@amtsberg.example"}, "gehört schon zu Ihrer Kommune"),
        ({"members": ["outsider"]}, "Mitglied der Kommune"),
        ({"members": ["99999"]}, "Mitglied der Kommune"),
    ],
)
def test_bad_input_gets_a_german_message_and_changes_nothing(series, people, data, german) -> None:
    if data.get("members") == ["outsider"]:
        data = {"members": [people["outsider"].pk]}
    response = client_for(people["coordinator"]).post(register_url(series), data)
    assert response.status_code == 200
    assert german in response.content.decode()
    assert not Registration.objects.exists() and not Invitation.objects.exists()


def test_a_closed_registration_and_a_second_one_change_nothing(people, municipality_a) -> None:
    client = client_for(people["coordinator"])
    closed = make_series("zu", closes_in_days=-1)
    response = client.post(register_url(closed), {"members": [people["editor"].pk]})
    assert response.status_code == 200 and "geschlossen" in response.content.decode()
    assert not Registration.objects.exists()
    series = make_series()
    services.register(series, municipality_a, by=people["coordinator"], users=[people["editor"]])
    response = client.post(register_url(series), {"members": [people["reader"].pk]})
    assert "bereits angemeldet" in response.content.decode()
    assert Registration.objects.get().participants.count() == 1


def test_a_full_series_takes_the_registration_on_the_waiting_list(people, municipality_b):
    series = make_series(capacity=1)
    services.register(series, municipality_b, by=people["outsider"], users=[people["outsider"]])
    client = client_for(people["coordinator"])
    form = client.get(register_url(series)).content.decode()
    assert 'id="waiting-list"' in form and "Warteliste" in form
    response = client.post(register_url(series), {"members": [people["editor"].pk]}, follow=True)
    assert "steht auf der Warteliste" in response.content.decode()
    assert Registration.objects.get(municipality__slug="amtsberg").status == Status.WAITING


def test_a_person_coordinating_two_municipalities_picks_one(people, municipality_b) -> None:
    series = make_series()
    coordinator = people["coordinator"]
    MembershipFactory(user=coordinator, municipality=municipality_b, role=Role.COORDINATOR)
    client = client_for(coordinator)
    choice = client.get(register_url(series)).content.decode()
    assert "Amtsberg" in choice and "Birkenwerder-Nord" in choice and "members" not in choice
    assert "Wählen Sie eine der Kommunen" in client.get(
        register_url(series) + "?kommune=gibt-es-nicht").content.decode()  # fmt: skip
    url = register_url(series) + "?kommune=birkenwerder-nord"
    assert "Outsider Birkenwerder" in client.get(url).content.decode()
    client.post(url, {"members": [people["outsider"].pk]})
    assert Registration.objects.get().municipality == municipality_b


@pytest.mark.parametrize(
    ("persona", "status"),
    [("editor", 403), ("reader", 403), ("adviser", 403), ("operator", 403), ("superuser", 403)],
)
def test_only_the_coordination_registers(series, people, persona, status) -> None:
    client = client_for(people[persona])
    assert client.get(register_url(series)).status_code == status
    assert (
        client.post(register_url(series), {"members": [people["editor"].pk]}).status_code == status
    )
    assert not Registration.objects.exists()


def test_visitors_are_sent_to_the_login_and_hidden_series_are_not_found(people) -> None:
    response = client_for(None).get(register_url(make_series()))
    assert response.status_code == 302 and reverse("accounts:login") in response.url
    for hidden in (make_series("entwurf", published=False),):
        assert client_for(people["coordinator"]).get(register_url(hidden)).status_code == 404


# The registration page -------------------------------------------------------------------------


@pytest.fixture
def registered(series, people, municipality_a):
    return services.register(series, municipality_a, by=people["coordinator"],
                             users=[people["editor"], people["reader"]])  # fmt: skip


def test_the_registration_page_belongs_to_the_municipality(registered, people) -> None:
    url = registration_url(registered.series)
    for persona in ("coordinator", "editor", "contributor"):
        page = client_for(people[persona]).get(url).content.decode()
        assert "Editor Amtsberg" in page and "Reader Amtsberg" in page, persona
    for persona in ("outsider", "adviser", "operator", "superuser"):
        page = client_for(people[persona]).get(url).content.decode()
        assert "Editor Amtsberg" not in page and 'id="not-registered"' in page, persona
    assert client_for(None).get(url).status_code == 302


def test_the_meeting_link_shows_shortly_before_and_only_to_participants(registered, people):
    series = registered.series
    session = series.sessions.order_by("starts").first()
    url = registration_url(series)
    assert "meet.example.org" not in client_for(people["editor"]).get(url).content.decode()
    Session.objects.filter(pk=session.pk).update(starts=timezone.now() + timedelta(minutes=30))
    assert "meet.example.org" in client_for(people["editor"]).get(url).content.decode()
    assert "meet.example.org" in client_for(people["adviser"]).get(url).content.decode()
    for persona in ("coordinator", "contributor", "outsider"):  # not taking part themselves
        assert "meet.example.org" not in client_for(people[persona]).get(url).content.decode()
    assert (
        "meet.example.org" not in client_for(None).get(series.get_absolute_url()).content.decode()
    )


def test_materials_are_for_participants_of_confirmed_registrations(registered, people):
    series = registered.series
    material = Material.objects.create(
        session=series.sessions.first(), title="Arbeitsblatt", file_name="blatt.pdf",
        content_type="application/pdf", content=b"%PDF-1.4 data", size=13)  # fmt: skip
    download = reverse("workshops:material", args=[series.slug, material.pk])
    page = client_for(people["editor"]).get(registration_url(series)).content.decode()
    assert "Arbeitsblatt" in page and download in page
    response = client_for(people["editor"]).get(download)
    assert response.status_code == 200 and response.content == b"%PDF-1.4 data"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    for persona in ("adviser", "operator"):
        assert client_for(people[persona]).get(download).status_code == 200
    for persona in (None, "outsider", "contributor", "coordinator", "superuser"):
        user = people[persona] if persona else None
        assert client_for(user).get(download).status_code == 404, persona
    Registration.objects.filter(pk=registered.pk).update(status=Status.WAITING)
    assert client_for(people["editor"]).get(download).status_code == 404
    # another series' material under this series' address: not found
    other = make_series("andere")
    foreign = Material.objects.create(session=other.sessions.first(), title="x",
                                      url="https://x.example", public=True)  # fmt: skip
    assert client_for(people["adviser"]).get(
        reverse("workshops:material", args=[series.slug, foreign.pk])).status_code == 404  # fmt: skip


def test_public_materials_are_for_everybody_once_the_series_is_over(db) -> None:
    series = make_series(starts_in_days=-30, closes_in_days=-40)
    public = Material.objects.create(session=series.sessions.first(), title="Folien",
                                     url="https://folien.example/", public=True)  # fmt: skip
    response = client_for(None).get(reverse("workshops:material", args=[series.slug, public.pk]))
    assert response.status_code == 302 and response.url == "https://folien.example/"
    running = make_series("laufend")
    early = Material.objects.create(session=running.sessions.first(), title="Folien",
                                    url="https://folien.example/", public=True)  # fmt: skip
    assert client_for(None).get(
        reverse("workshops:material", args=[running.slug, early.pk])).status_code == 404  # fmt: skip


def test_the_coordination_adds_and_removes_participants(registered, people) -> None:
    series = registered.series
    client = client_for(people["coordinator"])
    add = reverse("workshops:add_participants", args=[series.slug, registered.pk])
    prefix = f"r{registered.pk}"
    response = client.post(add, {f"{prefix}-members": [people["contributor"].pk],
                                 f"{prefix}-emails": "gast@amtsberg.example"})  # fmt: skip
    assert response.status_code == 200 and "noch 1 Platz frei" in response.content.decode()
    assert registered.participants.count() == 2
    response = client.post(add, {f"{prefix}-members": [people["contributor"].pk]})
    assert response.status_code == 302 and registered.participants.count() == 3
    reader = registered.participants.get(user=people["reader"])
    remove = reverse("workshops:remove_participant", args=[series.slug, registered.pk, reader.pk])
    assert client_for(people["editor"]).post(remove).status_code == 403
    assert client_for(people["outsider"]).post(remove).status_code == 404
    assert client.get(remove).status_code == 405
    assert client.post(remove).status_code == 302
    assert not registered.participants.filter(user=people["reader"]).exists()
    assert client_for(people["editor"]).post(add, {f"{prefix}-members": []}).status_code == 403


def test_a_participant_takes_themselves_off(registered, people) -> None:
    series = registered.series
    editor = registered.participants.get(user=people["editor"])
    page = client_for(people["editor"]).get(registration_url(series)).content.decode()
    assert "Ich kann nicht teilnehmen" in page
    url = reverse("workshops:remove_participant", args=[series.slug, registered.pk, editor.pk])
    response = client_for(people["editor"]).post(url)
    assert response.status_code == 302 and response.url == series.get_absolute_url()
    assert list(Participant.objects.values_list("user", flat=True)) == [people["reader"].pk]


def test_cancelling_asks_first_and_moves_the_first_waiting_up(
    registered, people, municipality_b, django_capture_on_commit_callbacks
) -> None:
    series = registered.series
    series.capacity = 1
    series.save()
    waiting = services.register(series, municipality_b, by=people["outsider"],
                                users=[people["outsider"]])  # fmt: skip
    url = reverse("workshops:cancel_registration", args=[series.slug, registered.pk])
    assert client_for(people["editor"]).get(url).status_code == 403
    assert client_for(people["outsider"]).get(url).status_code == 404
    client = client_for(people["coordinator"])
    assert "Möchten Sie die Anmeldung von Amtsberg" in client.get(url).content.decode()
    stale = client.post(url, {"version": registered.version - 1})
    assert "inzwischen geändert" in stale.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"version": registered.version})
    assert response.status_code == 302
    registered.refresh_from_db()
    waiting.refresh_from_db()
    assert (registered.status, waiting.status) == (Status.CANCELLED, Status.CONFIRMED)
    assert any(m.to == ["outsider@birkenwerder.example"] and "frei" in m.subject
               for m in mail.outbox)  # fmt: skip
    # the participants were told, then their names and addresses were deleted
    cancelled = [m for m in mail.outbox if "storniert" in m.subject]
    assert {m.to[0] for m in cancelled} == {
        "coordinator@amtsberg.example", "editor@amtsberg.example", "reader@amtsberg.example"}  # fmt: skip
    assert not registered.participants.exists()


def test_cancelling_after_the_deadline_is_refused(registered, people) -> None:
    series = registered.series
    series.cancellation_deadline = timezone.now() - timedelta(minutes=1)
    series.save()
    client = client_for(people["coordinator"])
    url = reverse("workshops:cancel_registration", args=[series.slug, registered.pk])
    response = client.post(url, {"version": registered.version})
    assert response.status_code == 200 and "Frist" in response.content.decode()
    assert Registration.objects.get().status == Status.CONFIRMED


def test_a_registration_of_another_municipality_is_not_found(registered, people, db) -> None:
    _municipality, coordinator = coordinated_municipality(7)
    url = reverse("workshops:cancel_registration", args=[registered.series.slug, registered.pk])
    assert client_for(coordinator).get(url).status_code == 404
    assert client_for(coordinator).post(url, {"version": registered.version}).status_code == 404
    assert Registration.objects.get().status == Status.CONFIRMED


def test_the_registration_page_answers_only_get(registered, people) -> None:
    client = client_for(people["coordinator"])
    assert client.post(registration_url(registered.series)).status_code == 405
    add = reverse("workshops:add_participants", args=[registered.series.slug, registered.pk])
    assert client.get(add).status_code == 405
