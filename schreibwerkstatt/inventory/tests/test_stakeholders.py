import re

import pytest
from django.urls import reverse

from schreibwerkstatt.inventory.models import Stakeholder
from schreibwerkstatt.inventory.tests.factories import StakeholderFactory

from .helpers import accessible_svg

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Gemeindevertretung",
    "group": "Politik",
    "influence": "5",
    "interest": "4",
    "involvement": "Beschließt die Strategie.",
}


@pytest.mark.parametrize(
    ("influence", "interest", "quadrant"),
    [
        (5, 5, Stakeholder.Quadrant.MANAGE_CLOSELY),
        (3, 3, Stakeholder.Quadrant.MANAGE_CLOSELY),
        (4, 2, Stakeholder.Quadrant.KEEP_SATISFIED),
        (2, 4, Stakeholder.Quadrant.KEEP_INFORMED),
        (1, 2, Stakeholder.Quadrant.MONITOR),
    ],
)
def test_it_sorts_stakeholders_into_the_quadrants(influence, interest, quadrant) -> None:
    assert Stakeholder(influence=influence, interest=interest).quadrant == quadrant


def test_the_matrix_and_its_table_show_the_same_stakeholders(
    strategy, url, people, as_persona
) -> None:
    people_of_a = [
        StakeholderFactory(strategy=strategy, name="Bürgermeisterin", influence=5, interest=5),
        StakeholderFactory(strategy=strategy, name="Heimatverein", influence=2, interest=4),
        StakeholderFactory(strategy=strategy, name="Landkreis", influence=4, interest=1),
        StakeholderFactory(strategy=strategy, name="Nachbarort", influence=1, interest=1),
    ]
    response = as_persona("reader").get(url("stakeholders"))
    content = response.content.decode()
    assert response.status_code == 200
    svg = accessible_svg(content, "matrix")
    assert sorted(map(int, re.findall(r'data-stakeholder="(\d+)"', svg))) == sorted(
        s.pk for s in people_of_a
    )
    assert sorted(re.findall(r'<rect[^>]*data-quadrant="(\w+)"', svg)) == [
        "inform",
        "manage",
        "monitor",
        "satisfy",
    ]
    table = content.split('id="stakeholder-table"')[1].split("</table>")[0]
    rows = re.findall(
        r'<tr id="stakeholder-(\d+)" data-quadrant="(\w+)">.*?data-influence="(\d)".*?data-interest="(\d)"',
        table,
        re.S,
    )
    assert {(int(pk), q, int(i), int(n)) for pk, q, i, n in rows} == {
        (s.pk, str(s.quadrant), s.influence, s.interest) for s in people_of_a
    }
    assert "inventory/inventory.css" in content


def test_without_stakeholders_there_is_no_chart(strategy, url, people, as_persona) -> None:
    content = as_persona("reader").get(url("stakeholders")).content.decode()
    assert "<svg" not in content


def test_an_editor_adds_a_stakeholder(strategy, url, people, as_persona) -> None:
    response = as_persona("editor").post(url("add_stakeholder"), VALID)
    assert response.status_code == 302
    stakeholder = Stakeholder.objects.get(strategy=strategy)
    assert (stakeholder.name, stakeholder.group, stakeholder.influence, stakeholder.interest) == (
        "Gemeindevertretung",
        "Politik",
        5,
        4,
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"influence": "0"}, "influence"),
        ({"influence": "6"}, "influence"),
        ({"interest": "-1"}, "interest"),
        ({"interest": "viel"}, "interest"),
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"group": "x" * 101}, "group"),
        ({"involvement": "x" * 5001}, "involvement"),
    ],
)
def test_it_rejects_bad_stakeholders(strategy, url, people, as_persona, data, field) -> None:
    response = as_persona("coordinator").post(url("add_stakeholder"), VALID | data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Stakeholder.objects.exists()


@pytest.mark.parametrize("persona", ["contributor", "reader", "adviser"])
def test_only_coordination_and_editors_add_stakeholders(
    strategy, url, people, as_persona, persona
) -> None:
    assert as_persona(persona).post(url("add_stakeholder"), VALID).status_code == 403
    assert not Stakeholder.objects.exists()


def test_outsiders_and_anonymous_see_nothing(strategy, url, people, as_persona) -> None:
    stakeholder = StakeholderFactory(strategy=strategy)
    for name, kwargs in [("stakeholders", {}), ("edit_stakeholder", {"pk": stakeholder.pk})]:
        assert as_persona("outsider").get(url(name, **kwargs)).status_code == 404
        anonymous = as_persona("anonymous").get(url(name, **kwargs))
        assert anonymous.url.startswith(reverse("accounts:login"))


def test_wrong_methods_are_refused(strategy, url, people, as_persona) -> None:
    stakeholder = StakeholderFactory(strategy=strategy)
    client = as_persona("editor")
    assert client.post(url("stakeholders")).status_code == 405
    assert client.get(url("add_stakeholder")).status_code == 405
    assert client.get(url("delete_stakeholder", pk=stakeholder.pk)).status_code == 405


def test_a_stale_stakeholder_edit_is_refused(strategy, url, people, as_persona) -> None:
    stakeholder = StakeholderFactory(strategy=strategy, name="Kreisverwaltung", influence=2)
    edit = url("edit_stakeholder", pk=stakeholder.pk)
    assert (
        as_persona("coordinator").post(edit, VALID | {"influence": "4", "version": 1}).status_code
        == 302
    )
    response = as_persona("editor").post(edit, VALID | {"influence": "1", "version": 1})
    assert response.status_code == 409
    assert response.context["conflict"].influence == 4
    stakeholder.refresh_from_db()
    assert (stakeholder.influence, stakeholder.version) == (4, 2)


def test_an_editor_edits_and_deletes_a_stakeholder(strategy, url, people, as_persona) -> None:
    stakeholder = StakeholderFactory(strategy=strategy)
    client = as_persona("editor")
    assert client.get(url("edit_stakeholder", pk=stakeholder.pk)).status_code == 200
    assert (
        client.post(url("edit_stakeholder", pk=stakeholder.pk), VALID | {"version": 1}).status_code
        == 302
    )
    stakeholder.refresh_from_db()
    assert (stakeholder.name, stakeholder.version) == ("Gemeindevertretung", 2)
    assert (
        as_persona("reader").post(url("delete_stakeholder", pk=stakeholder.pk)).status_code == 403
    )
    assert client.post(url("delete_stakeholder", pk=stakeholder.pk)).status_code == 302
    assert not Stakeholder.objects.exists()
