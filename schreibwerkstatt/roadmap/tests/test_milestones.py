"""Milestones of the strategy and of its measures: list, add, edit, delete, locking, rights."""

from datetime import date

import pytest
from django.db.models import F

from schreibwerkstatt.strategies.models import Milestone

pytestmark = pytest.mark.django_db


@pytest.fixture
def milestones(strategy, measures):
    return {
        "decision": Milestone.objects.create(strategy=strategy, title="Ratsbeschluss", date=date(2027, 3, 18)),
        "dms": Milestone.objects.create(
            strategy=strategy, measure=measures["eakte"], title="DMS in Betrieb", date=date(2026, 2, 2)
        ),
        "late": Milestone.objects.create(
            strategy=strategy, measure=measures["post"], title="Scanstelle eröffnet", date=date(2028, 2, 1)
        ),
    }  # fmt: skip


def test_the_list_shows_every_milestone_with_its_measure_and_conflicts(
    as_persona, url, milestones, measures
) -> None:
    response = as_persona("reader").get(url("milestones"))
    assert response.status_code == 200
    page = response.content.decode()
    for text in [
        "18.03.2027",
        "Ratsbeschluss",
        "ganze Strategie",
        "DMS in Betrieb",
        "E-Akte einführen",
    ]:
        assert text in page, text
    late = page.split(f'id="milestone-{milestones["late"].pk}"')[1].split("</tr>")[0]
    assert "außerhalb des Zeitraums der Maßnahme" in late
    assert url("milestone_edit", pk=milestones["dms"].pk) not in page  # readers do not edit
    assert url("milestone_add") not in page


def test_a_contributor_may_change_the_milestones_of_measures_they_lead_only(
    as_persona, url, milestones
) -> None:
    page = as_persona("contributor").get(url("milestones")).content.decode()
    assert url("milestone_edit", pk=milestones["dms"].pk) in page
    assert url("milestone_edit", pk=milestones["decision"].pk) not in page
    assert url("milestone_edit", pk=milestones["late"].pk) not in page
    assert (
        as_persona("contributor").get(url("milestone_edit", pk=milestones["late"].pk)).status_code
        == 403
    )
    assert as_persona("contributor").get(url("milestone_add")).status_code == 403


def test_an_editor_adds_a_milestone_of_the_strategy_or_of_a_measure(
    as_persona, url, strategy, measures
) -> None:
    client = as_persona("editor")
    response = client.post(
        url("milestone_add"), {"title": "Zwischenbericht", "date": "2027-11-30", "measure": ""}
    )
    assert response.status_code == 302
    response = client.post(
        url("milestone_add"),
        {"title": "Go-live", "date": "2027-06-30", "measure": measures["post"].pk},
    )
    assert response.status_code == 302
    assert list(strategy.milestones.order_by("date").values_list("title", "measure_id")) == [
        ("Go-live", measures["post"].pk),
        ("Zwischenbericht", None),
    ]
    assert (
        Milestone.history.filter(title="Go-live").get().history_user.email
        == "editor@amtsberg.example"
    )


def test_a_contributor_adds_a_milestone_to_their_own_measure_from_its_page(
    as_persona, url, strategy, measures
) -> None:
    client = as_persona("contributor")
    eakte = measures["eakte"]
    page = client.get(url("strategies:measure", pk=eakte.pk)).content.decode()
    assert url("measure_milestone_add", pk=eakte.pk) in page
    assert f"{url('reschedule', pk=eakte.pk)}?back=measure" in page
    form = client.get(url("measure_milestone_add", pk=eakte.pk)).content.decode()
    assert 'name="measure"' not in form  # fixed to this measure
    response = client.post(
        url("measure_milestone_add", pk=eakte.pk),
        {"title": "Aktenplan fertig", "date": "2026-09-30", "measure": measures["post"].pk},
    )
    assert response.status_code == 302
    assert response.url == url("strategies:measure", pk=eakte.pk)
    assert strategy.milestones.get().measure == eakte  # a forged measure is ignored
    page = client.get(response.url).content.decode()
    assert "30.09.2026: Aktenplan fertig" in page
    # Not for a measure somebody else leads.
    response = client.post(
        url("measure_milestone_add", pk=measures["post"].pk), {"title": "x", "date": "2027-01-01"}
    )
    assert response.status_code == 403
    assert strategy.milestones.count() == 1


@pytest.mark.parametrize(
    "data, message",
    [
        ({"title": "", "date": "2027-01-01"}, "Dieses Feld ist zwingend erforderlich."),
        ({"title": "Start", "date": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"title": "Start", "date": "morgen"}, "Bitte geben Sie ein Datum ein"),
        ({"title": "Start", "date": "1999-12-31"}, "zwischen den Jahren 2000 und 2100"),
        (
            {"title": "Start", "date": "2027-01-01", "measure": "999999"},
            "Bitte wählen Sie eine Maßnahme dieser Strategie.",
        ),
    ],
)
def test_bad_milestone_input_is_refused_in_german(
    as_persona, url, strategy, measures, data, message
) -> None:
    response = as_persona("editor").post(url("milestone_add"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not strategy.milestones.exists()


def test_editing_a_milestone_saves_a_new_version(as_persona, url, milestones, measures) -> None:
    dms = milestones["dms"]
    response = as_persona("contributor").post(
        url("milestone_edit", pk=dms.pk),
        {"title": "DMS produktiv", "date": "2026-03-02", "version": 1},
    )
    assert response.status_code == 302
    assert response.url == url("strategies:measure", pk=measures["eakte"].pk)
    dms.refresh_from_db()
    assert (dms.title, dms.date, dms.version, dms.measure_id) == (
        "DMS produktiv",
        date(2026, 3, 2),
        2,
        measures["eakte"].pk,
    )
    assert dms.history.count() == 2


def test_an_editor_moves_a_milestone_to_the_strategy(as_persona, url, milestones) -> None:
    dms = milestones["dms"]
    response = as_persona("editor").post(
        url("milestone_edit", pk=dms.pk),
        {"title": dms.title, "date": "2026-02-02", "measure": "", "version": 1},
    )
    assert response.status_code == 302
    dms.refresh_from_db()
    assert dms.measure_id is None


def test_a_stale_milestone_edit_gets_409_and_overwrites_nothing(
    as_persona, url, milestones
) -> None:
    dms = milestones["dms"]
    Milestone.objects.filter(pk=dms.pk).update(title="DMS abgenommen", version=F("version") + 1)
    response = as_persona("editor").post(
        url("milestone_edit", pk=dms.pk),
        {"title": "Meine Fassung", "date": "2026-02-02", "version": 1},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Jemand anderes hat dies inzwischen gespeichert" in page
    assert "DMS abgenommen" in page and 'value="Meine Fassung"' in page
    dms.refresh_from_db()
    assert (dms.title, dms.version) == ("DMS abgenommen", 2)


def test_deleting_a_milestone(as_persona, url, milestones) -> None:
    assert (
        as_persona("reader").post(url("milestone_delete", pk=milestones["dms"].pk)).status_code
        == 403
    )
    assert (
        as_persona("contributor")
        .post(url("milestone_delete", pk=milestones["decision"].pk))
        .status_code
        == 403
    )
    assert (
        as_persona("editor").get(url("milestone_delete", pk=milestones["dms"].pk)).status_code
        == 405
    )
    response = as_persona("contributor").post(url("milestone_delete", pk=milestones["dms"].pk))
    assert response.status_code == 302
    assert set(Milestone.objects.values_list("title", flat=True)) == {
        "Ratsbeschluss",
        "Scanstelle eröffnet",
    }
    assert (
        as_persona("editor").post(url("milestone_delete", pk=milestones["decision"].pk)).status_code
        == 302
    )
    assert Milestone.history.filter(history_type="-").count() == 2


def test_a_milestone_of_another_municipality_is_not_found(
    as_persona, url, milestones, other_strategy
) -> None:
    foreign = Milestone.objects.create(
        strategy=other_strategy, title="Fremder Meilenstein", date=date(2027, 1, 1)
    )
    for name in ["milestone_edit", "milestone_delete"]:
        assert (
            as_persona("editor")
            .post(url(name, pk=foreign.pk), {"title": "x", "version": 1})
            .status_code
            == 404
        )
    assert (
        as_persona("outsider").get(url("milestone_edit", pk=milestones["dms"].pk)).status_code
        == 404
    )
    assert (
        as_persona("outsider").post(url("milestone_delete", pk=milestones["dms"].pk)).status_code
        == 404
    )
    assert Milestone.objects.count() == 4


def test_milestones_are_drawn_on_the_roadmap(as_persona, url, milestones) -> None:
    from schreibwerkstatt.roadmap.chart import roadmap_spec
    from schreibwerkstatt.roadmap.timeline import load_roadmap

    from .conftest import TODAY

    spec = roadmap_spec(load_roadmap(milestones["dms"].strategy, today=TODAY))
    layer = next(layer for layer in spec["layer"] if layer["encoding"].get("shape"))
    drawn = sorted((m["date"][:10], m["kind"]) for m in layer["data"]["values"])
    assert drawn == [
        ("2026-02-02", "Meilenstein"),
        ("2027-03-18", "Meilenstein"),
        ("2028-02-01", "Meilenstein außerhalb des Zeitraums seiner Maßnahme"),
    ]
