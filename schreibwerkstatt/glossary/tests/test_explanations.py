"""Inline explanations: a form field whose label is a glossary term (or one of its other
forms) gets a disclosure "Was bedeutet …?" after its label (core/field_help.py, the glossary
registers the explainer). The label and the field's aria stay untouched; the map costs at
most one query per request and none once cached."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schreibwerkstatt.core.field_help import explain_label
from schreibwerkstatt.glossary.labels import CACHE_KEY
from schreibwerkstatt.strategies.models import Measure


@pytest.fixture
def measure_edit(strategy, people) -> str:
    measure = Measure.objects.create(strategy=strategy, title="Online-Terminvergabe")
    return reverse(
        "strategies:measure_edit",
        kwargs={"slug": "amtsberg", "strategy": strategy.pk, "pk": measure.pk},
    )


def explanations(content: str) -> list[str]:
    return re.findall(r'<summary class="sw-explain__summary">([^<]+)</summary>', content)


def test_a_field_labelled_with_a_term_explains_it_after_its_label(
    glossary, as_persona, measure_edit
) -> None:
    content = as_persona("editor").get(measure_edit).content.decode()
    assert "Was bedeutet „Federführung“?" in explanations(content)
    # right after the label, which keeps its for=, and before the input with its own aria
    label = re.search(r'<label class="kern-label" for="(id_lead_unit)">Federführung', content)
    assert label, "the label of the lead unit is unchanged"
    after = content[label.end() :]
    assert after.index("sw-explain") < after.index('id="id_lead_unit"')
    assert "Die Stelle, die eine Maßnahme verantwortet." in after.split("</details>")[0]
    assert f'href="{reverse("glossary:index")}#federfuehrung"' in after.split("</details>")[0]


def test_an_alias_matches_a_label_case_insensitively(glossary) -> None:
    explanation = explain_label("  handlungsFELDER ")
    assert explanation is not None and explanation.term == "Handlungsfeld"
    assert "<strong>Themenbereich</strong>" in explanation.html
    assert explain_label("Outcomes").url.endswith("/glossar/#outcome")
    assert "<script>" not in explain_label("Outcome").html
    assert explain_label("Titel") is None and explain_label("") is None


def test_a_form_without_terms_shows_no_explanation(glossary, as_persona) -> None:
    content = as_persona("operator").get(reverse("glossary:add")).content.decode()
    assert explanations(content) == []


def test_the_map_costs_one_query_when_cold_and_none_when_warm(
    glossary, as_persona, measure_edit
) -> None:
    client = as_persona("editor")
    client.get(measure_edit)  # session warm

    def term_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(measure_edit).status_code == 200
        return sum('"glossary_term"' in q["sql"] for q in queries.captured_queries)

    cache.delete(CACHE_KEY)
    assert term_queries() == 1
    assert term_queries() == 0


def test_saving_a_term_changes_the_explanation_at_once(glossary, as_persona, measure_edit) -> None:
    client = as_persona("editor")
    assert (
        "Die Stelle, die eine Maßnahme verantwortet." in client.get(measure_edit).content.decode()
    )
    as_persona("operator").post(
        reverse("glossary:edit", args=[glossary["lead"].pk]),
        {"term": "Federführung", "aliases": "", "definition": "Wer den Hut aufhat.", "version": 1},
    )
    content = client.get(measure_edit).content.decode()
    assert "Wer den Hut aufhat." in content
    as_persona("operator").post(reverse("glossary:delete", args=[glossary["lead"].pk]))
    assert "Was bedeutet „Federführung“?" not in explanations(
        client.get(measure_edit).content.decode()
    )
