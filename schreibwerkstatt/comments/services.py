"""Writing comments: @mentions (by name, core/mentions.py) are resolved against the people
who can see the strategy."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from schreibwerkstatt.core.mentions import Found, mentioned_in
from schreibwerkstatt.inbox.models import Kind
from schreibwerkstatt.inbox.services import notify, path_of
from schreibwerkstatt.strategies.models import FieldOfAction, Measure, Step, Strategy

from .models import Comment

# The field naming the person who leads an element: told of every new comment on it.
LEAD_FIELD: dict[type[models.Model], str] = {
    Measure: "responsible",
    Step: "owner",
    FieldOfAction: "responsible",
}


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


def strategy_audience(user, strategy_pk: int):
    """The audience of a strategy's comments for the @mention autocomplete: its people, if
    `user` is one of them; otherwise (an outsider, an operator or superuser without a
    membership, a strategy that does not exist) None, which answers like "nobody"."""
    strategy = Strategy.objects.filter(pk=strategy_pk).first()
    if strategy is None or not user.is_authenticated or not user.is_active:
        return None
    people = people_of(strategy)
    return people if people.filter(pk=user.pk).exists() else None


def find_mentions(strategy: Strategy, text: str) -> Found:
    """The @mentions of `text` resolved against the people who may read the strategy; the
    form refuses a text whose `unresolved` or `ambiguous` is not empty."""
    return mentioned_in(text, people_of(strategy))


def mentioned_people(strategy: Strategy, text: str) -> list:
    return find_mentions(strategy, text).people


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
    _tell_lead(comment, target, author, text, link, told={author.pk, *(p.pk for p in mentioned)})
    return comment


def lead_of(target: models.Model):
    """The person who leads the element (a measure's or field's responsible, a step's
    owner), or None."""
    field = LEAD_FIELD.get(type(target))
    return getattr(target, field) if field else None


def _tell_lead(comment: Comment, target, author, text: str, link: str, *, told: set) -> None:
    """The element's lead hears of the comment (COMMENT), unless they wrote it, were
    mentioned in it (they have that notification) or may no longer read the strategy."""
    lead = lead_of(target)
    if lead is None or lead.pk in told:
        return
    if not people_of(comment.strategy).filter(pk=lead.pk).exists():
        return  # an ex-member, or a person of a municipality that left the strategy
    link = f"{link.split('#', 1)[0]}#comment-{comment.pk}"
    with translation.override("de"):
        subject = _("%(author)s commented on “%(target)s”") % {"author": author, "target": target}
        body = _("%(author)s wrote:\n\n%(text)s\n\nOpen: %(link)s") % {
            "author": author,
            "text": text,
            "link": link,
        }
    # The inbox keeps the subject only: the text is the author's, and stays out of the
    # lead's stored notifications and so out of the lead's data export (privacy).
    notify([lead], kind=Kind.COMMENT, subject=subject, body=body, summary="", url=path_of(link))


@transaction.atomic
def set_resolved(comment: Comment, *, resolved: bool, by) -> Comment:
    comment.resolved = resolved
    comment.resolved_by = by if resolved else None
    comment.resolved_at = timezone.now() if resolved else None
    comment.save(update_fields=["resolved", "resolved_by", "resolved_at"])
    return comment
