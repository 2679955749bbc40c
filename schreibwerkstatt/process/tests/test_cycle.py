"""The cycle's progress comes from the work: the phases' automatic criteria and the
Strategie-Check are one rule set (process/check.py), "Als Nächstes" leads from an empty
strategy to an adopted one, and the guided start begins it."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from schreibwerkstatt.audit.models import AuditEvent
from schreibwerkstatt.inventory.models import (
    ExistingProject,
    MaturityAnswer,
    MaturityQuestion,
    Stakeholder,
    SwotEntry,
)
from schreibwerkstatt.municipalities.models import Invitation, Role
from schreibwerkstatt.process import check
from schreibwerkstatt.process.cycle import cycle_progress, next_step
from schreibwerkstatt.process.models import ChecklistItem
from schreibwerkstatt.process.services import set_up_process
from schreibwerkstatt.process.tests.helpers import complete
from schreibwerkstatt.process.tests.test_check import with_every_kind_of_gap
from schreibwerkstatt.revisions.models import Revision
from schreibwerkstatt.strategies.models import (
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    Indicator,
    Measure,
    Strategy,
)
from tests.factories import MembershipFactory, MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db


def start_url(slug: str) -> str:
    return reverse("process:start", kwargs={"slug": slug})


def phase_url(slug: str, number: int) -> str:
    return reverse("process:phase", kwargs={"slug": slug, "number": number})


def assert_phases_agree_with_the_check(client, strategy: Strategy) -> None:
    """Every criterion shown on the phase pages is met exactly when the Strategie-Check page
    lists no gap of the rules that judge it."""
    slug = strategy.municipality.slug
    url = reverse("process:check", kwargs={"slug": slug, "strategy": strategy.pk})
    listed = {gap.rule for _, group in client.get(url).context["groups"] for gap in group}
    client.get(reverse("strategies:overview", kwargs={"slug": slug, "strategy": strategy.pk}))
    seen = 0
    for number in range(11):
        for row in client.get(phase_url(slug, number)).context["criteria"]:
            judged = {rule.key for rule in check.judged_by(row["state"].criterion)}
            assert row["state"].met == (not judged & listed), row["state"].criterion.key
            if not row["state"].met:
                assert row["gaps"], row["state"].criterion.key  # it says why
            seen += 1
    assert seen == len(check.CRITERIA)


def test_the_phases_and_the_check_agree_on_generated_strategies(
    strategy, people, as_persona, municipality_a
) -> None:
    client = as_persona("reader")
    assert_phases_agree_with_the_check(client, strategy)  # empty
    with_every_kind_of_gap(strategy)
    assert_phases_agree_with_the_check(client, strategy)
    full = complete(
        Strategy.objects.create(municipality=municipality_a, title="Voll"), people["editor"]
    )
    assert_phases_agree_with_the_check(client, full)
    progress = cycle_progress(municipality_a, full)
    assert all(state.met for phase in progress.phases for state in phase.criteria)


def test_the_phases_and_the_check_agree_on_the_demo() -> None:
    from django.test import Client

    from schreibwerkstatt.demo.load import load_demo

    demo, _people = load_demo()
    client = Client()
    client.force_login(demo.memberships.get(role=Role.COORDINATOR).user)
    for strategy in Strategy.objects.filter(municipality__memberships__isnull=False).distinct():
        client.force_login(
            strategy.municipality.memberships.filter(role=Role.COORDINATOR).first().user
        )
        assert_phases_agree_with_the_check(client, strategy)


def test_a_municipality_without_a_strategy_is_offered_the_guided_start(
    municipality_a, people, as_persona
) -> None:
    dashboard = reverse("process:dashboard", kwargs={"slug": "amtsberg"})
    content = as_persona("coordinator").get(dashboard).content.decode()
    assert "Als Nächstes" in content and start_url("amtsberg") in content
    assert "Strategie anlegen" in content
    reader = as_persona("reader").get(dashboard).content.decode()
    assert start_url("amtsberg") not in reader
    assert "Die Koordination Ihrer Kommune legt die Strategie an" in reader


def test_the_guided_start_creates_the_strategy_records_the_mandate_and_invites_the_team(
    municipality_a, people, as_persona, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = as_persona("coordinator").post(
            start_url("amtsberg"),
            {
                "title": "Amtsberg digital 2031",
                "period_start": "2026-01-01",
                "period_end": "2030-12-31",
                "mandate_reference": "Beschluss 12/2026 der Gemeindevertretung",
                "mandate_date": "2026-02-03",
                "team": "Anna@Amtsberg.example\nbernd@amtsberg.example, anna@amtsberg.example",
            },
        )
    assert response.status_code == 302 and response["Location"] == phase_url("amtsberg", 0)
    strategy = Strategy.objects.get(title="Amtsberg digital 2031")
    assert strategy.municipality == municipality_a and str(strategy.period_end) == "2030-12-31"
    mandate = ChecklistItem.objects.get(municipality=municipality_a, key="mandate")
    assert mandate.done and mandate.reference.startswith("Beschluss 12/2026")
    assert str(mandate.reference_date) == "2026-02-03"
    invited = Invitation.objects.filter(municipality=municipality_a).order_by("email")
    assert [(i.email, i.role) for i in invited] == [
        ("anna@amtsberg.example", Role.EDITOR), ("bernd@amtsberg.example", Role.EDITOR),
    ]  # fmt: skip
    assert len(mail.outbox) == 2
    assert AuditEvent.objects.filter(kind="invitation.sent").count() == 2
    page = as_persona("coordinator").get(phase_url("amtsberg", 0))
    assert page.context["strategy"] == strategy
    assert "Beschluss 12/2026" in page.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": ""}, "title", "Bitte geben Sie der Strategie einen Titel."),
        ({"period_end": "2025-01-01"}, "period_end", "Der Zeitraum muss nach seinem Beginn enden."),
        ({"period_start": "32.13.2026"}, "period_start", "Bitte geben Sie ein Datum"),
        ({"team": "keine-adresse"}, "team", "keine-adresse: "),
        ({"team": "\n".join(f"p{n}@x.example" for n in range(11))}, "team", "höchstens 10"),
        ({"team": "coordinator@amtsberg.example"}, "team", "bereits Mitglied"),
        ({"mandate_date": "2026-02-03"}, "mandate_reference", "wer den Auftrag"),
    ],
)
def test_the_guided_start_explains_bad_input_and_creates_nothing(
    municipality_a, people, as_persona, data, field, message
) -> None:
    valid = {"title": "Digital", "period_start": "2026-01-01", "period_end": "2030-12-31"}
    response = as_persona("coordinator").post(start_url("amtsberg"), {**valid, **data})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Strategy.objects.exists() and not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("editor", 403), ("reader", 403), ("adviser", 403), ("outsider", 404), ("operator", 404),
     ("superuser", 404)],
)  # fmt: skip
def test_only_the_coordination_starts_a_strategy(
    municipality_a, people, as_persona, persona, status
) -> None:
    data = {"title": "Fremd", "period_start": "2026-01-01", "period_end": "2030-12-31"}
    assert as_persona(persona).get(start_url("amtsberg")).status_code == status
    assert as_persona(persona).post(start_url("amtsberg"), data).status_code == status
    assert not Strategy.objects.exists()
    anonymous = as_persona("anonymous").post(start_url("amtsberg"), data)
    assert anonymous.status_code == 302 and "/anmelden/" in anonymous["Location"]


def test_the_progress_follows_the_strategy_the_person_works_on(
    municipality_a, municipality_b, people, as_persona
) -> None:
    older = complete(
        Strategy.objects.create(municipality=municipality_a, title="Alt"), people["editor"]
    )
    newer = Strategy.objects.create(municipality=municipality_a, title="Neu")
    foreign = Strategy.objects.create(municipality=municipality_b, title="Fremd")
    client = as_persona("coordinator")
    dashboard = reverse("process:dashboard", kwargs={"slug": "amtsberg"})
    assert client.get(dashboard).context["strategy"] == newer  # the latest one
    client.get(reverse("strategies:overview", kwargs={"slug": "amtsberg", "strategy": older.pk}))
    assert client.get(dashboard).context["strategy"] == older  # the one opened last
    assert client.get(phase_url("amtsberg", 3)).context["strategy"] == older
    assert client.get(dashboard, {"strategie": newer.pk}).context["strategy"] == newer
    assert client.get(dashboard).context["strategy"] == newer  # remembered
    for bad in (foreign.pk, "x", "99999", "9" * 30, "-1", "١٢"):
        assert client.get(dashboard, {"strategie": bad}).context["strategy"] == newer


def _do(step, municipality, strategy, coordinator) -> None:
    """What a coordinator does on the page "Als Nächstes" points to, as data."""
    today = timezone.localdate()
    key = step.title
    if step.kind == "item":
        item = ChecklistItem.objects.get(municipality=municipality, title=step.title)
        item.done = True
        item.save()
        return
    criterion = next(c for c in check.CRITERIA if str(c.label) == key)
    field = FieldOfAction.objects.filter(strategy=strategy).first()
    goal = Goal.objects.filter(strategy=strategy).first()
    match criterion.key:
        case "core_team":
            MembershipFactory(municipality=municipality, role=Role.EDITOR)
        case "projects":
            ExistingProject.objects.create(strategy=strategy, title="E-Akte")
        case "stakeholders":
            Stakeholder.objects.create(strategy=strategy, name="Schulen")
        case "maturity":
            question = MaturityQuestion.objects.create(text="Gibt es WLAN im Rathaus?")
            MaturityAnswer.objects.create(strategy=strategy, question=question, value=1)
        case "swot":
            SwotEntry.objects.create(strategy=strategy, quadrant="strengths", text="Team")
        case "vision":
            Strategy.objects.filter(pk=strategy.pk).update(vision="Digital und nah.")
        case "principles":
            GuidingPrinciple.objects.create(strategy=strategy, text="Einfach")
        case "fields":
            if field is None:
                FieldOfAction.objects.create(strategy=strategy, title="Verwaltung")
            else:
                FieldOfAction.objects.filter(pk=field.pk).update(
                    guiding_sentence="Alles online", starting_situation="Papier"
                )
        case "field_responsibles":
            FieldOfAction.objects.update(responsible=coordinator)
        case "goals":
            goal = Goal.objects.create(strategy=strategy, title="Online-Anträge")
            goal.fields.add(field)
        case "indicators":
            Indicator.objects.create(
                strategy=strategy, goal=goal, name="Quote", unit="%", baseline_value=1,
                baseline_date=today, target_value=9, target_date=today + timedelta(400),
            )  # fmt: skip
        case "measures":
            measure = Measure.objects.filter(strategy=strategy).first()
            if measure is None:
                Measure.objects.create(strategy=strategy, title="Portal")
            else:
                measure.goals.add(goal)
                Measure.objects.filter(pk=measure.pk).update(lead_unit="Hauptamt", cost_one_off=5)
        case "priorities":
            Measure.objects.update(
                priority="high", start=today + timedelta(30), end=today + timedelta(300)
            )
        case "adopted":
            Revision.objects.create(strategy=strategy, number=1, state="adopted", snapshot={},
                                    adopted_on=today)  # fmt: skip
        case "published":
            Strategy.objects.filter(pk=strategy.pk).update(public_page=True)
        case other:
            raise AssertionError(f"no action for {other}")


def test_als_naechstes_leads_from_an_empty_strategy_to_an_adopted_one(client) -> None:
    """A new municipality's coordinator follows "Als Nächstes" only: each link opens a page
    she may use, each step done raises the progress by one, and the end is the adoption."""
    municipality = MunicipalityFactory(name="Neudorf", slug="neudorf", ags="12060077")
    set_up_process(municipality)
    coordinator = UserFactory(email="k@neudorf.example")
    MembershipFactory(user=coordinator, municipality=municipality, role=Role.COORDINATOR)
    client.force_login(coordinator)
    dashboard = reverse("process:dashboard", kwargs={"slug": "neudorf"})
    step = client.get(dashboard).context["next_step"]
    assert step.kind == "start"
    client.post(step.url, {"title": "Neudorf digital", "period_start": "2026-01-01",
                           "period_end": "2030-12-31"})  # fmt: skip
    strategy = Strategy.objects.get(municipality=municipality)
    done, visited = None, []
    for _ in range(80):
        response = client.get(dashboard)
        progress, step = response.context["progress"], response.context["next_step"]
        if done is not None:  # the work done moved the progress, never back
            assert progress.done >= done, visited[-1]
        expected = cycle_progress(municipality, strategy)
        assert (progress.done, progress.total) == (expected.done, expected.total)
        if step is None or step.phase.number == 10:
            break
        page = client.get(step.url.split("#")[0])
        assert page.status_code == 200, step.url
        visited.append((step.phase.number, step.title))
        _do(step, municipality, strategy, coordinator)
        done = progress.done
    assert Revision.objects.filter(strategy=strategy, state="adopted").exists()
    phases = [number for number, _ in visited]
    assert phases == sorted(phases)  # in the order of the cycle
    assert all(p.complete for p in cycle_progress(municipality, strategy).phases[:10])


def test_next_step_is_none_when_everything_is_done(municipality_a, people) -> None:
    strategy = complete(
        Strategy.objects.create(municipality=municipality_a, title="X"), people["editor"]
    )
    ChecklistItem.objects.filter(municipality=municipality_a).update(done=True)
    assert next_step(municipality_a, cycle_progress(municipality_a, strategy)) is None


def test_the_strategy_overview_shows_the_next_step(strategy, as_persona) -> None:
    url = reverse("strategies:overview", kwargs={"slug": "amtsberg", "strategy": strategy.pk})
    content = as_persona("reader").get(url).content.decode()
    assert "Als Nächstes" in content and "Strategiezyklus:" in content
    assert "Die Strategie hat noch keinen Zeitraum." in content


def test_creating_a_strategy_leads_to_the_first_phase(municipality_a, people, as_persona) -> None:
    response = as_persona("coordinator").post(
        reverse("strategies:create", kwargs={"slug": "amtsberg"}),
        {"title": "Zweite", "status": "draft", "goal_layer_names": "Leitziel, Unterziel"},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == phase_url("amtsberg", 0)


def test_the_migration_drops_only_untouched_default_items_that_became_criteria(
    municipality_a, people
) -> None:
    migration = importlib.import_module(
        "schreibwerkstatt.process.migrations.0003_automatic_criteria"
    )
    untouched = ChecklistItem.objects.create(
        municipality=municipality_a, phase=1, title="SWOT-Analyse erarbeiten"
    )
    ticked = ChecklistItem.objects.create(
        municipality=municipality_a, phase=1, title="Stakeholder-Matrix erstellen", done=True
    )
    assigned = ChecklistItem.objects.create(
        municipality=municipality_a,
        phase=2,
        title="Leitlinien festlegen",
        assignee=people["editor"],
    )
    own = ChecklistItem.objects.create(municipality=municipality_a, phase=1, title="Eigene Aufgabe")
    migration.forwards(apps, None)
    remaining = set(ChecklistItem.objects.values_list("pk", flat=True))
    assert untouched.pk not in remaining
    assert {ticked.pk, assigned.pk, own.pk} <= remaining


def test_als_naechstes_links_the_guide_of_its_phase_at_its_steps(strategy, as_persona) -> None:
    response = as_persona("coordinator").get(
        reverse("process:dashboard", kwargs={"slug": "amtsberg"})
    )
    step = response.context["next_step"]
    assert step.phase.number == 0 and step.guide is not None
    title, url = step.guide
    assert url.startswith(reverse("guides:guide", kwargs={"slug": "vorbereitung"}))
    assert url.endswith("#so-gehen-sie-vor")
    assert f"Leitfaden: {title}" in response.content.decode()
