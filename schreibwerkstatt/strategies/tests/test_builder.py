from decimal import Decimal

import pytest
from django.urls import reverse

from schreibwerkstatt.municipalities.models import Role
from schreibwerkstatt.strategies.models import (
    CatalogueField,
    FieldOfAction,
    Goal,
    Indicator,
    Measure,
    Step,
    Strategy,
    StrategyPartner,
)
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_coordinator_starts_a_strategy(municipality_a, people, as_persona) -> None:
    response = as_persona("coordinator").post(
        reverse("strategies:create", kwargs={"slug": "amtsberg"}),
        {"title": "Amtsberg digital", "status": "draft", "period_start": "2026-01-01", "period_end": "2030-12-31",
         "goal_layer_names": "Zielbild, Zukunftsaufgabe"},
    )  # fmt: skip
    assert response.status_code == 302
    strategy = Strategy.objects.get(title="Amtsberg digital")
    assert strategy.municipality == municipality_a
    assert strategy.layer_names == ["Zielbild", "Zukunftsaufgabe"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"period_start": "2030-01-01", "period_end": "2026-01-01"}, "period_end"),
        ({"own_share_percent": "120"}, "own_share_percent"),
        ({"budget": "-5"}, "budget"),
        ({"title": "x" * 201}, "title"),
        ({"status": "beschlossen-ohne-rat"}, "status"),
    ],
)
def test_it_rejects_bad_strategy_data(municipality_a, people, as_persona, data, field) -> None:
    response = as_persona("coordinator").post(
        reverse("strategies:create", kwargs={"slug": "amtsberg"}),
        {"title": "Amtsberg digital", "status": "draft", "goal_layer_names": "Ziel", **data},
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Strategy.objects.exists()


def test_editors_cannot_start_a_strategy(municipality_a, people, as_persona) -> None:
    response = as_persona("editor").post(
        reverse("strategies:create", kwargs={"slug": "amtsberg"}), {"title": "X", "status": "draft"}
    )
    assert response.status_code == 403


def test_fields_come_from_the_catalogue_or_are_defined_freely(strategy, as_persona, url) -> None:
    client = as_persona("editor")
    entries = list(CatalogueField.objects.filter(title__in=["Mobilität", "Bildung"]))
    assert (
        client.post(url("fields_from_catalogue"), {"entries": [e.pk for e in entries]}).status_code
        == 302
    )
    assert (
        client.post(
            url("field_add"),
            {"title": "Ländlicher Raum", "guiding_sentence": "Gut leben auf dem Land"},
        ).status_code
        == 302
    )
    titles = list(strategy.fields.values_list("title", flat=True))
    assert titles == ["Mobilität", "Bildung", "Ländlicher Raum"]
    page = client.get(url("fields")).content.decode()
    assert "Mobilität" in page and "Gesundheit und Pflege" in page  # chosen, and still offered
    # A catalogue entry is offered only once.
    assert (
        client.post(url("fields_from_catalogue"), {"entries": [entries[0].pk]}).status_code == 400
    )


def test_nested_goals_carry_the_layer_names_of_the_strategy(strategy, as_persona, url) -> None:
    strategy.goal_layer_names = "Leitziel, Unterziel"
    strategy.save()
    client = as_persona("editor")
    client.post(url("goal_add"), {"title": "Verwaltung ist digital erreichbar"})
    top = Goal.objects.get()
    client.post(url("goal_add"), {"title": "80 % der Leistungen online", "parent": top.pk})
    content = client.get(url("goals")).content.decode()
    page = content[content.index("sw-goal-tree") :]
    assert (
        page.index("Leitziel")
        < page.index("Verwaltung ist digital")
        < page.index("Unterziel")
        < page.index("80 % der")
    )


def test_a_goal_cannot_become_its_own_ancestor(strategy, as_persona, url) -> None:
    top = Goal.objects.create(strategy=strategy, title="Oben")
    child = Goal.objects.create(strategy=strategy, title="Unten", parent=top)
    response = as_persona("editor").post(
        url("goal_edit", pk=top.pk), {"title": "Oben", "parent": child.pk, "version": top.version}
    )
    assert response.status_code == 400
    assert "parent" in response.context["form"].errors
    top.refresh_from_db()
    assert top.parent is None


def test_indicators_belong_to_goals_with_baseline_and_target(strategy, as_persona, url) -> None:
    goal = Goal.objects.create(strategy=strategy, title="Online-Zugang")
    response = as_persona("editor").post(
        url("indicator_add", pk=goal.pk),
        {"name": "Online-Leistungen", "unit": "%", "kind": "output", "baseline_value": "12,5", "baseline_date": "2025-01-01",
         "target_value": "80", "target_date": "2028-12-31"},
    )  # fmt: skip
    assert response.status_code == 302
    indicator = Indicator.objects.get()
    assert (indicator.goal, indicator.baseline_value) == (goal, Decimal("12.5"))


def test_an_indicator_with_a_target_before_its_baseline_is_rejected(
    strategy, as_persona, url
) -> None:
    goal = Goal.objects.create(strategy=strategy, title="Online-Zugang")
    response = as_persona("editor").post(
        url("indicator_add", pk=goal.pk),
        {
            "name": "X",
            "unit": "%",
            "kind": "output",
            "baseline_date": "2028-01-01",
            "target_date": "2026-01-01",
        },
    )
    assert response.status_code == 400
    assert not Indicator.objects.exists()


MEASURE = {
    "title": "Online-Terminvergabe im Bürgeramt",
    "status": "planned",
    "priority": "high",
    "start": "2026-03-01",
    "end": "2026-12-31",
    "cost_one_off": "12.500,00",
    "cost_running": "1.200",
    "financing": "funding",
    "funding_share_percent": "80",
}


def test_an_editor_creates_a_complete_measure_profile(strategy, people, as_persona, url) -> None:
    field = FieldOfAction.objects.create(strategy=strategy, title="Digitale Verwaltung")
    goal = Goal.objects.create(strategy=strategy, title="Leistungen online")
    response = as_persona("editor").post(
        url("measure_add"),
        {
            **MEASURE,
            "fields": [field.pk],
            "goals": [goal.pk],
            "responsible": people["contributor"].pk,
            "is_flagship": "on",
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get()
    assert (measure.cost_one_off, measure.cost_running, measure.is_flagship) == (
        Decimal("12500.00"),
        Decimal("1200"),
        True,
    )
    assert list(measure.fields.all()) == [field] and list(measure.goals.all()) == [goal]
    page = as_persona("reader").get(url("measure", pk=measure.pk)).content.decode()
    assert (
        "Online-Terminvergabe im Bürgeramt" in page
        and "Digitale Verwaltung" in page
        and "Leistungen online" in page
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start": "2027-01-01", "end": "2026-01-01"}, "end"),
        ({"cost_one_off": "-100"}, "cost_one_off"),
        ({"funding_share_percent": "120"}, "funding_share_percent"),
        ({"responsible": "999999"}, "responsible"),
        ({"title": ""}, "title"),
        ({"priority": "sofort"}, "priority"),
    ],
)
def test_it_rejects_bad_measure_data(strategy, as_persona, url, changes, field) -> None:
    response = as_persona("editor").post(url("measure_add"), {**MEASURE, **changes})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Measure.objects.exists()


def test_a_member_of_another_municipality_cannot_lead_a_measure(
    strategy, people, as_persona, url
) -> None:
    response = as_persona("editor").post(
        url("measure_add"), {**MEASURE, "responsible": people["outsider"].pk}
    )
    assert response.status_code == 400


def test_a_dependency_cycle_is_refused_with_the_chain(strategy, as_persona, url) -> None:
    a = Measure.objects.create(strategy=strategy, title="Glasfaser")
    b = Measure.objects.create(strategy=strategy, title="WLAN im Rathaus")
    c = Measure.objects.create(strategy=strategy, title="Digitales Bürgerbüro")
    b.depends_on.add(a)
    c.depends_on.add(b)
    response = as_persona("editor").post(
        url("measure_edit", pk=a.pk),
        {**MEASURE, "title": "Glasfaser", "depends_on": [c.pk], "version": a.version},
    )
    assert response.status_code == 400
    message = " ".join(response.context["form"].errors["depends_on"])
    assert "Glasfaser" in message and "Digitales Bürgerbüro" in message
    assert not a.depends_on.exists()


def test_a_measure_cannot_depend_on_itself_or_be_its_own_part(strategy, as_persona, url) -> None:
    a = Measure.objects.create(strategy=strategy, title="A")
    child = Measure.objects.create(strategy=strategy, title="Teil von A", parent=a)
    response = as_persona("editor").post(
        url("measure_edit", pk=a.pk),
        {**MEASURE, "title": "A", "parent": child.pk, "version": a.version},
    )
    assert response.status_code == 400
    assert "parent" in response.context["form"].errors


def test_a_stale_measure_edit_is_refused_and_nothing_is_overwritten(
    strategy, as_persona, url
) -> None:
    measure = Measure.objects.create(strategy=strategy, title="Ursprung")
    version = measure.version
    assert (
        as_persona("coordinator")
        .post(
            url("measure_edit", pk=measure.pk),
            {**MEASURE, "title": "Fassung A", "version": version},
        )
        .status_code
        == 302
    )
    response = as_persona("editor").post(
        url("measure_edit", pk=measure.pk), {**MEASURE, "title": "Fassung B", "version": version}
    )
    assert response.status_code == 409
    assert "Fassung A" in response.content.decode() and "Fassung B" in response.content.decode()
    measure.refresh_from_db()
    assert measure.title == "Fassung A"
    assert measure.history.count() == 2  # created + the one accepted edit


def test_contributors_edit_only_the_measures_they_lead(strategy, people, as_persona, url) -> None:
    own = Measure.objects.create(
        strategy=strategy, title="Eigene", responsible=people["contributor"]
    )
    other = Measure.objects.create(strategy=strategy, title="Fremde", responsible=people["editor"])
    client = as_persona("contributor")
    assert (
        client.post(
            url("measure_edit", pk=own.pk),
            {
                **MEASURE,
                "title": "Eigene, ergänzt",
                "responsible": people["contributor"].pk,
                "version": own.version,
            },
        ).status_code
        == 302
    )
    assert (
        client.post(
            url("measure_edit", pk=other.pk),
            {**MEASURE, "title": "Übernommen", "version": other.version},
        ).status_code
        == 403
    )
    assert (
        client.post(url("step_add", pk=own.pk), {"title": "Anbieter anfragen"}).status_code == 302
    )
    assert client.post(url("step_add", pk=other.pk), {"title": "Heimlich"}).status_code == 403
    assert client.post(url("measure_add"), MEASURE).status_code == 403
    assert list(Step.objects.values_list("title", flat=True)) == ["Anbieter anfragen"]


def test_steps_are_added_ticked_and_ordered(strategy, people, as_persona, url) -> None:
    measure = Measure.objects.create(strategy=strategy, title="E-Akte")
    client = as_persona("editor")
    for title in ["Bedarf erheben", "Ausschreibung", "Einführung"]:
        client.post(
            url("step_add", pk=measure.pk),
            {"title": title, "owner": people["contributor"].pk, "due_date": "2026-06-30"},
        )
    steps = list(measure.steps.all())
    client.post(url("step_move", pk=steps[2].pk), {"direction": "up"})
    assert list(measure.steps.values_list("title", flat=True)) == [
        "Bedarf erheben",
        "Einführung",
        "Ausschreibung",
    ]
    # The owner (a contributor) ticks their step with htmx and gets the fragment back.
    response = as_persona("contributor").post(
        url("step_toggle", pk=steps[0].pk), {"done": "true"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert (
        f'id="step-{steps[0].pk}"' in response.content.decode()
        and "<html" not in response.content.decode()
    )
    steps[0].refresh_from_db()
    assert steps[0].done
    # Another contributor who owns nothing here may not tick it back.
    stranger = UserFactory()
    MembershipFactory(user=stranger, municipality=strategy.municipality, role=Role.CONTRIBUTOR)
    from django.test import Client

    other = Client()
    other.force_login(stranger)
    assert other.post(url("step_toggle", pk=steps[0].pk), {"done": "false"}).status_code == 403


def test_a_step_owner_must_be_a_member(strategy, people, as_persona, url) -> None:
    measure = Measure.objects.create(strategy=strategy, title="E-Akte")
    response = as_persona("editor").post(
        url("step_add", pk=measure.pk), {"title": "X", "owner": people["outsider"].pk}
    )
    assert response.status_code == 400
    assert not Step.objects.exists()


def test_a_joint_strategy_is_worked_on_from_each_partner(
    strategy, municipality_b, people, as_persona, url
) -> None:
    StrategyPartner.objects.create(
        strategy=strategy, municipality=municipality_b, label="Nachbargemeinde", status="accepted"
    )
    partner_url = reverse(
        "strategies:overview", kwargs={"slug": municipality_b.slug, "strategy": strategy.pk}
    )
    client = as_persona("outsider")  # coordinator of B
    assert client.get(partner_url).status_code == 200
    assert client.get(url("overview")).status_code == 404  # not through A's address
    measure_add = reverse(
        "strategies:measure_add", kwargs={"slug": municipality_b.slug, "strategy": strategy.pk}
    )
    assert (
        client.post(measure_add, {**MEASURE, "partner_municipality": municipality_b.pk}).status_code
        == 302
    )
    assert Measure.objects.get().partner_municipality == municipality_b


def test_tags_in_named_axes(strategy, as_persona, url) -> None:
    client = as_persona("editor")
    client.post(url("tags"), {"axis": "Zeitpunkt", "tag": "Sofortmaßnahme"})
    client.post(url("tags"), {"axis": "Zeitpunkt", "tag": "Umsetzungsmaßnahme"})
    assert strategy.tag_axes.get().tags.count() == 2
    assert client.post(url("tags"), {"axis": "", "tag": "x"}).status_code == 400
    assert as_persona("reader").post(url("tags"), {"axis": "Thema"}).status_code == 403


def test_vision_principles_and_related_plans(strategy, as_persona, url) -> None:
    client = as_persona("editor")
    assert (
        client.post(
            url("vision"), {"vision": "Amtsberg ist 2030 digital.", "version": strategy.version}
        ).status_code
        == 302
    )
    client.post(url("principle_add"), {"text": "Analog bleibt möglich"})
    client.post(url("principle_add"), {"text": "Daten gehören der Kommune"})
    second = strategy.principles.get(text="Daten gehören der Kommune")
    client.post(url("principle_move", pk=second.pk), {"direction": "up"})
    assert list(strategy.principles.values_list("text", flat=True)) == [
        "Daten gehören der Kommune",
        "Analog bleibt möglich",
    ]
    assert (
        client.post(
            url("plan_link_add"),
            {"title": "INSEK 2035", "url": "https://musterstadt.example/insek"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            url("plan_link_add"), {"title": "Böse", "url": "javascript:alert(1)"}
        ).status_code
        == 400
    )
    assert client.post(url("principle_add"), {"text": "x" * 501}).status_code == 400
    assert strategy.principles.count() == 2
    page = as_persona("reader").get(url("vision")).content.decode()
    assert "Amtsberg ist 2030 digital." in page and "INSEK 2035" in page
    assert (
        as_persona("reader").post(url("vision"), {"vision": "Übernommen", "version": 2}).status_code
        == 403
    )


def test_the_history_shows_who_changed_what_and_restores_an_earlier_version(
    strategy, people, as_persona, url
) -> None:
    goal = Goal.objects.create(strategy=strategy, title="Leistungen online")
    client = as_persona("editor")
    client.post(url("measure_add"), {**MEASURE, "goals": [goal.pk]})
    measure = Measure.objects.get()
    client.post(
        url("measure_edit", pk=measure.pk),
        {**MEASURE, "title": "Umbenannt", "status": "running", "version": 1},
    )
    page = as_persona("reader").get(url("history_measure", pk=measure.pk))
    content = page.content.decode()
    assert page.status_code == 200
    assert (
        "Umbenannt" in content
        and "Online-Terminvergabe im Bürgeramt" in content
        and "Editor Amtsberg" in content
    )
    # The newest record still holding the original title (with its goals set).
    first = (
        measure.history.filter(title=MEASURE["title"])
        .order_by("-history_date", "-history_id")
        .first()
    )
    assert (
        as_persona("reader")
        .post(url("restore_measure", pk=measure.pk, history_id=first.history_id), {"version": 2})
        .status_code
        == 403
    )
    stale = client.post(
        url("restore_measure", pk=measure.pk, history_id=first.history_id), {"version": 1}
    )
    assert stale.status_code == 302
    measure.refresh_from_db()
    assert measure.title == "Umbenannt"  # a stale restore changes nothing
    response = client.post(
        url("restore_measure", pk=measure.pk, history_id=first.history_id), {"version": 2}
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.title, measure.status, measure.version) == (
        "Online-Terminvergabe im Bürgeramt",
        "planned",
        3,
    )
    assert list(measure.goals.all()) == [goal]
