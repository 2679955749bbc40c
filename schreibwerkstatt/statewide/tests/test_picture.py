"""The statewide picture: the directory's entries and the platform's other municipalities,
counted per district and per kind, in a fixed number of queries."""

from typing import Any

import pytest
from django.urls import reverse

from schreibwerkstatt.municipalities.models import Kind, State
from schreibwerkstatt.statewide.models import DirectoryEntry
from schreibwerkstatt.statewide.picture import Stage, merge_small, statewide_picture
from schreibwerkstatt.statewide.services import EXAMPLE_DIRECTORY, import_file
from schreibwerkstatt.strategies.models import Strategy
from tests.factories import MunicipalityFactory
from tests.queries import warm_get_queries

pytestmark = pytest.mark.django_db


def entry(ags: str, name: str, kind: str = Kind.GEMEINDE, district: str = "") -> DirectoryEntry:
    return DirectoryEntry.objects.create(
        ags=ags, name=name, kind=kind, district_key=ags[:5], district_name=district
    )


def test_without_a_directory_the_platform_s_municipalities_count(
    municipality_a, municipality_b
) -> None:
    Strategy.objects.create(municipality=municipality_a, title="Digital")
    picture = statewide_picture()
    assert picture.directory_size == 0
    assert picture.total.total == 2  # Amtsberg and Birkenwerder-Nord (conftest)
    assert picture.total.counts[Stage.IN_PROGRESS] == 1
    assert picture.total.counts[Stage.NONE] == 1


def test_a_directory_entry_takes_the_stage_of_the_municipality_with_its_ags(
    municipality_a, municipality_b
) -> None:
    Strategy.objects.create(
        municipality=municipality_a, title="Digital", status=Strategy.Status.ADOPTED
    )
    entry("12060000", "Landkreis Barnim-Test", Kind.LANDKREIS)
    entry("12060001", "Amtsberg (amtlich)", district="Barnim")  # = municipality_a
    entry("12060005", "Nicht auf der Plattform")
    picture = statewide_picture()
    # Birkenwerder-Nord (12060002) is on the platform but not in the directory: it counts too.
    assert (picture.directory_size, picture.platform_only) == (3, 1)
    assert picture.total.counts == {
        Stage.NONE: 3, Stage.IN_PROGRESS: 0, Stage.ADOPTED: 1, Stage.IMPLEMENTATION: 0,
    }  # fmt: skip
    [district] = picture.districts
    assert (district.key, district.label, district.total) == ("12060", "Landkreis Barnim-Test", 4)
    assert district.adopted_share == 25
    kinds = {row.key: row.total for row in picture.kinds}
    assert kinds == {Kind.GEMEINDE: 3, Kind.LANDKREIS: 1}
    assert [row.key for row in picture.kinds] == [Kind.GEMEINDE, Kind.LANDKREIS]


def test_municipalities_of_another_state_do_not_count_once_a_directory_is_there(
    municipality_a, municipality_b
) -> None:
    MunicipalityFactory(ags="14612000", state=State.SN, kind=Kind.KREISFREIE_STADT)
    assert statewide_picture().total.total == 3
    entry("12060001", "Amtsberg")
    picture = statewide_picture()
    assert picture.total.total == 2  # Amtsberg (directory) and Birkenwerder-Nord (platform)
    assert {row.key for row in picture.districts} == {"12060"}


def test_a_district_without_its_own_entry_is_named_by_the_district_column(db) -> None:
    entry("12099001", "A", district="Landkreis Musterland")
    entry("12098001", "B")
    labels = {row.key: row.label for row in statewide_picture().districts}
    assert labels == {"12099": "Landkreis Musterland", "12098": "Kreis 12098"}


def test_the_example_directory_gives_the_seed_s_figure(municipality_a, people) -> None:
    import_file(EXAMPLE_DIRECTORY)
    municipality_a.ags = "12099001"
    municipality_a.save()
    Strategy.objects.create(
        municipality=municipality_a, title="Digital", status=Strategy.Status.IMPLEMENTATION
    )
    picture = statewide_picture()
    assert picture.directory_size == 20
    assert picture.total.with_adopted == 1
    # Birkenwerder-Nord of the test data is on the platform, not in the directory.
    assert picture.total.total == 21
    assert [row.label for row in picture.districts] == [
        "Landkreis Beispielkreis", "Landkreis Musterland", "Musterburg an der Oder", "Kreis 12060",
    ]  # fmt: skip


def test_small_groups_are_added_up(db) -> None:
    for number in range(5):
        entry(f"120990{number:02d}", f"M{number}")
    entry("12097000", "Kreisfreie", Kind.KREISFREIE_STADT)
    entry("12096000", "Andere", Kind.KREISFREIE_STADT)
    rows = merge_small(statewide_picture().districts, 5, "Kleinere Gebiete zusammen")
    assert [(row.label, row.total) for row in rows] == [
        ("Kreis 12099", 5), ("Kleinere Gebiete zusammen", 2),
    ]  # fmt: skip


def _many(count: int, start: int) -> None:
    for number in range(start, start + count):
        municipality = MunicipalityFactory(ags=f"1207{number:04d}")
        entry(municipality.ags, municipality.name, district="Landkreis Teltow-Test")
        if number % 3 == 0:
            Strategy.objects.create(municipality=municipality, title="S")
        if number % 3 == 1:
            Strategy.objects.create(
                municipality=municipality, title="S", status=Strategy.Status.IMPLEMENTATION
            )
        entry(f"1208{number:04d}", f"Ohne Plattform {number}")


def test_the_picture_costs_the_same_queries_for_few_and_many_municipalities(
    db, django_assert_num_queries
) -> None:
    _many(3, 0)
    with django_assert_num_queries(4):
        small = statewide_picture()
    _many(40, 100)
    with django_assert_num_queries(4):
        large = statewide_picture()
    assert small.total.total == 6 and large.total.total == 86


def test_the_page_costs_the_same_queries_for_few_and_many_municipalities(
    as_persona, people, django_assert_max_num_queries
) -> None:
    client: Any = as_persona("adviser")
    href = reverse("statewide:overview")
    _many(3, 0)
    few = warm_get_queries(client, href, django_assert_max_num_queries, 12)
    _many(40, 100)
    many = warm_get_queries(client, href, django_assert_max_num_queries, 12)
    assert few == many
