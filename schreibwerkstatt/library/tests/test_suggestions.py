"""Similar library measures while a new measure's title is typed."""

import pytest
from django.urls import reverse

from schreibwerkstatt.strategies.models import Measure

from .conftest import PRIVATE_WORD

pytestmark = pytest.mark.django_db
URL = reverse("library:suggestions")


def test_the_new_measure_form_asks_for_suggestions(world, as_persona) -> None:
    page = as_persona("editor").get(
        reverse("strategies:measure_add", args=["amtsberg", world.own.pk])
    )
    assert 'id="library-suggestions"' in page.content.decode()
    assert 'aria-live="polite"' in page.content.decode()


def test_it_suggests_similar_measures_of_the_library_only(world, as_persona) -> None:
    client = as_persona("editor")
    page = client.get(
        URL, {"title": "Portal für Terminbuchung", "strategy": world.own.pk}
    ).content.decode()
    assert "Bürgerportal mit Terminbuchung" in page
    assert PRIVATE_WORD not in page and "Ideenportal" not in page
    assert client.get(URL, {"title": "Rathausportal"}).content.decode().count("<li>") == 0


def test_it_suggests_at_most_five_and_not_the_writers_own_strategy(world, as_persona) -> None:
    for i in range(8):
        Measure.objects.create(
            strategy=world.published, title=f"Portal Variante {i}", status=Measure.Status.PLANNED
        )
    Measure.objects.create(strategy=world.draft, title="Portal von uns")
    world.draft.measures.get(title="Portal von uns").__class__  # noqa: B018
    page = (
        as_persona("outsider")
        .get(URL, {"title": "Portal", "strategy": world.draft.pk})
        .content.decode()
    )
    assert page.count("<li>") == 5


def test_nothing_for_short_or_empty_titles(world, as_persona) -> None:
    client = as_persona("editor")
    assert "<li>" not in client.get(URL, {"title": ""}).content.decode()
    assert "<li>" not in client.get(URL, {"title": "zu"}).content.decode()


@pytest.mark.parametrize(
    ("persona", "status"), [("anonymous", 302), ("operator", 200), ("outsider", 200)]
)
def test_who_gets_suggestions(world, as_persona, persona, status) -> None:
    assert as_persona(persona).get(URL, {"title": "Portal"}).status_code == status


def test_bad_input_is_400(world, as_persona) -> None:
    assert as_persona("editor").get(URL, {"title": "x" * 301}).status_code == 400
    assert as_persona("editor").get(URL, {"strategy": "abc"}).status_code == 400


def test_the_suggestions_count_their_queries(
    world, as_persona, django_assert_max_num_queries
) -> None:
    client = as_persona("editor")
    client.get(URL, {"title": "Portal"})
    with django_assert_max_num_queries(5):
        client.get(URL, {"title": "Portal Terminbuchung Anträge"})
