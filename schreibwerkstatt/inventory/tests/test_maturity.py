import re

import pytest
from django.urls import reverse

from schreibwerkstatt.inventory import services
from schreibwerkstatt.inventory.models import (
    GENERAL,
    MaturityAnswer,
    MaturityQuestion,
)
from schreibwerkstatt.strategies.models import CatalogueField, FieldOfAction, Strategy

from .helpers import accessible_svg

pytestmark = pytest.mark.django_db


def questions_of(field: CatalogueField) -> list[MaturityQuestion]:
    return list(MaturityQuestion.objects.of_group(field.pk))


def answers_post(questions, values, versions=None, notes=None) -> dict[str, str]:
    data = {}
    for index, question in enumerate(questions):
        data[f"value_{question.pk}"] = "" if values[index] is None else str(values[index])
        data[f"note_{question.pk}"] = (notes or {}).get(index, "")
        data[f"version_{question.pk}"] = str((versions or {}).get(index, 0))
    return data


@pytest.fixture
def verwaltung(db) -> CatalogueField:
    return CatalogueField.objects.get(title="Digitale Verwaltung")


def test_every_catalogue_field_ships_with_two_or_three_questions(db) -> None:
    fields = CatalogueField.objects.all()
    assert fields.count() == 14
    for field in fields:
        assert 2 <= MaturityQuestion.objects.filter(field=field).count() <= 3, field.title


def test_a_strategy_without_catalogue_fields_answers_the_whole_catalogue(strategy) -> None:
    FieldOfAction.objects.create(strategy=strategy, title="Eigenes Feld ohne Katalog")
    groups = MaturityQuestion.objects.groups_for(strategy)
    assert [g.title for g in groups] == list(CatalogueField.objects.values_list("title", flat=True))


def test_a_strategy_answers_the_catalogue_fields_it_uses_in_its_order(strategy) -> None:
    bildung = CatalogueField.objects.get(title="Bildung")
    mobil = CatalogueField.objects.get(title="Mobilität")
    FieldOfAction.objects.create(
        strategy=strategy, title="Lernen", catalogue_entry=bildung, position=0
    )
    FieldOfAction.objects.create(
        strategy=strategy, title="Verkehr", catalogue_entry=mobil, position=1
    )
    FieldOfAction.objects.create(
        strategy=strategy, title="Schule", catalogue_entry=bildung, position=2
    )
    MaturityQuestion.objects.create(text="Gibt es eine Digitalisierungsbeauftragte?")
    MaturityQuestion.objects.filter(field=mobil).update(active=False)
    groups = MaturityQuestion.objects.groups_for(strategy)
    assert [(g.key, g.questions) for g in groups] == [(GENERAL, 1), (bildung.pk, 3)]


def test_the_form_asks_each_question_in_a_fieldset_with_the_levels(
    strategy, url, verwaltung, people, as_persona
) -> None:
    response = as_persona("editor").get(url("maturity_field", pk=verwaltung.pk))
    content = response.content.decode()
    assert response.status_code == 200
    for question in questions_of(verwaltung):
        fieldset = content.split(f'id="question-{question.pk}"')[1].split("</fieldset>")[0]
        assert f'<legend class="kern-label">{question.text}</legend>' in fieldset
        values = re.findall(rf'type="radio" name="value_{question.pk}" value="(\d*)"', fieldset)
        assert values == ["", "0", "1", "2", "3", "4"]
        assert f'name="note_{question.pk}"' in fieldset
    assert 'type="submit"' in content
    assert response.context["nav_active"] == 1


def test_readers_see_the_answers_but_cannot_change_them(
    strategy, url, verwaltung, people, as_persona
) -> None:
    question = questions_of(verwaltung)[0]
    MaturityAnswer.objects.create(
        strategy=strategy, question=question, value=3, note="E-Akte läuft"
    )
    response = as_persona("reader").get(url("maturity_field", pk=verwaltung.pk))
    content = response.content.decode()
    assert response.status_code == 200
    assert re.search(rf'name="value_{question.pk}" value="3"[^>]*checked', content)
    assert "E-Akte läuft" in content
    assert 'type="submit"' not in content.split('<form method="post" class="sw-form"')[1]
    assert "disabled" in content
    post = as_persona("reader").post(
        url("maturity_field", pk=verwaltung.pk), answers_post(questions_of(verwaltung), [1, 1, 1])
    )
    assert post.status_code == 403
    assert MaturityAnswer.objects.get().value == 3


def test_an_editor_answers_a_field_and_goes_on_to_the_next(
    strategy, url, verwaltung, people, as_persona
) -> None:
    questions = questions_of(verwaltung)
    response = as_persona("editor").post(
        url("maturity_field", pk=verwaltung.pk),
        answers_post(questions, [4, 2, None], notes={0: "Alle Leistungen online"}),
    )
    assert response.status_code == 302
    following = MaturityQuestion.objects.groups_for(strategy)[1]
    assert response.url == url("maturity_field", pk=following.key)
    answers = {a.question_id: a for a in MaturityAnswer.objects.filter(strategy=strategy)}
    assert {pk: a.value for pk, a in answers.items()} == {questions[0].pk: 4, questions[1].pk: 2}
    assert answers[questions[0].pk].note == "Alle Leistungen online"
    assert answers[questions[0].pk].history.first().history_user == people["editor"]


def test_the_last_field_leads_to_the_result(strategy, url, people, as_persona) -> None:
    last = MaturityQuestion.objects.groups_for(strategy)[-1]
    questions = list(MaturityQuestion.objects.of_group(last.key))
    response = as_persona("coordinator").post(
        url("maturity_field", pk=last.key), answers_post(questions, [1] * len(questions))
    )
    assert response.status_code == 302
    assert response.url == url("maturity")


def test_an_answer_can_be_changed_and_removed(
    strategy, url, verwaltung, people, as_persona
) -> None:
    questions = questions_of(verwaltung)
    client = as_persona("editor")
    client.post(url("maturity_field", pk=verwaltung.pk), answers_post(questions, [1, 2, 3]))
    client.post(
        url("maturity_field", pk=verwaltung.pk),
        answers_post(questions, [2, None, 3], versions={0: 1, 1: 1, 2: 1}),
    )
    answers = {a.question_id: a for a in MaturityAnswer.objects.filter(strategy=strategy)}
    assert {pk: (a.value, a.version) for pk, a in answers.items()} == {
        questions[0].pk: (2, 2),
        questions[2].pk: (3, 1),
    }


@pytest.mark.parametrize(
    "change",
    [
        {"value": "5"},
        {"value": "-1"},
        {"value": "viel"},
        {"note": "x" * 5001},
        {"value": "", "note": "Nur eine Notiz"},
        {"version": "-1"},
        {"version": "eins"},
    ],
)
def test_it_rejects_bad_answers(strategy, url, verwaltung, people, as_persona, change) -> None:
    questions = questions_of(verwaltung)
    data = answers_post(questions, [1, 1, 1])
    for key, value in change.items():
        data[f"{key}_{questions[0].pk}"] = value
    response = as_persona("editor").post(url("maturity_field", pk=verwaltung.pk), data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not MaturityAnswer.objects.exists()


def test_stale_answers_are_refused_and_the_other_answers_shown(
    strategy, url, verwaltung, people, as_persona
) -> None:
    questions = questions_of(verwaltung)
    target = url("maturity_field", pk=verwaltung.pk)
    assert (
        as_persona("coordinator")
        .post(target, answers_post(questions, [4, None, None], notes={0: "Sicht der Koordination"}))
        .status_code
        == 302
    )
    response = as_persona("editor").post(target, answers_post(questions, [1, 1, 1]))
    content = response.content.decode()
    assert response.status_code == 409
    assert f'data-conflict="{questions[0].pk}"' in content
    assert "Sicht der Koordination" in content
    assert f'data-conflict="{questions[1].pk}"' not in content
    # Nothing was saved, not even the answers that did not conflict.
    assert list(MaturityAnswer.objects.values_list("question_id", "value")) == [
        (questions[0].pk, 4)
    ]
    # The form keeps the editor's input and now carries the current version.
    form = response.context["form"]
    assert form[f"value_{questions[0].pk}"].value() == "1"
    assert form[f"version_{questions[0].pk}"].value() == "1"
    retry = as_persona("editor").post(target, answers_post(questions, [1, 1, 1], versions={0: 1}))
    assert retry.status_code == 302
    assert sorted(MaturityAnswer.objects.values_list("value", flat=True)) == [1, 1, 1]


def test_a_field_the_strategy_does_not_use_is_not_found(
    strategy, url, verwaltung, people, as_persona
) -> None:
    bildung = CatalogueField.objects.get(title="Bildung")
    FieldOfAction.objects.create(strategy=strategy, title="Lernen", catalogue_entry=bildung)
    client = as_persona("editor")
    assert client.get(url("maturity_field", pk=bildung.pk)).status_code == 200
    assert client.get(url("maturity_field", pk=verwaltung.pk)).status_code == 404
    assert client.get(url("maturity_field", pk=GENERAL)).status_code == 404  # no general questions
    assert client.get(url("maturity_field", pk=999999)).status_code == 404


def test_outsiders_and_anonymous_get_nothing(strategy, url, verwaltung, people, as_persona) -> None:
    data = answers_post(questions_of(verwaltung), [1, 1, 1])
    for name, kwargs in [("maturity", {}), ("maturity_field", {"pk": verwaltung.pk})]:
        assert as_persona("outsider").get(url(name, **kwargs)).status_code == 404
        assert as_persona("outsider").post(url(name, **kwargs), data).status_code in {404, 405}
        anonymous = as_persona("anonymous").get(url(name, **kwargs))
        assert anonymous.url.startswith(reverse("accounts:login"))
    assert not MaturityAnswer.objects.exists()


def test_wrong_methods_are_refused(strategy, url, verwaltung, people, as_persona) -> None:
    assert as_persona("editor").post(url("maturity")).status_code == 405
    assert as_persona("editor").delete(url("maturity_field", pk=verwaltung.pk)).status_code == 405


def test_the_result_shows_the_radar_chart_and_its_table(
    strategy, url, verwaltung, people, as_persona
) -> None:
    bildung = CatalogueField.objects.get(title="Bildung")
    mobil = CatalogueField.objects.get(title="Mobilität")
    for position, field in enumerate([verwaltung, bildung, mobil]):
        FieldOfAction.objects.create(
            strategy=strategy, title=field.title, catalogue_entry=field, position=position
        )
    for question, value in zip(questions_of(verwaltung), [4, 3, 2], strict=True):
        MaturityAnswer.objects.create(strategy=strategy, question=question, value=value)
    MaturityAnswer.objects.create(strategy=strategy, question=questions_of(bildung)[0], value=1)
    other = Strategy.objects.create(municipality=strategy.municipality, title="Andere")
    MaturityAnswer.objects.create(strategy=other, question=questions_of(mobil)[0], value=4)

    response = as_persona("reader").get(url("maturity"))
    content = response.content.decode()
    assert response.status_code == 200
    svg = accessible_svg(content, "radar")
    points = re.search(r'<polygon id="radar-values" points="([^"]+)"', svg).group(1).split()
    assert len(points) == 3
    for point in points:  # dots, never the German decimal comma
        assert re.fullmatch(r"-?\d+(\.\d)?,-?\d+(\.\d)?", point)
    for field in [verwaltung, bildung, mobil]:
        assert f'data-field="{field.pk}"' in svg
    assert "Verwaltung" in svg and "Mobilität" in svg  # axis labels
    table = content.split('id="maturity-table"')[1].split("</table>")[0]
    rows = dict(
        (int(pk), (average, int(answers)))
        for pk, average, answers in re.findall(
            r'<tr id="field-(\d+)">.*?data-average="([\d.]*)".*?data-answers="(\d+)"', table, re.S
        )
    )
    assert rows == {verwaltung.pk: ("3.00", 3), bildung.pk: ("1.00", 1), mobil.pk: ("", 0)}
    assert "3,0" in table  # the average in the German number format


def test_the_result_page_has_a_fixed_number_of_queries(
    strategy, url, people, as_persona, django_assert_num_queries, django_assert_max_num_queries
) -> None:
    client = as_persona("editor")
    question = MaturityQuestion.objects.first()
    MaturityAnswer.objects.create(strategy=strategy, question=question, value=2)
    client.get(url("maturity"))
    with django_assert_max_num_queries(9) as small:
        client.get(url("maturity"))
    MaturityAnswer.objects.all().delete()
    MaturityAnswer.objects.bulk_create(
        MaturityAnswer(strategy=strategy, question=q, value=q.pk % 5)
        for q in MaturityQuestion.objects.all()
    )
    for field in CatalogueField.objects.all():
        FieldOfAction.objects.create(strategy=strategy, title=field.title, catalogue_entry=field)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url("maturity"))


def test_the_service_counts_changes_and_bumps_versions(strategy, verwaltung) -> None:
    first, second, _third = questions_of(verwaltung)
    changed = services.answer_maturity_questions(
        strategy,
        [
            services.AnswerInput(first, 2, "", 0),
            services.AnswerInput(second, None, "", 0),
        ],
    )
    assert changed == 1
    unchanged = services.answer_maturity_questions(
        strategy, [services.AnswerInput(first, 2, "", 1)]
    )
    assert unchanged == 0
    assert MaturityAnswer.objects.get().version == 1
    with pytest.raises(services.StaleAnswersError) as error:
        services.answer_maturity_questions(strategy, [services.AnswerInput(first, 3, "", 0)])
    assert error.value.conflicts[first.pk].value == 2
