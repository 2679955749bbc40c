"""Sharing a measure with the library and naming its contact person; the measure page's box."""

import pytest
from django.urls import reverse

from schreibwerkstatt.library.models import Item, Share
from schreibwerkstatt.strategies.models import Measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_measure(world):
    return Measure.objects.create(
        strategy=world.own, title="Open-Data-Portal", summary="Offene Daten."
    )


def share_url(world, measure, slug="amtsberg") -> str:
    return reverse("library:share", args=[slug, world.own.pk, measure.pk])


def test_an_editor_shares_with_a_contact_and_stops_sharing(
    world, as_persona, people, own_measure
) -> None:
    client = as_persona("editor")
    page = client.get(
        reverse("strategies:measure", args=["amtsberg", world.own.pk, own_measure.pk])
    )
    assert (
        "Share with the measure library" in page.content.decode()
        or "Mit der Maßnahmenbibliothek teilen" in page.content.decode()
    )
    assert client.get(share_url(world, own_measure)).status_code == 200
    response = client.post(share_url(world, own_measure), {"contact": people["reader"].pk})
    assert response.status_code == 302
    share = Share.objects.get(measure=own_measure)
    assert share.contact == people["reader"] and share.shared_by == people["editor"]
    assert Item.objects.filter(measure=own_measure, shared=True).exists()
    other = as_persona("outsider").get(reverse("library:measure", args=[own_measure.pk]))
    assert "reader@amtsberg.example" in other.content.decode()
    response = client.post(
        reverse("library:unshare", args=["amtsberg", world.own.pk, own_measure.pk])
    )
    assert response.status_code == 302
    assert not Share.objects.exists() or not Share.objects.filter(measure=own_measure).exists()
    assert not Item.objects.filter(measure=own_measure).exists()


def test_a_contact_of_another_municipality_is_refused(
    world, as_persona, people, own_measure
) -> None:
    response = as_persona("coordinator").post(
        share_url(world, own_measure), {"contact": people["outsider"].pk}
    )
    assert response.status_code == 400
    assert not Share.objects.filter(measure=own_measure).exists()


@pytest.mark.parametrize(("persona", "status"), [("contributor", 403), ("reader", 403), ("adviser", 403),
                                                  ("outsider", 404), ("operator", 404), ("superuser", 404)])  # fmt: skip
def test_others_cannot_share(world, as_persona, own_measure, persona, status) -> None:
    client = as_persona(persona)
    assert client.post(share_url(world, own_measure), {}).status_code == status
    assert (
        client.post(
            reverse("library:unshare", args=["amtsberg", world.own.pk, own_measure.pk])
        ).status_code
        == status
    )
    assert not Share.objects.filter(measure=own_measure).exists()


def test_unshare_wants_post(world, as_persona, own_measure) -> None:
    url = reverse("library:unshare", args=["amtsberg", world.own.pk, own_measure.pk])
    assert as_persona("coordinator").get(url).status_code == 405
