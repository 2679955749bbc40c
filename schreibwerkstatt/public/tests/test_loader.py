"""The shipped start page and page in Leichte Sprache (public/content/*.md): the data
migration and `load-public-pages`."""

from io import StringIO

import pytest
from django.core.management import call_command

from schreibwerkstatt.core.models import SitePage
from schreibwerkstatt.public import services
from schreibwerkstatt.public.services import load_shipped_pages, read_shipped

pytestmark = pytest.mark.django_db


def test_the_first_heading_is_the_title_and_the_rest_the_body(tmp_path) -> None:
    path = tmp_path / "seite.md"
    path.write_text("## Überschrift\n\nErster Absatz.\n\n## Abschnitt\n", encoding="utf-8")
    shipped = read_shipped(path)
    assert (shipped.title, shipped.body) == ("Überschrift", "Erster Absatz.\n\n## Abschnitt")
    assert read_shipped(tmp_path / "fehlt.md") is None


def test_loading_again_keeps_the_operators_text_unless_replaced() -> None:
    SitePage.objects.filter(key="start").update(body="Eigener Text.")
    assert load_shipped_pages() == {"start": "unchanged", "easy-language": "unchanged"}
    assert SitePage.objects.get(key="start").body == "Eigener Text."
    assert load_shipped_pages(replace=True)["start"] == "replaced"
    page = SitePage.objects.get(key="start")
    assert page.body.startswith("Die Schreibwerkstatt ist eine Webanwendung") and page.version == 2


def test_the_command_adds_a_missing_page_and_tolerates_a_missing_file(
    monkeypatch, tmp_path
) -> None:
    SitePage.objects.filter(key="easy-language").delete()
    monkeypatch.setitem(services.SHIPPED, SitePage.Key.START, tmp_path / "fehlt.md")
    out = StringIO()
    call_command("load-public-pages", stdout=out)
    assert out.getvalue().splitlines() == ["start: missing file", "easy-language: added"]
    assert SitePage.objects.filter(key="easy-language").exists()
