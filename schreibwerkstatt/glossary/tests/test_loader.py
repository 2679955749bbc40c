"""The shipped glossary: the loader, the `load-glossary` command and the data migration."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from schreibwerkstatt.glossary.models import Term
from schreibwerkstatt.glossary.services import SHIPPED, load_shipped, read_shipped

SMALL = '''
[[begriff]]
term = "Zielebene"
aliases = ["Zielebenen"]
definition = """Eine Stufe der Ziele."""

[[begriff]]
term = "Meilenstein"
definition = """Ein wichtiger Termin."""
'''


@pytest.fixture
def small_file(tmp_path: Path) -> Path:
    path = tmp_path / "glossar.toml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_the_migration_loaded_every_shipped_term(db) -> None:
    shipped = read_shipped(SHIPPED)
    assert shipped, "glossary/content/glossar.toml is shipped"
    assert set(Term.objects.values_list("term", flat=True)) >= {e["term"] for e in shipped}


def test_loading_twice_adds_nothing_the_second_time(db, small_file) -> None:
    Term.objects.all().delete()
    assert load_shipped(small_file).added == 2
    again = load_shipped(small_file)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert Term.objects.get(term="Zielebene").aliases == ["Zielebenen"]


def test_it_keeps_an_operators_edit_unless_asked_to_replace_it(db, small_file) -> None:
    Term.objects.all().delete()
    load_shipped(small_file)
    Term.objects.filter(term="Meilenstein").update(definition="Eigene Fassung.")
    load_shipped(small_file)
    assert Term.objects.get(term="Meilenstein").definition == "Eigene Fassung."
    assert load_shipped(small_file, replace=True).updated == 1
    term = Term.objects.get(term="Meilenstein")
    assert (term.definition, term.version) == ("Ein wichtiger Termin.", 2)


def test_the_command_reports_what_it_did(db, small_file) -> None:
    Term.objects.all().delete()
    out = StringIO()
    call_command("load-glossary", "--file", str(small_file), stdout=out)
    assert out.getvalue().strip() == "Glossary: 2 added, 0 replaced, 0 left as they were."


def test_the_command_tolerates_a_missing_file_and_says_so(db, tmp_path) -> None:
    out, err = StringIO(), StringIO()
    missing = tmp_path / "fehlt.toml"
    call_command("load-glossary", "--file", str(missing), stdout=out, stderr=err)
    assert err.getvalue().strip() == f"No glossary file at {missing}: nothing loaded."
    assert out.getvalue() == ""
