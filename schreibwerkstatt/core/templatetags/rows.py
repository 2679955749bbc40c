"""`{% rows %}`: a long list written through one row template, rendered once per kind of row
instead of once per row (docs/decisions.md, "Long lists: one render per kind of row").

    {% rows "process/partials/item.html" items as item text="pk title edit_url" shape="done" %}

gives the same HTML as

    {% for item in items %}{% include "process/partials/item.html" %}{% endfor %}

as long as the row template reads of its row only the attributes named in `text` and
`shape` (dotted paths such as `user.name` are allowed), prints each `text` attribute as it is
(`{{ item.title }}`, or as a `blocktranslate with` value: no filter, no comparison) and does
not use `forloop`. `shape` attributes decide the markup (`{% if item.done %}`, comparisons);
a `text` attribute that is empty (None, "", 0, False) counts as shape too, so
`{% if item.due %}` works. Reading any other attribute of the row raises an error rather
than printing nothing.

How: for each combination of shape values met, the template is rendered once, in the
surrounding context, with a stand-in row whose text attributes are markers; each row is then
that HTML with its own values, escaped as `{{ }}` escapes them, put in place of the markers.
Rendering a 20-node row template costs 0.2 to 0.4 ms here, so a list of 300 rows spent most
of its page's time in it; putting the values in costs a few microseconds.
"""

import html
import re
from typing import Any

from django import template
from django.conf import settings
from django.template.base import FilterExpression, render_value_in_context
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Private-use characters: they never occur in a template's own text, and autoescaping and
# blocktranslate pass them through unchanged.
_MARKER = "\ue000{}\ue001"
_MARKERS = re.compile("\ue000(\\d+)\ue001")
_TEXT = object()  # the shape of a non-empty text attribute: any value


class RowAttributeError(Exception):
    """The row template read an attribute that `{% rows %}` was not told about. Not an
    AttributeError on purpose: the template engine would swallow that and print ""."""


class _StandIn:
    """The row as the row template sees it during the one render of a shape."""

    def __init__(self, path: str, values: dict[str, Any]) -> None:
        self._path = path
        self.__dict__.update(values)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy, pickle and the like ask for dunders
            raise AttributeError(name)
        raise RowAttributeError(
            f"The row template reads {self._path}.{name}, which {{% rows %}} does not list "
            "in text or shape."
        )


def _stand_in(var: str, paths: list[str], values: list[Any]) -> _StandIn:
    tree: dict[str, Any] = {}
    for path, value in zip(paths, values, strict=True):
        *parents, last = path.split(".")
        node = tree
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value

    def build(prefix: str, node: dict[str, Any]) -> _StandIn:
        return _StandIn(
            prefix,
            {k: build(f"{prefix}.{k}", v) if isinstance(v, dict) else v for k, v in node.items()},
        )

    return build(var, tree)


def _value(row: Any, path: list[str]) -> Any:
    """The value of `path` (the row's name, then attribute names) as the template engine finds
    it: dictionary keys or attributes, callables called."""
    value = row
    for n in range(1, len(path)):
        if value is None:  # the template would print "" for all of the path, not "None"
            raise RowAttributeError(
                f"{'.'.join(path[:n])} is None: give the row {path[-1]} as an attribute of its own."
            )
        value = value[path[n]] if isinstance(value, dict) else getattr(value, path[n])
        if callable(value) and not getattr(value, "do_not_call_in_templates", False):
            if getattr(value, "alters_data", False):  # the template engine refuses these too
                raise RowAttributeError(f"{'.'.join(path[: n + 1])} alters data.")
            value = value()
    return value


def _printed(value: Any, context: template.Context) -> str:
    """What {{ value }} prints, by a shorter way for the common plain strings and ints."""
    if type(value) is str:
        return html.escape(value)  # what django.utils.html.escape does, without its wrappers
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return render_value_in_context(value, context)


class RowsNode(template.Node):
    def __init__(
        self, template_name: FilterExpression, rows: FilterExpression, var: str, text, shape
    ) -> None:
        self.template_name = template_name
        self.rows = rows
        self.var = var
        self.text = text
        self.shape = shape

    def render(self, context: template.Context) -> SafeString:
        row_template = context.template.engine.get_template(self.template_name.resolve(context))
        paths = self.text + self.shape
        split_paths = [[self.var, *path.split(".")] for path in paths]
        count = len(self.text)
        compiled: dict[tuple, list] = {}
        out: list[str] = []
        for row in self.rows.resolve(context) or ():
            values = [_value(row, path) for path in split_paths]
            key = tuple(_TEXT if n < count and value else value for n, value in enumerate(values))
            pieces = compiled.get(key)
            if pieces is None:
                stand_in = [
                    _MARKER.format(n) if n < count and value else value
                    for n, value in enumerate(values)
                ]
                with context.push({self.var: _stand_in(self.var, paths, stand_in)}):
                    rendered = row_template.render(context)
                parts = _MARKERS.split(rendered)  # text, marker number, text, ...
                numbers = map(int, parts[1::2])
                pieces = compiled[key] = (parts[0], list(zip(numbers, parts[2::2], strict=True)))
            printed = [_printed(value, context) for value in values[:count]]
            first, rest = pieces
            out.append(first)
            for n, text in rest:
                out.append(printed[n])
                out.append(text)
        return mark_safe("".join(out))  # template output, and values escaped as {{ }} does


@register.tag
def rows(parser: template.base.Parser, token: template.base.Token) -> RowsNode:
    """{% rows "row_template.html" list as name text="a b.c" shape="d" %}"""
    bits = token.split_contents()
    usage = f'{bits[0]} "template" list as name text="..." shape="..."'
    if len(bits) < 5 or bits[3] != "as":
        raise template.TemplateSyntaxError(f"Usage: {{% {usage} %}}")
    options = {"text": [], "shape": []}
    for bit in bits[5:]:
        name, _, value = bit.partition("=")
        if name not in options or len(value) < 2 or value[0] not in "\"'" or value[-1] != value[0]:
            raise template.TemplateSyntaxError(f"Usage: {{% {usage} %}}")
        options[name] = value[1:-1].split()
    return RowsNode(
        parser.compile_filter(bits[1]),
        parser.compile_filter(bits[2]),
        bits[4],
        options["text"],
        options["shape"],
    )
