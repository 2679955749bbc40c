"""Measured values of an indicator: German number input, no future dates, chart with table,
traffic light, and who may record them."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from schreibwerkstatt.monitoring.models import IndicatorValue
from schreibwerkstatt.strategies.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel("2029-01-01 10:00 +0100", tick=False):
        yield


def post(client, url, indicator, **data):
    payload = {"date": "2028-12-01", "value": "55", "source": "Eigene Zählung"} | data
    return client.post(url("monitoring:indicator_value_add", pk=indicator.pk), payload)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("12,5", Decimal("12.5")),
        ("1.250", Decimal("1250")),
        ("1.250,75", Decimal("1250.75")),
        ("1250.75", Decimal("1250.75")),
        (" 7 ", Decimal("7")),
        ("-3,25", Decimal("-3.25")),
        ("0,0001", Decimal("0.0001")),
    ],
)
def test_values_are_read_as_germans_write_them(
    indicator, url, people, as_persona, typed, stored
) -> None:
    response = post(as_persona("editor"), url, indicator, value=typed)
    assert response.status_code == 302
    value = IndicatorValue.objects.get()
    assert (value.value, value.date, value.source, value.author) == (
        stored, date(2028, 12, 1), "Eigene Zählung", people["editor"],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("data", "invalid", "message"),
    [
        ({"value": "12,5 %"}, "value", "ohne Einheit oder andere Zeichen"),
        ({"value": "12,5%"}, "value", "ohne Einheit oder andere Zeichen"),
        ({"value": "abc"}, "value", "ohne Einheit oder andere Zeichen"),
        ({"value": "1,2,3"}, "value", "ohne Einheit oder andere Zeichen"),
        ({"value": "1.2.3"}, "value", "ohne Einheit oder andere Zeichen"),
        ({"value": "12 Stück"}, "value", "ohne Einheit oder andere Zeichen"),
        ({"value": "12 €"}, "value", "ohne Einheit oder andere Zeichen"),
        ({"value": ""}, "value", "Bitte geben Sie den gemessenen Wert ein"),
        ({"value": "0,12345"}, "value", "höchstens 4 Nachkommastellen"),
        ({"value": "123456789012345"}, "value", "zu groß"),
        ({"date": "2029-01-02"}, "date", "Das Datum liegt in der Zukunft"),
        ({"date": "2035-06-30"}, "date", "Das Datum liegt in der Zukunft"),
        ({"date": "31.02.2028"}, "date", "Bitte geben Sie ein Datum ein"),
    ],
)
def test_bad_input_is_refused_in_german_and_nothing_is_saved(
    indicator, url, as_persona, data, invalid, message
) -> None:
    response = post(as_persona("editor"), url, indicator, **data)
    assert response.status_code == 400
    assert invalid in response.context["form"].errors
    assert message in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_a_value_of_today_is_accepted(indicator, url, as_persona) -> None:
    assert post(as_persona("editor"), url, indicator, date="2029-01-01").status_code == 302


def test_the_page_shows_chart_table_and_traffic_light(indicator, url, people, as_persona) -> None:
    # From 10 (2024-01-01) to 110 (2034-01-01): on 2028-12-31 1826 of 3653 days have passed,
    # so 59.99 is expected.
    client = as_persona("editor")
    post(client, url, indicator, date="2026-01-01", value="28")
    post(client, url, indicator, date="2028-12-31", value="38,5", source="Landesamt")
    page = client.get(url("monitoring:indicator", pk=indicator.pk)).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page
    assert 'id="indicator-actual"' in page and 'id="indicator-path"' in page
    table = page[page.index('id="value-table"') :]
    assert "31.12.2028" in table and "38,5" in table and "Landesamt" in table
    assert "Editor Amtsberg" in table
    assert "59,99" in table  # expected on the path on 31.12.2028
    # 28.5 of the 49.99 expected: 57 % of the expected progress → off track
    assessment = page[page.index('id="assessment"') :]
    assert "Nicht auf Kurs" in assessment
    assert "kern-icon--danger" in assessment  # an icon next to the text, not colour alone


def test_the_chart_numbers_do_not_use_the_german_decimal_comma(indicator, url, as_persona) -> None:
    post(as_persona("editor"), url, indicator, date="2026-07-01", value="33,3")
    page = as_persona("reader").get(url("monitoring:indicator", pk=indicator.pk)).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    import re

    for attribute in re.findall(r'(?:x|y|x1|y1|x2|y2|cx|cy)="([^"]*)"', svg):
        assert "," not in attribute


def test_an_indicator_without_plan_has_no_assessment(strategy, goal, url, as_persona) -> None:
    bare = Indicator.objects.create(strategy=strategy, goal=goal, name="Zufriedenheit", unit="%")
    page = as_persona("reader").get(url("monitoring:indicator", pk=bare.pk)).content.decode()
    assert "Keine Bewertung" in page
    assert "Noch gibt es nichts darzustellen" in page


@pytest.mark.parametrize("persona", ["contributor", "reader", "adviser"])
def test_only_editors_record_values_of_a_goal_indicator(
    indicator, url, as_persona, persona
) -> None:
    assert post(as_persona(persona), url, indicator).status_code == 403
    page = as_persona(persona).get(url("monitoring:indicator", pk=indicator.pk))
    assert page.status_code == 200
    assert "Messwert erfassen" not in page.content.decode()
    assert not IndicatorValue.objects.exists()


def test_the_lead_of_a_measure_records_values_of_its_indicator(
    strategy, measure, url, as_persona
) -> None:
    own = Indicator.objects.create(
        strategy=strategy, measure=measure, name="Termine", unit="Anzahl"
    )
    assert post(as_persona("contributor"), url, own).status_code == 302
    assert post(as_persona("reader"), url, own).status_code == 403
    assert IndicatorValue.objects.count() == 1


def test_another_municipality_gets_404(indicator, url, as_persona) -> None:
    client = as_persona("outsider")
    assert post(client, url, indicator).status_code == 404
    assert client.get(url("monitoring:indicator", pk=indicator.pk)).status_code == 404
    own_slug = url("monitoring:indicator", slug="birkenwerder-nord", pk=indicator.pk)
    assert client.get(own_slug).status_code == 404
    assert not IndicatorValue.objects.exists()


def test_an_indicator_of_another_strategy_is_not_found_through_this_one(
    municipality_a, indicator, url, as_persona
) -> None:
    from schreibwerkstatt.strategies.models import Strategy

    other = Strategy.objects.create(municipality=municipality_a, title="Zweite Strategie")
    from django.urls import reverse

    wrong = reverse(
        "monitoring:indicator",
        kwargs={"slug": "amtsberg", "strategy": other.pk, "pk": indicator.pk},
    )
    assert as_persona("editor").get(wrong).status_code == 404


def test_deleting_a_value(indicator, url, people, as_persona) -> None:
    value = IndicatorValue.objects.create(indicator=indicator, date=date(2028, 1, 1), value=20)
    assert (
        as_persona("reader").post(url("monitoring:indicator_value_delete", pk=value.pk)).status_code
        == 403
    )
    assert (
        as_persona("outsider")
        .post(url("monitoring:indicator_value_delete", pk=value.pk))
        .status_code
        == 404
    )
    response = as_persona("editor").post(url("monitoring:indicator_value_delete", pk=value.pk))
    assert response.status_code == 302
    assert not IndicatorValue.objects.exists()


def test_the_indicator_list_filters_by_traffic_light(
    strategy, goal, indicator, url, as_persona
) -> None:
    IndicatorValue.objects.create(indicator=indicator, date=date(2028, 12, 31), value=Decimal(60))
    bare = Indicator.objects.create(strategy=strategy, goal=goal, name="Ohne Plan", unit="%")
    client = as_persona("reader")
    on_track = client.get(url("monitoring:indicators") + "?level=on_track").content.decode()
    assert "Online-Leistungen" in on_track and "Ohne Plan" not in on_track
    none = client.get(url("monitoring:indicators") + "?level=none").content.decode()
    assert bare.name in none and "Online-Leistungen" not in none
    bad = client.get(url("monitoring:indicators") + "?level=gruen")
    assert bad.status_code == 400
