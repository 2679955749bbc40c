"""The statewide picture's page for advisers and operators (/landesweit/), the switch of the
public version, and the public version (/strategien-im-land/): who sees what."""

from typing import Any

import pytest
from django.urls import reverse

from schreibwerkstatt.statewide.models import StatewideSettings
from schreibwerkstatt.statewide.services import EXAMPLE_DIRECTORY, import_file, set_public
from schreibwerkstatt.strategies.models import Strategy

pytestmark = pytest.mark.django_db
OVERVIEW = reverse("statewide:overview")
PUBLISH = reverse("statewide:publish")
PUBLIC = reverse("statewide:public")


@pytest.fixture
def directory(municipality_a: Any, people: dict[str, Any]) -> None:
    """The example directory; Amtsberg takes the AGS of its Musterstadt and implements."""
    import_file(EXAMPLE_DIRECTORY)
    municipality_a.ags = "12099001"
    municipality_a.save()
    Strategy.objects.create(
        municipality=municipality_a, title="Digitales Amtsberg 2030",
        status=Strategy.Status.IMPLEMENTATION,
    )  # fmt: skip


@pytest.mark.parametrize("persona", ["adviser", "operator"])
def test_advisers_and_operators_see_the_picture(as_persona, directory, persona) -> None:
    response = as_persona(persona).get(OVERVIEW)
    assert response.status_code == 200
    page = response.content.decode()
    # 20 in the directory and Birkenwerder-Nord of the test data, which it does not list
    assert "4,8 % der Kommunen haben eine beschlossene Digitalstrategie." in page
    assert "1 von 21 Kommunen haben eine Strategie beschlossen" in page
    assert 'id="statewide-stage-chart"' in page and 'id="statewide-districts"' in page
    assert "Landkreis Musterland" in page
    # the chart's text alternative and the pattern of every stage (colour is never alone)
    assert "Die Tabelle „Nach Art“ weiter unten nennt dieselben Zahlen" in page
    for stage in range(4):
        assert f'id="sw-stage-{stage}"' in page
    assert ('name="public" value="on"' in page) == (persona == "operator")
    assert ("/plattform/gemeindeverzeichnis/" in page) == (persona == "operator")


@pytest.mark.parametrize("persona", ["coordinator", "reader", "outsider", "superuser"])
def test_members_of_municipalities_do_not_see_it(as_persona, directory, persona) -> None:
    response = as_persona(persona).get(OVERVIEW)
    assert response.status_code == 403
    assert "Landkreis Musterland" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login(as_persona) -> None:
    for response in (as_persona("anonymous").get(OVERVIEW), as_persona("anonymous").post(PUBLISH)):
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_the_page_takes_no_post(as_persona) -> None:
    assert as_persona("adviser").post(OVERVIEW).status_code == 405


def test_the_start_page_and_the_header_link_it_for_advisers_and_operators(as_persona) -> None:
    for persona, shown in [("adviser", True), ("operator", True), ("coordinator", False)]:
        page = as_persona(persona).get(reverse("municipalities:choose")).content.decode()
        assert (f'href="{OVERVIEW}"' in page) == shown, persona
        assert ("Landesweiten Überblick öffnen" in page) == shown, persona


def test_the_public_version_is_off_by_default(as_persona, directory, people) -> None:
    for persona in ["anonymous", "coordinator", "adviser", "operator"]:
        assert as_persona(persona).get(PUBLIC).status_code == 404


def test_an_operator_switches_the_public_version_on_and_off(as_persona, directory) -> None:
    operator = as_persona("operator")
    response = operator.post(PUBLISH, {"public": "on"})
    assert response.status_code == 302 and response.url == OVERVIEW
    assert StatewideSettings.objects.get().public
    public = as_persona("anonymous").get(PUBLIC)
    assert public.status_code == 200
    page = public.content.decode()
    assert "4,8 % der Kommunen haben eine beschlossene Digitalstrategie." in page
    # counts only: no municipality is named, and a district of one (a kreisfreie Stadt) is
    # added up with the other small areas
    for name in ["Amtsberg", "Musterstadt", "Musterheide", "Musterburg an der Oder"]:
        assert name not in page
    assert "Kleinere Gebiete zusammen" in page
    assert "csrfmiddlewaretoken" not in page and "Abmelden" not in page
    operator.post(PUBLISH, {"public": "off"})
    assert as_persona("anonymous").get(PUBLIC).status_code == 404


@pytest.mark.parametrize("value", ["", "ja", "ON"])
def test_a_bad_switch_value_is_a_400_and_changes_nothing(as_persona, value) -> None:
    response = as_persona("operator").post(PUBLISH, {"public": value})
    assert response.status_code == 400
    assert "Bitte geben Sie an, ob der Überblick öffentlich sein soll." in response.content.decode()
    assert not StatewideSettings.objects.filter(public=True).exists()


@pytest.mark.parametrize("persona", ["adviser", "coordinator", "outsider", "superuser"])
def test_only_operators_switch_it(as_persona, persona) -> None:
    assert as_persona(persona).post(PUBLISH, {"public": "on"}).status_code == 403
    assert as_persona("operator").get(PUBLISH).status_code == 405
    assert not StatewideSettings.objects.filter(public=True).exists()


def test_the_public_page_takes_no_post(as_persona) -> None:
    set_public(True, by=None)
    assert as_persona("anonymous").post(PUBLIC).status_code == 405
