"""Multiple-choice fields (Handlungsfelder, Ziele, Schlagwörter) are KERN checkbox groups.

They were rendered with the text-field class, 600 px wide and 48 px high each, and lay on the
"Speichern" and "Ziel und seine Unterziele löschen" buttons. Now every form that goes through
core/partials/field.html shows a fieldset whose legend names the question, with one KERN checkbox
and label per option; hint and error belong to the fieldset.
"""

import re

import pytest

from schreibwerkstatt.strategies.models import FieldOfAction, Goal

pytestmark = pytest.mark.django_db


def fieldset(html: str, legend: str) -> str:
    match = re.search(
        rf'<fieldset class="kern-fieldset[^"]*"[^>]*>\s*<legend class="kern-label">{legend}.*?</fieldset>',
        html,
        re.S,
    )
    assert match, f"no fieldset with the legend {legend!r}"
    return match.group(0)


@pytest.fixture
def goal(strategy):
    FieldOfAction.objects.create(strategy=strategy, title="Mobilität", position=0)
    FieldOfAction.objects.create(strategy=strategy, title="Bildung", position=1)
    return Goal.objects.create(strategy=strategy, title="Gut informiert")


def test_the_goal_page_shows_the_fields_of_action_as_checkboxes(goal, as_persona, url) -> None:
    html = as_persona("editor").get(url("goal_edit", pk=goal.pk)).content.decode()

    group = fieldset(html, "Handlungsfelder")
    assert '<span class="kern-label__optional">– optional</span>' in group
    checks = re.findall(
        r'<div class="kern-form-check">\s*(<input type="checkbox"[^>]*>)\s*'
        r'<label class="kern-label" for="([^"]+)">([^<]+)</label>',
        group,
    )
    assert [label for _, _, label in checks] == ["Mobilität", "Bildung"]
    for tag, label_for, _ in checks:
        assert 'name="fields"' in tag
        assert 'class="kern-form-check__checkbox"' in tag
        assert f'id="{label_for}"' in tag
    # The hint (nothing chosen: the goal serves every field) is tied to the group.
    hint_id = re.search(r'<div class="kern-hint" id="([^"]+)">', group).group(1)
    assert f'aria-describedby="{hint_id}"' in group
    assert not re.search(r'<input type="checkbox"[^>]*kern-form-input__input', html)


def test_the_new_measure_form_shows_goals_and_fields_as_checkbox_groups(
    goal, as_persona, url
) -> None:
    html = as_persona("editor").get(url("measure_add")).content.decode()

    goals = fieldset(html, "Dient den Zielen")
    assert re.search(
        r'<input type="checkbox" name="goals" value="\d+" id="id_goals_0" class="kern-form-check__checkbox">',
        goals,
    )
    fields = fieldset(html, "Handlungsfelder")
    assert re.search(
        r'<input type="checkbox" name="fields" value="\d+" id="id_fields_1" class="kern-form-check__checkbox">',
        fields,
    )
    assert not re.search(r'<input type="checkbox"[^>]*kern-form-input__input', html)


def test_an_invalid_choice_marks_the_group_and_names_the_error(goal, as_persona, url) -> None:
    response = as_persona("editor").post(
        url("goal_edit", pk=goal.pk),
        {"title": "Gut informiert", "fields": ["999999"], "version": goal.version},
    )

    assert response.status_code in (400, 422)
    group = fieldset(response.content.decode(), "Handlungsfelder")
    assert group.startswith('<fieldset class="kern-fieldset kern-fieldset--error"')
    error = re.search(r'<p class="kern-error" id="([^"]+)">([^<]+)</p>', group)
    assert error and "gültige Auswahl" in error.group(2)
    assert re.search(rf'aria-describedby="[^"]*\b{error.group(1)}\b', group)
    assert "kern-form-check__checkbox kern-form-check__checkbox--error" in group
