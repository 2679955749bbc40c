"""The personal-data download and the erasure cover the library's people: the contact person
of a shared measure, who shared, who took a measure over."""

import pytest

from schreibwerkstatt.library import services
from schreibwerkstatt.library.models import Adoption, Share
from schreibwerkstatt.privacy.erasure import erase_user
from schreibwerkstatt.privacy.personal_data import personal_data

pytestmark = pytest.mark.django_db


def test_the_download_lists_the_contact_role_shares_and_take_overs(
    world, municipality_a, people
) -> None:
    target = services.Target(municipality_a, world.own, world.own_field, world.own_goal)
    services.adopt(world.portal.pk, target, by=people["editor"], named=True)
    contact = personal_data(world.contact)["massnahmenbibliothek"]
    assert contact["ansprechperson_fuer"][0]["massnahme"] == "Digitale Schulausstattung"
    sharer = personal_data(world.b_coordinator)["massnahmenbibliothek"]
    assert sharer["geteilt"][0]["kommune"] == "Birkenwerder-Nord"
    taken = personal_data(people["editor"])["massnahmenbibliothek"]["uebernommen"][0]
    assert taken["massnahme"] == "Bürgerportal mit Terminbuchung" and taken["name_genannt"] is True
    assert personal_data(people["reader"])["massnahmenbibliothek"] == {
        "ansprechperson_fuer": [], "geteilt": [], "uebernommen": []}  # fmt: skip


def test_erasing_the_contact_keeps_the_measure_shared_without_them(
    world, municipality_a, people
) -> None:
    target = services.Target(municipality_a, world.own, None, None)
    adoption = services.adopt(world.portal.pk, target, by=people["editor"], named=False)
    erase_user(world.contact)
    erase_user(people["editor"])
    share = Share.objects.get(measure=world.shared)
    assert share.contact is None
    assert Adoption.objects.get(pk=adoption.pk).adopted_by is None
