"""The team page "Checklisten-Vorlagen": the global templates read-only, the strategy's own
created, edited (also inline) and deleted by editors, then applied to a measure."""

import re

import pytest

from schreibwerkstatt.strategies.models import ChecklistTemplate, Measure, Step, Strategy

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def shared_template(db):
    return ChecklistTemplate.objects.create(
        name="Beschaffung (alle)", steps="Bedarf beschreiben\nVergabeart wählen"
    )


@pytest.fixture
def own_template(strategy):
    return ChecklistTemplate.objects.create(
        strategy=strategy, name="Fachverfahren einführen", steps="Anbieter anfragen\nSchulung"
    )


def version_of(client, url: str) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="version" value="([0-9]+)"', page).group(1)


def test_every_member_sees_the_shared_and_the_own_templates(
    strategy, shared_template, own_template, as_persona, url
) -> None:
    other = Strategy.objects.create(municipality=strategy.municipality, title="Andere Strategie")
    ChecklistTemplate.objects.create(strategy=other, name="Fremde Vorlage", steps="X")
    response = as_persona("reader").get(url("checklist_templates"))
    assert response.status_code == 200
    content = response.content.decode()
    own_part, shared_part = content.split('id="shared-templates"')
    assert "Fachverfahren einführen" in own_part and "Beschaffung (alle)" in shared_part
    assert "Vergabeart wählen" in shared_part  # the steps are shown
    assert "Fremde Vorlage" not in content
    # Readers change nothing: no edit links, no add form.
    assert "bearbeiten/" not in content and 'name="steps"' not in content


def test_the_global_templates_are_read_only_even_for_editors(
    strategy, shared_template, own_template, as_persona, url
) -> None:
    client = as_persona("editor")
    content = client.get(url("checklist_templates")).content.decode()
    assert f'id="checklist-template-{own_template.pk}-edit"' in content
    assert f'id="checklist-template-{shared_template.pk}-edit"' not in content
    assert client.get(url("checklist_template_edit", pk=shared_template.pk)).status_code == 404
    delete = client.post(url("checklist_template_delete", pk=shared_template.pk))
    assert delete.status_code == 404
    assert ChecklistTemplate.objects.filter(pk=shared_template.pk).exists()


def test_an_editor_adds_a_template_and_applies_it_to_a_measure(strategy, as_persona, url) -> None:
    client = as_persona("editor")
    response = client.post(
        url("checklist_template_add"),
        {
            "name": "Online-Dienst starten",
            "steps": "  Dienst beschreiben \n\nTesten\r\nFreischalten\n",
        },
    )
    assert response.status_code == 302 and response.url == url("checklist_templates")
    template = ChecklistTemplate.objects.get(name="Online-Dienst starten")
    assert template.strategy == strategy
    assert template.steps == "Dienst beschreiben\nTesten\nFreischalten"

    measure = Measure.objects.create(strategy=strategy, title="Bürgerportal")
    page = client.get(url("measure", pk=measure.pk)).content.decode()
    assert url("checklist_templates") in page and "Online-Dienst starten" in page
    client.post(url("step_template", pk=measure.pk), {"template": template.pk})
    assert list(measure.steps.values_list("title", flat=True)) == [
        "Dienst beschreiben",
        "Testen",
        "Freischalten",
    ]


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ("", "Bitte geben Sie mindestens einen Schritt ein."),
        ("\n  \n", "Bitte geben Sie mindestens einen Schritt ein."),
        ("\n".join(f"Schritt {n}" for n in range(51)),
         "Eine Vorlage darf höchstens 50 Schritte enthalten; diese hat 51."),
        ("Kurz\n" + "x" * 301 + "\nAuch kurz\n" + "y" * 400,
         "Jeder Schritt darf höchstens 300 Zeichen lang sein. Zu lang: Schritt 2, 4."),
    ],
)  # fmt: skip
def test_bad_templates_are_refused_with_a_clear_message(
    strategy, as_persona, url, steps, message
) -> None:
    response = as_persona("editor").post(
        url("checklist_template_add"), {"name": "Vorlage", "steps": steps}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ChecklistTemplate.objects.exists()


def test_fifty_steps_of_300_characters_are_allowed(strategy, as_persona, url) -> None:
    steps = "\n".join(f"{n:03d}" + "x" * 297 for n in range(50))
    response = as_persona("editor").post(
        url("checklist_template_add"), {"name": "Lang", "steps": steps}
    )
    assert response.status_code == 302
    assert len(ChecklistTemplate.objects.get().step_list()) == 50


def test_an_editor_edits_an_own_template_inline(strategy, own_template, as_persona, url) -> None:
    client = as_persona("editor")
    edit = url("checklist_template_edit", pk=own_template.pk)
    fragment = client.get(edit, **HTMX).content.decode()
    assert fragment.lstrip().startswith(f'<li id="checklist-template-{own_template.pk}"')
    version = re.search(r'name="version" value="([0-9]+)"', fragment).group(1)

    response = client.post(
        edit,
        {"name": "Fachverfahren", "steps": "Anbieter anfragen\nVertrag", "version": version},
        **HTMX,
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Fachverfahren" in content and "2 Schritte" in content
    assert "Die Checklisten-Vorlage wurde gespeichert." in content
    own_template.refresh_from_db()
    assert own_template.steps == "Anbieter anfragen\nVertrag"

    # The old version is stale now: 409, nothing overwritten.
    stale = client.post(edit, {"name": "Alt", "steps": "Alt", "version": version}, **HTMX)
    assert stale.status_code == 409
    own_template.refresh_from_db()
    assert own_template.name == "Fachverfahren"
    # Too many steps inline: 422 with the message, nothing changed.
    new_version = version_of(client, edit)
    too_many = "\n".join(str(n) for n in range(60))
    invalid = client.post(edit, {"name": "X", "steps": too_many, "version": new_version}, **HTMX)
    assert invalid.status_code == 422
    assert "höchstens 50 Schritte" in invalid.content.decode()


def test_an_editor_deletes_an_own_template_and_applied_steps_remain(
    strategy, own_template, as_persona, url
) -> None:
    measure = Measure.objects.create(strategy=strategy, title="Bürgerportal")
    client = as_persona("editor")
    client.post(url("step_template", pk=measure.pk), {"template": own_template.pk})
    response = client.post(url("checklist_template_delete", pk=own_template.pk))
    assert response.status_code == 302
    assert not ChecklistTemplate.objects.filter(pk=own_template.pk).exists()
    assert Step.objects.filter(measure=measure).count() == 2


@pytest.mark.parametrize(
    ("persona", "status"),
    [("contributor", 403), ("reader", 403), ("adviser", 403), ("outsider", 404)],
)
def test_only_editors_maintain_templates(
    strategy, own_template, as_persona, url, persona, status
) -> None:
    client = as_persona(persona)
    data = {"name": "Neu", "steps": "A", "version": "x"}
    assert client.post(url("checklist_template_add"), data).status_code == status
    edit = url("checklist_template_edit", pk=own_template.pk)
    assert client.get(edit).status_code == status
    assert client.post(edit, data, **HTMX).status_code == status
    assert client.post(url("checklist_template_delete", pk=own_template.pk)).status_code == status
    assert list(ChecklistTemplate.objects.values_list("name", flat=True)) == [own_template.name]


def test_a_template_of_another_strategy_cannot_be_edited_through_this_one(
    strategy, as_persona, url
) -> None:
    other = Strategy.objects.create(municipality=strategy.municipality, title="Andere Strategie")
    foreign = ChecklistTemplate.objects.create(strategy=other, name="Fremd", steps="X")
    client = as_persona("editor")
    assert client.get(url("checklist_template_edit", pk=foreign.pk)).status_code == 404
    assert client.post(url("checklist_template_delete", pk=foreign.pk)).status_code == 404
    assert ChecklistTemplate.objects.filter(pk=foreign.pk).exists()


def test_the_page_needs_the_same_queries_for_few_and_many_templates(
    strategy, as_persona, url, django_assert_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_persona("editor")
    ChecklistTemplate.objects.create(strategy=strategy, name="Eine", steps="A")
    client.get(url("checklist_templates"))  # warm caches (the glossary's map of field labels)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("checklist_templates")).status_code == 200
    ChecklistTemplate.objects.bulk_create(
        [ChecklistTemplate(strategy=strategy, name=f"V{n}", steps="A\nB") for n in range(30)]
        + [ChecklistTemplate(name=f"G{n}", steps="A\nB") for n in range(30)]
    )
    with django_assert_num_queries(len(few)):
        client.get(url("checklist_templates"))


def test_the_measures_page_links_to_the_templates(strategy, as_persona, url) -> None:
    content = as_persona("reader").get(url("measures")).content.decode()
    assert f'href="{url("checklist_templates")}"' in content
