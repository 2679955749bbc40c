"""The index follows the content: saves, edits, deletes, bulk writes, the rebuild command,
the initial build after migrate, and the demo."""

import pytest
from django.core.management import call_command

from conftest import client_for
from schreibwerkstatt.core.locking import save_versioned
from schreibwerkstatt.glossary.models import Term
from schreibwerkstatt.search.apps import build_if_empty
from schreibwerkstatt.search.models import Entry
from schreibwerkstatt.strategies.models import ChecklistTemplate, Measure, Strategy
from schreibwerkstatt.strategies.services import apply_template

from .conftest import search, text_of

pytestmark = pytest.mark.django_db


def finds(client, word: str, title: str) -> bool:
    """Whether a result shows `title` (the page also repeats the query itself)."""
    return title in text_of(search(client, word)).partition('id="search-results"')[2]


def test_an_edit_is_found_at_once_and_the_old_text_no_more(content_a, as_persona) -> None:
    measure = content_a["measure"]
    save_versioned(measure, expected_version=measure.version, changes={"title": "Funkmastkonzept"})
    client = as_persona("reader")
    assert finds(client, "Funkmastkonzept", "Funkmastkonzept")
    assert not finds(client, "Glasfaserausbau", "Glasfaserausbau")


def test_a_deleted_measure_and_its_steps_are_gone(content_a, as_persona) -> None:
    content_a["measure"].delete()
    client = as_persona("reader")
    assert not finds(client, "Grundschulen", "Glasfaserausbau")
    assert not finds(client, "Ausschreibung", "Ausschreibung vorbereiten")
    assert not Entry.objects.filter(kind="step", object_id=content_a["step"].pk).exists()


def test_a_deleted_strategy_leaves_nothing_in_the_index(content_a) -> None:
    strategy = content_a["strategy"]
    assert Entry.objects.filter(strategy=strategy).count() == 6
    strategy.delete()
    assert not Entry.objects.filter(audience="strategy").exists()


def test_steps_from_a_checklist_template_are_found(content_a, as_persona) -> None:
    template = ChecklistTemplate.objects.create(
        strategy=content_a["strategy"], name="Vergabe", steps="Leistungsverzeichnis schreiben"
    )
    apply_template(content_a["measure"], template)
    assert finds(as_persona("reader"), "Leistungsverzeichnis", "Leistungsverzeichnis schreiben")


def test_a_strategy_created_with_content_in_bulk_is_indexed_when_it_commits(
    municipality_a, people, django_capture_on_commit_callbacks
) -> None:
    """As the JSON import does: the strategy, then its measures in bulk (no signals)."""
    with django_capture_on_commit_callbacks(execute=True):
        strategy = Strategy.objects.create(municipality=municipality_a, title="Importiert")
        Measure.objects.bulk_create(
            [Measure(strategy=strategy, title=f"Importierte Maßnahme {n}") for n in range(3)]
        )
    assert finds(client_for(people["reader"]), "Importierte", "Importierte Maßnahme 2")


def test_the_reindex_command_rebuilds_the_index(content_a, as_persona, capsys) -> None:
    rows = Entry.objects.count()  # A's six and the shipped help content
    Entry.objects.all().delete()
    client = as_persona("reader")
    assert not finds(client, "Grundschulen", "Glasfaserausbau")
    call_command("reindex")
    assert f"{rows} entries indexed." in capsys.readouterr().out
    assert finds(client, "Grundschulen", "Glasfaserausbau")
    assert finds(client, "Förderbescheid", "Glasfaserausbau")  # the comment, under its measure


def test_after_migrate_an_empty_index_over_content_is_built(content_a, as_persona) -> None:
    Entry.objects.all().delete()
    build_if_empty(sender=None)
    # the shipped help content (data migrations, no signals): at least the glossary
    help_rows = Entry.objects.filter(strategy=None).count()
    assert help_rows >= Term.objects.count() > 0
    assert Entry.objects.count() == 6 + help_rows
    Entry.objects.filter(kind="step").delete()
    build_if_empty(sender=None)  # not empty: left alone
    assert Entry.objects.count() == 5 + help_rows


def test_the_demo_can_be_searched(client, capsys) -> None:
    from django.contrib.auth import get_user_model

    call_command("demo")
    client.force_login(get_user_model().objects.get(email="lesend@demo.example"))
    text = text_of(search(client, "Glasfasernetz"))
    assert "Ergebnis" in text and "/kommunen/demo/strategien/" in text
    assert "Ortsteile" in text


def test_a_glossary_term_follows_its_edits_and_deletion(as_persona) -> None:
    term = Term.objects.create(
        term="Zwiebelprinzip", slug="zwiebelprinzip", definition="Schicht um **Schicht**."
    )
    visitor = as_persona("anonymous")
    assert finds(visitor, "Zwiebelprinzip", "Zwiebelprinzip")
    term.definition = "Eine Erklärung mit Kartoffelbild."
    term.save()
    assert finds(visitor, "Kartoffelbild", "Zwiebelprinzip")
    assert not finds(visitor, "Schicht", "Zwiebelprinzip")
    term.delete()
    assert not finds(visitor, "Zwiebelprinzip", "Zwiebelprinzip")
