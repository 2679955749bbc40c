"""The public calendar /termine/ and the page of one series: what visitors, members and
organisers see, counts instead of names, and queries independent of the data's size."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from schreibwerkstatt.guides.models import Guide
from schreibwerkstatt.workshops import services
from schreibwerkstatt.workshops.models import Material, Session
from tests.queries import warm_get_queries

from .conftest import make_series
from .test_services import coordinated_municipality

CALENDAR = reverse("workshops:calendar")


def page(client, url: str = CALENDAR, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def test_the_calendar_shows_upcoming_public_series_with_dates_and_free_places(client, db) -> None:
    series = make_series(capacity=5, seats=2)
    session = series.sessions.order_by("starts").first()
    Session.objects.filter(pk=session.pk).update(
        starts=timezone.make_aware(timezone.datetime(2099, 3, 9, 10, 0)), duration=120
    )
    municipality, coordinator = coordinated_municipality(1)
    services.register(series, municipality, by=coordinator, users=[coordinator])
    html = page(client)
    assert "Schreibwerkstatt fruehjahr-2027" in html
    assert "Koordinationen und Kernteams" in html and "Digitalagentur Brandenburg" in html
    assert "Mo., 9. März 2099, 10:00–12:00 Uhr" in html
    assert "noch 4 Plätze frei" in html
    assert "Online" in html and reverse("workshops:register", args=[series.slug]) in html
    # counts, never names of municipalities or people
    assert "Gemeinde 1" not in html and "Koordination 1" not in html


def test_a_full_series_says_waiting_list_and_closed_ones_say_so(client, db) -> None:
    full = make_series("voll", capacity=1)
    municipality, coordinator = coordinated_municipality(1)
    services.register(full, municipality, by=coordinator, users=[coordinator])
    make_series("spaeter", opens_in_days=3)
    make_series("vorbei", closes_in_days=-1)
    html = page(client)
    assert "ausgebucht – Warteliste" in html
    assert "Anmeldung ab " in html
    assert "Anmeldeschluss vorbei" in html
    assert html.count("Auf die Warteliste") == 1
    series_page = client.get(full.get_absolute_url()).content.decode()
    assert "Kein Platz ist mehr frei." in series_page and "0 Plätze" not in series_page


def test_invitation_only_and_unpublished_series_stay_hidden_from_visitors(client, people) -> None:
    make_series("nur-einladung", public=False)
    make_series("entwurf", published=False)
    html = page(client)
    assert "nur-einladung" not in html and "entwurf" not in html
    member = page(client_for(people["reader"]))
    assert "nur-einladung" in member and "entwurf" not in member
    assert "entwurf" not in page(client_for(people["adviser"]))  # drafts: organisers' pages


def test_without_upcoming_dates_the_calendar_says_so(client, db) -> None:
    html = page(client)
    assert 'id="no-dates"' in html and "Zurzeit sind keine Termine geplant." in html
    assert f'href="{reverse("workshops:subscribe")}"' in html


def test_the_calendar_always_offers_news_by_mail_and_the_calendar_feed(client, db) -> None:
    make_series(slug="bald")
    html = page(client)
    assert 'id="no-dates"' not in html
    assert f'href="{reverse("workshops:subscribe")}"' in html
    assert f'href="{reverse("workshops:feed")}"' in html


def test_past_series_show_their_public_materials_only(client, db) -> None:
    past = make_series("vergangen", starts_in_days=-30, closes_in_days=-40)
    session = past.sessions.first()
    shared = Material.objects.create(session=session, title="Folien zum Auftakt",
                                     file_name="folien.pdf", content=b"%PDF-1.4", size=8,
                                     content_type="application/pdf", public=True)  # fmt: skip
    Material.objects.create(session=session, title="Internes Protokoll", url="https://x.example",
                            public=False)  # fmt: skip
    html = page(client)
    assert 'id="past"' in html and "Folien zum Auftakt" in html
    assert "Internes Protokoll" not in html
    assert reverse("workshops:material", args=[past.slug, shared.pk]) in html


def test_the_calendar_runs_a_fixed_number_of_queries(
    client, people, django_assert_max_num_queries
) -> None:
    def add(number: int) -> None:
        series = make_series(f"reihe-{number}", sessions=3)
        past = make_series(f"alt-{number}", sessions=2, starts_in_days=-60, closes_in_days=-70)
        for session in past.sessions.all():
            Material.objects.create(session=session, title="Folien", url="https://x.example",
                                    public=True)  # fmt: skip
        municipality, coordinator = coordinated_municipality(number)
        services.register(series, municipality, by=coordinator, users=[coordinator])

    counts = {}
    for offset, persona in ((0, "anonymous"), (10, "coordinator")):
        add(offset + 1)
        user_client = client_for(people[persona])
        small = warm_get_queries(user_client, CALENDAR, django_assert_max_num_queries, 12)
        for number in range(2, 8):
            add(offset + number)
        large = warm_get_queries(user_client, CALENDAR, django_assert_max_num_queries, 12)
        counts[persona] = (small, large)
        assert small == large, (persona, small, large)
    print("queries_calendar_small/large", counts)


def test_the_series_page_shows_sessions_agenda_phases_and_readable_guides(client, people):
    series = make_series()
    session = series.sessions.order_by("starts").first()
    public_guide = Guide.objects.create(slug="vorbereitung-test", title="Vorbereitung leicht",
                                        summary="s", body="b", public=True)  # fmt: skip
    members_guide = Guide.objects.create(slug="intern-test", title="Nur für Mitglieder",
                                         summary="s", body="b", public=False)  # fmt: skip
    session.guides.add(public_guide, members_guide)
    html = page(client, series.get_absolute_url())
    assert "Begrüßung" in html and "Bestandsaufnahme" in html  # agenda and the phase
    assert "Vorbereitung leicht" in html and "Nur für Mitglieder" not in html
    assert "https://meet.example.org" not in html  # the meeting link: participants only
    assert "Nur für Mitglieder" in page(client_for(people["reader"]), series.get_absolute_url())


@pytest.mark.parametrize(
    ("persona", "public", "published", "status"),
    [
        ("anonymous", False, True, 404),
        ("superuser", False, True, 404),
        ("reader", False, True, 200),
        ("outsider", False, True, 200),
        ("anonymous", True, False, 404),
        ("coordinator", True, False, 404),
        ("outsider", True, False, 404),
        ("adviser", True, False, 200),
        ("operator", True, False, 200),
        ("anonymous", True, True, 200),
    ],
)
def test_who_sees_a_series_page(people, persona, public, published, status) -> None:
    series = make_series(public=public, published=published)
    page(client_for(people[persona]), series.get_absolute_url(), status)


def test_the_series_page_tells_the_viewers_municipality_its_state(people, municipality_a):
    series = make_series(capacity=1)
    services.register(series, municipality_a, by=people["coordinator"], users=[people["editor"]])
    url = series.get_absolute_url()
    html = page(client_for(people["reader"]))  # the calendar
    assert "Amtsberg ist angemeldet" in html
    coordinator = page(client_for(people["coordinator"]), url)
    assert "Amtsberg ist angemeldet" in coordinator and "Anmeldung absagen" in coordinator
    outsider = page(client_for(people["outsider"]), url)
    assert "Amtsberg" not in outsider and "Auf die Warteliste" in outsider
    assert 'id="waiting-explained"' in outsider
    assert "Anmeldung absagen" not in page(client_for(people["reader"]), url)


def test_the_series_page_runs_a_fixed_number_of_queries(
    people, municipality_a, django_assert_max_num_queries
) -> None:
    series = make_series(capacity=50, sessions=1)
    services.register(series, municipality_a, by=people["coordinator"], users=[people["editor"]])
    client = client_for(people["coordinator"])
    url = series.get_absolute_url()
    small = warm_get_queries(client, url, django_assert_max_num_queries, 14)
    now = timezone.now()
    for number in range(5):
        Session.objects.create(series=series, title=f"Mehr {number}", duration=60,
                               starts=now + timedelta(days=40 + number), format="in_person",
                               venue="Rathaus", address="Markt 1")  # fmt: skip
        municipality, coordinator = coordinated_municipality(number + 1)
        services.register(series, municipality, by=coordinator, users=[coordinator])
    large = warm_get_queries(client, url, django_assert_max_num_queries, 14)
    print("queries_series_small/large", small, large)
    assert small == large


def test_the_start_page_shows_the_next_public_dates(client, db) -> None:
    from schreibwerkstatt.workshops.workshop_dates import upcoming

    series = make_series()
    make_series("geheim", public=False)
    dates = upcoming()
    assert [d.title for d in dates] == [f"{series.title}: Termin 1", f"{series.title}: Termin 2"]
    assert dates[0].place == "Online" and dates[0].url == series.get_absolute_url()
    html = page(client, "/")
    assert 'id="workshops"' in html and f"{series.title}: Termin 1" in html
    assert f'href="{CALENDAR}">Alle Workshop-Termine</a>' in html
    assert "geheim" not in html


def test_the_public_pages_answer_only_get(client, series) -> None:
    assert client.post(CALENDAR).status_code == 405
    assert client.post(series.get_absolute_url()).status_code == 405
