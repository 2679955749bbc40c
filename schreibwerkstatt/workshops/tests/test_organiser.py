"""The organisers' pages (views/organiser.py): who may open them, the list of series, series
and sessions created, edited, published and cancelled with their mails and calendar files,
and the adviser's view of a series."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from schreibwerkstatt.process.models import ChecklistItem
from schreibwerkstatt.strategies.models import Strategy
from schreibwerkstatt.workshops import ics
from schreibwerkstatt.workshops.models import (
    Material,
    Participant,
    Registration,
    Series,
    Session,
)
from tests.factories import MembershipFactory, MunicipalityFactory, UserFactory
from tests.routes import ORGANISER_ROUTES

from .conftest import make_series

pytestmark = pytest.mark.django_db
Status = Registration.Status


def register(series, municipality, *people, status=Status.CONFIRMED, email="") -> Registration:
    registration = Registration.objects.create(
        series=series,
        municipality=municipality,
        status=status,
        registered_by=people[0] if people else None,
        confirmed_at=timezone.now() if status == Status.CONFIRMED else None,
    )
    for person in people:
        Participant.objects.create(registration=registration, user=person)
    if email:
        Participant.objects.create(registration=registration, email=email)
    return registration


def routes(series) -> dict[str, tuple[str, str]]:
    """name: (method, url) of every organiser page for `series` and its first session."""
    session = series.sessions.first()
    slug, pk = series.slug, session.pk
    return {
        "manage": ("get", reverse("workshops:manage")),
        "series_add": ("get", reverse("workshops:series_add")),
        "manage_series": ("get", reverse("workshops:manage_series", args=[slug])),
        "series_edit": ("get", reverse("workshops:series_edit", args=[slug])),
        "series_publish": ("post", reverse("workshops:series_publish", args=[slug])),
        "series_cancel": ("get", reverse("workshops:series_cancel", args=[slug])),
        "session_add": ("get", reverse("workshops:session_add", args=[slug])),
        "manage_session": ("get", reverse("workshops:manage_session", args=[slug, pk])),
        "session_edit": ("get", reverse("workshops:session_edit", args=[slug, pk])),
        "session_cancel": ("get", reverse("workshops:session_cancel", args=[slug, pk])),
        "session_attendance": ("post", reverse("workshops:session_attendance", args=[slug, pk])),
        "material_add": ("post", reverse("workshops:material_add", args=[slug, pk])),
        "session_notes": ("post", reverse("workshops:session_notes", args=[slug, pk])),
        "session_task_add": ("post", reverse("workshops:session_task_add", args=[slug, pk])),
        "session_follow_up": ("post", reverse("workshops:session_follow_up", args=[slug, pk])),
    }


@pytest.fixture
def series(db) -> Series:
    return make_series("fruehjahr-2027", title="Schreibwerkstatt Frühjahr 2027")


@pytest.mark.parametrize(
    "persona", ["coordinator", "editor", "contributor", "reader", "outsider", "superuser"]
)
def test_nobody_but_organisers_may_open_the_pages(series, people, as_persona, persona) -> None:
    registration = register(series, people["coordinator"].memberships.first().municipality,
                            people["coordinator"])  # fmt: skip
    client = as_persona(persona)
    every = routes(series)
    every["registration_withdraw"] = (
        "post",
        reverse("workshops:registration_withdraw", args=[series.slug, registration.pk]),
    )
    session = series.sessions.first()
    material = Material.objects.create(session=session, title="Folien", url="https://x.example")
    every["material_delete"] = (
        "post",
        reverse("workshops:material_delete", args=[series.slug, session.pk, material.pk]),
    )
    # ORGANISER_ROUTES also holds other apps' pages for the same people (statewide:overview)
    assert {f"workshops:{name}" for name in every} == {
        name for name in ORGANISER_ROUTES if name.startswith("workshops:")
    }
    for name, (method, url) in every.items():
        response = getattr(client, method)(url, {"confirm": "1"} if method == "post" else None)
        assert response.status_code == 403, name
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    assert Series.objects.get(pk=series.pk).cancelled_at is None
    assert Material.objects.filter(pk=material.pk).exists()


def test_anonymous_visitors_are_sent_to_the_login(series, as_persona) -> None:
    client = as_persona("anonymous")
    for name, (method, url) in routes(series).items():
        response = getattr(client, method)(url)
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("accounts:login")), name


@pytest.mark.parametrize("persona", ["adviser", "operator"])
def test_advisers_and_operators_open_every_page(series, as_persona, persona) -> None:
    client = as_persona(persona)
    for name, (method, url) in routes(series).items():
        if method == "get":
            assert client.get(url).status_code == 200, name


def test_an_inactive_adviser_is_no_organiser(series, people, client) -> None:
    adviser = UserFactory(is_adviser=True, is_active=False)
    client.force_login(adviser)
    assert client.get(reverse("workshops:manage")).status_code in (302, 403)


def test_post_only_routes_refuse_get(series, as_persona) -> None:
    client = as_persona("adviser")
    for name, (method, url) in routes(series).items():
        if method == "post":
            assert client.get(url).status_code == 405, name


def test_the_list_shows_every_series_with_its_state_and_places(
    series, municipality_a, municipality_b, as_persona, people
) -> None:
    make_series("entwurf", published=False, title="Entwurf Herbst")
    cancelled = make_series("abgesagt", title="Abgesagte Reihe", capacity=1)
    Series.objects.filter(pk=cancelled.pk).update(cancelled_at=timezone.now())
    register(cancelled, municipality_a, people["coordinator"])
    register(cancelled, municipality_b, people["outsider"], status=Status.WAITING)
    Session.objects.filter(series=series, title="Termin 2").update(cancelled_at=timezone.now())

    html = as_persona("adviser").get(reverse("workshops:manage")).content.decode()

    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    text = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]
    assert any("Entwurf Herbst" in t and "Entwurf" in t for t in text)
    assert any("Abgesagte Reihe abgesagt 2 1 von 1 1" in t for t in text), text
    assert any("Schreibwerkstatt Frühjahr 2027 veröffentlicht 1 0 von 10 0" in t for t in text)
    assert "Neuer Durchgang" in html


def test_the_list_costs_the_same_queries_for_few_and_many_series(
    as_persona, people, django_assert_max_num_queries
) -> None:
    client = as_persona("adviser")
    make_series("eins")
    url = reverse("workshops:manage")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for index in range(15):
        many = make_series(f"reihe-{index}", sessions=3, capacity=2)
        for number in range(3):
            municipality = MunicipalityFactory()
            register(many, municipality, UserFactory(),
                     status=Status.CONFIRMED if number < 2 else Status.WAITING)  # fmt: skip
    with CaptureQueriesContext(connection) as lots:
        response = client.get(url)
    assert response.content.decode().count('href="/beratung/termine/reihe-') == 15
    assert len(few.captured_queries) == len(lots.captured_queries)


# Series: create, edit, publish, cancel --------------------------------------------------


def series_data(**changes) -> dict:
    data = {
        "title": "Schreibwerkstatt Herbst 2027",
        "slug": "herbst-2027",
        "description": "Gemeinsam schreiben.",
        "target_group": "Koordinationen",
        "organiser": "Digitalagentur",
        "public": "on",
        "registration_opens": "",
        "registration_closes": "2027-09-01T18:00",
        "cancellation_deadline": "",
        "capacity": "12",
        "seats_per_municipality": "3",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_an_adviser_creates_a_draft_series_with_its_organisers(people, as_persona) -> None:
    adviser = people["adviser"]
    response = as_persona("adviser").post(
        reverse("workshops:series_add"), series_data(organisers=[adviser.pk])
    )
    assert response.status_code == 302
    series = Series.objects.get(slug="herbst-2027")
    assert response.url == reverse("workshops:manage_series", args=["herbst-2027"])
    assert not series.is_published and series.created_by == adviser
    assert list(series.organisers.all()) == [adviser]
    closes = timezone.localtime(series.registration_closes)
    assert (closes.date().isoformat(), closes.hour, str(closes.tzinfo)) == (
        "2027-09-01",
        18,
        "Europe/Berlin",
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"registration_opens": "2027-09-02T10:00"}, "registration_closes", "nach"),
        ({"capacity": "0"}, "capacity", "mindestens 1"),
        ({"seats_per_municipality": "51"}, "seats_per_municipality", "höchstens 50"),
        ({"slug": "fruehjahr-2027"}, "slug", "bereits"),
        ({"slug": "neu"}, "slug", "reserviert"),
        ({"slug": "benachrichtigen"}, "slug", "reserviert"),
        ({"registration_closes": "morgen"}, "registration_closes", "31.12.2026 18:00"),
        ({"title": ""}, "title", "erforderlich"),
    ],
)
def test_bad_series_input_gets_a_german_message_and_changes_nothing(
    series, as_persona, changes, field, message
) -> None:
    response = as_persona("adviser").post(reverse("workshops:series_add"), series_data(**changes))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert Series.objects.count() == 1


def test_a_typed_german_date_and_time_is_understood(as_persona) -> None:
    response = as_persona("adviser").post(
        reverse("workshops:series_add"), series_data(registration_closes="01.09.2027 18:00")
    )
    assert response.status_code == 302
    closes = timezone.localtime(Series.objects.get(slug="herbst-2027").registration_closes)
    assert (closes.day, closes.month, closes.hour) == (1, 9, 18)


def edit_data(series: Series, **changes) -> dict:
    data = series_data(
        title=series.title,
        slug=series.slug,
        registration_closes=timezone.localtime(series.registration_closes).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        capacity=str(series.capacity),
        seats_per_municipality=str(series.seats_per_municipality),
        version=str(series.version),
    )
    data.update(changes)
    return data


def test_editing_a_stale_series_answers_409_and_overwrites_nothing(series, as_persona) -> None:
    client = as_persona("adviser")
    url = reverse("workshops:series_edit", args=[series.slug])
    stale = edit_data(series, title="Meine Fassung")
    assert client.post(url, edit_data(series, title="Andere Fassung")).status_code == 302
    response = client.post(url, stale)
    assert response.status_code == 409
    assert "Andere Fassung" in response.content.decode()
    assert Series.objects.get(pk=series.pk).title == "Andere Fassung"


def test_the_capacity_cannot_fall_below_the_confirmed_and_more_places_move_waiting_ones_up(
    series, municipality_a, municipality_b, people, as_persona, django_capture_on_commit_callbacks
) -> None:
    Series.objects.filter(pk=series.pk).update(capacity=1)
    series.refresh_from_db()
    register(series, municipality_a, people["coordinator"])
    waiting = register(series, municipality_b, people["outsider"], status=Status.WAITING)
    client = as_persona("adviser")
    url = reverse("workshops:series_edit", args=[series.slug])
    response = client.post(url, edit_data(series, capacity="0"))
    assert response.status_code == 400
    third = MunicipalityFactory()
    register(series, third, UserFactory())  # confirmed beyond capacity by hand
    response = client.post(url, edit_data(series, capacity="1"))
    assert response.status_code == 400
    assert "2 Kommunen" in response.context["form"].errors["capacity"][0]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, edit_data(series, capacity="3"))
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [["outsider@birkenwerder.example"]]


def test_publishing_sets_published_at_once_and_needs_a_session(as_persona) -> None:
    draft = make_series("entwurf", published=False, sessions=0)
    client = as_persona("adviser")
    url = reverse("workshops:series_publish", args=[draft.slug])
    response = client.post(url, follow=True)
    assert "mindestens einen Termin" in response.content.decode()
    assert Series.objects.get(pk=draft.pk).published_at is None
    Session.objects.create(series=draft, title="Auftakt", starts=timezone.now() + timedelta(days=9),
                           duration=90, meeting_url="https://meet.example.org/a")  # fmt: skip
    client.post(url)
    published = Series.objects.get(pk=draft.pk)
    assert published.published_at is not None and published.announced_at is None
    response = client.post(url, follow=True)
    assert "bereits veröffentlicht" in response.content.decode()
    assert Series.objects.get(pk=draft.pk).published_at == published.published_at


def calendar_of(message) -> Calendar:
    (name, content, mimetype), *_ = message.attachments
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def test_cancelling_a_series_mails_everybody_registered_with_method_cancel(
    series, municipality_a, municipality_b, people, as_persona, django_capture_on_commit_callbacks
) -> None:
    register(series, municipality_a, people["coordinator"], people["editor"],
             email="neu@amtsberg.example")  # fmt: skip
    register(series, municipality_b, people["outsider"], status=Status.WAITING)
    gone = register(series, MunicipalityFactory(), UserFactory(email="weg@x.example"))
    Registration.objects.filter(pk=gone.pk).update(status=Status.CANCELLED)
    client = as_persona("adviser")
    url = reverse("workshops:series_cancel", args=[series.slug])
    assert "Durchgang absagen" in client.get(url).content.decode()
    assert client.post(url).status_code == 400  # without the confirmation
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"confirm": "1"}).status_code == 302
    series.refresh_from_db()
    assert series.is_cancelled
    assert sorted(m.to[0] for m in mail.outbox) == [
        "coordinator@amtsberg.example",
        "editor@amtsberg.example",
        "neu@amtsberg.example",
        "outsider@birkenwerder.example",
    ]
    calendar = calendar_of(mail.outbox[0])
    assert calendar["METHOD"] == "CANCEL"
    events = calendar.walk("VEVENT")
    assert {str(e["UID"]) for e in events} == {ics.session_uid(s) for s in series.sessions.all()}
    assert all(str(e["STATUS"]) == "CANCELLED" for e in events)
    assert Registration.objects.filter(series=series).exclude(status=Status.CANCELLED).count() == 2


# Sessions ------------------------------------------------------------------------------


def session_data(**changes) -> dict:
    future = timezone.localdate() + timedelta(days=40)
    data = {
        "title": "Auftakt",
        "date": future.isoformat(),
        "time": "09:30",
        "duration": "120",
        "format": "online",
        "meeting_url": "https://meet.example.org/auftakt",
        "venue": "",
        "address": "",
        "agenda": "Begrüßung",
        "phases": ["0", "1"],
    }
    data.update(changes)
    return data


def test_an_adviser_adds_a_session_in_berlin_time(series, as_persona) -> None:
    response = as_persona("adviser").post(
        reverse("workshops:session_add", args=[series.slug]), session_data()
    )
    assert response.status_code == 302
    session = Session.objects.get(series=series, title="Auftakt")
    local = timezone.localtime(session.starts)
    assert (local.hour, local.minute, str(local.tzinfo)) == (9, 30, "Europe/Berlin")
    assert session.phases == [0, 1] and session.sequence == 0


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"duration": "0"}, "duration", "mindestens 15 Minuten"),
        ({"duration": "10"}, "duration", "mindestens 15 Minuten"),
        ({"date": "2020-01-01"}, "date", "Vergangenheit"),
        ({"meeting_url": ""}, "meeting_url", "Videokonferenz"),
        ({"meeting_url": "javascript:alert(1)"}, "meeting_url", "http"),
        ({"meeting_url": "ftp://example.org/x"}, "meeting_url", "http"),
        ({"format": "in_person", "meeting_url": ""}, "venue", "Veranstaltungsort"),
        ({"phases": ["11"]}, "phases", "gültige"),
        ({"time": "25:00"}, "time", "09:30"),
        ({"date": "gestern"}, "date", "31.12.2026"),
    ],
)
def test_bad_session_input_gets_a_german_message_and_changes_nothing(
    series, as_persona, changes, field, message
) -> None:
    before = Session.objects.count()
    response = as_persona("adviser").post(
        reverse("workshops:session_add", args=[series.slug]), session_data(**changes)
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert Session.objects.count() == before


def edit_session_data(session: Session, **changes) -> dict:
    local = timezone.localtime(session.starts)
    data = session_data(
        title=session.title,
        date=local.date().isoformat(),
        time=local.strftime("%H:%M"),
        duration=str(session.duration),
        meeting_url=session.meeting_url,
        agenda=session.agenda,
        phases=[str(p) for p in session.phases],
        version=str(session.version),
    )
    data.update(changes)
    return data


def test_a_change_that_matters_raises_the_sequence_and_mails_the_updated_entry(
    series, municipality_a, municipality_b, people, as_persona, django_capture_on_commit_callbacks
) -> None:
    register(series, municipality_a, people["coordinator"], people["editor"])
    register(series, municipality_b, people["outsider"], status=Status.WAITING)
    session = series.sessions.first()
    client = as_persona("adviser")
    url = reverse("workshops:session_edit", args=[series.slug, session.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, edit_session_data(session, agenda="Nur die Tagesordnung"))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.sequence == 0 and mail.outbox == []  # the agenda alone tells nobody

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, edit_session_data(session, time="14:00"))
    session.refresh_from_db()
    assert session.sequence == 1 and timezone.localtime(session.starts).hour == 14
    assert sorted(m.to[0] for m in mail.outbox) == [
        "coordinator@amtsberg.example",
        "editor@amtsberg.example",
    ]  # confirmed registrations only
    event = calendar_of(mail.outbox[0]).walk("VEVENT")[0]
    assert str(event["UID"]) == ics.session_uid(session)
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART").hour == 14
    assert "geändert" in mail.outbox[0].subject


def test_editing_a_stale_session_answers_409(series, as_persona) -> None:
    session = series.sessions.first()
    client = as_persona("adviser")
    url = reverse("workshops:session_edit", args=[series.slug, session.pk])
    stale = edit_session_data(session, title="Meins")
    client.post(url, edit_session_data(session, title="Deins"))
    assert client.post(url, stale).status_code == 409
    assert Session.objects.get(pk=session.pk).title == "Deins"


def test_cancelling_a_session_mails_method_cancel_with_a_higher_sequence(
    series, municipality_a, people, as_persona, django_capture_on_commit_callbacks
) -> None:
    register(series, municipality_a, people["coordinator"])
    session = series.sessions.first()
    client = as_persona("operator")
    url = reverse("workshops:session_cancel", args=[series.slug, session.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"confirm": "1"}).status_code == 302
    session.refresh_from_db()
    assert session.is_cancelled and session.sequence == 1
    (message,) = mail.outbox
    calendar = calendar_of(message)
    assert calendar["METHOD"] == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == ics.session_uid(session) and int(event["SEQUENCE"]) == 1
    response = client.post(url, {"confirm": "1"}, follow=True)
    assert "bereits abgesagt" in response.content.decode()
    assert Session.objects.get(pk=session.pk).sequence == 1


# The adviser's view of a series --------------------------------------------------------


def fill(series, count: int, *, waiting: int = 0) -> list[Registration]:
    registrations = []
    for index in range(count + waiting):
        municipality = MunicipalityFactory(name=f"Gemeinde {index:03d}")
        people = [UserFactory() for _ in range(2)]
        for person in people:
            MembershipFactory(user=person, municipality=municipality)
        Strategy.objects.create(municipality=municipality, title=f"Strategie {index}")
        ChecklistItem.objects.create(municipality=municipality, phase=0, title="Auftrag", done=True)
        status = Status.CONFIRMED if index < count else Status.WAITING
        registrations.append(register(series, municipality, *people, status=status))
    return registrations


def test_the_series_view_shows_who_takes_part_attendance_and_progress(
    series, municipality_a, municipality_b, people, as_persona
) -> None:
    first = register(series, municipality_b, people["outsider"])
    second = register(series, municipality_a, people["coordinator"], people["editor"])
    waiting = register(series, MunicipalityFactory(name="Zossen"),
                       UserFactory(name="Wartende Person"), status=Status.WAITING)  # fmt: skip
    Strategy.objects.create(municipality=municipality_a, title="Geheimer Strategietitel")
    session = series.sessions.first()
    session.attendances.create(participant=second.participants.first())

    html = (
        as_persona("operator")
        .get(reverse("workshops:manage_series", args=[series.slug]))
        .content.decode()
    )

    confirmed = html.split('id="confirmed"')[1].split("</table>")[0]
    assert confirmed.index("Birkenwerder-Nord") < confirmed.index("Amtsberg")
    assert "Coordinator Amtsberg" in confirmed and "Editor Amtsberg" in confirmed
    assert "1 von 2" in confirmed  # A's attendance in the first session
    assert "Phase 0 Vorbereitung" in confirmed
    assert "Geheimer Strategietitel" not in html  # operators see figures, never content
    assert "Zossen" in html.split('id="waiting"')[1] and "Wartende Person" in html
    assert first.pk and waiting.pk


def test_the_series_view_costs_the_same_queries_for_small_and_large_series(
    as_persona, people
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_persona("adviser")
    small, large = make_series("klein", capacity=50), make_series("gross", sessions=6, capacity=30)
    fill(small, 1)
    registrations = fill(large, 30, waiting=5)
    for session in large.sessions.all():
        for registration in registrations[:30]:
            session.attendances.create(participant=registration.participants.first())
    counts = []
    for series in (small, large):
        url = reverse("workshops:manage_series", args=[series.slug])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries.captured_queries))
    assert response.content.decode().count('id="registration-') == 35
    assert counts[0] == counts[1], counts


def test_an_organiser_cancels_a_registration_and_the_first_waiting_moves_up(
    series, municipality_a, municipality_b, people, as_persona, django_capture_on_commit_callbacks
) -> None:
    Series.objects.filter(pk=series.pk).update(capacity=1, cancellation_deadline=timezone.now())
    confirmed = register(series, municipality_a, people["coordinator"])
    waiting = register(series, municipality_b, people["outsider"], status=Status.WAITING)
    client = as_persona("adviser")
    url = reverse("workshops:registration_withdraw", args=[series.slug, confirmed.pk])
    assert "Amtsberg" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"confirm": "1"}).status_code == 302
    confirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert (confirmed.status, waiting.status) == (Status.CANCELLED, Status.CONFIRMED)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "coordinator@amtsberg.example",
        "outsider@birkenwerder.example",
    ]
    response = client.post(url, {"confirm": "1"}, follow=True)
    assert "bereits storniert" in response.content.decode()


def test_a_registration_of_another_series_is_not_found(series, municipality_a, people, as_persona):
    other = make_series("andere")
    registration = register(other, municipality_a, people["coordinator"])
    url = reverse("workshops:registration_withdraw", args=[series.slug, registration.pk])
    assert as_persona("adviser").post(url, {"confirm": "1"}).status_code == 404
    assert Registration.objects.get(pk=registration.pk).status == Status.CONFIRMED


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("adviser", True), ("operator", True), ("coordinator", False), ("anonymous", False)],
)
def test_organisers_find_their_pages_from_the_calendar_and_the_series_page(
    series, people, as_persona, persona, shown
) -> None:
    client = as_persona(persona)
    calendar = client.get(reverse("workshops:calendar")).content.decode()
    page = client.get(reverse("workshops:series", args=[series.slug])).content.decode()
    assert ('href="/beratung/termine/"' in calendar) is shown
    assert (f'href="/beratung/termine/{series.slug}/"' in page) is shown


def test_a_session_of_a_cancelled_series_changes_without_telling_anybody(
    series, municipality_a, people, as_persona, django_capture_on_commit_callbacks
) -> None:
    register(series, municipality_a, people["coordinator"])
    Series.objects.filter(pk=series.pk).update(cancelled_at=timezone.now())
    session = series.sessions.first()
    url = reverse("workshops:session_edit", args=[series.slug, session.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = as_persona("adviser").post(url, edit_session_data(session, time="16:00"))
    assert response.status_code == 302
    session.refresh_from_db()
    assert timezone.localtime(session.starts).hour == 16 and session.sequence == 0
    assert mail.outbox == []


def test_a_new_session_is_mailed_to_the_confirmed_registrations(
    series, municipality_a, municipality_b, people, as_persona, django_capture_on_commit_callbacks
) -> None:
    register(series, municipality_a, people["coordinator"])
    register(series, municipality_b, people["outsider"], status=Status.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        as_persona("adviser").post(
            reverse("workshops:session_add", args=[series.slug]), session_data()
        )
    (message,) = mail.outbox
    assert message.to == ["coordinator@amtsberg.example"] and "Neuer Termin" in message.subject
    (event,) = calendar_of(message).walk("VEVENT")
    new = Session.objects.get(series=series, title="Auftakt")
    assert str(event["UID"]) == ics.session_uid(new) and int(event["SEQUENCE"]) == 0
