"""A library measure's profile: only its public part, its origin and contact; every other
measure is 404 by id for everybody."""

import pytest
from django.urls import reverse

from schreibwerkstatt.library import services

from .conftest import READERS as PERSONAS

pytestmark = pytest.mark.django_db


def url(measure) -> str:
    return reverse("library:measure", args=[measure.pk])


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_public_profile_with_origin_and_nothing_private(
    world, as_persona, persona
) -> None:
    response = as_persona(persona).get(url(world.portal))
    assert response.status_code == 200
    page = response.content.decode()
    for shown in ["Bürgerportal mit Terminbuchung", "Ein Portal für alle Anträge", "Lange Wartezeiten",
                  "Anbieter auswählen", "Pilotbetrieb starten", "Online-Anträge", "Birkenwerder-Nord",
                  "Birkenwerder digital", "Sofortmaßnahme", "10.000 € bis unter 50.000 €"]:  # fmt: skip
        assert shown in page, shown
    for hidden in ["Vera Verantwortlich", "verantwortlich@", "Vertrauliches Risiko",
                   "Interne Datenschutznotiz", "30000", "30.000", "5.000", "90,0"]:  # fmt: skip
        assert hidden not in page, hidden


def test_it_names_the_contact_person_of_a_shared_measure_only(world, as_persona) -> None:
    client = as_persona("reader")
    assert "kontakt@birkenwerder.example" in client.get(url(world.shared)).content.decode()
    assert "kontakt@" not in client.get(url(world.portal)).content.decode()


@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
@pytest.mark.parametrize("which", ["private", "idea"])
def test_a_measure_outside_the_library_is_404_for_everybody(
    world, as_persona, persona, which
) -> None:
    measure = getattr(world, which)
    for name in ("library:measure", "library:adopt"):
        response = as_persona(persona).get(reverse(name, args=[measure.pk]))
        assert response.status_code == (302 if persona == "anonymous" else 404), (name, persona)


def test_an_unshared_measure_leaves_the_library(world, as_persona) -> None:
    services.unshare_measure(world.shared)
    assert as_persona("coordinator").get(url(world.shared)).status_code == 404


def test_the_profile_wants_get(world, as_persona) -> None:
    assert as_persona("coordinator").post(url(world.portal)).status_code == 405


def test_the_profile_counts_its_queries(world, as_persona, django_assert_max_num_queries) -> None:
    client = as_persona("coordinator")
    client.get(url(world.portal))
    with django_assert_max_num_queries(16):
        client.get(url(world.portal))
