"""Inline editing with htmx: the full edit page and the fragment render the same form partial;
saves, errors and conflicts answer with partials; permissions are those of the full pages."""

import json
import re

import pytest
from django.db.models import F

from schreibwerkstatt.strategies.models import (
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    Indicator,
    Measure,
    PlanLink,
    ProgrammePhase,
    Step,
)
from schreibwerkstatt.strategies.tests.conftest import make_strategy
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
FORM_PARTIAL = "core/partials/edit_form.html"


def templates(response) -> list[str]:
    return [t.name for t in response.templates if t.name]


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def measure(strategy, people):
    return Measure.objects.create(
        strategy=strategy, title="E-Akte einführen", responsible=people["contributor"]
    )


@pytest.fixture
def step(measure):
    return Step.objects.create(measure=measure, title="Bedarf erheben")


def step_data(step, **changes) -> dict:
    return {"title": step.title, "owner": "", "due_date": "", "version": step.version, **changes}


# The same partial, twice ------------------------------------------------------------------


def test_the_full_page_and_the_fragment_render_the_same_form_partial(step, as_persona, url) -> None:
    client = as_persona("editor")
    full = client.get(url("step_edit", pk=step.pk))
    fragment = client.get(url("step_edit", pk=step.pk), **HTMX)

    assert full.status_code == fragment.status_code == 200
    assert FORM_PARTIAL in templates(full) and "base.html" in templates(full)
    assert FORM_PARTIAL in templates(fragment) and "base.html" not in templates(fragment)
    # The fragment takes the element's place in the list: an <li> with the element's id.
    assert re.match(rf'\s*<li id="step-{step.pk}" class="[^"]*sw-inline-edit', text(fragment))
    assert f'hx-post="{url("step_edit", pk=step.pk)}"' in text(fragment)
    assert "hx-post" not in text(full).split('id="step-')[1].split("</form>")[0]
    # Both carry the same fields under the same names and ids, and the version.
    for name in ["title", "owner", "due_date"]:
        assert f'id="step-{step.pk}-{name}"' in text(full)
        assert f'id="step-{step.pk}-{name}"' in text(fragment)
    assert 'name="version" value="1"' in text(fragment)
    # The fragment moves the focus into the form; the page does not.
    assert re.search(r'<input[^>]*autofocus[^>]*id="step-\d+-title"', text(fragment))
    assert "autofocus" not in text(full)
    assert "HX-Request" in fragment["Vary"] and "HX-Request" in full["Vary"]


def test_the_edit_link_is_a_real_link_that_htmx_opens_in_place(step, as_persona, url) -> None:
    page = text(as_persona("editor").get(url("measure", pk=step.measure_id)))
    edit = url("step_edit", pk=step.pk)
    link = re.search(rf'<a [^>]*id="step-{step.pk}-edit"[^>]*>', page)
    assert link is not None
    assert f'href="{edit}"' in link.group(0) and f'hx-get="{edit}"' in link.group(0)
    assert f'hx-target="#step-{step.pk}"' in link.group(
        0
    ) and 'hx-swap="outerHTML settle:0ms"' in link.group(0)


def test_htmx_swaps_conflicts_and_invalid_input_but_keeps_the_other_settings(
    as_persona, people
) -> None:
    page = text(as_persona("editor").get("/kommunen/amtsberg/"))
    raw = re.search(r'<meta name="htmx-config" content=\'([^\']+)\'', page).group(1)
    config = json.loads(raw)
    assert config["allowEval"] is False and config["allowScriptTags"] is False
    handling = config["responseHandling"]
    first_match = {
        status: next(h for h in handling if re.match(h["code"], status))
        for status in ["200", "204", "400", "403", "409", "422", "500"]
    }
    assert first_match["409"]["swap"] and first_match["422"]["swap"]
    assert first_match["200"]["swap"] and not first_match["204"]["swap"]
    assert not first_match["400"]["swap"] and not first_match["403"]["swap"]
    assert first_match["500"]["error"]
    assert 'id="sw-live-status"' in page
    assert "{#" not in page  # a template comment spanning lines would be shown as text


# Saving, errors, conflicts -----------------------------------------------------------------


def test_an_htmx_save_answers_with_the_display_partial_and_announces_it(
    step, people, as_persona, url
) -> None:
    response = as_persona("editor").post(
        url("step_edit", pk=step.pk),
        step_data(step, title="Bedarf bei allen Ämtern erheben", owner=people["editor"].pk),
        **HTMX,
    )
    assert response.status_code == 200
    content = text(response)
    assert "strategies/partials/step.html" in templates(response)
    assert re.match(rf'\s*<li class="sw-checklist__item" id="step-{step.pk}"', content)
    assert "Bedarf bei allen Ämtern erheben" in content and "Editor Amtsberg" in content
    # Focus returns to the element's edit link; the live region says it was saved.
    assert re.search(rf'id="step-{step.pk}-edit"[^>]*autofocus', content)
    live = re.search(r'<div id="sw-live-status" hx-swap-oob="innerHTML">([^<]+)</div>', content)
    assert live is not None and live.group(1) == "Der Schritt wurde gespeichert."
    step.refresh_from_db()
    assert (step.title, step.owner, step.version) == (
        "Bedarf bei allen Ämtern erheben",
        people["editor"],
        2,
    )


def test_a_save_without_htmx_still_redirects_to_the_measure(step, as_persona, url) -> None:
    response = as_persona("editor").post(url("step_edit", pk=step.pk), step_data(step, title="Neu"))
    assert response.status_code == 302
    assert response.url == url("measure", pk=step.measure_id)
    step.refresh_from_db()
    assert step.title == "Neu"


def test_invalid_input_over_htmx_gives_the_form_with_errors_and_changes_nothing(
    step, as_persona, url
) -> None:
    response = as_persona("editor").post(
        url("step_edit", pk=step.pk), step_data(step, title="", due_date="31.02.2026"), **HTMX
    )
    assert response.status_code == 422
    content = text(response)
    assert FORM_PARTIAL in templates(response) and "base.html" not in templates(response)
    assert 'aria-invalid="true"' in content
    assert "Bitte geben Sie ein Datum ein" in content
    # The focus goes to the first field with an error.
    assert re.search(rf'<input[^>]*autofocus[^>]*id="step-{step.pk}-title"', content)
    step.refresh_from_db()
    assert (step.title, step.version) == ("Bedarf erheben", 1)
    # Without htmx the full page answers 400, as before.
    full = as_persona("editor").post(url("step_edit", pk=step.pk), step_data(step, title=""))
    assert full.status_code == 400 and "base.html" in templates(full)


def test_a_stale_htmx_save_shows_the_other_version_with_409_and_overwrites_nothing(
    step, as_persona, url
) -> None:
    loaded = step_data(step, title="Meine Fassung")
    Step.objects.filter(pk=step.pk).update(title="Fassung der Kollegin", version=F("version") + 1)

    response = as_persona("editor").post(url("step_edit", pk=step.pk), loaded, **HTMX)

    assert response.status_code == 409
    content = text(response)
    assert "base.html" not in templates(response)
    alert = content.split('role="alert"')[1].split("</div>\n</div>")[0]
    assert "Fassung der Kollegin" in alert
    # My input is still in the form, which now carries the other person's version.
    assert 'value="Meine Fassung"' in content and 'name="version" value="2"' in content
    step.refresh_from_db()
    assert (step.title, step.version) == ("Fassung der Kollegin", 2)
    # Saving again from the conflict form replaces the saved version knowingly.
    again = as_persona("editor").post(
        url("step_edit", pk=step.pk), {**loaded, "version": 2}, **HTMX
    )
    assert again.status_code == 200
    step.refresh_from_db()
    assert step.title == "Meine Fassung"


def test_cancel_gives_back_the_display_partial_with_the_focus_on_the_edit_link(
    step, as_persona, url
) -> None:
    client = as_persona("editor")
    fragment = text(client.get(url("step_edit", pk=step.pk), **HTMX))
    cancel = re.search(rf'<a [^>]*id="step-{step.pk}-cancel"[^>]*>', fragment).group(0)
    assert f'href="{url("measure", pk=step.measure_id)}"' in cancel
    assert f'hx-get="{url("step_edit", pk=step.pk)}?anzeige=1"' in cancel

    response = client.get(url("step_edit", pk=step.pk) + "?anzeige=1", **HTMX)
    assert response.status_code == 200
    assert "strategies/partials/step.html" in templates(response)
    assert re.search(rf'id="step-{step.pk}-edit"[^>]*autofocus', text(response))
    assert "sw-live-status" not in text(response)  # nothing was saved, nothing to announce
    # Without htmx the display fragment is no page of its own: back to the measure.
    plain = client.get(url("step_edit", pk=step.pk) + "?anzeige=1")
    assert plain.status_code == 302 and plain.url == url("measure", pk=step.measure_id)
    assert client.get(url("step_edit", pk=step.pk) + "?anzeige=ja", **HTMX).status_code == 400


# Permissions as on the full pages ---------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("coordinator", 200), ("editor", 200), ("contributor", 200), ("reader", 403),
     ("adviser", 403), ("outsider", 404)],
)  # fmt: skip
def test_steps_are_edited_inline_by_editors_and_the_contributor_leading_the_measure(
    step, as_persona, url, persona, status
) -> None:
    client = as_persona(persona)
    assert client.get(url("step_edit", pk=step.pk), **HTMX).status_code == status
    response = client.post(url("step_edit", pk=step.pk), step_data(step, title="Anders"), **HTMX)
    assert response.status_code == status
    step.refresh_from_db()
    assert step.title == ("Anders" if status == 200 else "Bedarf erheben")


def test_a_contributor_cannot_edit_steps_of_a_measure_led_by_someone_else(
    strategy, people, as_persona, url
) -> None:
    other = Measure.objects.create(strategy=strategy, title="Fremd", responsible=people["editor"])
    step = Step.objects.create(measure=other, title="Fremder Schritt")
    client = as_persona("contributor")
    assert client.get(url("step_edit", pk=step.pk), **HTMX).status_code == 403
    assert (
        client.post(url("step_edit", pk=step.pk), step_data(step, title="X"), **HTMX).status_code
        == 403
    )
    assert client.get(url("step_edit", pk=step.pk) + "?anzeige=1", **HTMX).status_code == 403


def test_readers_see_the_goal_page_but_get_no_inline_form(strategy, as_persona, url) -> None:
    goal = Goal.objects.create(strategy=strategy, title="Online-Zugang")
    reader = as_persona("reader")
    page = reader.get(url("goal_edit", pk=goal.pk))
    assert (
        page.status_code == 200
        and "<form" not in text(page).split("</nav>")[-1].split("comments")[0]
    )
    assert reader.get(url("goal_edit", pk=goal.pk), **HTMX).status_code == 403
    post = reader.post(
        url("goal_edit", pk=goal.pk), {"title": "X", "version": goal.version}, **HTMX
    )
    assert post.status_code == 403
    goals = text(reader.get(url("goals")))
    assert f'id="goal-{goal.pk}-edit"' not in goals


# The other kinds ---------------------------------------------------------------------------


def test_an_indicator_row_opens_as_a_table_row_and_saves_in_place(
    strategy, as_persona, url
) -> None:
    goal = Goal.objects.create(strategy=strategy, title="Online-Zugang")
    indicator = Indicator.objects.create(strategy=strategy, goal=goal, name="Quote", unit="%")
    client = as_persona("editor")
    goal_page = text(client.get(url("goal_edit", pk=goal.pk)))
    assert f'<tr id="indicator-{indicator.pk}">' in goal_page
    header_cells = goal_page.split("<thead")[1].split("</thead>")[0].count("<th ")

    fragment = text(client.get(url("indicator_edit", pk=indicator.pk), **HTMX))
    assert re.match(
        rf'\s*<tr id="indicator-{indicator.pk}" class="sw-inline-edit"><td class="kern-table__cell" colspan="{header_cells}">',
        fragment,
    )
    response = client.post(
        url("indicator_edit", pk=indicator.pk),
        {"name": "Online-Quote", "unit": "%", "kind": "output", "target_value": "80",
         "version": indicator.version},
        **HTMX,
    )  # fmt: skip
    assert response.status_code == 200
    assert re.match(rf'\s*<tr id="indicator-{indicator.pk}">', text(response))
    assert "Online-Quote" in text(response) and "80" in text(response)
    indicator.refresh_from_db()
    assert indicator.target_value == 80


def test_an_indicator_of_a_measure_follows_the_measure_permissions(
    strategy, measure, people, as_persona, url
) -> None:
    indicator = Indicator.objects.create(strategy=strategy, measure=measure, name="Akten", unit="n")
    data = {"name": "Akten digital", "unit": "n", "kind": "output", "version": 1}
    assert (
        as_persona("contributor").post(url("indicator_edit", pk=indicator.pk), data, **HTMX)
    ).status_code == 200
    measure.responsible = people["editor"]
    measure.save()
    assert (
        as_persona("contributor").get(url("indicator_edit", pk=indicator.pk), **HTMX)
    ).status_code == 403


def test_a_goal_saved_in_place_stays_in_its_tree_row(strategy, as_persona, url) -> None:
    top = Goal.objects.create(strategy=strategy, title="Oben")
    child = Goal.objects.create(strategy=strategy, title="Unten", parent=top)
    client = as_persona("editor")
    fragment = text(client.get(url("goal_edit", pk=child.pk), **HTMX))
    assert re.match(rf'\s*<li id="goal-{child.pk}" class="sw-goal-tree__item sw-depth-1', fragment)

    response = client.post(
        url("goal_edit", pk=child.pk),
        {"title": "Unten, genauer", "parent": top.pk, "version": 1},
        **HTMX,
    )
    assert response.status_code == 200 and "HX-Retarget" not in response
    assert re.match(
        rf'\s*<li class="sw-goal-tree__item sw-depth-1" id="goal-{child.pk}"', text(response)
    )
    assert "Unterziel" in text(response)  # the layer name of depth 1


def test_a_goal_moved_to_another_parent_redraws_the_tree(strategy, as_persona, url) -> None:
    top = Goal.objects.create(strategy=strategy, title="Oben")
    other = Goal.objects.create(strategy=strategy, title="Anderes Oben")
    response = as_persona("editor").post(
        url("goal_edit", pk=other.pk),
        {"title": "Jetzt unten", "parent": top.pk, "version": 1},
        **HTMX,
    )
    assert response.status_code == 200
    assert (response["HX-Retarget"], response["HX-Reswap"]) == (
        "#goal-tree",
        "outerHTML settle:0ms",
    )
    content = text(response)
    assert content.lstrip().startswith('<ul class="sw-goal-tree" id="goal-tree">')
    assert content.index("Oben") < content.index("Jetzt unten")
    assert re.search(rf'id="goal-{other.pk}-edit"[^>]*autofocus', content)
    assert content.count("autofocus") == 1
    assert "Das Ziel wurde gespeichert." in content


def test_a_goal_page_post_with_errors_still_shows_the_goal_page(strategy, as_persona, url) -> None:
    goal = Goal.objects.create(strategy=strategy, title="Online-Zugang")
    response = as_persona("editor").post(url("goal_edit", pk=goal.pk), {"title": "", "version": 1})
    assert response.status_code == 400
    assert "strategies/goal.html" in templates(response) and FORM_PARTIAL in templates(response)
    assert "Zurück zu allen Zielen" in text(response)


def test_a_field_of_action_is_edited_in_the_list(strategy, as_persona, url) -> None:
    first = FieldOfAction.objects.create(strategy=strategy, title="Mobilität", position=0)
    second = FieldOfAction.objects.create(strategy=strategy, title="Bildung", position=1)
    client = as_persona("editor")
    page = text(client.get(url("fields")))
    assert f'id="field-{second.pk}-edit"' in page

    response = client.post(
        url("field_edit", pk=second.pk),
        {"title": "Bildung und Schule", "guiding_sentence": "Lernen digital", "version": 1},
        **HTMX,
    )
    assert response.status_code == 200
    content = text(response)
    assert f'<li class="sw-checklist__item" id="field-{second.pk}">' in content
    assert "Bildung und Schule" in content and "Ziele: 0 · Maßnahmen: 0" in content
    # The last field's Down button stays disabled, its Up button not.
    assert re.search(r'value="down"[^>]*disabled', content)
    assert not re.search(r'value="up"[^>]*disabled', content)
    assert FieldOfAction.objects.get(pk=first.pk).title == "Mobilität"


def test_the_field_fragment_needs_the_same_queries_for_a_small_and_a_large_strategy(
    strategy, as_persona, url, django_assert_num_queries
) -> None:
    make_strategy(strategy, fields=2, measures_per_field=1)
    client = as_persona("editor")
    field = strategy.fields.first()

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(url("field_edit", pk=field.pk) + "?anzeige=1", **HTMX).status_code == 200
            )
        return len(queries)

    small = count()
    make_strategy(strategy, fields=30, measures_per_field=4)
    with django_assert_num_queries(small):
        client.get(url("field_edit", pk=field.pk) + "?anzeige=1", **HTMX)


@pytest.mark.parametrize(
    ("route", "factory", "data", "dom", "saved"),
    [
        ("principle_edit", lambda s: GuidingPrinciple.objects.create(strategy=s, text="Digital zuerst"),
         {"text": "Digital, aber nicht nur"}, "principle", "Die Leitlinie wurde gespeichert."),
        ("plan_link_edit", lambda s: PlanLink.objects.create(strategy=s, title="INSEK"),
         {"title": "INSEK 2035", "url": "insek.example", "note": "Kapitel 4"}, "plan-link",
         "Der verwandte Plan wurde gespeichert."),
        ("phase_edit", lambda s: ProgrammePhase.objects.create(strategy=s, name="Phase 1", start="2026-01-01", end="2026-12-31"),
         {"name": "Strategiephase", "start": "2026-02-01", "end": "2026-11-30"}, "phase",
         "Die Programmphase wurde gespeichert."),
    ],
)  # fmt: skip
def test_principles_plans_and_phases_are_edited_inline_with_a_version(
    strategy, as_persona, url, route, factory, data, dom, saved
) -> None:
    item = factory(strategy)
    client = as_persona("editor")
    fragment = text(client.get(url(route, pk=item.pk), **HTMX))
    version = re.search(r'name="version" value="([0-9]+)"', fragment).group(1)
    assert f'id="{dom}-{item.pk}"' in fragment

    response = client.post(url(route, pk=item.pk), {**data, "version": version}, **HTMX)
    assert response.status_code == 200
    assert f'id="{dom}-{item.pk}-edit"' in text(response) and saved in text(response)
    item.refresh_from_db()
    first_value = next(iter(data.values()))
    assert first_value in str(vars(item).values())

    # The same version is stale now: nothing is overwritten, the saved values are shown.
    stale = client.post(url(route, pk=item.pk), {**data, "version": version}, **HTMX)
    assert stale.status_code == 409
    assert "Es wurde nichts überschrieben" in text(stale)
    # A missing version is refused as well.
    missing = client.post(url(route, pk=item.pk), data, **HTMX)
    assert missing.status_code == 422 and "Bitte laden Sie die Seite neu" in text(missing)


def test_a_principle_changed_by_someone_else_is_not_overwritten(strategy, as_persona, url) -> None:
    principle = GuidingPrinciple.objects.create(strategy=strategy, text="Digital zuerst")
    client = as_persona("editor")
    version = re.search(
        r'name="version" value="([0-9]+)"',
        text(client.get(url("principle_edit", pk=principle.pk))),
    ).group(1)
    GuidingPrinciple.objects.filter(pk=principle.pk).update(
        text="Offen und barrierefrei", version=F("version") + 1
    )

    response = client.post(
        url("principle_edit", pk=principle.pk), {"text": "Mein Text", "version": version}
    )
    assert response.status_code == 409
    assert "Offen und barrierefrei" in text(response).split('role="alert"')[1]
    principle.refresh_from_db()
    assert principle.text == "Offen und barrierefrei"


@pytest.mark.parametrize("route", ["principle_edit", "plan_link_edit", "phase_edit"])
@pytest.mark.parametrize(
    ("persona", "status"), [("contributor", 403), ("reader", 403), ("outsider", 404)]
)
def test_only_editors_edit_principles_plans_and_phases(
    strategy, as_persona, url, route, persona, status
) -> None:
    item = {
        "principle_edit": lambda: GuidingPrinciple.objects.create(strategy=strategy, text="A"),
        "plan_link_edit": lambda: PlanLink.objects.create(strategy=strategy, title="A"),
        "phase_edit": lambda: ProgrammePhase.objects.create(
            strategy=strategy, name="A", start="2026-01-01", end="2026-12-31"
        ),
    }[route]()
    client = as_persona(persona)
    assert client.get(url(route, pk=item.pk), **HTMX).status_code == status
    data = {"text": "B", "title": "B", "name": "B", "start": "2026-01-01", "end": "2026-12-31"}
    assert client.post(url(route, pk=item.pk), data, **HTMX).status_code == status
    item.refresh_from_db()
    assert "B" not in str(vars(item).values())


def test_the_related_plan_form_on_the_vision_page_has_its_fields(strategy, as_persona, url) -> None:
    page = text(as_persona("editor").get(url("vision")))
    assert 'id="plan-link-new-title"' in page and 'id="plan-link-new-url"' in page


def test_a_phase_ending_before_it_starts_is_refused_inline(strategy, as_persona, url) -> None:
    phase = ProgrammePhase.objects.create(
        strategy=strategy, name="Phase 1", start="2026-01-01", end="2026-12-31"
    )
    client = as_persona("editor")
    version = re.search(
        r'name="version" value="([0-9]+)"', text(client.get(url("phase_edit", pk=phase.pk)))
    ).group(1)
    response = client.post(
        url("phase_edit", pk=phase.pk),
        {"name": "Phase 1", "start": "2026-06-01", "end": "2026-01-01", "version": version},
        **HTMX,
    )
    assert response.status_code == 422
    assert "Das Ende darf nicht vor dem Beginn liegen." in text(response)
    phase.refresh_from_db()
    assert str(phase.end) == "2026-12-31"


def test_another_contributor_is_no_lead_and_cannot_edit(strategy, measure, step, url) -> None:
    from django.test import Client

    from schreibwerkstatt.municipalities.models import Role

    stranger = UserFactory()
    MembershipFactory(user=stranger, municipality=strategy.municipality, role=Role.CONTRIBUTOR)
    client = Client()
    client.force_login(stranger)
    assert client.get(url("step_edit", pk=step.pk), **HTMX).status_code == 403


# Sections of the measure profile -----------------------------------------------------------


def test_a_section_of_the_measure_profile_is_edited_in_place(measure, as_persona, url) -> None:
    client = as_persona("contributor")  # leads the measure
    page = text(client.get(url("measure", pk=measure.pk)))
    edit = url("measure_section", pk=measure.pk, section="wirkung")
    assert 'id="measure-section-wirkung"' in page and f'href="{edit}"' in page
    assert "Noch nicht beschrieben." in page

    fragment = text(client.get(edit, **HTMX))
    assert fragment.lstrip().startswith('<div id="measure-section-wirkung"')
    assert 'name="expected_effect"' in fragment and 'name="summary"' not in fragment
    response = client.post(
        edit, {"expected_effect": "Weniger Papier,\nschnellere Bescheide", "version": 1}, **HTMX
    )
    assert response.status_code == 200
    assert "Weniger Papier,<br>schnellere Bescheide" in text(response)
    assert re.search(r'id="measure-section-wirkung-edit"[^>]*autofocus', text(response))
    measure.refresh_from_db()
    assert (measure.expected_effect, measure.title, measure.version) == (
        "Weniger Papier,\nschnellere Bescheide",
        "E-Akte einführen",
        2,
    )
    # The change is recorded in the measure's history like any other.
    assert measure.history.count() == 2


def test_a_section_saved_over_a_newer_measure_version_is_refused(measure, as_persona, url) -> None:
    Measure.objects.filter(pk=measure.pk).update(risks="Lieferengpässe", version=F("version") + 1)
    response = as_persona("editor").post(
        url("measure_section", pk=measure.pk, section="risiken"),
        {"risks": "Keine", "version": 1},
        **HTMX,
    )
    assert response.status_code == 409
    assert "Lieferengpässe" in text(response).split('role="alert"')[1]
    measure.refresh_from_db()
    assert measure.risks == "Lieferengpässe"


def test_sections_follow_the_measure_permissions(
    measure, strategy, people, as_persona, url
) -> None:
    edit = url("measure_section", pk=measure.pk, section="kurzbeschreibung")
    assert as_persona("reader").get(edit, **HTMX).status_code == 403
    assert as_persona("outsider").get(edit, **HTMX).status_code == 404
    assert (
        as_persona("editor").get(url("measure_section", pk=measure.pk, section="titel")).status_code
        == 404
    )
    reader_page = text(as_persona("reader").get(url("measure", pk=measure.pk)))
    assert "measure-section-" not in reader_page  # empty sections are not shown to readers
    other = Measure.objects.create(strategy=strategy, title="Fremd", responsible=people["editor"])
    post = as_persona("contributor").post(
        url("measure_section", pk=other.pk, section="kurzbeschreibung"),
        {"summary": "Heimlich", "version": 1},
        **HTMX,
    )
    assert post.status_code == 403
    other.refresh_from_db()
    assert other.summary == ""
