"""/bibliothek/: who reads it, the full-text search, the filters, paging, the query count,
and that nothing outside the library is ever found."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schreibwerkstatt.library.index import rebuild, rebuilt_afterwards
from schreibwerkstatt.library.models import Item
from schreibwerkstatt.strategies.models import Measure, Strategy

from .conftest import PRIVATE_WORD, READERS

pytestmark = pytest.mark.django_db
URL = reverse("library:index")


def titles(response) -> str:
    """The list of results (the page echoes the search term in its form and links)."""
    page = response.content.decode()
    start = page.find('id="library-results"')
    return page[start : page.find("</section>", start)] if start >= 0 else ""


@pytest.mark.parametrize("persona", READERS)
def test_members_advisers_and_operators_read_the_library(world, as_persona, persona) -> None:
    response = as_persona(persona).get(URL)
    assert response.status_code == 200
    page = titles(response)
    assert "Bürgerportal mit Terminbuchung" in page
    assert "Digitale Schulausstattung" in page


@pytest.mark.parametrize("persona", [*READERS, "anonymous"])
def test_no_unpublished_unshared_or_idea_measure_appears(world, as_persona, persona) -> None:
    client = as_persona(persona)
    for query in [
        "",
        f"?q={PRIVATE_WORD}",
        "?q=Rathausportal",
        "?q=Ideenportal",
        "?q=portal",
        "?q=interne+Zwecke",
    ]:
        response = client.get(URL + query)
        page = (
            titles(response)
            if query.startswith("?q=") and query != "?q=portal"
            else response.content.decode()
        )
        assert f"{PRIVATE_WORD} Rathausportal" not in page and "interne Zwecke" not in page
        assert reverse("library:measure", args=[world.private.pk]) not in page
        assert "Ideenportal Werkstatt" not in page
        assert "Vertrauliches Risiko" not in page and "Vera Verantwortlich" not in page


def test_a_visitor_is_sent_to_the_login(world, as_persona) -> None:
    response = as_persona("anonymous").get(URL)
    assert response.status_code == 302 and "/anmelden/" in response["Location"]


def test_a_person_without_a_municipality_gets_403(world, client, django_user_model) -> None:
    lonely = django_user_model.objects.create_user(email="allein@example.org", password="x" * 12)
    client.force_login(lonely)
    assert client.get(URL).status_code == 403


def test_the_search_finds_german_word_forms(world, as_persona) -> None:
    client = as_persona("coordinator")
    page = titles(client.get(URL + "?q=Bürgerportals"))
    assert "Bürgerportal mit Terminbuchung" in page
    assert "Digitale Schulausstattung" not in page
    # Words of the profile, a step and the field of action are found as well.
    assert "Bürgerportal" in titles(client.get(URL + "?q=Wartezeiten"))
    assert "Bürgerportal" in titles(client.get(URL + "?q=Pilotbetrieb"))
    assert "Schulausstattung" in titles(client.get(URL + "?q=Grundschulen"))


@pytest.mark.parametrize(
    ("query", "found", "not_found"),
    [
        ("kind=gemeinde", "Bürgerportal", None),
        ("kind=landkreis", None, "Bürgerportal"),
        ("status=running", "Bürgerportal", "Schulausstattung"),
        ("status=idea", "Schulausstattung", "Bürgerportal"),
        ("cost=under_50k", "Bürgerportal", "Schulausstattung"),
        ("cost=unknown", "Schulausstattung", "Bürgerportal"),
        ("tag=sofortmaßnahme", "Bürgerportal", "Schulausstattung"),
    ],
)
def test_the_filters_narrow_the_list(world, as_persona, query, found, not_found) -> None:
    client = as_persona("editor")
    for url in (f"{URL}?{query}", f"{URL}?q=digital+portal&{query}".replace("digital+portal", "")):
        page = titles(client.get(url))
        if found:
            assert found in page, url
        if not_found:
            assert not_found not in page, url


def test_the_size_filter_follows_the_population(world, as_persona, municipality_b) -> None:
    municipality_b.population = 250_000
    municipality_b.save()  # the rows take the new size class
    client = as_persona("editor")
    assert "Bürgerportal" in titles(client.get(f"{URL}?size=city"))
    assert "Bürgerportal" not in titles(client.get(f"{URL}?size=small"))


def test_the_field_filter_takes_the_catalogue_entry_and_fields_named_like_it(
    world, as_persona
) -> None:
    catalogue = world.portal.fields.get().catalogue_entry
    other = world.shared.strategy.fields.create(
        title="Digitale Verwaltung"
    )  # not from the catalogue
    world.shared.fields.add(other)
    client = as_persona("reader")
    page = titles(client.get(f"{URL}?field={catalogue.pk}"))
    assert "Bürgerportal" in page and "Schulausstattung" in page
    page = titles(client.get(f"{URL}?q=Tablets&field={catalogue.pk}"))
    assert "Schulausstattung" in page and "Bürgerportal" not in page


@pytest.mark.parametrize(
    "query", ["?field=99999", "?kind=stadtstaat", "?page=0", "?q=" + "x" * 201, "?cost=viel"]
)
def test_bad_filters_get_a_400_with_a_german_message(world, as_persona, query) -> None:
    response = as_persona("coordinator").get(URL + query)
    assert response.status_code == 400


def test_a_page_beyond_the_last_is_404(world, as_persona) -> None:
    assert as_persona("coordinator").get(URL + "?page=5").status_code == 404


def test_results_are_paged(world, as_persona) -> None:
    Measure.objects.bulk_create(
        Measure(
            strategy=world.published, title=f"Serienmaßnahme {i}", status=Measure.Status.PLANNED
        )
        for i in range(25)
    )
    rebuild()
    client = as_persona("coordinator")
    first = titles(client.get(URL + "?q=Serienmaßnahme"))
    assert "25 measures" in first or "25 Maßnahmen" in first
    assert "page=2" in first
    second = client.get(URL + "?q=Serienmaßnahme&page=2")
    assert second.status_code == 200 and 'rel="prev"' in titles(second)


def test_a_strategy_unpublished_meanwhile_leaves_at_once_even_if_its_rows_lag(
    world, as_persona
) -> None:
    # .update() sends no signal: the rows still hold the measure, the live rule drops it.
    Strategy.objects.filter(pk=world.published.pk).update(public_page=False)
    assert Item.objects.filter(measure=world.portal).exists()
    client = as_persona("coordinator")
    assert "Bürgerportal" not in titles(client.get(URL))
    assert "Bürgerportal" not in titles(client.get(URL + "?q=Bürgerportal"))


def test_the_rows_follow_publishing_sharing_and_edits(world) -> None:
    assert set(Item.objects.values_list("measure_id", flat=True)) == {
        world.portal.pk,
        world.shared.pk,
    }
    world.published.public_page = False
    world.published.save()
    assert not Item.objects.filter(measure=world.portal).exists()
    world.shared.title = "Tablets für Grundschulen"
    world.shared.save()
    assert Item.objects.get(measure=world.shared).title == "Tablets für Grundschulen"


def test_a_bulk_load_leaves_the_rows_to_one_rebuild_at_its_end(world) -> None:
    """rebuilt_afterwards() (the demo): saves inside refresh nothing, its end writes the rows
    the refreshes would have written."""
    with rebuilt_afterwards(), CaptureQueriesContext(connection) as queries:
        world.shared.title = "Tablets für Grundschulen"
        world.shared.save()
        world.published.public_page = False
        world.published.save()
        assert not [q for q in queries.captured_queries if "library_item" in q["sql"]]
        assert Item.objects.get(measure=world.portal).title.startswith("Bürgerportal")
    assert set(Item.objects.values_list("measure_id", "title")) == {
        (world.shared.pk, "Tablets für Grundschulen")
    }


@pytest.mark.parametrize("size", [3, 30])
def test_the_query_count_does_not_grow_with_the_library(
    world, as_persona, size, django_assert_max_num_queries
) -> None:
    Measure.objects.bulk_create(
        Measure(strategy=world.published, title=f"Portal Nummer {i}", status=Measure.Status.PLANNED,
                summary="Ein Portal") for i in range(size)
    )  # fmt: skip
    rebuild()
    client = as_persona("coordinator")
    client.get(URL)
    for query in (
        "",
        "?q=Portal",
        "?q=Portal&status=planned&kind=gemeinde&cost=unknown&tag=x",
        "?status=planned",
    ):
        with django_assert_max_num_queries(7):
            assert client.get(URL + query).status_code == 200
