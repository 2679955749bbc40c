"""The adviser's cockpit /beratung/ (views.cockpit, cockpit.py)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schreibwerkstatt.advising.models import AdviceRequest
from schreibwerkstatt.comments.services import add_comment
from schreibwerkstatt.municipalities.models import Kind
from schreibwerkstatt.strategies.models import Measure, Strategy
from schreibwerkstatt.workshops.models import Registration
from schreibwerkstatt.workshops.tests.conftest import make_series
from tests.factories import MunicipalityFactory
from tests.queries import warm_get_queries

from .conftest import advised_municipalities

pytestmark = pytest.mark.django_db
URL = reverse("advising:cockpit")


def registered(series, municipality) -> Registration:
    return Registration.objects.create(
        series=series, municipality=municipality, status=Registration.Status.CONFIRMED
    )


def names_in_order(response) -> list[str]:
    return re.findall(
        r'<th scope="row" class="kern-table__cell"><a class="kern-link" href="[^"]+">([^<]+)</a>',
        response.content.decode(),
    )


def test_it_lists_only_the_advisers_own_municipalities(as_persona, adviser, other_adviser) -> None:
    mine = advised_municipalities(adviser, 2)
    advised_municipalities(other_adviser, 1, prefix="fremd")
    response = as_persona("adviser").get(URL)
    assert response.status_code == 200
    assert set(names_in_order(response)) == {"Amtsberg", *(m.name for m in mine)}
    assert "Fremd" not in response.content.decode()


@pytest.mark.parametrize("persona", ["coordinator", "reader", "outsider", "operator", "superuser"])
def test_it_refuses_everybody_but_advisers(persona, as_persona) -> None:
    assert as_persona(persona).get(URL).status_code == 403


def test_it_sends_anonymous_visitors_to_the_login(as_persona) -> None:
    response = as_persona("anonymous").get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_it_refuses_post(as_persona) -> None:
    assert as_persona("adviser").post(URL).status_code == 405


def test_the_start_page_of_an_adviser_is_the_cockpit(as_persona) -> None:
    response = as_persona("adviser").get("/")
    assert response.status_code == 302 and response.url == URL


def test_the_start_page_of_a_member_is_unchanged(as_persona, municipality_a) -> None:
    response = as_persona("coordinator").get("/")
    assert response.status_code == 302 and response.url == municipality_a.get_absolute_url()


def test_a_row_shows_requests_comments_gaps_stale_measures_and_the_next_workshop(
    as_persona, adviser, people, municipality_a, strategy_a
) -> None:
    AdviceRequest.objects.create(municipality=municipality_a, topic="Hilfe", text="?")
    AdviceRequest.objects.create(
        municipality=municipality_a, topic="Erledigt", text="?", status="done"
    )
    measure = strategy_a.measures.get()
    for text in (f"@{adviser.email} bitte ansehen", "ohne Erwähnung"):
        add_comment(
            strategy=strategy_a, target=measure, author=people["coordinator"], text=text, link="/"
        )
    series = make_series("herbst", starts_in_days=10)
    registered(series, municipality_a)
    response = as_persona("adviser").get(URL)
    row = response.content.decode().partition('id="municipality-')[2].partition("</tr>")[0]
    cells = re.findall(r'<td class="kern-table__cell[^"]*">(.*?)</td>', row, re.S)
    text = [re.sub(r"<[^>]+>", "", cell).split(" – ")[0].strip() for cell in cells]
    # compare, status, progress, activity, stale, gaps, comments, requests, workshop
    assert text[1] == "Entwurf"
    assert text[4] == "1"  # the running measure without status update
    assert int(text[5]) > 0  # gaps of the Strategie-Check
    assert text[6] == "1"  # the comment that mentions the adviser
    assert text[7] == "1"  # the open request; the done one does not count
    assert text[8] == timezone.localtime(
        series.sessions.order_by("starts").first().starts
    ).strftime("%d.%m.%Y")
    assert f'href="{reverse("process:check", args=["amtsberg", strategy_a.pk])}"' in row


def test_a_cancelled_registration_or_session_gives_no_next_workshop(
    as_persona, people, municipality_a
) -> None:
    series = make_series("herbst", starts_in_days=10, sessions=1)
    registration = registered(series, municipality_a)
    assert "–</td>\n        </tr>" not in as_persona("adviser").get(URL).content.decode()
    type(registration).objects.filter(pk=registration.pk).update(status="cancelled")
    response = as_persona("adviser").get(URL).content.decode()
    assert "–</td>\n        </tr>" in response


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Amtsberg", "Beraten 00", "Beraten 01", "Beraten 02"]),
        ("-name", ["Beraten 02", "Beraten 01", "Beraten 00", "Amtsberg"]),
        ("-requests", ["Beraten 01", "Amtsberg", "Beraten 00", "Beraten 02"]),
        ("status", ["Beraten 00", "Beraten 01", "Beraten 02", "Amtsberg"]),
        ("-stale", ["Beraten 01", "Amtsberg", "Beraten 00", "Beraten 02"]),
        ("workshop", ["Beraten 02", "Amtsberg", "Beraten 00", "Beraten 01"]),
    ],
)
def test_it_sorts_by_a_column_over_all_municipalities(
    sort, expected, as_persona, adviser, people, municipality_a
) -> None:
    beraten = advised_municipalities(adviser, 3)
    AdviceRequest.objects.create(municipality=beraten[1], topic="a", text="?")
    AdviceRequest.objects.create(municipality=beraten[1], topic="b", text="?")
    AdviceRequest.objects.create(municipality=municipality_a, topic="c", text="?")
    # statuses sort in the order of the cycle: draft before adopted
    Strategy.objects.create(municipality=municipality_a, title="A", status="adopted")
    Measure.objects.filter(strategy__municipality=beraten[1]).update(
        created_at=timezone.now() - timedelta(days=400)
    )
    series = make_series("bald", starts_in_days=3, sessions=1)
    registered(series, beraten[2])
    later = make_series("spaeter", starts_in_days=30, sessions=1)
    registered(later, municipality_a)
    response = as_persona("adviser").get(URL, {"sort": sort})
    assert response.status_code == 200
    assert names_in_order(response) == expected
    key = sort.lstrip("-")
    header = response.content.decode().partition('aria-sort="')[2]
    assert header.startswith("descending" if sort.startswith("-") else "ascending")
    assert f"sort={key if sort.startswith('-') else '-' + key}" in header.partition("</th>")[0]


def test_it_filters_by_kind_district_status_and_series(
    as_persona, adviser, people, municipality_a
) -> None:
    district = MunicipalityFactory(name="Landkreis Havelland", kind=Kind.LANDKREIS)
    beraten = advised_municipalities(adviser, 3)
    beraten[0].parent = district
    beraten[0].save()
    client = as_persona("adviser")
    assert names_in_order(client.get(URL, {"kind": "stadt", "sort": "name"})) == ["Beraten 01"]
    assert names_in_order(client.get(URL, {"district": district.pk})) == ["Beraten 00"]
    assert names_in_order(client.get(URL, {"status": "none"})) == ["Amtsberg"]
    series = make_series("herbst", sessions=1)
    registered(series, beraten[2])
    assert names_in_order(client.get(URL, {"series": series.pk})) == ["Beraten 02"]


@pytest.mark.parametrize(
    "query",
    [{"sort": "password"}, {"page": "0"}, {"page": "x"}, {"kind": "dorf"}, {"status": "weg"},
     {"district": "999999"}, {"series": "abc"}],
)  # fmt: skip
def test_bad_input_is_a_400_with_a_german_message(query, as_persona) -> None:
    response = as_persona("adviser").get(URL, query)
    assert response.status_code == 400
    assert "Die Anfrage konnte nicht verstanden werden" in response.content.decode()


def test_a_district_the_adviser_has_nothing_in_is_refused(as_persona, other_adviser) -> None:
    district = MunicipalityFactory(name="Landkreis Fremd", kind=Kind.LANDKREIS)
    advised_municipalities(other_adviser, 1, prefix="fremd")[0].__class__.objects.filter(
        slug="fremd-0"
    ).update(parent=district)
    assert as_persona("adviser").get(URL, {"district": district.pk}).status_code == 400


def test_it_pages_through_many_municipalities(as_persona, adviser) -> None:
    advised_municipalities(adviser, 30)
    client = as_persona("adviser")
    first = client.get(URL, {"sort": "name"})
    assert len(names_in_order(first)) == 25
    second = client.get(URL, {"sort": "name", "page": 2})
    assert names_in_order(second) == [f"Beraten {n:02d}" for n in range(24, 30)]
    assert "sort=name&amp;page=2" in first.content.decode()


@pytest.mark.parametrize("sort", ["-requests", "name", "-gaps", "activity"])
def test_its_queries_do_not_grow_with_the_number_of_municipalities(
    sort, as_persona, adviser, django_assert_max_num_queries
) -> None:
    client = as_persona("adviser")
    advised_municipalities(adviser, 3)
    small = warm_get_queries(client, f"{URL}?sort={sort}", django_assert_max_num_queries, 16)
    advised_municipalities(adviser, 27, prefix="mehr")
    large = warm_get_queries(client, f"{URL}?sort={sort}", django_assert_max_num_queries, 16)
    assert small == large
