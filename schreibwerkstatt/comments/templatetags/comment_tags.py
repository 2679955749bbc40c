"""Comments anywhere in a strategy's templates, without help from the view.

`{% comments_link item %}` shows "Comments (n)" for an element in a list. The open counts
of the whole strategy come from one query per request, however many rows the page has.
`{% comment_thread target "kind" %}` shows the full thread of an element on its page.
"""

from typing import Any

from django import template
from django.db import models

from ..models import Comment
from ..targets import KINDS, kind_of, thread_url

register = template.Library()


def _open_counts(request, strategy) -> dict:
    """Cached on the request, so a page asks once however many links it shows."""
    if request is None:  # rendered without a request: nothing to cache on
        return Comment.objects.open_counts(strategy)
    cache = request.__dict__.setdefault("_open_comment_counts", {})
    if strategy.pk not in cache:
        cache[strategy.pk] = Comment.objects.open_counts(strategy)
    return cache[strategy.pk]


@register.inclusion_tag("comments/link.html", takes_context=True)
def comments_link(context: template.Context, target: models.Model) -> dict[str, Any]:
    strategy, municipality = context["strategy"], context["municipality"]
    kind = kind_of(target)
    counts = _open_counts(context.get("request"), strategy)
    return {
        "url": thread_url(kind, target, municipality.slug, strategy.pk),
        "count": counts.get((target._meta.label_lower, target.pk, kind.part), 0),
        "title": str(target),
    }


@register.inclusion_tag("comments/thread.html", takes_context=True)
def comment_thread(
    context: template.Context, target: models.Model, kind: str = ""
) -> dict[str, Any]:
    spec = KINDS[kind] if kind else kind_of(target)
    return {
        "comments": list(Comment.objects.on(target, spec.part)),
        "target_type": spec.key,
        "target_id": target.pk,
        "municipality": context["municipality"],
        "strategy": context["strategy"],
        "can_edit": context.get("can_edit", False),
        "user": context.get("user"),
        "request": context.get("request"),
    }
