"""Holds a page's `{% rows %}` lists to what one include per row writes: while the context
manager is open, every list written by {% rows %} is also rendered row by row through the
row template, in the same context, and both must be the same HTML."""

from collections.abc import Iterator
from contextlib import contextmanager

from schreibwerkstatt.core.templatetags.rows import RowsNode


@contextmanager
def rows_as_includes(monkeypatch) -> Iterator[list[int]]:
    """Yields a list that gets the number of rows of each list checked."""
    checked: list[int] = []
    fast = RowsNode.render

    def render_and_compare(node: RowsNode, context) -> str:
        written = fast(node, context)
        row_template = context.template.engine.get_template(node.template_name.resolve(context))
        included = []
        items = list(node.rows.resolve(context) or ())
        for item in items:
            with context.push({node.var: item}):
                included.append(row_template.render(context))
        assert written == "".join(included)
        checked.append(len(items))
        return written

    with monkeypatch.context() as patch:
        patch.setattr(RowsNode, "render", render_and_compare)
        yield checked
