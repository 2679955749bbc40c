"""Classification axes and tags: renamed in place, deleted knowingly, never duplicated."""

import pytest
from django.urls import reverse

from schreibwerkstatt.strategies.models import Measure, Strategy, Tag, TagAxis

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def axis(strategy):
    return TagAxis.objects.create(strategy=strategy, name="Zeitpunkt")


@pytest.fixture
def tags(axis, strategy):
    soon = Tag.objects.create(axis=axis, name="Sofortmaßnahme")
    later = Tag.objects.create(axis=axis, name="Umsetzungsmaßnahme")
    measure = Measure.objects.create(strategy=strategy, title="E-Akte")
    measure.tags.add(soon, later)
    return soon, later, measure


def test_an_editor_renames_an_axis_and_the_history_records_it(axis, as_persona, url) -> None:
    client = as_persona("editor")
    page = client.get(url("tag_axis_edit", pk=axis.pk))
    assert page.status_code == 200 and "Kategorie-Achse umbenennen" in page.content.decode()

    response = client.post(
        url("tag_axis_edit", pk=axis.pk), {"name": " Zeithorizont ", "version": 1}
    )

    assert response.status_code == 302 and response.url == url("tags")
    axis.refresh_from_db()
    assert (axis.name, axis.version) == ("Zeithorizont", 2)
    assert [h.name for h in axis.history.all()] == ["Zeithorizont", "Zeitpunkt"]
    assert "Die Achse wurde umbenannt." in client.get(url("tags")).content.decode()


def test_a_name_taken_by_a_sibling_is_refused_in_words(
    axis, tags, strategy, as_persona, url
) -> None:
    TagAxis.objects.create(strategy=strategy, name="Thema")
    client = as_persona("editor")
    response = client.post(url("tag_axis_edit", pk=axis.pk), {"name": "Thema", "version": 1})
    assert response.status_code == 400
    assert "Diese Strategie hat schon eine Achse namens „Thema“." in response.content.decode()

    soon, _later, _measure = tags
    response = client.post(
        url("tag_edit", pk=soon.pk), {"name": "Umsetzungsmaßnahme", "version": 1}
    )
    assert response.status_code == 400
    assert (
        "Diese Achse hat schon ein Schlagwort namens „Umsetzungsmaßnahme“."
        in response.content.decode()
    )
    response = client.post(url("tag_edit", pk=soon.pk), {"name": "", "version": 1})
    assert response.status_code == 400
    axis.refresh_from_db()
    soon.refresh_from_db()
    assert (axis.name, soon.name, soon.version) == ("Zeitpunkt", "Sofortmaßnahme", 1)

    # The same name on another axis is fine.
    other = TagAxis.objects.get(name="Thema")
    Tag.objects.create(axis=other, name="Digitale Verwaltung")
    response = client.post(
        url("tag_edit", pk=soon.pk), {"name": "Digitale Verwaltung", "version": 1}
    )
    assert response.status_code == 302


def test_a_stale_rename_shows_the_other_name_and_overwrites_nothing(
    axis, tags, as_persona, url
) -> None:
    soon, _later, _measure = tags
    editor, coordinator = as_persona("editor"), as_persona("coordinator")
    assert (
        coordinator.post(url("tag_edit", pk=soon.pk), {"name": "Sofort", "version": 1}).status_code
        == 302
    )

    response = editor.post(url("tag_edit", pk=soon.pk), {"name": "Kurzfristig", "version": 1})

    assert response.status_code == 409
    assert "Sofort" in response.content.decode()
    soon.refresh_from_db()
    assert (soon.name, soon.version) == ("Sofort", 2)


def test_a_tag_is_renamed_in_place_with_htmx_and_keeps_its_measures(tags, as_persona, url) -> None:
    soon, _later, measure = tags
    client = as_persona("editor")
    form = client.get(url("tag_edit", pk=soon.pk), **HTMX)
    assert form.status_code == 200 and 'id="tag-' in form.content.decode()
    assert "<html" not in form.content.decode()

    response = client.post(
        url("tag_edit", pk=soon.pk), {"name": "Sofort umsetzen", "version": 1}, **HTMX
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<li class="sw-checklist__item" id="tag-{soon.pk}">' in html
    assert "Sofort umsetzen" in html and "1 Maßnahme" in html
    assert "Das Schlagwort wurde umbenannt." in html  # into the live region
    assert set(measure.tags.values_list("name", flat=True)) == {
        "Sofort umsetzen",
        "Umsetzungsmaßnahme",
    }


def test_deleting_a_tag_in_use_asks_first_then_takes_it_off_the_measures_only(
    tags, axis, as_persona, url
) -> None:
    soon, later, measure = tags
    client = as_persona("editor")
    response = client.post(url("tag_delete", pk=soon.pk))
    html = response.content.decode()
    assert response.status_code == 200 and "Schlagwort löschen?" in html
    assert (
        "ordnet 1 Maßnahme ein. Wenn Sie es löschen, verliert diese Maßnahme die Zuordnung" in html
    )
    assert Tag.objects.filter(pk=soon.pk).exists()

    response = client.post(url("tag_delete", pk=soon.pk), {"confirm": "1"})
    assert response.status_code == 302
    assert list(measure.tags.all()) == [later]
    assert Measure.objects.filter(pk=measure.pk).exists()
    assert soon.history.filter(history_type="-").exists()  # restorable from its history


def test_an_axis_with_tags_is_not_deleted(axis, tags, as_persona, url) -> None:
    client = as_persona("editor")
    response = client.post(url("tag_axis_delete", pk=axis.pk), follow=True)
    assert "Die Achse „Zeitpunkt“ hat noch Schlagworte. Löschen Sie zuerst ihre Schlagworte." in (
        response.content.decode()
    )
    assert TagAxis.objects.filter(pk=axis.pk).exists()
    for tag in tags[:2]:
        client.post(url("tag_delete", pk=tag.pk), {"confirm": "1"})
    response = client.post(url("tag_axis_delete", pk=axis.pk), follow=True)
    assert "Die Achse „Zeitpunkt“ wurde gelöscht." in response.content.decode()
    assert not TagAxis.objects.filter(pk=axis.pk).exists()


@pytest.mark.parametrize("persona", ["reader", "contributor", "adviser"])
def test_only_editors_rename_or_delete(axis, tags, persona, as_persona, url) -> None:
    soon, _later, _measure = tags
    client = as_persona(persona)
    assert client.get(url("tag_edit", pk=soon.pk)).status_code == 403
    assert client.post(url("tag_edit", pk=soon.pk), {"name": "X", "version": 1}).status_code == 403
    assert client.post(url("tag_delete", pk=soon.pk)).status_code == 403
    assert (
        client.post(url("tag_axis_edit", pk=axis.pk), {"name": "X", "version": 1}).status_code
        == 403
    )
    assert client.post(url("tag_axis_delete", pk=axis.pk)).status_code == 403
    assert (
        Tag.objects.filter(name="Sofortmaßnahme").exists()
        and TagAxis.objects.get().name == "Zeitpunkt"
    )
    assert "Achse löschen" not in client.get(url("tags")).content.decode()


def test_a_tag_of_another_strategy_is_not_found_through_this_one(
    strategy, municipality_b, as_persona, url
) -> None:
    elsewhere = Strategy.objects.create(municipality=municipality_b, title="Anderswo")
    foreign_axis = TagAxis.objects.create(strategy=elsewhere, name="Fremd")
    foreign_tag = Tag.objects.create(axis=foreign_axis, name="Fremdes Schlagwort")
    client = as_persona("editor")
    assert client.get(url("tag_edit", pk=foreign_tag.pk)).status_code == 404
    assert client.post(url("tag_delete", pk=foreign_tag.pk)).status_code == 404
    assert client.post(url("tag_axis_delete", pk=foreign_axis.pk)).status_code == 404
    assert (
        client.post(
            url("tag_axis_edit", pk=foreign_axis.pk), {"name": "X", "version": 1}
        ).status_code
        == 404
    )
    assert (
        Tag.objects.filter(pk=foreign_tag.pk).exists()
        and TagAxis.objects.get(pk=foreign_axis.pk).name == "Fremd"
    )
    assert reverse("strategies:tags", kwargs={"slug": "amtsberg", "strategy": strategy.pk}) == url(
        "tags"
    )


def test_an_unused_tag_goes_without_asking(axis, as_persona, url) -> None:
    unused = Tag.objects.create(axis=axis, name="Ungenutzt")
    response = as_persona("editor").post(url("tag_delete", pk=unused.pk), follow=True)
    assert "Das Schlagwort „Zeitpunkt: Ungenutzt“ wurde gelöscht." in response.content.decode()
    assert not Tag.objects.filter(pk=unused.pk).exists()
