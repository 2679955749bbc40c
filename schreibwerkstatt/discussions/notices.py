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


def _subscribers(topic: Topic, *, of_space: bool, author, told=frozenset()) -> list:
    """The people following the topic (or its space), still in the audience (one query)."""
    follows = Subscription.objects.filter(
        **({"space_id": topic.space_id} if of_space else {"topic": topic})
    )
    return list(
        audience_of(topic.space)
        .filter(pk__in=follows.values("user"))
        .exclude(pk=getattr(author, "pk", None))
        .exclude(pk__in=told)
    )


def _post_path(post: Post) -> str:
    return reverse("discussions:topic", args=[post.topic_id]) + f"#beitrag-{post.pk}"


def _tell(people: list, post: Post, subject: str, body: str) -> None:
    if people:
        inbox.notify(
            people, kind=Kind.REPLY, subject=subject, body=body, summary="", url=_post_path(post)
        )


def topic_opened(topic: Topic, post: Post, *, told=frozenset()) -> None:
    people = _subscribers(topic, of_space=True, author=post.author, told=told)
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


def replied(topic: Topic, post: Post, *, told=frozenset()) -> None:
    people = _subscribers(topic, of_space=False, author=post.author, told=told)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New reply in “%(title)s”") % {"title": topic.title}
        body = _("%(person)s replied in the topic “%(title)s”.\n\nRead it: %(link)s") % {
            "person": post.author,
            "title": topic.title,
            "link": settings.SITE_URL + _post_path(post),
        }
    _tell(people, post, subject, body)


def mentioned(post: Post, people: list) -> None:
    """People of the audience the post mentions (the form resolved them against it)."""
    topic = post.topic
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("%(person)s mentioned you in “%(title)s”") % {
            "person": post.author,
            "title": topic.title,
        }
        body = _("%(person)s mentioned you in the topic “%(title)s”.\n\nRead it: %(link)s") % {
            "person": post.author,
            "title": topic.title,
            "link": settings.SITE_URL + _post_path(post),
        }
    inbox.notify(
        people, kind=Kind.MENTION, subject=subject, body=body, summary="", url=_post_path(post)
    )
