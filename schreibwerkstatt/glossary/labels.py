"""Which field labels the glossary explains: a map from folded term and alias to the entry.

The map is built with one query, kept in the cache until a term changes (apps.py connects
`forget_labels` to every save and delete) and remembered on the request, so a form with many
fields asks the cache once and the database at most once.
"""

import unicodedata

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.safestring import mark_safe

from schreibwerkstatt.core.field_help import Explanation
from schreibwerkstatt.core.text import render_markdown

CACHE_KEY = "glossary:labels:1"
_ON_REQUEST = "_glossary_labels"
# (term, anchor, definition HTML) per folded term or alias
LabelMap = dict[str, tuple[str, str, str]]


def fold(text: str) -> str:
    """Case and accents ignored, whitespace collapsed: "Zielebene ", "zielebene" and
    "ZIELEBENE" match; "Ä" sorts and matches with "A"."""
    decomposed = unicodedata.normalize("NFKD", " ".join(str(text).split()))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _label_key(label: str) -> str:
    return fold(label).rstrip(":*").strip()


def build_label_map() -> LabelMap:
    from .models import Term

    base = reverse("glossary:index")
    labels: LabelMap = {}
    rows = Term.objects.order_by("term").values_list("term", "slug", "aliases", "definition")
    for term, slug, aliases, definition in rows:
        entry = (term, f"{base}#{slug}", str(render_markdown(definition)))
        for name in [term, *(aliases or [])]:
            # A term's own spelling wins over another term's alias.
            if name == term or _label_key(name) not in labels:
                labels[_label_key(name)] = entry
    return labels


def label_map(request: HttpRequest | None = None) -> LabelMap:
    labels = getattr(request, _ON_REQUEST, None)
    if labels is None:
        labels = cache.get(CACHE_KEY)
        if labels is None:
            labels = build_label_map()
            cache.set(CACHE_KEY, labels, timeout=None)
        if request is not None:
            setattr(request, _ON_REQUEST, labels)
    return labels


def explain_label(label: str, request: HttpRequest | None = None) -> Explanation | None:
    entry = label_map(request).get(_label_key(label))
    if entry is None:
        return None
    term, url, html = entry
    return Explanation(term=term, html=mark_safe(html), url=url)  # sanitised by render_markdown


def forget_labels(**kwargs) -> None:
    """Drop the cached map now and again after the commit, so no request that read the old
    terms before the commit puts them back for good."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
