"""The history of the inventory's rows and restoring an earlier version (the machinery of
the history app, with the inventory's routes)."""

import pytest
from django.urls import reverse

from schreibwerkstatt.history.services import PER_PAGE
from schreibwerkstatt.inventory.models import MaturityAnswer, MaturityQuestion
from schreibwerkstatt.inventory.tests.factories import (
    ExistingProjectFactory,
    StakeholderFactory,
    SwotEntryFactory,
)

pytestmark = pytest.mark.django_db

PROJECT = {"title": "E-Akte", "status": "done", "unit": "Hauptamt", "link": "", "note": ""}


def content_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_a_project_edit_shows_in_its_history_and_can_be_undone(
    strategy, url, people, as_persona
) -> None:
    project = ExistingProjectFactory(strategy=strategy, title="E-Akte", unit="Hauptamt")
    first = project.history.latest()
    editor = as_persona("editor")
    assert (
        editor.post(url("edit_project", pk=project.pk), PROJECT | {"version": 1}).status_code == 302
    )
    edit_page = content_of(editor.get(url("edit_project", pk=project.pk)))
    assert f'href="{url("history_project", pk=project.pk)}"' in edit_page

    content = content_of(as_persona("reader").get(url("history_project", pk=project.pk)))
    assert "Editor Amtsberg" in content
    assert "Laufend" in content and "Abgeschlossen" in content  # status labels
    assert "Verlauf: Bestehendes Projekt" in content
    assert "Diese Fassung wiederherstellen" not in content  # readers do not restore

    response = editor.post(
        url("restore_project", pk=project.pk, history_id=first.history_id),
        {"version": 2},
        follow=True,
    )
    assert response.status_code == 200
    project.refresh_from_db()
    assert (project.status, project.version) == ("running", 3)
    assert "Wiederhergestellt: Fassung vom" in response.content.decode()


def test_readers_advisers_and_other_municipalities_cannot_restore(
    strategy, url, people, as_persona
) -> None:
    stakeholder = StakeholderFactory(strategy=strategy, name="Seniorenbeirat", influence=2)
    first = stakeholder.history.latest()
    as_persona("editor").post(
        url("edit_stakeholder", pk=stakeholder.pk),
        {"name": "Seniorenbeirat", "group": "Bürgerschaft", "influence": 5, "interest": 4,
         "involvement": "", "version": 1},
    )  # fmt: skip
    stakeholder.refresh_from_db()
    assert stakeholder.influence == 5
    address = url("restore_stakeholder", pk=stakeholder.pk, history_id=first.history_id)
    for persona in ["reader", "adviser", "contributor"]:
        assert as_persona(persona).post(address, {"version": 2}).status_code == 403
    outsider = as_persona("outsider")
    assert outsider.post(address, {"version": 2}).status_code == 404
    assert outsider.get(url("history_stakeholder", pk=stakeholder.pk)).status_code == 404
    assert (
        outsider.get(
            url("history_stakeholder", slug="birkenwerder-nord", pk=stakeholder.pk)
        ).status_code
        == 404
    )
    stakeholder.refresh_from_db()
    assert (stakeholder.influence, stakeholder.version) == (5, 2)


def test_a_swot_entry_history_links_back_to_the_swot_analysis(strategy, url, as_persona) -> None:
    entry = SwotEntryFactory(strategy=strategy, text="Engagierte Verwaltung")
    editor = as_persona("editor")
    editor.post(
        url("edit_swot_entry", pk=entry.pk), {"text": "Sehr engagierte Verwaltung", "version": 1}
    )
    assert f'href="{url("history_swot_entry", pk=entry.pk)}"' in content_of(
        editor.get(url("edit_swot_entry", pk=entry.pk))
    )
    content = content_of(as_persona("reader").get(url("history_swot_entry", pk=entry.pk)))
    assert "Engagierte Verwaltung" in content and "Sehr engagierte Verwaltung" in content
    assert f'href="{url("swot")}"' in content


def test_a_maturity_answer_shows_its_levels_and_links_from_the_questions(
    strategy, url, people, as_persona
) -> None:
    group = MaturityQuestion.objects.groups_for(strategy)[0]
    question = MaturityQuestion.objects.of_group(group.key).first()
    answer = MaturityAnswer.objects.create(strategy=strategy, question=question, value=1)
    first = answer.history.latest()
    answer.value, answer.note, answer.version = 3, "Fast alles digital", 2
    answer.save()
    questions_page = content_of(as_persona("reader").get(url("maturity_field", pk=group.key)))
    assert f'href="{url("history_maturity_answer", pk=answer.pk)}"' in questions_page
    content = content_of(as_persona("reader").get(url("history_maturity_answer", pk=answer.pk)))
    assert question.text in content
    assert "erste Schritte" in content and "weit fortgeschritten" in content
    response = as_persona("coordinator").post(
        url("restore_maturity_answer", pk=answer.pk, history_id=first.history_id),
        {"version": 2},
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.value, answer.note, answer.version) == (1, "", 3)


def test_the_query_count_of_a_history_page_is_fixed(
    strategy, url, people, as_persona, django_assert_num_queries, session_queries
) -> None:
    from schreibwerkstatt.inventory import services

    def project_with(edits: int):
        project = ExistingProjectFactory(strategy=strategy)
        for number in range(edits):
            project = services.update_project(
                project,
                expected_version=project.version,
                changes={"title": f"Projekt {number}", "status": ["done", "running"][number % 2]},
            )
        return project

    small, large = project_with(2), project_with(PER_PAGE + 20)
    client = as_persona("reader")
    client.get(url("history_project", pk=small.pk))
    for project in [small, large]:
        with django_assert_num_queries(6 + session_queries):
            content_of(client.get(url("history_project", pk=project.pk)))


def test_the_route_names_its_kind_in_german(strategy, as_persona) -> None:
    project = ExistingProjectFactory(strategy=strategy)
    address = reverse(
        "history:history_project",
        kwargs={"slug": "amtsberg", "strategy": strategy.pk, "pk": project.pk},
    )
    assert address.endswith(f"/bestandsaufnahme/verlauf/projekt/{project.pk}/")
