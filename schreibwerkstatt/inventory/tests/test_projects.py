import pytest
from django.urls import reverse

from schreibwerkstatt.inventory.models import ExistingProject
from schreibwerkstatt.inventory.tests.factories import ExistingProjectFactory
from schreibwerkstatt.strategies.models import Strategy

pytestmark = pytest.mark.django_db

VALID = {
    "title": "Online-Terminvergabe Bürgeramt",
    "status": "running",
    "unit": "Bürgeramt",
    "link": "https://www.amtsberg.de/termine",
    "note": "Seit 2024 im Einsatz.",
}


def test_it_lists_the_projects_in_a_table(strategy, url, people, as_persona) -> None:
    project = ExistingProjectFactory(strategy=strategy, title="E-Akte", unit="Hauptamt")
    other = Strategy.objects.create(municipality=strategy.municipality, title="Alte Strategie")
    ExistingProjectFactory(strategy=other, title="Projekt einer anderen Strategie")
    response = as_persona("reader").get(url("projects"))
    content = response.content.decode()
    assert response.status_code == 200
    assert f'id="project-{project.pk}"' in content and "Hauptamt" in content
    assert "Projekt einer anderen Strategie" not in content
    assert url("add_project") not in content  # readers get no form
    assert url("edit_project", pk=project.pk) not in content


def test_an_editor_adds_a_project(strategy, url, people, as_persona) -> None:
    response = as_persona("editor").post(url("add_project"), VALID)
    assert response.status_code == 302
    assert response.url == url("projects")
    project = ExistingProject.objects.get(strategy=strategy)
    assert (project.title, project.status, project.unit, project.link) == (
        VALID["title"],
        "running",
        "Bürgeramt",
        VALID["link"],
    )
    assert project.history.first().history_user == people["editor"]


def test_a_link_without_scheme_is_taken_as_https(strategy, url, people, as_persona) -> None:
    as_persona("coordinator").post(url("add_project"), VALID | {"link": "www.amtsberg.de"})
    assert ExistingProject.objects.get().link == "https://www.amtsberg.de"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"unit": "x" * 201}, "unit"),
        ({"note": "x" * 5001}, "note"),
        ({"status": "forgotten"}, "status"),
        ({"link": "javascript:alert(1)"}, "link"),
        ({"link": "http://"}, "link"),
    ],
)
def test_it_rejects_bad_projects(strategy, url, people, as_persona, data, field) -> None:
    response = as_persona("editor").post(url("add_project"), VALID | data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ExistingProject.objects.exists()


@pytest.mark.parametrize("persona", ["contributor", "reader", "adviser"])
def test_only_coordination_and_editors_add_projects(
    strategy, url, people, as_persona, persona
) -> None:
    assert as_persona(persona).post(url("add_project"), VALID).status_code == 403
    assert not ExistingProject.objects.exists()


def test_outsiders_and_anonymous_cannot_add(strategy, url, people, as_persona) -> None:
    assert as_persona("outsider").post(url("add_project"), VALID).status_code == 404
    anonymous = as_persona("anonymous").post(url("add_project"), VALID)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("accounts:login"))
    assert not ExistingProject.objects.exists()


def test_adding_needs_post(strategy, url, people, as_persona) -> None:
    assert as_persona("editor").get(url("add_project")).status_code == 405
    assert as_persona("editor").put(url("projects")).status_code == 405


def test_an_editor_edits_a_project(strategy, url, people, as_persona) -> None:
    project = ExistingProjectFactory(strategy=strategy, title="Alt")
    page = as_persona("editor").get(url("edit_project", pk=project.pk))
    assert page.status_code == 200
    assert page.context["form"]["version"].value() == 1
    response = as_persona("editor").post(
        url("edit_project", pk=project.pk), VALID | {"title": "Neu", "version": 1}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title, project.version) == ("Neu", 2)


def test_a_stale_edit_is_refused_and_shows_the_other_version(
    strategy, url, people, as_persona
) -> None:
    project = ExistingProjectFactory(strategy=strategy, title="Ursprung")
    edit = url("edit_project", pk=project.pk)
    first = as_persona("coordinator").post(
        edit, VALID | {"title": "Fassung Koordination", "version": 1}
    )
    assert first.status_code == 302
    response = as_persona("editor").post(edit, VALID | {"title": "Fassung Redaktion", "version": 1})
    content = response.content.decode()
    assert response.status_code == 409
    assert "Fassung Koordination" in content.split('id="conflict-version"')[1].split("</dl>")[0]
    assert 'value="Fassung Redaktion"' in content  # own input kept
    assert response.context["form"]["version"].value() == "2"
    project.refresh_from_db()
    assert project.title == "Fassung Koordination"
    retry = as_persona("editor").post(edit, VALID | {"title": "Fassung Redaktion", "version": 2})
    assert retry.status_code == 302
    project.refresh_from_db()
    assert (project.title, project.version) == ("Fassung Redaktion", 3)


def test_an_edit_without_version_is_a_bad_request(strategy, url, people, as_persona) -> None:
    project = ExistingProjectFactory(strategy=strategy, title="Bleibt")
    response = as_persona("editor").post(url("edit_project", pk=project.pk), VALID)
    assert response.status_code == 400
    project.refresh_from_db()
    assert project.title == "Bleibt"


def test_readers_cannot_open_the_edit_form(strategy, url, people, as_persona) -> None:
    project = ExistingProjectFactory(strategy=strategy)
    assert as_persona("reader").get(url("edit_project", pk=project.pk)).status_code == 403


def test_a_project_of_another_strategy_is_not_found(
    strategy, url, people, as_persona, municipality_b
) -> None:
    foreign = ExistingProjectFactory(
        strategy=Strategy.objects.create(municipality=municipality_b, title="Strategie B")
    )
    assert as_persona("editor").get(url("edit_project", pk=foreign.pk)).status_code == 404
    assert as_persona("editor").post(url("delete_project", pk=foreign.pk)).status_code == 404
    assert ExistingProject.objects.filter(pk=foreign.pk).exists()


def test_an_editor_deletes_a_project(strategy, url, people, as_persona) -> None:
    project = ExistingProjectFactory(strategy=strategy)
    assert as_persona("reader").post(url("delete_project", pk=project.pk)).status_code == 403
    assert as_persona("editor").get(url("delete_project", pk=project.pk)).status_code == 405
    response = as_persona("editor").post(url("delete_project", pk=project.pk))
    assert response.status_code == 302
    assert not ExistingProject.objects.exists()
