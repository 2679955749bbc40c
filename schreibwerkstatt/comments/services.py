"""Writing comments: @mentions are resolved against the people who can see the strategy."""

import re

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from schreibwerkstatt.inbox.models import Kind
from schreibwerkstatt.inbox.services import notify, path_of
from schreibwerkstatt.strategies.models import Strategy

from .models import Comment

MENTION = re.compile(r"@([\w.+-]+@[\w-]+(?:\.[\w-]+)+)")


def people_of(strategy: Strategy):
    """Everybody who may read the strategy: members of its municipalities and their advisers."""
    municipalities = [
        strategy.municipality_id,
        *strategy.partnerships.values_list("municipality_id", flat=True),
    ]
    return (
        get_user_model()
        .objects.filter(
            Q(memberships__municipality__in=municipalities)
            | Q(advised_municipalities__in=municipalities)
        )
        .distinct()
    )


def mentioned_people(strategy: Strategy, text: str):
    addresses = {address.lower() for address in MENTION.findall(text)}
    if not addresses:
        return []
    return list(people_of(strategy).filter(email__in=addresses))


@transaction.atomic
def add_comment(
    *, strategy: Strategy, target: models.Model, author, text: str, link: str, part: str = ""
) -> Comment:
    comment = Comment.objects.create(
        strategy=strategy,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        part=part,
        author=author,
        text=text,
    )
    mentioned = [person for person in mentioned_people(strategy, text) if person.pk != author.pk]
    comment.mentions.set(mentioned)
    for person in mentioned:
        with translation.override("de"):
            subject = _("%(author)s mentioned you in “%(target)s”") % {
                "author": author,
                "target": target,
            }
            body = _("%(author)s wrote:\n\n%(text)s\n\nOpen: %(link)s") % {
                "author": author,
                "text": text,
                "link": link,
            }
        notify(
            [person],
            kind=Kind.MENTION,
            subject=subject,
            body=body,
            summary=text,
            url=path_of(link),
        )
    return comment


@transaction.atomic
def set_resolved(comment: Comment, *, resolved: bool, by) -> Comment:
    comment.resolved = resolved
    comment.resolved_by = by if resolved else None
    comment.resolved_at = timezone.now() if resolved else None
    comment.save(update_fields=["resolved", "resolved_by", "resolved_at"])
    return comment
