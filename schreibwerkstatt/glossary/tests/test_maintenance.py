"""The operator's glossary pages /plattform/glossar/…: list, add, edit (optimistic locking),
delete. Operators only; members, advisers and a superuser without the operator area get
403, anonymous visitors the login."""

import pytest
from django.urls import reverse

from schreibwerkstatt.glossary.models import Term

FORBIDDEN = ["coordinator", "reader", "adviser", "outsider", "superuser"]


def urls(glossary) -> dict[str, str]:
    pk = glossary["field"].pk
    return {
        "manage": reverse("glossary:manage"),
        "add": reverse("glossary:add"),
        "edit": reverse("glossary:edit", args=[pk]),
        "delete": reverse("glossary:delete", args=[pk]),
    }


def test_the_routes_are_in_the_operator_area(glossary) -> None:
    assert urls(glossary) == {
        "manage": "/plattform/glossar/",
        "add": "/plattform/glossar/neu/",
        "edit": f"/plattform/glossar/{glossary['field'].pk}/bearbeiten/",
        "delete": f"/plattform/glossar/{glossary['field'].pk}/loeschen/",
    }


@pytest.mark.parametrize("page", ["manage", "add", "edit", "delete"])
@pytest.mark.parametrize("persona", FORBIDDEN)
def test_it_forbids_everybody_but_operators(glossary, as_persona, page, persona) -> None:
    client = as_persona(persona)
    assert client.get(urls(glossary)[page]).status_code == 403
    assert client.post(urls(glossary)[page], {"term": "X", "definition": "Y"}).status_code == 403
    assert Term.objects.filter(pk=glossary["field"].pk).exists()
    assert not Term.objects.filter(term="X").exists()


@pytest.mark.parametrize("page", ["manage", "add", "edit", "delete"])
def test_it_sends_anonymous_visitors_to_the_login(glossary, client, page) -> None:
    response = client.get(urls(glossary)[page])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_operator_sees_every_term_with_its_actions(glossary, as_persona) -> None:
    content = as_persona("operator").get(reverse("glossary:manage")).content.decode()
    for term in glossary.values():
        assert reverse("glossary:edit", args=[term.pk]) in content
        assert reverse("glossary:delete", args=[term.pk]) in content
    assert "4 Begriffe" in content


def test_the_operator_adds_a_term_with_its_other_forms(glossary, as_persona) -> None:
    response = as_persona("operator").post(
        reverse("glossary:add"),
        {
            "term": "  Zielebene ",
            "aliases": "Zielebenen\n\nzielebenen\n Ebene ",
            "definition": "Eine Stufe.",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("glossary:manage")
    term = Term.objects.get(term="Zielebene")
    assert (term.slug, term.aliases, term.version) == ("zielebene", ["Zielebenen", "Ebene"], 1)
    assert term.history.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"term": "handlungsfeld", "definition": "Doppelt."},
            "Dieser Begriff steht schon im Glossar.",
        ),
        (
            {"term": "Feld", "aliases": "Handlungsfelder", "definition": "Doppelt."},
            "„Handlungsfelder“ steht schon für den Begriff „Handlungsfeld“.",
        ),
        ({"term": "Leer", "definition": ""}, "Dieses Feld ist zwingend erforderlich."),
    ],
)
def test_it_rejects_a_term_that_is_taken_or_incomplete(glossary, as_persona, data, message) -> None:
    response = as_persona("operator").post(reverse("glossary:add"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Term.objects.count() == 4


def test_the_operator_edits_a_term_and_keeps_its_anchor(glossary, as_persona) -> None:
    term = glossary["field"]
    response = as_persona("operator").post(
        reverse("glossary:edit", args=[term.pk]),
        {
            "term": "Handlungsfeld (Strategie)",
            "aliases": "Handlungsfelder",
            "definition": "Neu.",
            "version": 1,
        },
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert (term.term, term.slug, term.definition, term.version) == (
        "Handlungsfeld (Strategie)",
        "handlungsfeld",
        "Neu.",
        2,
    )
    assert term.history.count() == 2


def test_an_edit_that_lost_the_race_overwrites_nothing(glossary, as_persona) -> None:
    term = glossary["field"]
    client = as_persona("operator")
    edit = reverse("glossary:edit", args=[term.pk])
    first = {"term": "Handlungsfeld", "aliases": "", "definition": "Erste Fassung.", "version": 1}
    assert client.post(edit, first).status_code == 302
    second = {**first, "definition": "Zweite Fassung.", "version": 1}
    response = client.post(edit, second)
    assert response.status_code == 409
    content = response.content.decode()
    assert "Es wurde nichts überschrieben." in content and "Erste Fassung." in content
    assert 'name="version" value="2"' in content
    term.refresh_from_db()
    assert term.definition == "Erste Fassung."
    # saving again on purpose replaces the other version
    assert client.post(edit, {**second, "version": 2}).status_code == 302
    term.refresh_from_db()
    assert term.definition == "Zweite Fassung."


def test_the_operator_deletes_a_term_after_confirming(glossary, as_persona) -> None:
    client = as_persona("operator")
    delete = reverse("glossary:delete", args=[glossary["lead"].pk])
    assert "„Federführung“" in client.get(delete).content.decode()
    response = client.post(delete)
    assert response.status_code == 302 and response["Location"] == reverse("glossary:manage")
    assert not Term.objects.filter(term="Federführung").exists()


def test_a_missing_term_is_404(glossary, as_persona) -> None:
    client = as_persona("operator")
    assert client.get(reverse("glossary:edit", args=[999999])).status_code == 404
    assert client.post(reverse("glossary:delete", args=[999999])).status_code == 404


def test_the_pages_answer_only_get_and_post(glossary, as_persona) -> None:
    client = as_persona("operator")
    assert client.post(reverse("glossary:manage")).status_code == 405
    assert client.put(reverse("glossary:edit", args=[glossary["field"].pk])).status_code == 405


def test_the_operators_start_page_leads_to_the_glossary(glossary, as_persona) -> None:
    link = f'href="{reverse("glossary:manage")}"'
    assert link in as_persona("operator").get(reverse("core:home"), follow=True).content.decode()
    for persona in ["coordinator", "superuser"]:
        page = as_persona(persona).get(reverse("core:home"), follow=True).content.decode()
        assert link not in page
