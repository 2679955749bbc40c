"""How discussions tell people: through the inbox (`inbox.services.notify`, kind REPLY),
only the subscribers who are still in the space's audience and never the author.

The stored notification keeps the subject only (`summary=""`): the post is another person's
text, which stays out of the recipient's stored notifications and data export, as for
comments (comments/services.py)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from schreibwerkstatt.inbox import services as inbox
from schreibwerkstatt.inbox.models import Kind

from .models import Post, Subscription, Topic
from .rules import audience_of


def _subscribers(topic: Topic, *, of_space: bool, author) -> list:
    """The people following the topic (or its space), still in the audience (one query)."""
    follows = Subscription.objects.filter(
        **({"space_id": topic.space_id} if of_space else {"topic": topic})
    )
    return list(
        audience_of(topic.space)
        .filter(pk__in=follows.values("user"))
        .exclude(pk=getattr(author, "pk", None))
    )


def _post_path(post: Post) -> str:
    return reverse("discussions:topic", args=[post.topic_id]) + f"#beitrag-{post.pk}"


def _tell(people: list, post: Post, subject: str, body: str) -> None:
    if people:
        inbox.notify(
            people, kind=Kind.REPLY, subject=subject, body=body, summary="", url=_post_path(post)
        )


def topic_opened(topic: Topic, post: Post) -> None:
    people = _subscribers(topic, of_space=True, author=post.author)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New topic in “%(space)s”: %(title)s") % {
            "space": topic.space.title,
            "title": topic.title,
        }
        body = _("%(person)s opened the topic “%(title)s”.\n\nRead it: %(link)s") % {
            "person": post.author,
            "title": topic.title,
            "link": settings.SITE_URL + _post_path(post),
        }
    _tell(people, post, subject, body)


def replied(topic: Topic, post: Post) -> None:
    people = _subscribers(topic, of_space=False, author=post.author)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New reply in “%(title)s”") % {"title": topic.title}
        body = _("%(person)s replied in the topic “%(title)s”.\n\nRead it: %(link)s") % {
            "person": post.author,
            "title": topic.title,
            "link": settings.SITE_URL + _post_path(post),
        }
    _tell(people, post, subject, body)
