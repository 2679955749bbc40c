"""The library's world: municipality B (Birkenwerder-Nord) publishes a strategy and shares a
measure of an unpublished one; a private measure of B is in neither; A (Amtsberg, the
personas' municipality) has a strategy to take measures over into."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from schreibwerkstatt.library import services
from schreibwerkstatt.municipalities.models import Membership, Role
from schreibwerkstatt.strategies.models import (
    CatalogueField,
    FieldOfAction,
    Goal,
    Indicator,
    Measure,
    Step,
    Strategy,
    Tag,
    TagAxis,
)
from tests.factories import UserFactory

PRIVATE_WORD = "Geheimprojekt"
# Everybody who reads the library: the members of A, its adviser, B's coordinator (the outsider),
# operators and superusers.
READERS = ["coordinator", "editor", "contributor", "reader", "adviser", "outsider", "operator",
           "superuser"]  # fmt: skip


@dataclass
class World:
    published: Strategy
    draft: Strategy
    portal: Measure  # published, with profile, steps, indicators, tag, costs
    idea: Measure  # status Idea in the published strategy: not in the library
    shared: Measure  # of the draft strategy, shared with a contact person
    private: Measure  # of the draft strategy, not shared
    contact: object
    b_coordinator: object
    own: Strategy  # A's strategy
    own_field: FieldOfAction
    own_goal: Goal


@pytest.fixture
def world(municipality_a, municipality_b, people) -> World:
    catalogue = CatalogueField.objects.get_or_create(
        title="Digitale Verwaltung", defaults={"description": "x"}
    )[0]
    published = Strategy.objects.create(
        municipality=municipality_b, title="Birkenwerder digital", status=Strategy.Status.ADOPTED
    )
    field = FieldOfAction.objects.create(
        strategy=published, title="Digitale Verwaltung", catalogue_entry=catalogue
    )
    goal = Goal.objects.create(strategy=published, title="Alle Leistungen online")
    axis = TagAxis.objects.create(strategy=published, name="Zeitpunkt")
    tag = Tag.objects.create(axis=axis, name="Sofortmaßnahme")
    responsible = UserFactory(
        email="verantwortlich@birkenwerder.example", name="Vera Verantwortlich"
    )
    Membership.objects.create(user=responsible, municipality=municipality_b, role=Role.CONTRIBUTOR)
    portal = Measure.objects.create(
        strategy=published, title="Bürgerportal mit Terminbuchung", status=Measure.Status.RUNNING,
        summary="Ein Portal für alle Anträge der Verwaltung.", problem="Lange Wartezeiten.",
        risks="Vertrauliches Risiko", data_protection_notes="Interne Datenschutznotiz",
        cost_one_off=Decimal("30000"), cost_running=Decimal("5000"), responsible=responsible,
    )  # fmt: skip
    portal.fields.add(field)
    portal.goals.add(goal)
    portal.tags.add(tag)
    Step.objects.create(measure=portal, title="Anbieter auswählen", owner=responsible, position=1)
    Step.objects.create(measure=portal, title="Pilotbetrieb starten", position=2)
    Indicator.objects.create(strategy=published, measure=portal, name="Online-Anträge", unit="Anzahl",
                             baseline_value=Decimal(3), target_value=Decimal(90))  # fmt: skip
    idea = Measure.objects.create(
        strategy=published, title="Ideenportal Werkstatt", status=Measure.Status.IDEA
    )
    published.public_page = True
    published.save()
    draft = Strategy.objects.create(municipality=municipality_b, title="Birkenwerder Entwurf")
    shared = Measure.objects.create(strategy=draft, title="Digitale Schulausstattung",
                                    summary="Tablets und WLAN für alle Grundschulen.")  # fmt: skip
    private = Measure.objects.create(strategy=draft, title=f"{PRIVATE_WORD} Rathausportal",
                                     summary=f"{PRIVATE_WORD}: Portal für interne Zwecke.")  # fmt: skip
    contact = UserFactory(email="kontakt@birkenwerder.example", name="Karla Kontakt")
    Membership.objects.create(user=contact, municipality=municipality_b, role=Role.EDITOR)
    services.share_measure(shared, contact=contact, by=people["outsider"])
    own = Strategy.objects.create(municipality=municipality_a, title="Digitales Amtsberg 2030")
    own_field = FieldOfAction.objects.create(strategy=own, title="Verwaltung")
    own_goal = Goal.objects.create(strategy=own, title="Schneller Service")
    return World(published, draft, portal, idea, shared, private, contact, people["outsider"],
                 own, own_field, own_goal)  # fmt: skip
