"""The document editor through HTTP: chapter list, writing with optimistic locking,
autosave, text building blocks, previews, download and permissions."""

import pytest

from schreibwerkstatt.documents.guidance import GUIDANCE
from schreibwerkstatt.documents.models import Chapter
from schreibwerkstatt.strategies.tests.conftest import make_strategy
from tests.queries import warm_get_queries

pytestmark = pytest.mark.django_db


def reload(chapter: Chapter) -> Chapter:
    return Chapter.objects.get(pk=chapter.pk)


# Chapter list -----------------------------------------------------------------------------


def test_the_chapter_list_shows_every_chapter_with_its_switches(as_persona, url) -> None:
    response = as_persona("editor").get(url("documents:chapters"))
    assert response.status_code == 200
    text = response.content.decode()
    for title in ["Vorwort", "Zusammenfassung", "Handlungsfelder", "Anhang: Maßnahmensteckbriefe"]:
        assert title in text
    assert "Weglassen" in text and "Nach oben" in text and "Umbenennen" in text
    assert 'aria-current="page">Dokument<' in text


def test_a_reader_sees_the_chapters_without_switches(as_persona, url) -> None:
    response = as_persona("reader").get(url("documents:chapters"))
    assert response.status_code == 200
    assert "Weglassen" not in response.content.decode()


def test_an_editor_switches_a_chapter_off_and_on(as_persona, url, chapters) -> None:
    chapter = chapters["zusammenfassung"]
    client = as_persona("editor")
    response = client.post(url("documents:chapter_toggle", pk=chapter.pk), {"enabled": "0"})
    assert response.status_code == 302
    assert reload(chapter).enabled is False
    assert reload(chapter).version == chapter.version  # a switch does not conflict with writing
    client.post(url("documents:chapter_toggle", pk=chapter.pk), {"enabled": "1"})
    assert reload(chapter).enabled is True


def test_a_bad_switch_value_is_refused(as_persona, url, chapters) -> None:
    chapter = chapters["vorwort"]
    response = as_persona("editor").post(
        url("documents:chapter_toggle", pk=chapter.pk), {"enabled": "vielleicht"}
    )
    assert response.status_code == 400
    assert reload(chapter).enabled is True


def test_an_editor_moves_a_chapter(as_persona, url, chapters) -> None:
    client = as_persona("coordinator")
    response = client.post(
        url("documents:chapter_move", pk=chapters["anlass"].pk), {"direction": "up"}
    )
    assert response.status_code == 302
    order = list(
        Chapter.objects.filter(strategy=chapters["anlass"].strategy).values_list("key", flat=True)
    )
    assert order[:3] == ["vorwort", "anlass", "zusammenfassung"]
    assert (
        client.post(
            url("documents:chapter_move", pk=chapters["anlass"].pk), {"direction": "sideways"}
        ).status_code
        == 400
    )


def test_an_editor_renames_a_chapter_and_a_stale_rename_shows_the_other_title(
    as_persona, url, vorwort
) -> None:
    client = as_persona("editor")
    target = url("documents:chapter_title", pk=vorwort.pk)
    response = client.post(
        target, {"title": "  Grußwort  des   Bürgermeisters ", "version": vorwort.version}
    )
    assert response.status_code == 302
    assert reload(vorwort).title == "Grußwort des Bürgermeisters"
    response = client.post(target, {"title": "Geleitwort", "version": vorwort.version})
    assert response.status_code == 409
    assert "Grußwort des Bürgermeisters" in response.content.decode()
    assert reload(vorwort).title == "Grußwort des Bürgermeisters"
    response = client.post(target, {"title": "   ", "version": reload(vorwort).version})
    assert response.status_code == 400


# Writing ----------------------------------------------------------------------------------


def test_the_editor_page_shows_the_form_guidance_and_preview(as_persona, url, vorwort) -> None:
    Chapter.objects.filter(pk=vorwort.pk).update(text="Liebe **Amtsbergerinnen**")
    response = as_persona("editor").get(url("documents:chapter", pk=vorwort.pk))
    text = response.content.decode()
    assert response.status_code == 200
    assert 'name="text"' in text and 'name="version"' in text
    assert "Leitfragen" in text and "Textbausteine" in text
    assert str(GUIDANCE["vorwort"].questions[0]) in [
        q for q in [response.context["guidance"].questions[0]]
    ]
    assert "<strong>Amtsbergerinnen</strong>" in text  # the preview
    assert 'hx-trigger="keyup changed delay:600ms"' in text
    assert 'hx-trigger="keyup changed delay:3s from:#id_text"' in text
    assert 'aria-live="polite"' in text


@pytest.mark.parametrize("persona", ["contributor", "reader", "adviser"])
def test_readers_read_the_chapter_without_a_form(persona, as_persona, url, vorwort) -> None:
    Chapter.objects.filter(pk=vorwort.pk).update(text="Ein *gelesener* Text")
    response = as_persona(persona).get(url("documents:chapter", pk=vorwort.pk))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'name="text"' not in text
    assert "<em>gelesener</em>" in text
    post = as_persona(persona).post(
        url("documents:chapter", pk=vorwort.pk), {"text": "x", "version": 1}
    )
    assert post.status_code == 403
    assert reload(vorwort).text == "Ein *gelesener* Text"


def test_an_editor_saves_the_text(as_persona, url, vorwort) -> None:
    response = as_persona("editor").post(
        url("documents:chapter", pk=vorwort.pk),
        {"text": "Unser Vorwort.", "version": vorwort.version},
    )
    assert response.status_code == 302
    saved = reload(vorwort)
    assert saved.text == "Unser Vorwort." and saved.version == vorwort.version + 1
    assert saved.history.count() == 2


def test_a_stale_save_keeps_both_texts_and_overwrites_nothing(as_persona, url, vorwort) -> None:
    editor, coordinator = as_persona("editor"), as_persona("coordinator")
    target = url("documents:chapter", pk=vorwort.pk)
    coordinator.post(target, {"text": "Text der Koordination.", "version": vorwort.version})
    response = editor.post(target, {"text": "Mein eigener Text.", "version": vorwort.version})
    assert response.status_code == 409
    text = response.content.decode()
    assert "Jemand anderes hat dieses Kapitel inzwischen gespeichert" in text
    assert "Text der Koordination." in text  # the other person's saved text
    assert ">Mein eigener Text.</textarea>" in text  # nothing lost
    assert reload(vorwort).text == "Text der Koordination."
    # The form now carries the current version: saving again replaces the other text.
    current = reload(vorwort).version
    assert f'value="{current}"' in text
    assert (
        editor.post(target, {"text": "Mein eigener Text.", "version": current}).status_code == 302
    )
    assert reload(vorwort).text == "Mein eigener Text."


def test_bad_input_is_refused_with_a_german_message(as_persona, url, vorwort) -> None:
    client = as_persona("editor")
    target = url("documents:chapter", pk=vorwort.pk)
    response = client.post(target, {"text": "x" * 200_001, "version": vorwort.version})
    assert response.status_code == 400
    assert "höchstens 200000 Zeichen" in response.content.decode()
    response = client.post(target, {"text": "ohne Version"})
    assert response.status_code == 400
    assert "Bitte laden Sie die Seite neu" in response.content.decode()
    assert reload(vorwort).text == ""


def test_autosave_stores_the_text_and_returns_the_new_version(as_persona, url, vorwort) -> None:
    response = as_persona("editor").post(
        url("documents:autosave", pk=vorwort.pk),
        {"text": "Zwischenstand", "version": vorwort.version},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Automatisch gespeichert um" in text
    saved = reload(vorwort)
    assert saved.text == "Zwischenstand"
    assert f'name="version" value="{saved.version}" id="id_version" hx-swap-oob="true"' in text


def test_a_stale_autosave_shows_the_other_text_and_keeps_the_saved_one(
    as_persona, url, vorwort
) -> None:
    Chapter.objects.filter(pk=vorwort.pk).update(
        text="Neuer Text von nebenan", version=vorwort.version + 1
    )
    response = as_persona("editor").post(
        url("documents:autosave", pk=vorwort.pk), {"text": "Mein Text", "version": vorwort.version}
    )
    assert response.status_code == 409
    text = response.content.decode()
    assert "Neuer Text von nebenan" in text
    assert "hx-swap-oob" not in text  # the version stays stale: autosave pauses
    assert reload(vorwort).text == "Neuer Text von nebenan"


def test_an_autosave_with_bad_input_answers_422(as_persona, url, vorwort) -> None:
    response = as_persona("editor").post(url("documents:autosave", pk=vorwort.pk), {"text": "x"})
    assert response.status_code == 422
    assert "Nicht automatisch gespeichert" in response.content.decode()


def test_a_building_block_is_appended_to_the_text_in_the_form(
    as_persona, url, vorwort, municipality_a
) -> None:
    response = as_persona("editor").post(
        url("documents:insert_block", pk=vorwort.pk),
        {
            "text": "Mein Anfang, noch nicht gespeichert.",
            "version": vorwort.version,
            "block": "dank",
        },
    )
    assert response.status_code == 302
    saved = reload(vorwort).text
    assert saved.startswith("Mein Anfang, noch nicht gespeichert.\n\nLiebe Bürgerinnen und Bürger,")
    assert "Mit der Strategie „Digitales Amtsberg 2030“ legt Amtsberg fest" in saved
    assert "{kommune}" not in saved


def test_an_unknown_building_block_is_refused(as_persona, url, vorwort) -> None:
    response = as_persona("editor").post(
        url("documents:insert_block", pk=vorwort.pk),
        {
            "text": "Anfang",
            "version": vorwort.version,
            "block": "lesehilfe",
        },  # a block of the annex
    )
    assert response.status_code == 400
    assert reload(vorwort).text == ""


def test_a_stale_insert_keeps_the_users_text_with_the_block(as_persona, url, vorwort) -> None:
    Chapter.objects.filter(pk=vorwort.pk).update(text="Anderer Text", version=vorwort.version + 1)
    response = as_persona("editor").post(
        url("documents:insert_block", pk=vorwort.pk),
        {"text": "Mein Text", "version": vorwort.version, "block": "verpflichtung"},
    )
    assert response.status_code == 409
    text = response.content.decode()
    assert "Anderer Text" in text
    assert "Mein Text\n\nDie Strategie ist kein Papier für die Schublade." in text
    assert reload(vorwort).text == "Anderer Text"


def test_the_live_preview_is_sanitised(as_persona, url, vorwort) -> None:
    response = as_persona("editor").post(
        url("documents:chapter_preview", pk=vorwort.pk),
        {"text": "**fett** <script>alert(1)</script> [x](javascript:alert(2))"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>fett</strong>" in html
    assert "<script" not in html and "javascript:" not in html and "alert" not in html
    too_long = as_persona("editor").post(
        url("documents:chapter_preview", pk=vorwort.pk), {"text": "x" * 200_001}
    )
    assert too_long.status_code == 400


# The whole document -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["editor", "contributor", "reader", "adviser"])
def test_members_see_the_preview_and_download_the_markdown(
    persona, as_persona, url, vorwort
) -> None:
    Chapter.objects.filter(pk=vorwort.pk).update(text="# Willkommen\n\nIn *Amtsberg*.")
    client = as_persona(persona)
    response = client.get(url("documents:preview"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Digitales Amtsberg 2030" in html and "Online-Terminvergabe" in html
    assert "<em>Amtsberg</em>" in html
    download = client.get(url("documents:markdown"))
    assert download.status_code == 200
    assert download["Content-Type"] == "text/markdown; charset=utf-8"
    assert 'filename="digitales-amtsberg-2030.md"' in download["Content-Disposition"]
    markdown = download.content.decode()
    assert markdown.startswith("# Digitales Amtsberg 2030\n")
    assert "## 1. Vorwort" in markdown and "### Willkommen" in markdown
    assert "Online-Terminvergabe" in markdown


# Permissions ------------------------------------------------------------------------------

WRITES = ["chapter", "autosave", "insert_block", "chapter_toggle", "chapter_move", "chapter_title"]


@pytest.mark.parametrize("name", WRITES)
@pytest.mark.parametrize("persona", ["contributor", "reader", "adviser"])
def test_only_editors_and_coordinators_write(name, persona, as_persona, url, vorwort) -> None:
    data = {"text": "Übernommen", "version": vorwort.version, "block": "dank", "enabled": "0",
            "direction": "down", "title": "Übernommen"}  # fmt: skip
    response = as_persona(persona).post(url(f"documents:{name}", pk=vorwort.pk), data)
    assert response.status_code == 403
    after = reload(vorwort)
    assert (after.text, after.title, after.enabled, after.position) == ("", "Vorwort", True, 0)


@pytest.mark.parametrize("name", [*WRITES, "chapter_preview"])
def test_another_municipality_gets_nothing(name, as_persona, url, vorwort) -> None:
    data = {"text": "Übernommen", "version": vorwort.version, "block": "dank", "enabled": "0"}
    outsider = as_persona("outsider")
    assert outsider.post(url(f"documents:{name}", pk=vorwort.pk), data).status_code == 404
    assert outsider.get(url("documents:chapter", pk=vorwort.pk)).status_code == 404
    assert outsider.get(url("documents:markdown")).status_code == 404
    # The chapter is not reachable through the address of B either.
    assert (
        outsider.get(url("documents:chapter", slug="birkenwerder-nord", pk=vorwort.pk)).status_code
        == 404
    )
    assert reload(vorwort).text == ""


def test_anonymous_visitors_are_sent_to_the_login(as_persona, url, vorwort) -> None:
    response = as_persona("anonymous").get(url("documents:chapter", pk=vorwort.pk))
    assert (response.status_code == 302 and "/anmelden/" in response.url) or "login" in response.url


def test_wrong_methods_are_refused(as_persona, url, vorwort) -> None:
    client = as_persona("editor")
    assert client.get(url("documents:autosave", pk=vorwort.pk)).status_code == 405
    assert client.get(url("documents:insert_block", pk=vorwort.pk)).status_code == 405
    assert client.post(url("documents:preview")).status_code == 405
    assert client.delete(url("documents:chapter", pk=vorwort.pk)).status_code == 405


# Query counts -----------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["chapters", "chapter", "preview"])
@pytest.mark.parametrize("persona", ["editor", "reader"])
def test_the_pages_ask_the_same_number_of_queries_for_a_small_and_a_large_strategy(
    page, persona, strategy, url, vorwort, as_persona, django_assert_max_num_queries
) -> None:
    href = url(f"documents:{page}", **({"pk": vorwort.pk} if page == "chapter" else {}))
    client = as_persona(persona)
    make_strategy(strategy, fields=2, measures_per_field=2)
    small = warm_get_queries(client, href, django_assert_max_num_queries, at_most=60)
    make_strategy(strategy, fields=12, measures_per_field=6)
    assert warm_get_queries(client, href, django_assert_max_num_queries, at_most=60) == small
