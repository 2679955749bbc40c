"""Guides and answers are Markdown, rendered and sanitised (core/text.py): whatever an
operator writes, no script, event handler, javascript: link or SVG reaches the page."""

import re

import pytest
from django.urls import reverse

from schreibwerkstatt.core.text import anchor, render_markdown, render_sectioned_markdown
from schreibwerkstatt.guides.services import image_pattern, render_guide

from .conftest import make_guide

HOSTILE = """## Abschnitt

<script>alert("script")</script>

<img src="x" onerror="alert('onerror')">

<a href="javascript:alert('link')">Klick</a> [auch](javascript:alert('md'))

<svg><script>alert('svg')</script><circle onload="alert('svg-onload')"/></svg>

<p onclick="alert('click')" style="color:red">Absatz</p>

<iframe src="https://example.org"></iframe><object data="x.swf"></object>

<h2 id="csrfmiddlewaretoken">Geklaute ID</h2>

![Fremdes Bild](https://tracker.example/pixel.png)
"""


def assert_harmless(html: str) -> None:
    lowered = html.lower()
    for forbidden in ("<script", "onerror", "onclick", "onload", "javascript:", "<svg",
                      "<iframe", "<object", "style=", "tracker.example", "csrfmiddlewaretoken"):  # fmt: skip
        assert forbidden not in lowered, forbidden


def test_hostile_markdown_of_an_answer_is_rendered_harmless() -> None:
    assert_harmless(str(render_markdown(HOSTILE)))


@pytest.mark.django_db
def test_hostile_markdown_of_a_guide_is_rendered_harmless() -> None:
    guide = make_guide("feindlich", body=HOSTILE)
    html = str(render_guide(guide).html)
    assert_harmless(html)
    assert 'id="abschnitt"' in html
    assert "Klick" in html and "Absatz" in html  # the text stays, only the danger goes


@pytest.mark.django_db
def test_a_guide_shows_pictures_of_its_own_attachments_only() -> None:
    guide = make_guide("mit-bild")
    other = make_guide("anderer")
    own = reverse("guides:attachment", kwargs={"slug": guide.slug, "pk": 7, "filename": "k.png"})
    foreign = reverse(
        "guides:attachment", kwargs={"slug": other.slug, "pk": 8, "filename": "f.png"}
    )
    guide.body = (
        f"![Karte des Amtes]({own})\n\n![Fremd]({foreign})\n\n"
        f'<img src="{own}" onerror="alert(1)" alt="roh">\n\n![Pfad]({own}/../../x.png)'
    )
    html = str(render_guide(guide).html)
    assert f'<img alt="Karte des Amtes" src="{own}">' in html
    assert foreign not in html and "onerror" not in html and "../" not in html
    assert html.count("<img") == 2  # the Markdown picture and the raw one, cleaned
    assert image_pattern(guide).fullmatch(own)


def test_sections_get_readable_anchors_and_a_table_of_contents() -> None:
    rendered = render_sectioned_markdown(
        "## Worum es geht\n\nText\n\n### Wer macht was?\n\n## Größe & Zuschnitt\n\n## Worum es geht"
    )
    assert [(s.anchor, s.title, s.level) for s in rendered.sections] == [
        ("worum-es-geht", "Worum es geht", 2),
        ("wer-macht-was", "Wer macht was?", 3),
        ("groesse-zuschnitt", "Größe & Zuschnitt", 2),
        ("worum-es-geht_1", "Worum es geht", 2),
    ]
    html = str(rendered.html)
    for section in rendered.sections:
        assert f'id="{section.anchor}"' in html
    assert re.search(r"<h2 id=\"groesse-zuschnitt\">Größe &amp; Zuschnitt</h2>", html)


def test_anchor_spells_out_umlauts() -> None:
    assert anchor("Übersicht der Maßnahmen") == "uebersicht-der-massnahmen"
    assert anchor("???") == "abschnitt"


def test_without_an_image_pattern_no_picture_survives() -> None:
    html = str(render_sectioned_markdown("![Bild](/leitfaeden/x/anhaenge/1/a.png)").html)
    assert "<img" not in html
