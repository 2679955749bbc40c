"""Registration, waiting list, cancellation with moving up, deadlines, participants, the
invitations sent with a registration, and the mails with their calendar files."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from schreibwerkstatt.municipalities.models import Invitation, Membership, Role
from schreibwerkstatt.municipalities.services import accept_invitation
from schreibwerkstatt.workshops import services
from schreibwerkstatt.workshops.models import Participant, Registration
from tests.factories import MembershipFactory, MunicipalityFactory, UserFactory

from .conftest import make_series

Status = Registration.Status
BASE = "http://testserver"


def coordinated_municipality(number: int):
    municipality = MunicipalityFactory(name=f"Gemeinde {number}", slug=f"gemeinde-{number}",
                                       ags=f"1207{number:04d}")  # fmt: skip
    user = UserFactory(
        email=f"koordination{number}@gemeinde.example", name=f"Koordination {number}"
    )
    MembershipFactory(user=user, municipality=municipality, role=Role.COORDINATOR)
    return municipality, user


def calendar_of(message) -> Calendar:
    files = [a for a in message.attachments if a[0].endswith(".ics")]
    assert len(files) == 1
    _name, content, mimetype = files[0]
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def test_registration_is_confirmed_and_mailed_with_a_valid_calendar_file(
    series, people, municipality_a, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register(
            series, municipality_a, by=people["coordinator"], users=[people["editor"]]
        )
    assert registration.status == Status.CONFIRMED
    assert sorted(m.to[0] for m in mail.outbox) == [
        "coordinator@amtsberg.example", "editor@amtsberg.example"]  # fmt: skip
    message = mail.outbox[0]
    assert "Anmeldung bestätigt" in message.subject
    calendar = calendar_of(message)
    assert calendar["METHOD"] == "PUBLISH"
    zones = [c for c in calendar.walk("VTIMEZONE")]
    assert [str(z["TZID"]) for z in zones] == ["Europe/Berlin"]
    events = calendar.walk("VEVENT")
    sessions = list(series.sessions.order_by("starts"))
    assert len(events) == len(sessions) == 2
    for event, session in zip(events, sessions, strict=True):
        assert str(event["UID"]).startswith(f"workshop-session-{session.pk}@")
    assert events[0]["DTSTART"].dt == sessions[0].starts
    assert str(events[0]["DTSTART"].params["TZID"]) == "Europe/Berlin"
    # The same session in a later file keeps its UID: calendars update instead of adding.
    uid = str(events[0]["UID"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(registration, by=people["coordinator"])
    cancelled = calendar_of(mail.outbox[0])
    assert cancelled["METHOD"] == "CANCEL"
    assert str(cancelled.walk("VEVENT")[0]["UID"]) == uid
    assert str(cancelled.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"


def test_beyond_the_capacity_registrations_wait_and_a_cancellation_moves_the_first_up(
    db, django_capture_on_commit_callbacks
) -> None:
    series = make_series(capacity=1)
    (first, c1), (second, c2), (third, c3) = (coordinated_municipality(n) for n in (1, 2, 3))
    one = services.register(series, first, by=c1, users=[c1])
    with django_capture_on_commit_callbacks(execute=True):
        two = services.register(series, second, by=c2, users=[c2])
    three = services.register(series, third, by=c3, users=[c3])
    assert [r.status for r in (one, two, three)] == [
        Status.CONFIRMED,
        Status.WAITING,
        Status.WAITING,
    ]
    assert "Warteliste" in mail.outbox[-1].subject and not mail.outbox[-1].attachments
    assert services.places_of(series) == services.Places(1, 1, 2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(one, by=c1)
    two.refresh_from_db()
    three.refresh_from_db()
    assert (two.status, three.status) == (Status.CONFIRMED, Status.WAITING)
    moved = [m for m in mail.outbox if m.to == [c2.email]]
    assert len(moved) == 1 and "Platz ist frei" in moved[0].subject
    assert calendar_of(moved[0])["METHOD"] == "PUBLISH"
    assert not [m for m in mail.outbox if m.to == [c3.email]]


def test_a_waiting_registration_that_cancels_moves_nobody_up(db) -> None:
    series = make_series(capacity=1)
    (first, c1), (second, c2), (third, c3) = (coordinated_municipality(n) for n in (1, 2, 3))
    services.register(series, first, by=c1, users=[c1])
    two = services.register(series, second, by=c2, users=[c2])
    services.register(series, third, by=c3, users=[c3])
    services.cancel(two, by=c2)
    assert services.places_of(series) == services.Places(1, 1, 1)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"closes_in_days": -1}, "closed"),
        ({"opens_in_days": 2}, "closed"),
        ({"published": False}, "closed"),
    ],
)
def test_registration_outside_the_window_is_refused(people, municipality_a, change, code) -> None:
    series = make_series(**change)
    with pytest.raises(ValidationError) as error:
        services.register(
            series, municipality_a, by=people["coordinator"], users=[people["editor"]]
        )
    assert error.value.code == code
    assert "geschlossen" in error.value.messages[0]
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("who", "code", "german"),
    [
        (["editor", "reader", "contributor", "coordinator"], "seats", "3 Plätze"),
        (["outsider"], "not_member", "Mitglieder"),
        ([], "no_participants", "mindestens eine"),
    ],
)
def test_bad_participants_are_refused(series, people, municipality_a, who, code, german) -> None:
    with pytest.raises(ValidationError) as error:
        services.register(series, municipality_a, by=people["coordinator"],
                          users=[people[p] for p in who])  # fmt: skip
    assert error.value.code == code and german in error.value.messages[0]
    assert not Registration.objects.exists()


def test_a_second_registration_of_one_municipality_is_refused(series, people, municipality_a):
    services.register(series, municipality_a, by=people["coordinator"], users=[people["editor"]])
    with pytest.raises(ValidationError) as error:
        services.register(
            series, municipality_a, by=people["coordinator"], users=[people["reader"]]
        )
    assert error.value.code == "registered" and "bereits angemeldet" in error.value.messages[0]
    assert Registration.objects.count() == 1


def test_cancelling_after_the_deadline_is_refused_but_organisers_may(
    series, people, municipality_a
) -> None:
    registration = services.register(series, municipality_a, by=people["coordinator"],
                                     users=[people["editor"]])  # fmt: skip
    late = series.sessions.order_by("starts").first().starts + timedelta(minutes=1)
    with pytest.raises(ValidationError) as error:
        services.cancel(registration, by=people["coordinator"], now=late)
    assert error.value.code == "deadline" and "Frist" in error.value.messages[0]
    assert Registration.objects.get().status == Status.CONFIRMED
    series.cancellation_deadline = timezone.now() - timedelta(hours=1)
    series.save()
    assert not services.may_still_cancel(series)
    services.cancel(registration, by=people["adviser"], enforce_deadline=False, now=late)
    assert Registration.objects.get().status == Status.CANCELLED


def test_register_team_invites_new_people_and_accepting_makes_them_participants(
    series, people, municipality_a, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register_team(
            series, municipality_a, by=people["coordinator"], users=[people["editor"]],
            emails=[" Neu@Amtsberg.example "], base_url=BASE)  # fmt: skip
    invitation = Invitation.objects.get(email="neu@amtsberg.example")
    assert (invitation.role, invitation.municipality) == (Role.CONTRIBUTOR, municipality_a)
    newcomer = registration.participants.get(user__isnull=True)
    assert (newcomer.email, newcomer.invitation) == ("neu@amtsberg.example", invitation)
    to = sorted(m.to[0] for m in mail.outbox)
    # The invitation and the confirmation (with the calendar) both reach the new person.
    assert to.count("neu@amtsberg.example") == 2
    user = UserFactory(email="neu@amtsberg.example", name="Neue Kollegin")
    accept_invitation(invitation, user)
    newcomer.refresh_from_db()
    assert newcomer.user == user
    assert Membership.objects.get(user=user).role == Role.CONTRIBUTOR


def test_an_accepted_invitation_of_someone_already_taking_part_leaves_one_row(
    series, people, municipality_a
) -> None:
    registration = services.register_team(
        series, municipality_a, by=people["coordinator"], users=[people["editor"]],
        emails=["zweitadresse@amtsberg.example"], base_url=BASE)  # fmt: skip
    accept_invitation(Invitation.objects.get(), people["editor"])
    assert list(registration.participants.values_list("user", flat=True)) == [people["editor"].pk]


def test_register_team_is_all_or_nothing(series, people, municipality_a) -> None:
    with pytest.raises(ValidationError):
        services.register_team(
            series, municipality_a, by=people["coordinator"],
            users=[people["editor"], people["reader"]],
            emails=["a@amtsberg.example", "b@amtsberg.example"], base_url=BASE)  # fmt: skip
    assert not Invitation.objects.exists() and not Registration.objects.exists()


def test_participants_are_added_within_the_seats_and_removed(series, people, municipality_a):
    registration = services.register(series, municipality_a, by=people["coordinator"],
                                     users=[people["editor"]])  # fmt: skip
    services.add_participants(registration, by=people["coordinator"], users=[people["reader"]],
                              emails=["gast@amtsberg.example"], base_url=BASE)  # fmt: skip
    assert registration.participants.count() == 3
    with pytest.raises(ValidationError) as error:
        services.add_participants(registration, by=people["coordinator"],
                                  users=[people["contributor"]], base_url=BASE)  # fmt: skip
    assert error.value.code == "seats"
    with pytest.raises(ValidationError) as error:
        services.add_participants(registration, by=people["coordinator"],
                                  users=[people["reader"]], base_url=BASE)  # fmt: skip
    assert error.value.code == "participant_twice"
    reader = registration.participants.get(user=people["reader"])
    services.remove_participant(reader, by=people["reader"])  # the person themselves
    guest = registration.participants.get(email="gast@amtsberg.example")
    services.remove_participant(guest, by=people["coordinator"])
    last = registration.participants.get()
    with pytest.raises(ValidationError) as error:
        services.remove_participant(last, by=people["coordinator"])
    assert error.value.code == "last_participant"
    assert list(Participant.objects.values_list("user", flat=True)) == [people["editor"].pk]
