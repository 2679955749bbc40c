"""The shipped handbook (handbook.py): the files parse, loading is idempotent, `--update`
replaces only what nobody edited, and every loaded row has a history record."""

from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from schreibwerkstatt.guides.handbook import (
    HANDBOOK,
    TOOLS,
    HandbookError,
    load_handbook,
    parse_guide,
    read_handbook,
)
from schreibwerkstatt.guides.models import Guide, Question, Tool

GUIDE = """+++
title = "Vorbereitung: Auftrag und Kernteam"
slug = "test-vorbereitung"
phase = 0
summary = "Wie der Auftrag entsteht."
public = true
pages = ["process:phase", "strategies:create"]
+++
## Worum es geht

Ein Auftrag gibt Rückhalt.
"""
QUESTIONS = '''[[frage]]
question = "Wo fangen wir an?"
answer = """Mit dem Auftrag."""
guide = "test-vorbereitung"
tool = "strategy_new"

[[frage]]
question = "Was kostet das?"
answer = "Weniger als gedacht."
guide = "gibt-es-nicht"
tool = ""
'''


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "00-test-vorbereitung.md").write_text(GUIDE, encoding="utf-8")
    (tmp_path / "einstiegsfragen.toml").write_text(QUESTIONS, encoding="utf-8")
    (tmp_path / "README.txt").write_text("not a guide", encoding="utf-8")
    return tmp_path


def test_the_tool_keys_of_the_format_are_the_models_tools() -> None:
    assert set(TOOLS) == set(Tool.values)


def test_every_shipped_file_follows_the_format() -> None:
    guides, questions = read_handbook(HANDBOOK)
    slugs = {guide.slug for guide in guides}
    for guide in guides:
        assert guide.phase in range(11) and guide.title and guide.summary
    for question in questions:
        assert question.tool in TOOLS
        if slugs:  # the guides may land after the questions
            assert question.guide in slugs, question.question


@pytest.mark.django_db
def test_the_migration_loaded_the_shipped_handbook() -> None:
    guides, questions = read_handbook(HANDBOOK)
    assert set(Guide.objects.values_list("slug", flat=True)) >= {g.slug for g in guides}
    assert Question.objects.count() >= len(questions)


@pytest.mark.django_db
def test_loading_creates_guides_and_questions_once(folder: Path) -> None:
    report = load_handbook(apps, folder=folder)
    assert report.created == ["test-vorbereitung", "Wo fangen wir an?", "Was kostet das?"]
    assert report.unknown_guides == ["Was kostet das? → gibt-es-nicht"]
    guide = Guide.objects.get(slug="test-vorbereitung")
    assert (
        guide.phase == 0 and guide.public and guide.pages == ["process:phase", "strategies:create"]
    )
    assert guide.body.startswith("## Worum es geht") and not guide.edited
    question = Question.objects.get(question="Wo fangen wir an?")
    assert question.guide == guide and question.tool == "strategy_new"
    assert guide.history.get().history_change_reason == "Mitgelieferter Leitfaden"
    again = load_handbook(apps, folder=folder)
    assert again.created == [] and again.updated == []
    assert Guide.objects.filter(slug="test-vorbereitung").count() == 1
    assert guide.history.count() == 1


@pytest.mark.django_db
def test_update_replaces_unedited_and_keeps_edited_guides(folder: Path) -> None:
    load_handbook(apps, folder=folder)
    edited = Question.objects.get(question="Was kostet das?")
    edited.answer = "Von einer Koordinatorin umgeschrieben."
    edited.save()
    (folder / "00-test-vorbereitung.md").write_text(
        GUIDE.replace("Rückhalt", "Rückhalt und Zeit"), encoding="utf-8"
    )
    (folder / "einstiegsfragen.toml").write_text(
        QUESTIONS.replace("Weniger als gedacht.", "Neue Antwort."), encoding="utf-8"
    )
    assert load_handbook(apps, folder=folder).updated == []  # without --update: nothing
    report = load_handbook(apps, update=True, folder=folder)
    assert report.updated == ["test-vorbereitung"]
    assert report.kept_edited == ["Was kostet das?"]
    guide = Guide.objects.get(slug="test-vorbereitung")
    assert "Rückhalt und Zeit" in guide.body and guide.version == 2 and not guide.edited
    assert Question.objects.get(pk=edited.pk).answer == "Von einer Koordinatorin umgeschrieben."


@pytest.mark.django_db
def test_the_command_reports_what_it_did(folder: Path, monkeypatch, capsys) -> None:
    monkeypatch.setitem(load_handbook.__kwdefaults__, "folder", folder)
    call_command("load-handbook")
    assert "created: 3" in capsys.readouterr().out
    call_command("load-handbook", "--update")
    assert "Nothing to load." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("no front matter", "no front matter"),
        (GUIDE.replace("phase = 0", "phase = 11"), "`phase`"),
        (GUIDE.replace('slug = "test-vorbereitung"', 'slug = "Mit Leerzeichen"'), "`slug`"),
        (GUIDE.replace("public = true", 'public = "ja"'), "`public`"),
        (GUIDE.replace('title = "Vorbereitung: Auftrag und Kernteam"', ""), "`title`"),
        (GUIDE.replace('pages = ["process:phase", "strategies:create"]', "pages = 3"), "`pages`"),
        (GUIDE.split("+++\n## ")[0] + "+++\n", "no text"),
        (GUIDE.replace("summary =", "summary"), "no valid TOML"),
    ],
)
def test_a_malformed_guide_file_is_named_with_its_problem(tmp_path, text, problem) -> None:
    path = tmp_path / "00-kaputt.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(HandbookError, match=problem) as caught:
        parse_guide(path)
    assert "00-kaputt.md" in str(caught.value)


def test_a_missing_handbook_folder_loads_nothing(tmp_path) -> None:
    assert read_handbook(tmp_path / "fehlt") == ([], [])
