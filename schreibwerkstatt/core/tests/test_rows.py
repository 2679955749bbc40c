"""`{% rows %}` (core/templatetags/rows.py) renders a row template once per kind of row and
puts each row's values in; the HTML must be exactly what one include per row gives."""

import datetime
from types import SimpleNamespace

import pytest
from django.template import Context, Engine
from django.utils.safestring import mark_safe

from schreibwerkstatt.core.paths import path_for_each
from schreibwerkstatt.core.templatetags.rows import RowAttributeError

ROW = (
    '{% load i18n %}<li id="r-{{ row.pk }}"{% if row.done %} class="done"{% endif %}>{{ row.title }}'
    "{% if row.owner.name %} – {% blocktranslate with name=row.owner.name %}Responsible: "
    "{{ name }}{% endblocktranslate %}{% endif %}"
    '{% if row.kind == "a" %}<b>A</b>{% endif %}{% if flag %} {{ row.when }}{% endif %}'
    '<a href="{{ row.url }}" title="{{ row.title }}">{{ row.pk }}</a></li>\n'
)
ROWS = '{% load i18n rows %}{% rows "row.html" items as row text="pk title owner.name when url" shape="done kind" %}'
INCLUDES = '{% load i18n %}{% for row in items %}{% include "row.html" %}{% endfor %}'


def engine(row: str = ROW) -> Engine:
    return Engine(
        loaders=[("django.template.loaders.locmem.Loader", {"row.html": row})],
        libraries={
            "i18n": "django.templatetags.i18n",
            "rows": "schreibwerkstatt.core.templatetags.rows",
        },
    )


def row(pk, title, *, done=False, kind="b", owner="Ada", when=None):
    return SimpleNamespace(
        pk=pk,
        title=title,
        done=done,
        kind=kind,
        owner=SimpleNamespace(name=owner),
        when=when,
        url=lambda: f"/r/{pk}/?a=1&b=2",  # called, as the template engine calls it
    )


def both(items, **context) -> tuple[str, str]:
    templates = engine()
    return tuple(
        templates.from_string(source).render(Context({"items": items, **context}))
        for source in (ROWS, INCLUDES)
    )


def test_it_writes_what_one_include_per_row_writes() -> None:
    items = [
        row(1, "Plain"),
        row(2, "Quotes \" and <tags> & 'apostrophes'", done=True, kind="a"),
        row(3, mark_safe("<em>already safe</em>"), owner=""),
        row(4, "", owner="<Bob>", when=datetime.date(2026, 3, 31)),
        row(12345, "Große Zahl", kind="a", when=datetime.date(2026, 12, 1)),
        row(6, "Plain"),
    ]
    for flag in (False, True):
        written, included = both(items, flag=flag)
        assert written == included
        assert "&lt;tags&gt;" in written and "<em>already safe</em>" in written
    assert both([]) == ("", "")


def test_it_renders_the_template_once_per_kind_of_row(monkeypatch) -> None:
    templates = engine()
    renders = []
    original = type(templates.get_template("row.html")).render

    def counting(self, context):
        renders.append(1)
        return original(self, context)

    monkeypatch.setattr(type(templates.get_template("row.html")), "render", counting)
    items = [row(n, f"Aufgabe {n}", done=n % 2 == 0) for n in range(1, 101)]
    templates.from_string(ROWS).render(Context({"items": items}))
    assert len(renders) == 1 + 2  # the outer template, then done and not done


def test_a_row_template_reading_an_unlisted_attribute_fails_loudly() -> None:
    templates = engine("{{ row.title }}{{ row.secret }}")
    with pytest.raises(RowAttributeError, match=r"row\.secret"):
        templates.from_string(ROWS).render(Context({"items": [row(1, "x")]}))


def test_a_missing_object_on_a_dotted_path_fails_loudly() -> None:
    item = row(1, "x")
    item.owner = None  # the template would print "" for row.owner.name, the stand-in cannot
    with pytest.raises(RowAttributeError, match=r"row\.owner is None"):
        engine().from_string(ROWS).render(Context({"items": [item]}))


def test_path_for_each_gives_what_reverse_gives() -> None:
    from django.urls import reverse

    for slug in ("amtsberg", "x987654321987y"):  # the second holds the stand-in number
        edit = path_for_each("process:edit_item", slug=slug)
        for pk in (1, 42, 987654321987):
            assert edit(pk) == reverse("process:edit_item", kwargs={"slug": slug, "pk": pk})
