"""The history of the smaller pieces of a strategy, edited in lists: guiding principles,
related plans, programme phases, partnerships, classification axes and tags,
prioritisation criteria and a measure's values for them, the strategy's own checklist
templates. Who changed what and when, and the restore of an earlier version."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from schreibwerkstatt.core.locking import save_versioned
from schreibwerkstatt.demo.load import load_demo
from schreibwerkstatt.demo.strategies import load_demo_strategy
from schreibwerkstatt.exchange.strategy_json import import_strategy
from schreibwerkstatt.strategies.models import (
    ChecklistTemplate,
    GuidingPrinciple,
    Measure,
    MeasureScore,
    PlanLink,
    PriorityCriterion,
    ProgrammePhase,
    StrategyPartner,
    Tag,
    TagAxis,
)
from schreibwerkstatt.strategies.open_data import export_strategy
from schreibwerkstatt.strategies.tests.conftest import (
    edit,
    messages_of,
    page_of,
    priority_list_data,
)
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

RESTORE_BUTTON = "Diese Fassung wiederherstellen"


@dataclass(frozen=True)
class Kind:
    key: str
    make: Callable  # (strategy, measure) → object
    field: str  # the field the test changes
    old: str
    new: str
    label: str  # the field's German label on the history page
    restorer: str = "editor"  # the lowest role that may restore


def _score(strategy, measure):
    criterion = PriorityCriterion.objects.create(strategy=strategy, name="Nutzen")
    return MeasureScore.objects.create(measure=measure, criterion=criterion, value=2)


KINDS = [
    Kind("principle", lambda s, m: GuidingPrinciple.objects.create(strategy=s, text="Digital zuerst"),
         "text", "Digital zuerst", "Digital, aber nicht nur", "Leitlinie"),
    Kind("plan_link", lambda s, m: PlanLink.objects.create(strategy=s, title="INSEK"),
         "title", "INSEK", "INSEK 2035", "Plan"),
    Kind("programme_phase", lambda s, m: ProgrammePhase.objects.create(
        strategy=s, name="Phase 1", start="2026-01-01", end="2026-12-31"),
         "name", "Phase 1", "Strategiephase", "Name"),
    Kind("partnership", lambda s, m: StrategyPartner.objects.create(
        strategy=s, municipality=MunicipalityFactory(name="Partnerdorf", slug="partnerdorf",
                                                     ags="12060099"), label="Nachbarort",
        status="accepted"),
         "label", "Nachbarort", "Partnerstadt", "Art der Partnerschaft", "coordinator"),
    Kind("tag_axis", lambda s, m: TagAxis.objects.create(strategy=s, name="Zeitpunkt"),
         "name", "Zeitpunkt", "Zeitraum", "Achse"),
    Kind("tag", lambda s, m: Tag.objects.create(
        axis=TagAxis.objects.create(strategy=s, name="Thema"), name="Sofort"),
         "name", "Sofort", "Sofortmaßnahme", "Schlagwort"),
    Kind("criterion", lambda s, m: PriorityCriterion.objects.create(strategy=s, name="Nutzen"),
         "name", "Nutzen", "Nutzen für Bürger", "Kriterium"),
    Kind("checklist_template", lambda s, m: ChecklistTemplate.objects.create(
        strategy=s, name="Beschaffung", steps="Bedarf klären"),
         "name", "Beschaffung", "Beschaffung (klein)", "Name"),
    Kind("score", _score, "value", "2", "4", "Wert", "contributor"),
]  # fmt: skip
IDS = [kind.key for kind in KINDS]


def changed(kind: Kind, strategy, measure):
    """The object, created and then changed once: (object, record of the creation)."""
    obj = kind.make(strategy, measure)
    first = obj.history.get()
    value = int(kind.new) if kind.field == "value" else kind.new
    return edit(obj, **{kind.field: value}), first


def current(obj, field: str) -> str:
    obj.refresh_from_db()
    return str(getattr(obj, field))


# Reading and restoring ---------------------------------------------------------------------


INLINE = [
    ("principle", "principle_edit", {"text": "Digital, aber nicht nur"}),
    ("plan_link", "plan_link_edit", {"title": "INSEK 2035", "url": "", "note": ""}),
    ("programme_phase", "phase_edit",
     {"name": "Strategiephase", "start": "2026-01-01", "end": "2026-12-31"}),
    ("checklist_template", "checklist_template_edit",
     {"name": "Beschaffung (klein)", "steps": "Bedarf klären"}),
]  # fmt: skip


@pytest.mark.parametrize(("key", "route", "data"), INLINE, ids=[k for k, _r, _d in INLINE])
def test_an_edit_in_the_list_is_one_record_of_who_changed_what(
    key, route, data, strategy, measure, people, as_persona, url
) -> None:
    kind = next(k for k in KINDS if k.key == key)
    obj = kind.make(strategy, measure)
    client = as_persona("editor")
    response = client.post(url(route, pk=obj.pk), {**data, "version": obj.version})
    assert response.status_code == 302
    # Exactly one record per save, with the person who saved.
    assert obj.history.count() == 2
    newest = obj.history.latest()
    assert (newest.history_type, newest.history_user) == ("~", people["editor"])
    assert getattr(newest, kind.field) == kind.new

    content = page_of(as_persona("reader"), url(f"history_{key}", pk=obj.pk))
    assert "Editor Amtsberg" in content and "geändert" in content and "angelegt" in content
    assert kind.label in content and kind.old in content and kind.new in content
    assert RESTORE_BUTTON not in content  # readers only read
    assert RESTORE_BUTTON in page_of(client, url(f"history_{key}", pk=obj.pk))


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_an_earlier_version_is_restored_as_a_new_recorded_change(
    kind, strategy, measure, people, as_persona, url, restore
) -> None:
    obj, first = changed(kind, strategy, measure)
    response = restore(as_persona("coordinator"), kind.key, obj, first, follow=True)
    assert response.status_code == 200
    assert "wurde wiederhergestellt" in response.content.decode()
    assert current(obj, kind.field) == kind.old
    assert obj.version == 3
    newest = obj.history.latest()
    assert obj.history.count() == 3
    assert newest.history_user == people["coordinator"]
    assert newest.history_change_reason.startswith("Wiederhergestellt: Fassung vom ")


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_a_stale_restore_changes_nothing(kind, strategy, measure, as_persona, url, restore) -> None:
    obj, first = changed(kind, strategy, measure)
    # version 1: the form was loaded before the change
    response = restore(as_persona("coordinator"), kind.key, obj, first, version=1, follow=True)
    assert any("in der Zwischenzeit" in m for m in messages_of(response))
    assert current(obj, kind.field) == kind.new
    assert obj.history.count() == 2


# Who may do what -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_members_read_the_history_and_only_the_right_roles_restore(
    kind, strategy, measure, as_persona, url
) -> None:
    obj, first = changed(kind, strategy, measure)
    history = url(f"history_{kind.key}", pk=obj.pk)
    restore = url(f"restore_{kind.key}", pk=obj.pk, history_id=first.history_id)
    allowed = {
        "editor": {"coordinator", "editor"},
        "coordinator": {"coordinator"},
        # the contributor leads the measure of the score
        "contributor": {"coordinator", "editor", "contributor"},
    }[kind.restorer]
    for persona in ["reader", "adviser", "contributor", "editor"]:
        client = as_persona(persona)
        content = page_of(client, history)
        assert kind.new in content
        assert (RESTORE_BUTTON in content) == (persona in allowed), persona
        if persona not in allowed:
            response = client.post(restore, {"version": obj.version})
            assert response.status_code == 403, persona
            assert current(obj, kind.field) == kind.new
    client = as_persona(min(allowed, key=["contributor", "editor", "coordinator"].index))
    assert client.post(restore, {"version": obj.version}).status_code == 302
    assert current(obj, kind.field) == kind.old


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_people_of_another_municipality_learn_nothing(
    kind, strategy, measure, as_persona, url, restore
) -> None:
    obj, first = changed(kind, strategy, measure)
    outsider = as_persona("outsider")
    assert outsider.get(url(f"history_{kind.key}", pk=obj.pk)).status_code == 404
    response = restore(outsider, kind.key, obj, first)
    assert response.status_code == 404
    assert current(obj, kind.field) == kind.new
    assert as_persona("anonymous").get(url(f"history_{kind.key}", pk=obj.pk)).status_code == 302


def test_an_object_of_another_strategy_is_not_found_through_this_one(
    strategy, measure, as_persona, url
) -> None:
    other = strategy.__class__.objects.create(municipality=strategy.municipality, title="Andere")
    principle = GuidingPrinciple.objects.create(strategy=other, text="Fremd")
    assert as_persona("editor").get(url("history_principle", pk=principle.pk)).status_code == 404


def test_the_global_checklist_templates_have_no_history_page_here(
    strategy, as_persona, url, restore
) -> None:
    shared = ChecklistTemplate.objects.create(name="Für alle", steps="Schritt")
    client = as_persona("editor")
    assert client.get(url("history_checklist_template", pk=shared.pk)).status_code == 404
    record = shared.history.get()
    response = restore(client, "checklist_template", shared, record, version=1)
    assert response.status_code == 404
    content = page_of(client, url("checklist_templates"))
    assert url("history_checklist_template", pk=shared.pk) not in content


def test_a_contributor_restores_no_value_of_a_measure_they_do_not_lead(
    strategy, as_persona, url, restore
) -> None:
    foreign = Measure.objects.create(strategy=strategy, title="Fremde Maßnahme")
    score, first = changed(next(k for k in KINDS if k.key == "score"), strategy, foreign)
    response = restore(as_persona("contributor"), "score", score, first)
    assert response.status_code == 403
    assert current(score, "value") == "4"


# Created and deleted through the pages: with the person -------------------------------------


def test_adding_and_deleting_through_the_pages_records_the_person(
    strategy, measure, people, as_persona, url
) -> None:
    editor, coordinator = as_persona("editor"), as_persona("coordinator")
    partner = MunicipalityFactory(name="Partnerdorf", slug="partnerdorf", ags="12060099")
    editor.post(url("principle_add"), {"text": "Offen"})
    editor.post(url("plan_link_add"), {"title": "INSEK", "url": "", "note": ""})
    editor.post(url("phase_add"), {"name": "Phase", "start": "2026-01-01", "end": "2026-06-30"})
    editor.post(url("checklist_template_add"), {"name": "Vorlage", "steps": "Eins"})
    editor.post(url("tags"), {"axis": "Thema", "tag": "Bildung"})
    editor.post(url("criterion_add"), {"name": "Aufwand", "weight": "1", "scale_max": "5",
                                       "role": "effort"})  # fmt: skip
    coordinator.post(url("partner_add"), {"municipality": partner.pk, "label": "Partnerort"})
    criterion = PriorityCriterion.objects.get(name="Aufwand")
    editor.post(
        url("priorities_save"),
        priority_list_data(editor, url, **{str(measure.pk): {criterion.pk: 3}}),
    )

    created = [
        (GuidingPrinciple, "editor"), (PlanLink, "editor"), (ProgrammePhase, "editor"),
        (ChecklistTemplate, "editor"), (TagAxis, "editor"), (Tag, "editor"),
        (PriorityCriterion, "editor"), (StrategyPartner, "coordinator"), (MeasureScore, "editor"),
    ]  # fmt: skip
    for model, persona in created:
        [record] = model.history.all()
        assert (record.history_type, record.history_user) == ("+", people[persona]), model

    principle = GuidingPrinciple.objects.get()
    editor.post(url("principle_delete", pk=principle.pk))
    editor.post(url("criterion_delete", pk=criterion.pk))  # its values go with it
    for model, pk in [(GuidingPrinciple, principle.pk), (PriorityCriterion, criterion.pk)]:
        deleted = model.history.get(id=pk, history_type="-")
        assert deleted.history_user == people["editor"]
    assert MeasureScore.history.filter(history_type="-").get().history_user == people["editor"]


def test_saving_the_assessment_records_only_the_values_that_changed(
    strategy, measure, people, as_persona, url
) -> None:
    benefit = PriorityCriterion.objects.create(strategy=strategy, name="Nutzen")
    effort = PriorityCriterion.objects.create(strategy=strategy, name="Aufwand", role="effort")
    client = as_persona("contributor")  # leads the measure
    values = {str(measure.pk): {benefit.pk: 3, effort.pk: 2}}
    data = priority_list_data(client, url, **values)
    assert client.post(url("priorities_save"), data).status_code == 302
    data = priority_list_data(client, url, **values)
    assert client.post(url("priorities_save"), data).status_code == 302
    assert MeasureScore.history.count() == 2  # two values created, nothing changed after
    values[str(measure.pk)][benefit.pk] = 5
    client.post(url("priorities_save"), priority_list_data(client, url, **values))
    score = MeasureScore.objects.get(criterion=benefit)
    assert (score.value, score.version, score.history.count()) == (5, 2, 2)
    assert score.history.latest().history_user == people["contributor"]

    content = page_of(as_persona("reader"), url("history_score", pk=score.pk))
    assert "Nutzen von „Online-Terminvergabe“" in content
    assert "Wert" in content and "Contributor Amtsberg" in content


# Checks before a restore ----------------------------------------------------------------------


def test_a_criterion_scale_is_not_restored_below_the_values_given(
    strategy, measure, as_persona, url, restore
) -> None:
    criterion = PriorityCriterion.objects.create(strategy=strategy, name="Nutzen", scale_max=5)
    first = criterion.history.get()
    criterion = edit(criterion, scale_max=10)
    MeasureScore.objects.create(measure=measure, criterion=criterion, value=8)
    response = restore(as_persona("editor"), "criterion", criterion, first, follow=True)
    [message] = messages_of(response)
    assert message.startswith("Diese Fassung kann nicht wiederhergestellt werden:")
    assert "bis 8" in message
    assert current(criterion, "scale_max") == "10"


@pytest.mark.parametrize("key", ["tag_axis", "tag"])
def test_a_name_taken_by_another_entry_meanwhile_is_not_restored(
    key, strategy, measure, as_persona, url
) -> None:
    obj, first = changed(next(k for k in KINDS if k.key == key), strategy, measure)
    if key == "tag":
        Tag.objects.create(axis=obj.axis, name="Sofort")
    else:
        TagAxis.objects.create(strategy=strategy, name="Zeitpunkt")
    response = as_persona("editor").post(
        url(f"restore_{key}", pk=obj.pk, history_id=first.history_id),
        {"version": obj.version},
        follow=True,
    )
    assert response.status_code == 200
    [message] = messages_of(response)
    assert "„Zeitpunkt“" in message or "„Sofort“" in message
    assert "anderen Eintrag" in message
    assert obj.history.count() == 2


def test_a_deleted_tag_is_named_with_its_axis_in_the_measure_history(
    strategy, measure, as_persona, url
) -> None:
    axis = TagAxis.objects.create(strategy=strategy, name="Zeitpunkt")
    tag = Tag.objects.create(axis=axis, name="Sofort")
    save_versioned(measure, expected_version=1, changes={}, m2m={"tags": [tag.pk]})
    axis.delete()  # and its tags with it
    content = page_of(as_persona("reader"), url("history_measure", pk=measure.pk))
    assert "Zeitpunkt: Sofort (gelöscht)" in content


# The links where the entries are listed ------------------------------------------------------


def test_each_listed_entry_links_to_its_history(strategy, measure, as_persona, url) -> None:
    objects = {kind.key: kind.make(strategy, measure) for kind in KINDS}
    editor, coordinator = as_persona("editor"), as_persona("coordinator")
    pages = {
        "vision": ["principle", "plan_link"],
        "edit": ["programme_phase", "partnership"],
        "tags": ["tag_axis", "tag"],
        "priorities": ["score"],
        "checklist_templates": ["checklist_template"],
    }
    for page, keys in pages.items():
        content = page_of(coordinator if page == "edit" else editor, url(page))
        for key in keys:
            assert url(f"history_{key}", pk=objects[key].pk) in content, (page, key)
    criterion = objects["score"].criterion
    assert url("history_criterion", pk=criterion.pk) in page_of(editor, url("priorities"))
    # The inline display after a save keeps the link.
    principle = objects["principle"]
    response = editor.post(
        url("principle_edit", pk=principle.pk),
        {"text": "Neu", "version": principle.version},
        HTTP_HX_REQUEST="true",
    )
    assert url("history_principle", pk=principle.pk) in response.content.decode()
    assert "Änderungsverlauf" in response.content.decode()


@pytest.mark.parametrize("page", ["tags", "priorities"])
def test_the_links_cost_no_query_per_entry(
    page, strategy, as_persona, url, django_assert_num_queries, django_assert_max_num_queries
) -> None:
    client = as_persona("editor")

    def add(count: int, start: int) -> None:
        axis = TagAxis.objects.create(strategy=strategy, name=f"Achse {start}", position=start)
        criterion = PriorityCriterion.objects.create(strategy=strategy, name=f"K {start}")
        for n in range(start, start + count):
            Tag.objects.create(axis=axis, name=f"Schlagwort {n}")
            item = Measure.objects.create(strategy=strategy, title=f"Maßnahme {n}")
            MeasureScore.objects.create(measure=item, criterion=criterion, value=n % 5)

    add(2, 0)
    client.get(url(page))
    with django_assert_max_num_queries(20) as small:
        assert client.get(url(page)).status_code == 200
    add(30, 100)
    with django_assert_num_queries(len(small.captured_queries)):
        content = page_of(client, url(page))
    assert content.count("/verlauf/") >= 32


# Created elsewhere -------------------------------------------------------------------------------


def test_the_demo_strategy_records_who_created_each_entry() -> None:
    municipality, _people = load_demo()
    users = {user.email: user for user in get_user_model().objects.all()}
    strategy = load_demo_strategy(municipality, users)
    coordinator = users["koordination@demo.example"]
    for model, rows in [
        (ProgrammePhase, strategy.programme_phases.all()),
        (GuidingPrinciple, strategy.principles.all()),
        (PlanLink, strategy.plan_links.all()),
        (TagAxis, strategy.tag_axes.all()),
        (Tag, Tag.objects.filter(axis__strategy=strategy)),
        (PriorityCriterion, strategy.criteria.all()),
        (MeasureScore, MeasureScore.objects.filter(measure__strategy=strategy)),
    ]:
        ids = set(rows.values_list("pk", flat=True))
        records = model.history.filter(id__in=ids)
        assert ids and records.count() == len(ids), model
        assert {(r.history_type, r.history_user_id) for r in records} == {("+", coordinator.pk)}


def test_an_imported_strategy_records_its_assessment_values(strategy, measure) -> None:
    criterion = PriorityCriterion.objects.create(strategy=strategy, name="Nutzen")
    MeasureScore.objects.create(measure=measure, criterion=criterion, value=4)
    document = export_strategy(strategy)
    imported = import_strategy(document, municipality_slug=strategy.municipality.slug).strategy
    copy = MeasureScore.objects.get(measure__strategy=imported)
    assert copy.value == 4
    assert copy.history.get().history_type == "+"


# The migration ----------------------------------------------------------------------------------


@pytest.mark.migration
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migration_data")
def test_the_migration_keeps_every_row_and_records_its_state_once() -> None:
    executor = MigrationExecutor(connection)
    before = [("strategies", "0003_implementation_fields")]
    after = [("strategies", "0004_history_of_the_remaining_content")]
    try:
        executor.migrate(before)
        apps = executor.loader.project_state(before).apps
        municipality = apps.get_model("municipalities", "Municipality").objects.create(
            name="Altdorf", slug="altdorf", ags="12000001"
        )
        strategy = apps.get_model("strategies", "Strategy").objects.create(
            municipality=municipality, title="Alt"
        )
        apps.get_model("strategies", "GuidingPrinciple").objects.create(
            strategy=strategy, text="Bleibt"
        )
        apps.get_model("strategies", "ChecklistTemplate").objects.create(name="Global", steps="A")
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        principle = GuidingPrinciple.objects.get()
        assert (principle.text, principle.version) == ("Bleibt", 1)
        [record] = principle.history.all()
        assert record.text == "Bleibt" and record.history_user is None
        assert record.history_change_reason == "Stand bei Einführung des Änderungsverlaufs"
        assert ChecklistTemplate.objects.get().history.count() == 1
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
