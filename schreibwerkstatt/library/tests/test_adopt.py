"""Taking a library measure over: the steps, bad input, a stale item, attribution, reuse
counts and the origin's notification."""

import pytest
from django.urls import reverse

from schreibwerkstatt.inbox.models import Kind, Notification
from schreibwerkstatt.library import services
from schreibwerkstatt.library.models import Adoption
from schreibwerkstatt.strategies.models import Measure, Step, Strategy

pytestmark = pytest.mark.django_db


def url(measure) -> str:
    return reverse("library:adopt", args=[measure.pk])


def target(world, municipality) -> str:
    return f"{municipality.pk}-{world.own.pk}"


def confirm(client, world, municipality, **extra):
    data = {"target": target(world, municipality), "field": world.own_field.pk,
            "goal": world.own_goal.pk, "action": "confirm", **extra}  # fmt: skip
    return client.post(url(world.portal), data)


def test_the_coordinator_chooses_previews_and_takes_over(
    world, as_persona, municipality_a, people
) -> None:
    client = as_persona("coordinator")
    first = client.get(url(world.portal))
    assert (
        first.status_code == 200 and "Digitales Amtsberg 2030 (Amtsberg)" in first.content.decode()
    )
    second = client.get(url(world.portal), {"target": target(world, municipality_a)})
    assert "Schneller Service" in second.content.decode()
    preview = client.post(url(world.portal), {"target": target(world, municipality_a), "field": world.own_field.pk,
                                              "goal": world.own_goal.pk, "named": "on", "action": "preview"})  # fmt: skip
    assert preview.status_code == 200 and "Pilotbetrieb starten" in preview.content.decode()
    assert not Measure.objects.filter(strategy=world.own).exists()  # a preview writes nothing
    response = confirm(client, world, municipality_a, named="on")
    copy = Measure.objects.get(strategy=world.own)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "strategies:measure", args=["amtsberg", world.own.pk, copy.pk]
    )
    assert copy.status == Measure.Status.IDEA and copy.title == "Bürgerportal mit Terminbuchung"
    assert copy.summary == world.portal.summary and copy.problem == "Lange Wartezeiten."
    assert copy.cost_one_off is None and copy.risks == "" and copy.responsible is None
    assert list(copy.fields.all()) == [world.own_field] and list(copy.goals.all()) == [
        world.own_goal
    ]
    steps = list(copy.steps.order_by("position"))
    assert [s.title for s in steps] == ["Anbieter auswählen", "Pilotbetrieb starten"]
    assert all(not s.done and s.owner is None for s in steps)
    indicator = copy.indicators.get()
    assert (indicator.name, indicator.unit, indicator.target_value) == (
        "Online-Anträge",
        "Anzahl",
        None,
    )
    adoption = Adoption.objects.get(measure=copy)
    assert (
        adoption.origin == world.portal
        and adoption.named
        and adoption.adopted_by == people["coordinator"]
    )
    # The new measure's page says where it came from.
    page = client.get(response["Location"]).content.decode()
    assert "Birkenwerder-Nord" in page and "Birkenwerder digital" in page


def test_the_origin_is_told_and_sees_who_took_it_over(
    world, as_persona, municipality_a, people
) -> None:
    confirm(as_persona("editor"), world, municipality_a, named="on")
    told = Notification.objects.filter(kind=Kind.REUSE)
    # B's coordination and the measure's responsible person; nobody of A.
    assert {n.recipient.email for n in told} == {
        "outsider@birkenwerder.example",
        "verantwortlich@birkenwerder.example",
    }
    assert all("Amtsberg" in n.body for n in told)
    origin_page = (
        as_persona("outsider")
        .get(
            reverse(
                "strategies:measure",
                args=["birkenwerder-nord", world.published.pk, world.portal.pk],
            )
        )
        .content.decode()
    )
    assert "Amtsberg" in origin_page


def test_a_municipality_that_did_not_agree_is_counted_but_not_named(
    world, as_persona, municipality_a
) -> None:
    confirm(as_persona("coordinator"), world, municipality_a)
    notification = Notification.objects.get(
        kind=Kind.REUSE, recipient__email="outsider@birkenwerder.example"
    )
    assert "Amtsberg" not in notification.subject + notification.body
    profile = (
        as_persona("outsider")
        .get(reverse("library:measure", args=[world.portal.pk]))
        .content.decode()
    )
    assert "Amtsberg" not in profile and "1 Kommune ohne Namensnennung" in profile


@pytest.mark.parametrize("persona", ["contributor", "reader", "adviser", "operator", "superuser"])
def test_people_who_edit_no_strategy_cannot_take_over(
    world, as_persona, municipality_a, persona
) -> None:
    client = as_persona(persona)
    assert (
        "You cannot add measures" in client.get(url(world.portal)).content.decode()
        or "keiner Strategie" in client.get(url(world.portal)).content.decode()
    )
    response = confirm(client, world, municipality_a)
    assert response.status_code == 400
    assert not Measure.objects.filter(strategy=world.own).exists()


def test_a_strategy_of_another_municipality_is_refused(world, as_persona, municipality_b) -> None:
    response = as_persona("coordinator").post(url(world.portal), {
        "target": f"{municipality_b.pk}-{world.draft.pk}", "action": "confirm"})  # fmt: skip
    assert response.status_code == 400
    assert "nicht" in response.content.decode()
    assert world.draft.measures.count() == 2


def test_a_field_or_goal_of_another_strategy_is_refused(world, as_persona, municipality_a) -> None:
    client = as_persona("coordinator")
    foreign_field = world.published.fields.get()
    response = confirm(client, world, municipality_a, field=foreign_field.pk)
    assert response.status_code == 400
    response = confirm(client, world, municipality_a, goal=world.published.goals.get().pk)
    assert response.status_code == 400
    assert not Measure.objects.filter(strategy=world.own).exists()


def test_a_measure_that_left_the_library_meanwhile_is_refused_with_a_message(
    world, as_persona, municipality_a
) -> None:
    client = as_persona("coordinator")
    Strategy.objects.filter(pk=world.published.pk).update(public_page=False)
    response = confirm(client, world, municipality_a)
    assert response.status_code == 404
    assert "nicht (mehr) in der Maßnahmenbibliothek" in response.content.decode()
    assert not Measure.objects.filter(strategy=world.own).exists()
    assert (
        not Adoption.objects.exists() and not Notification.objects.filter(kind=Kind.REUSE).exists()
    )


def test_the_attribution_survives_the_origins_deletion(world, as_persona, municipality_a) -> None:
    client = as_persona("coordinator")
    confirm(client, world, municipality_a)
    copy = Measure.objects.get(strategy=world.own)
    world.portal.delete()
    adoption = Adoption.objects.get(measure=copy)
    assert adoption.origin is None and adoption.origin_title == "Bürgerportal mit Terminbuchung"
    page = client.get(
        reverse("strategies:measure", args=["amtsberg", world.own.pk, copy.pk])
    ).content.decode()
    assert "Birkenwerder digital" in page


def test_the_service_refuses_a_stale_item_without_writing(world, municipality_a, people) -> None:
    world.shared.library_share.delete()
    target_ = services.Target(municipality_a, world.own, None, None)
    with pytest.raises(services.NotInLibrary):
        services.adopt(world.shared.pk, target_, by=people["coordinator"], named=False)
    assert not Step.objects.filter(measure__strategy=world.own).exists()
