"""Open-data exchange of a whole strategy: export-strategy and import-strategy (JSON)."""

import copy
import csv
import io
import json
import operator
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import reduce
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from jsonschema import Draft202012Validator

from schreibwerkstatt.exchange import strategy_json
from schreibwerkstatt.municipalities.models import Kind, Municipality, Role, State
from schreibwerkstatt.process.models import ChecklistItem
from schreibwerkstatt.strategies.models import (
    CatalogueField,
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    Indicator,
    Measure,
    MeasureScore,
    Milestone,
    PlanLink,
    PriorityCriterion,
    ProgrammePhase,
    Step,
    Strategy,
    StrategyPartner,
    Tag,
    TagAxis,
)
from schreibwerkstatt.strategies.partnerships import accept_partnership
from tests.factories import MembershipFactory, MunicipalityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def build_rich_strategy(municipality, partner, people) -> Strategy:
    """Every kind of object once or more: nested goals and measures, dependencies, tags, scores."""
    catalogue, _created = CatalogueField.objects.get_or_create(  # the migrations seed it
        title="Digitale Verwaltung", defaults={"description": "Online-Dienste und E-Akte."}
    )
    strategy = Strategy.objects.create(
        municipality=municipality,
        title="Digitales Amtsberg 2030",
        motto="Amtsberg verbindet",
        period_start=date(2025, 1, 1),
        period_end=date(2030, 12, 31),
        status=Strategy.Status.ADOPTED,
        budget=Decimal("250000"),
        funding_programme="Smarte Region Brandenburg",
        own_share_amount=Decimal("25000.5"),
        own_share_percent=Decimal("10"),
        goal_layer_names="Zielbild, Zukunftsaufgabe, Handlungsziel",
        vision="Amtsberg ist eine Gemeinde, in der digitale Dienste allen nützen.",
    )
    StrategyPartner.objects.create(
        strategy=strategy, municipality=partner, label="Nachbarort", status="accepted"
    )
    ProgrammePhase.objects.create(
        strategy=strategy, name="Strategiephase", start=date(2025, 1, 1), end=date(2025, 12, 31)
    )
    ProgrammePhase.objects.create(
        strategy=strategy, name="Umsetzungsphase", start=date(2026, 1, 1), end=date(2030, 12, 31)
    )
    GuidingPrinciple.objects.create(strategy=strategy, text="Der Mensch zuerst.", position=1)
    GuidingPrinciple.objects.create(strategy=strategy, text="Offen und sicher.", position=0)
    PlanLink.objects.create(
        strategy=strategy,
        title="INSEK Amtsberg 2035",
        url="https://amtsberg.example/insek",
        note="Leitbild übernommen",
    )
    timing = TagAxis.objects.create(strategy=strategy, name="Zeitpunkt", position=0)
    theme = TagAxis.objects.create(strategy=strategy, name="Thema", position=1)
    at_once = Tag.objects.create(axis=timing, name="Sofortmaßnahme")
    Tag.objects.create(axis=timing, name="Langfristig")
    data_tag = Tag.objects.create(axis=theme, name="Daten")

    administration = FieldOfAction.objects.create(
        strategy=strategy,
        catalogue_entry=catalogue,
        title="Digitale Verwaltung",
        guiding_sentence="Behördengänge von zu Hause.",
        starting_situation="Wenige Online-Dienste.",
        sub_areas="Online-Dienste\nE-Akte",
        responsible=people["editor"],
        position=0,
    )
    mobility = FieldOfAction.objects.create(strategy=strategy, title="Mobilität", position=1)

    # The sub-goal comes before its parent in the export's order: import must cope.
    top = Goal.objects.create(strategy=strategy, title="Verwaltung ist digital", position=1)
    top.fields.set([mobility, administration])
    sub = Goal.objects.create(
        strategy=strategy, parent=top, title="Alle Anträge online", position=0
    )
    sub.fields.set([administration])
    Goal.objects.create(strategy=strategy, parent=sub, title="Bauantrag digital", position=2)
    cross = Goal.objects.create(strategy=strategy, title="Kompetenzen stärken", position=3)

    bundle = Measure.objects.create(
        strategy=strategy,
        title="Bürgerportal",
        short_name="Portal",
        plain_name="Ämter im Internet",
        summary="Ein Portal für alle Dienste.",
        problem="Anträge nur auf Papier.",
        expected_effect="Weniger Wege.",
        target_group="Bürgerinnen und Bürger",
        lead_unit="Hauptamt",
        responsible=people["contributor"],
        partners_internal="IT",
        partners_external="Zweckverband",
        partner_municipality=partner,
        cost_one_off=Decimal("12000"),
        cost_running=Decimal("1500.5"),
        financing=Measure.Financing.MIXED,
        funding_programme="Smarte Region",
        funding_share_percent=Decimal("62.5"),
        priority=Measure.Priority.HIGH,
        start=date(2025, 3, 1),
        end=date(2026, 6, 30),
        risks="Personal fehlt.",
        location="Rathaus",
        status=Measure.Status.RUNNING,
        maturity="Konzept liegt vor",
        reusability="Vorbild: Nachbarort",
        data_protection_notes="DSFA nötig",
        accessibility_notes="BITV-Test",
        is_flagship=True,
        position=0,
    )
    bundle.goals.set([sub, top])
    bundle.fields.set([administration])
    bundle.tags.set([data_tag, at_once])
    part = Measure.objects.create(
        strategy=strategy, parent=bundle, title="Online-Bauantrag", position=1
    )
    part.goals.set([cross])
    wifi = Measure.objects.create(
        strategy=strategy, title="WLAN im Rathaus", position=2, status=Measure.Status.PLANNED
    )
    part.depends_on.set([wifi])
    bundle.depends_on.set([wifi])

    Indicator.objects.create(
        strategy=strategy,
        goal=sub,
        name="Anteil Online-Anträge",
        unit="%",
        kind=Indicator.Kind.OUTCOME,
        baseline_value=Decimal("5"),
        baseline_date=date(2024, 12, 31),
        target_value=Decimal("80.25"),
        target_date=date(2030, 12, 31),
    )
    Indicator.objects.create(
        strategy=strategy, measure=bundle, name="Dienste im Portal", unit="Anzahl"
    )
    Milestone.objects.create(strategy=strategy, title="Beschluss", date=date(2025, 6, 1))
    Milestone.objects.create(
        strategy=strategy, measure=bundle, title="Portal live", date=date(2026, 1, 15)
    )
    Step.objects.create(
        measure=bundle,
        title="Ausschreibung",
        owner=people["contributor"],
        due_date=date(2025, 5, 1),
        done=True,
        done_at=datetime(2025, 4, 28, 9, 30, tzinfo=UTC),
        position=0,
    )
    Step.objects.create(measure=bundle, title="Vergabe", position=1)
    Step.objects.create(measure=wifi, title="Angebote einholen", owner=people["editor"])
    benefit = PriorityCriterion.objects.create(
        strategy=strategy, name="Nutzen", weight=Decimal("2"), role="benefit", position=0
    )
    effort = PriorityCriterion.objects.create(
        strategy=strategy, name="Aufwand", scale_max=3, role="effort", position=1
    )
    MeasureScore.objects.create(measure=bundle, criterion=benefit, value=5)
    MeasureScore.objects.create(measure=bundle, criterion=effort, value=3)
    MeasureScore.objects.create(measure=wifi, criterion=benefit, value=2)
    return strategy


@pytest.fixture
def rich_strategy(municipality_a, municipality_b, people) -> Strategy:
    return build_rich_strategy(municipality_a, municipality_b, people)


def export_to_file(path: Path, slug: str, *extra: str) -> dict[str, Any]:
    call_command("export-strategy", "--municipality", slug, "--output", str(path), *extra)
    return json.loads(path.read_text(encoding="utf-8"))


ID_PATTERN = re.compile(
    r"^(municipality|strategy|partner|phase|principle|plan-link|tag-axis|tag|field|goal"
    r"|indicator|measure|milestone|step|criterion|score)-\d+$"
)


def normalised(document: dict[str, Any]) -> dict[str, Any]:
    """Ids replaced by their order of appearance; timestamps of the export removed."""
    mapping: dict[str, str] = {}

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: walk(item) for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item) for item in value]
        if isinstance(value, str) and ID_PATTERN.match(value):
            prefix = value.rsplit("-", 1)[0]
            return mapping.setdefault(value, f"{prefix}#{len(mapping)}")
        return value

    result = walk(copy.deepcopy(document))
    del result["exported_at"]
    del result["strategy"]["created_at"], result["strategy"]["updated_at"]
    return result


def write_json(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def import_problems(path: Path, slug: str = "amtsberg") -> str:
    with pytest.raises(CommandError) as error:
        call_command("import-strategy", str(path), "--municipality", slug)
    return str(error.value)


# ---------------------------------------------------------------- schema


def test_the_schema_is_a_valid_draft_2020_12_schema_with_an_id_and_version() -> None:
    schema = strategy_json.load_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"]
    assert strategy_json.SCHEMA_VERSION == "1.0"


def test_the_schema_lists_exactly_the_choices_of_the_models() -> None:
    defs = strategy_json.load_schema()["$defs"]
    pairs = [
        (defs["strategy"]["properties"]["status"]["enum"], Strategy.Status.values),
        (defs["measure"]["properties"]["status"]["enum"], Measure.Status.values),
        (defs["measure"]["properties"]["priority"]["enum"], [*Measure.Priority.values, None]),
        (defs["measure"]["properties"]["financing"]["enum"], [*Measure.Financing.values, None]),
        (defs["indicator"]["properties"]["kind"]["enum"], Indicator.Kind.values),
        (defs["priority_criterion"]["properties"]["role"]["enum"], PriorityCriterion.Role.values),
        (defs["municipality"]["properties"]["kind"]["enum"], Kind.values),
        (defs["municipality"]["properties"]["state"]["enum"], State.values),
    ]
    for in_schema, in_model in pairs:
        assert in_schema == in_model


# ---------------------------------------------------------------- export


def test_the_export_describes_the_whole_strategy_with_stable_ids(rich_strategy, tmp_path) -> None:
    document = export_to_file(tmp_path / "a.json", "amtsberg")

    assert strategy_json.validate_document(document) == []
    assert document["schema_version"] == "1.0"
    assert document["municipality"] == {
        "id": f"municipality-{rich_strategy.municipality.pk}",
        "name": "Amtsberg",
        "slug": "amtsberg",
        "ags": "12060001",
        "kind": "gemeinde",
        "state": "12",
        "population": 5000,
    }
    strategy = document["strategy"]
    assert strategy["id"] == f"strategy-{rich_strategy.pk}"
    assert strategy["budget"] == "250000.00"
    assert strategy["own_share_amount"] == "25000.50"
    assert strategy["own_share_percent"] == "10.00"
    assert strategy["goal_layer_names"] == ["Zielbild", "Zukunftsaufgabe", "Handlungsziel"]
    assert document["partners"] == [
        {"id": document["partners"][0]["id"], "ags": "12060002", "name": "Birkenwerder-Nord",
         "label": "Nachbarort"}
    ]  # fmt: skip
    assert [p["text"] for p in document["guiding_principles"]] == [
        "Offen und sicher.",
        "Der Mensch zuerst.",
    ]
    assert document["tag_axes"][0]["name"] == "Zeitpunkt"
    assert [t["name"] for t in document["tag_axes"][0]["tags"]] == ["Langfristig", "Sofortmaßnahme"]
    assert document["fields_of_action"][0]["catalogue_entry"] == "Digitale Verwaltung"
    assert document["fields_of_action"][0]["sub_areas"] == ["Online-Dienste", "E-Akte"]

    goals = {goal["title"]: goal for goal in document["goals"]}
    assert goals["Alle Anträge online"]["parent"] == goals["Verwaltung ist digital"]["id"]
    assert goals["Bauantrag digital"]["parent"] == goals["Alle Anträge online"]["id"]
    assert goals["Kompetenzen stärken"]["fields"] == []

    measures = {measure["title"]: measure for measure in document["measures"]}
    portal = measures["Bürgerportal"]
    assert portal["id"] == f"measure-{Measure.objects.get(title='Bürgerportal').pk}"
    assert portal["cost_one_off"] == "12000.00"
    assert portal["cost_running"] == "1500.50"
    assert portal["funding_share_percent"] == "62.50"
    assert portal["start"] == "2025-03-01"
    assert portal["partner_municipality"] == "12060002"
    assert portal["responsible"] == "contributor@amtsberg.example"
    assert portal["tags"] == [
        {"axis": "Zeitpunkt", "tag": "Sofortmaßnahme"},
        {"axis": "Thema", "tag": "Daten"},
    ]
    assert measures["Online-Bauantrag"]["parent"] == portal["id"]
    assert measures["Online-Bauantrag"]["depends_on"] == [measures["WLAN im Rathaus"]["id"]]
    assert measures["WLAN im Rathaus"]["priority"] is None

    indicator = document["indicators"][0]
    assert (indicator["baseline_value"], indicator["target_value"]) == ("5", "80.25")
    assert document["steps"][0]["owner"] == "contributor@amtsberg.example"
    assert document["steps"][0]["done_at"] == "2025-04-28T09:30:00+00:00"
    assert [s["value"] for s in document["scores"]] == [5, 3, 2]


def test_the_export_names_people_only_by_e_mail(rich_strategy, people, tmp_path) -> None:
    path = tmp_path / "a.json"
    export_to_file(path, "amtsberg")
    text = path.read_text(encoding="utf-8")
    assert "contributor@amtsberg.example" in text
    assert people["contributor"].name not in text
    assert people["editor"].name not in text


def test_the_ids_stay_the_same_across_exports(rich_strategy, tmp_path) -> None:
    first = export_to_file(tmp_path / "1.json", "amtsberg")
    second = export_to_file(tmp_path / "2.json", "amtsberg")
    del first["exported_at"], second["exported_at"]
    assert first == second


def test_the_export_takes_the_newest_strategy_unless_one_is_named(rich_strategy, tmp_path) -> None:
    newer = Strategy.objects.create(municipality=rich_strategy.municipality, title="Fortschreibung")
    assert export_to_file(tmp_path / "n.json", "amtsberg")["strategy"]["title"] == "Fortschreibung"
    named = export_to_file(tmp_path / "o.json", "amtsberg", "--strategy", str(rich_strategy.pk))
    assert named["strategy"]["title"] == "Digitales Amtsberg 2030"
    assert newer.pk != rich_strategy.pk


def test_the_export_writes_to_stdout_with_a_dash(rich_strategy) -> None:
    out = io.StringIO()
    call_command("export-strategy", "--municipality", "amtsberg", "--output", "-", stdout=out)
    assert json.loads(out.getvalue())["strategy"]["title"] == "Digitales Amtsberg 2030"


def test_the_export_writes_the_measures_as_xlsx_and_csv(rich_strategy, tmp_path) -> None:
    call_command(
        "export-strategy", "--municipality", "amtsberg", "--format", "xlsx",
        "--output", str(tmp_path / "m.xlsx"),
    )  # fmt: skip
    sheet = openpyxl.load_workbook(tmp_path / "m.xlsx")["Maßnahmen"]
    assert sheet["A1"].value == "Titel"
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Bürgerportal",
        "Online-Bauantrag",
        "WLAN im Rathaus",
    ]
    call_command(
        "export-strategy", "--municipality", "amtsberg", "--format", "csv",
        "--output", str(tmp_path / "m.csv"),
    )  # fmt: skip
    rows = list(csv.reader(io.StringIO((tmp_path / "m.csv").read_text("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Titel"
    assert len(rows) == 4


def test_the_export_refuses_an_unknown_municipality(db, tmp_path) -> None:
    with pytest.raises(CommandError, match="no municipality with the short name “nirgendwo”"):
        call_command(
            "export-strategy", "--municipality", "nirgendwo", "--output", str(tmp_path / "x.json")
        )
    assert not (tmp_path / "x.json").exists()


def test_the_export_refuses_a_strategy_of_another_municipality(
    rich_strategy, municipality_b, tmp_path
) -> None:
    with pytest.raises(CommandError, match=f"no strategy with the number {rich_strategy.pk}"):
        call_command(
            "export-strategy", "--municipality", municipality_b.slug,
            "--strategy", str(rich_strategy.pk), "--output", str(tmp_path / "x.json"),
        )  # fmt: skip


def test_the_export_explains_a_municipality_without_strategy(municipality_b, tmp_path) -> None:
    with pytest.raises(CommandError, match="has no strategy yet"):
        call_command(
            "export-strategy",
            "--municipality",
            municipality_b.slug,
            "--output",
            str(tmp_path / "x"),
        )


# ---------------------------------------------------------------- round trip and import


def test_a_strategy_survives_export_import_export_unchanged(
    rich_strategy, people, tmp_path
) -> None:
    first = export_to_file(tmp_path / "first.json", "amtsberg")
    empty = MunicipalityFactory(name="Neustadt", slug="neustadt", ags="12060003")
    for persona in ("editor", "contributor"):
        MembershipFactory(user=people[persona], municipality=empty, role=Role.EDITOR)

    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import-strategy", str(tmp_path / "first.json"), "--municipality", "neustadt",
        stdout=out, stderr=err,
    )  # fmt: skip
    assert "imported" in out.getvalue()
    assert err.getvalue() == ""  # every person and partner was found
    imported = Strategy.objects.get(municipality=empty)
    # A file brings partners back as invitations only; once accepted, nothing is lost.
    for invitation in StrategyPartner.every_state.filter(strategy=imported):
        assert invitation.status == StrategyPartner.Status.INVITED
        accept_partnership(invitation, by=None)
    second = export_to_file(tmp_path / "second.json", "neustadt")

    assert second["strategy"]["id"] == f"strategy-{imported.pk}" != first["strategy"]["id"]
    assert second.pop("municipality")["slug"] == "neustadt"
    first.pop("municipality")
    assert normalised(second) == normalised(first)


def test_the_import_creates_a_missing_municipality_with_its_checklists(
    rich_strategy, tmp_path
) -> None:
    document = export_to_file(tmp_path / "a.json", "amtsberg")
    document["municipality"].update(name="Neuendorf", ags="12060099", population=1234)
    err = io.StringIO()
    call_command(
        "import-strategy", str(write_json(tmp_path / "b.json", document)),
        "--municipality", "neuendorf", stdout=io.StringIO(), stderr=err,
    )  # fmt: skip

    created = Municipality.objects.get(slug="neuendorf")
    assert (created.name, created.ags, created.kind, created.population) == (
        "Neuendorf",
        "12060099",
        "gemeinde",
        1234,
    )
    assert ChecklistItem.objects.filter(municipality=created).exists()
    strategy = created.strategies.get()
    assert strategy.measures.count() == 3
    # Nobody is a member of the new municipality: people stay empty, each with a warning.
    assert not strategy.measures.filter(responsible__isnull=False).exists()
    warnings = err.getvalue()
    assert "$.measures[0].responsible: No member of “Neuendorf”" in warnings
    assert "$.steps[0].owner" in warnings
    assert "$.fields_of_action[0].responsible" in warnings


def test_the_import_refuses_to_create_a_municipality_whose_ags_is_taken(
    rich_strategy, tmp_path
) -> None:
    path = tmp_path / "a.json"
    export_to_file(path, "amtsberg")
    message = import_problems(path, slug="zweites-amtsberg")
    assert "$.municipality.ags" in message
    assert "--municipality amtsberg" in message
    assert not Municipality.objects.filter(slug="zweites-amtsberg").exists()


def test_the_import_warns_about_unknown_partners_and_catalogue_entries(
    rich_strategy, tmp_path
) -> None:
    document = export_to_file(tmp_path / "a.json", "amtsberg")
    document["partners"][0]["ags"] = "12069999"
    document["measures"][0]["partner_municipality"] = "12069999"
    document["fields_of_action"][0]["catalogue_entry"] = "Raumfahrt"
    err = io.StringIO()
    call_command(
        "import-strategy", str(write_json(tmp_path / "b.json", document)),
        "--municipality", "amtsberg", stdout=io.StringIO(), stderr=err,
    )  # fmt: skip
    assert "$.partners[0].ags" in err.getvalue()
    assert "$.measures[0].partner_municipality" in err.getvalue()
    assert "$.fields_of_action[0].catalogue_entry" in err.getvalue()
    copy_ = Strategy.objects.exclude(pk=rich_strategy.pk).get()
    assert not copy_.partnerships.exists()


def test_a_failure_while_writing_leaves_nothing_behind(
    rich_strategy, tmp_path, monkeypatch
) -> None:
    document = export_to_file(tmp_path / "a.json", "amtsberg")
    document["municipality"]["ags"] = "12060098"

    def fail(self) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(strategy_json._Importer, "import_rest", fail)
    with pytest.raises(RuntimeError):
        strategy_json.import_strategy(document, municipality_slug="neu")
    assert Strategy.objects.count() == 1
    assert not Municipality.objects.filter(slug="neu").exists()


# ---------------------------------------------------------------- bad input


@pytest.fixture
def document(rich_strategy, tmp_path) -> dict[str, Any]:
    return export_to_file(tmp_path / "good.json", "amtsberg")


def assert_refused(tmp_path: Path, document: Any, *expected: str) -> str:
    before = (Strategy.objects.count(), Measure.objects.count(), Municipality.objects.count())
    message = import_problems(write_json(tmp_path / "bad.json", document))
    for text in expected:
        assert text in message
    assert "Nothing was imported" in message
    after = (Strategy.objects.count(), Measure.objects.count(), Municipality.objects.count())
    assert after == before
    return message


def test_every_schema_error_is_reported_with_its_json_path(document, tmp_path) -> None:
    document["measures"][2]["start"] = "x"
    document["measures"][0]["status"] = "fertig"
    document["strategy"]["budget"] = 12.5
    del document["goals"][1]["title"]
    document["plan_links"][0]["colour"] = "blau"
    assert_refused(
        tmp_path,
        document,
        "$.measures[2].start: “x” is not a date like “2026-12-31”.",
        "$.measures[0].status: “fertig” is not allowed here; allowed are: idea, planned,",
        "$.strategy.budget: Expected a text or null (empty) here, not a number.",
        "$.goals[1]: The entry “title” is missing.",
        "$.plan_links[0]: The entry “colour” is not part of the exchange format.",
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {("measures", 0, "cost_one_off"): "12000"},
            ["$.measures[0].cost_one_off: “12000” is not an amount with exactly two decimals"],
            id="amounts_must_carry_two_decimals_as_strings",
        ),
        pytest.param(
            {
                ("measures", 0, "end"): "2025-01-01",
                ("strategy", "period_end"): "2024-12-31",
                ("programme_phases", 1, "end"): "2025-06-30",
                ("indicators", 0, "target_date"): "2020-01-01",
            },
            [
                "$.measures[0].end: The end (2025-01-01) lies before the start (2025-03-01).",
                "$.strategy.period_end:",
                "$.programme_phases[1].end:",
                "$.indicators[0].target_date: The target date (2020-01-01) lies before",
            ],
            id="an_end_before_the_start_is_refused",
        ),
        pytest.param(
            {("measures", 1, "cost_running"): "-5.00", ("strategy", "budget"): "-1.00"},
            [
                "$.measures[1].cost_running: An amount must not be negative, not -5.00.",
                "$.strategy.budget: An amount must not be negative",
            ],
            id="negative_costs_are_refused",
        ),
        pytest.param(
            {
                ("measures", 0, "funding_share_percent"): "100.01",
                ("strategy", "own_share_percent"): "250.00",
                ("priority_criteria", 0, "weight"): "101.00",
            },
            [
                "$.measures[0].funding_share_percent: A percentage must lie between 0 and 100",
                "$.strategy.own_share_percent:",
                "$.priority_criteria[0].weight:",
            ],
            id="percentages_over_100_are_refused",
        ),
        pytest.param(
            {("strategy", "own_share_amount"): "300000.00"},
            ["$.strategy.own_share_amount: The own share cannot be larger"],
            id="an_own_share_larger_than_the_budget_is_refused",
        ),
        pytest.param(
            {("scores", 1, "value"): 4},  # "Aufwand" goes up to 3
            ["$.scores[1].value: The value must lie between 0 and 3."],
            id="a_score_above_the_scale_is_refused",
        ),
    ],
)
def test_a_value_out_of_its_range_or_form_is_refused(
    document, tmp_path, changes: dict[tuple, object], expected: list[str]
) -> None:
    for (*path, key), value in changes.items():
        reduce(operator.getitem, path, document)[key] = value
    assert_refused(tmp_path, document, *expected)


def test_a_goal_cycle_via_parent_is_refused(document, tmp_path) -> None:
    goals = {goal["title"]: goal for goal in document["goals"]}
    goals["Verwaltung ist digital"]["parent"] = goals["Bauantrag digital"]["id"]
    message = assert_refused(tmp_path, document, "would become its own higher goal")
    assert re.search(r"\$\.goals\[\d\]\.parent: The goal", message)
    assert message.count("would become its own higher goal") == 1  # one cycle, one message


def test_a_measure_cannot_be_part_of_itself(document, tmp_path) -> None:
    document["measures"][0]["parent"] = document["measures"][1]["id"]
    assert_refused(tmp_path, document, "$.measures[0].parent: The measure “Bürgerportal” would")


def test_a_dependency_cycle_is_refused(document, tmp_path) -> None:
    measures = document["measures"]
    measures[2]["depends_on"] = [measures[1]["id"]]  # WLAN → Online-Bauantrag → WLAN
    assert_refused(
        tmp_path,
        document,
        "These measures would depend on each other in a cycle:",
        "$.measures[1].depends_on: These measures",
        "“WLAN im Rathaus” → “Online-Bauantrag” → “WLAN im Rathaus”",
    )


def test_a_measure_cannot_depend_on_itself(document, tmp_path) -> None:
    measures = document["measures"]
    measures[2]["depends_on"] = [measures[2]["id"]]
    assert_refused(tmp_path, document, "$.measures[2].depends_on[0]: A measure cannot depend on")


def test_references_to_unknown_ids_are_refused(document, tmp_path) -> None:
    document["goals"][0]["parent"] = "goal-999999"
    document["measures"][0]["goals"].append(document["fields_of_action"][0]["id"])  # wrong kind
    document["measures"][1]["depends_on"] = ["measure-999999"]
    document["steps"][0]["measure"] = "measure-0"
    document["scores"][0]["criterion"] = "criterion-0"
    document["indicators"][1]["measure"] = "nirgends"
    document["milestones"][1]["measure"] = "goal-1"
    assert_refused(
        tmp_path,
        document,
        "$.goals[0].parent: There is no goal with the id “goal-999999” in the file.",
        "$.measures[0].goals[2]: There is no goal with the id “field-",
        "$.measures[1].depends_on[0]: There is no measure with the id “measure-999999”",
        "$.steps[0].measure: There is no measure",
        "$.scores[0].criterion: There is no prioritisation criterion",
        "$.indicators[1].measure:",
        "$.milestones[1].measure:",
    )


def test_unknown_tags_and_duplicate_ids_are_refused(document, tmp_path) -> None:
    document["measures"][1]["tags"] = [{"axis": "Zeitpunkt", "tag": "Irgendwann"}]
    document["goals"][1]["id"] = document["goals"][0]["id"]
    assert_refused(
        tmp_path,
        document,
        "$.measures[1].tags[0]: There is no tag “Irgendwann” in the axis “Zeitpunkt”",
        "$.goals[1].id: The id",
    )


def test_an_indicator_needs_exactly_one_goal_or_measure(document, tmp_path) -> None:
    document["indicators"][0]["measure"] = document["measures"][0]["id"]
    assert_refused(tmp_path, document, "$.indicators[0]: An indicator belongs to exactly one")


def test_a_file_of_a_newer_or_other_major_version_is_refused(document, tmp_path) -> None:
    document["schema_version"] = "2.0"
    assert_refused(tmp_path, document, "$.schema_version: The file has format version 2.0")
    document["schema_version"] = "1.1"
    assert_refused(tmp_path, document, "reads versions 1.0 to 1.0")


def test_a_json_array_is_not_a_strategy(db, tmp_path) -> None:
    assert_refused(tmp_path, [1, 2], "$: The file must contain one JSON object")


def test_malformed_json_is_refused_with_line_and_column(municipality_a, tmp_path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"schema_version": "1.0",\n  "strategy": }', encoding="utf-8")
    message = import_problems(path)
    assert "The file is not valid JSON" in message
    assert "line 2" in message
    assert not Strategy.objects.exists()


def test_a_file_that_is_not_utf_8_is_refused(municipality_a, tmp_path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('{"title": "Maßnahme"}'.encode("latin-1"))
    assert "not UTF-8" in import_problems(path)


def test_a_file_over_10_mb_is_refused_unread(municipality_a, tmp_path) -> None:
    path = tmp_path / "huge.json"
    path.write_bytes(b"[" + b" " * strategy_json.MAX_IMPORT_BYTES + b"]")
    assert "larger than 10 MB" in import_problems(path)
    assert not Strategy.objects.exists()


def test_a_missing_file_is_explained(municipality_a, tmp_path) -> None:
    assert "cannot be read" in import_problems(tmp_path / "fehlt.json")


def test_a_new_municipality_needs_valid_data(document, tmp_path) -> None:
    document["municipality"].update(ags="13060001", state="12")  # AGS says Mecklenburg-Vorpommern
    message = import_problems(write_json(tmp_path / "b.json", document), slug="neu")
    assert "$.municipality.ags: The AGS starts with 13" in message
    assert not Municipality.objects.filter(slug="neu").exists()


@pytest.mark.parametrize("version", [None, "eins", "1", "1.0.1"])
def test_a_file_without_a_readable_version_is_refused(document, tmp_path, version) -> None:
    document["schema_version"] = version
    assert_refused(tmp_path, document, "$.schema_version:")
