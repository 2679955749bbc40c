"""The measure page shows every filled field of a measure, in the sections of the measure form;
the form is split into the same sections, the essentials first."""

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import models

from schreibwerkstatt.strategies.forms import MEASURE_FIELDSETS, MeasureForm
from schreibwerkstatt.strategies.models import (
    FieldOfAction,
    Goal,
    Measure,
    StrategyPartner,
    Tag,
    TagAxis,
)
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

LEGENDS = [
    "Grunddaten",
    "Wirkung",
    "Verantwortung",
    "Kosten und Finanzierung",
    "Zeit und Abhängigkeiten",
    "Weitere Angaben",
]
# The title is the page's heading; the rest is bookkeeping nobody reads.
NOT_ON_THE_PAGE = {"id", "strategy", "title", "version", "position", "created_at", "updated_at"}
# Written by status updates, not by the form.
NOT_IN_THE_FORM = NOT_ON_THE_PAGE - {"title"} | {"progress_percent", "status_updated_at"}


def german(value: Decimal) -> str:
    whole, fraction = f"{value:,.2f}".split(".")
    return whole.replace(",", ".") + "," + fraction


def fill_every_field(measure: Measure, strategy: Any, people: dict[str, Any]) -> dict[str, str]:
    """Give each field of the measure a value; return field → the text the page must show."""
    expected: dict[str, str] = {}
    day = 1
    for index, field in enumerate(Measure._meta.get_fields()):
        if not field.concrete or field.name in NOT_ON_THE_PAGE:
            continue
        name = field.name
        if field.many_to_many:
            continue  # below
        if field.choices:
            value, label = field.choices[-1]
            setattr(measure, name, value)
            expected[name] = str(label)
        elif isinstance(field, models.BooleanField):
            setattr(measure, name, True)
            expected[name] = "ja"
        elif isinstance(field, (models.CharField, models.TextField)):
            setattr(measure, name, f"Inhalt von {name}")
            expected[name] = f"Inhalt von {name}"
        elif isinstance(field, models.DecimalField):
            value = (
                Decimal(f"{10 + index}.25")
                if name.endswith("percent")
                else Decimal(f"{12000 + index}.5")
            )
            setattr(measure, name, value)
            expected[name] = german(value)
        elif isinstance(field, models.DateTimeField):
            moment = datetime(2026, 5, 4, 10, 30, tzinfo=ZoneInfo("Europe/Berlin"))
            setattr(measure, name, moment)
            expected[name] = "04.05.2026 10:30"
        elif isinstance(field, models.DateField):
            setattr(measure, name, date(2027, 3, day))
            expected[name] = f"{day:02d}.03.2027"
            day += 1
        elif isinstance(field, models.PositiveSmallIntegerField):
            setattr(measure, name, 40 + index)
            expected[name] = str(40 + index)
        elif name == "parent":
            parent = Measure.objects.create(strategy=strategy, title="Übergeordnete Maßnahme")
            measure.parent = parent
            expected[name] = parent.title
        elif name == "responsible":
            measure.responsible = people["contributor"]
            expected[name] = "Contributor Amtsberg"
        elif name == "partner_municipality":
            partner = MunicipalityFactory(name="Nachbardorf", slug="nachbardorf", ags="12060077")
            StrategyPartner.objects.create(
                strategy=strategy, municipality=partner, status="accepted"
            )
            measure.partner_municipality = partner
            expected[name] = "Nachbardorf"
        else:
            raise AssertionError(f"The test does not know how to fill {name}: extend it.")
    measure.save()
    goal = Goal.objects.create(strategy=strategy, title="Ziel Erreichbarkeit")
    field_of_action = FieldOfAction.objects.create(strategy=strategy, title="Feld Verwaltung")
    tag = Tag.objects.create(
        axis=TagAxis.objects.create(strategy=strategy, name="Thema"), name="Bildung"
    )
    prerequisite = Measure.objects.create(strategy=strategy, title="Vorher: Glasfaser")
    measure.goals.add(goal)
    measure.fields.add(field_of_action)
    measure.tags.add(tag)
    measure.depends_on.add(prerequisite)
    expected |= {"goals": goal.title, "fields": field_of_action.title, "tags": "Thema: Bildung",
                 "depends_on": prerequisite.title}  # fmt: skip
    many = {f.name for f in Measure._meta.get_fields() if f.concrete and f.many_to_many}
    assert many <= expected.keys(), f"The test does not fill {many - expected.keys()}: extend it."
    return expected


def test_every_filled_field_appears_on_the_measure_page(strategy, people, as_persona, url) -> None:
    measure = Measure.objects.create(strategy=strategy, title="Digitale Bürgerdienste")
    expected = fill_every_field(measure, strategy, people)

    page = as_persona("reader").get(url("measure", pk=measure.pk), HTTP_ACCEPT_LANGUAGE="de")

    content = page.content.decode()
    assert page.status_code == 200
    missing = {name: text for name, text in expected.items() if text not in content}
    assert not missing, f"not on the measure page: {missing}"
    shown = re.findall(r'data-field="([a-z_]+)"', content)
    assert len(shown) == len(set(shown)), "a field shown twice"
    assert "title" not in shown  # the page's heading
    for name in ["target_group", "data_protection_notes", "duration_months", "is_flagship"]:
        row = re.search(rf'data-field="{name}".*?</div>', content, re.S)
        assert row and expected[name] in row.group(0), name


def test_the_page_shows_the_sections_of_the_form_in_order(
    strategy, people, as_persona, url
) -> None:
    measure = Measure.objects.create(strategy=strategy, title="Digitale Bürgerdienste")
    fill_every_field(measure, strategy, people)

    content = (
        as_persona("reader")
        .get(url("measure", pk=measure.pk), HTTP_ACCEPT_LANGUAGE="de")
        .content.decode()
    )

    headings = re.findall(
        r'<h2 class="kern-heading-medium" id="profile-[a-z]+-heading">([^<]+)</h2>', content
    )
    assert headings == LEGENDS
    basic = content[
        content.index('id="profile-grunddaten"') : content.index('id="profile-wirkung"')
    ]
    assert "Inhalt von summary" in basic and "Ziel Erreichbarkeit" in basic
    further = content[content.index('id="profile-weitere"') :]
    assert "Inhalt von data_protection_notes" in further


def test_an_empty_measure_shows_no_empty_rows_to_readers(strategy, as_persona, url) -> None:
    measure = Measure.objects.create(strategy=strategy, title="Leer")

    content = (
        as_persona("reader")
        .get(url("measure", pk=measure.pk), HTTP_ACCEPT_LANGUAGE="de")
        .content.decode()
    )

    assert 'data-field="target_group"' not in content
    assert 'data-field="priority"' in content  # an essential: shown as "–"
    assert 'id="profile-weitere"' not in content  # nothing filled in that section


def test_the_measure_form_is_split_into_sections_with_legends(strategy, as_persona, url) -> None:
    measure = Measure.objects.create(strategy=strategy, title="Digitale Bürgerdienste")

    for address in [url("measure_edit", pk=measure.pk), url("measure_add")]:
        content = as_persona("editor").get(address, HTTP_ACCEPT_LANGUAGE="de").content.decode()
        legends = re.findall(
            r'<legend class="kern-heading-small sw-form-section__legend">([^<]+)</legend>', content
        )
        assert legends == LEGENDS
        basic = content[
            content.index('id="form-section-grunddaten"') : content.index(
                'id="form-section-wirkung"'
            )
        ]
        for name in ["title", "status", "priority", "summary"]:
            assert f'name="{name}"' in basic
    assert 'type="hidden" name="version"' in content  # the last one: the edit form


def test_every_field_of_the_model_is_in_the_form_or_deliberately_left_out(strategy) -> None:
    in_sections = [name for _key, _legend, names in MEASURE_FIELDSETS for name in names]
    assert len(in_sections) == len(set(in_sections)), "a field in two sections"
    form_fields = set(MeasureForm(strategy=strategy).fields) - {"version"}
    model_fields = {f.name for f in Measure._meta.get_fields() if f.concrete}
    assert form_fields == set(in_sections)
    assert model_fields - form_fields == NOT_IN_THE_FORM


def test_a_new_field_lands_on_the_page_even_if_no_section_names_it(monkeypatch) -> None:
    from schreibwerkstatt.strategies import profile

    monkeypatch.setattr(profile, "MEASURE_FIELDSETS", [(k, legend, tuple(n for n in names if n != "location"))
                                                       for k, legend, names in MEASURE_FIELDSETS])  # fmt: skip
    sections = profile.profile_field_names()
    assert sections[-1][2][-1] == "location"


def test_saving_the_sectioned_form_keeps_every_value(strategy, people, as_persona, url) -> None:
    measure = Measure.objects.create(strategy=strategy, title="Alt")
    page = as_persona("editor").get(url("measure_edit", pk=measure.pk))
    form = page.context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data |= {"title": "Neu", "target_group": "Seniorinnen", "duration_months": "7",
             "data_protection_notes": "DSFA liegt vor", "cost_one_off": "12.500,00"}  # fmt: skip

    response = as_persona("editor").post(url("measure_edit", pk=measure.pk), data)

    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.title, measure.target_group, measure.duration_months, measure.cost_one_off) == (
        "Neu", "Seniorinnen", 7, Decimal("12500.00"),
    )  # fmt: skip
    assert measure.data_protection_notes == "DSFA liegt vor"
