"""Every write of the discussions: verb-named, atomic, called alike by views, the demo and
tests. Views validate the input (forms.py) and judge the person (rules.py); the services
check again what may have changed since (a topic locked meanwhile refuses a reply)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from schreibwerkstatt.audit.models import Kind as AuditKind
from schreibwerkstatt.audit.services import record
from schreibwerkstatt.core.locking import save_versioned

from . import notices
from .models import DirectoryEntry, Post, Space, Subscription, Topic

# Spaces ------------------------------------------------------------------------------------


def statewide_space() -> Space:
    """The one statewide space, made on first use."""
    space = Space.objects.filter(kind=Space.Kind.STATEWIDE).first()
    if space is None:
        try:
            with transaction.atomic():
                space = Space.objects.create(kind=Space.Kind.STATEWIDE)
        except IntegrityError:  # made by a concurrent request
            space = Space.objects.get(kind=Space.Kind.STATEWIDE)
    return space


def space_of_series(series) -> Space:
    """The series' space (made with the series, see apps.py; here on first use for a series
    made before the discussions existed)."""
    space = Space.objects.filter(series=series).first()
    if space is None:
        try:
            with transaction.atomic():
                space = Space.objects.create(kind=Space.Kind.SERIES, series=series)
        except IntegrityError:
            space = Space.objects.get(series=series)
    space.series = series
    return space


def _mention(post: Post, people, *, by) -> set[int]:
    """Store the post's mentions; tell those newly mentioned (never the author). Returns the
    pks of everybody the post mentions, so following does not tell them twice."""
    before = set(post.mentions.values_list("pk", flat=True))
    people = [person for person in people]
    post.mentions.set(people)
    new = [p for p in people if p.pk not in before and p.pk != getattr(by, "pk", None)]
    if new:
        notices.mentioned(post, new)
    return {p.pk for p in people}


# Topics and posts --------------------------------------------------------------------------


def _refresh(topic: Topic) -> None:
    """The list's figures of the topic: replies others see, the time of the newest post."""
    visible = topic.posts.filter(hidden_at__isnull=True, deleted_at__isnull=True)
    topic.reply_count = visible.filter(opens_topic=False).count()
    topic.last_post_at = visible.aggregate(newest=Max("created_at"))["newest"] or topic.created_at
    Topic.objects.filter(pk=topic.pk).update(
        reply_count=topic.reply_count, last_post_at=topic.last_post_at
    )


@transaction.atomic
def open_topic(space: Space, *, title: str, text: str, by, mentioned=()) -> Topic:
    """A new topic with its opening post; the author follows it (and may stop). `mentioned`:
    the people of the space's audience the text mentions (forms.MentionsForm), told once."""
    now = timezone.now()
    topic = Topic.objects.create(
        space=space, title=title, author=by, created_at=now, last_post_at=now
    )
    post = Post.objects.create(topic=topic, author=by, text=text, opens_topic=True, created_at=now)
    Subscription.objects.get_or_create(user=by, topic=topic)
    told = _mention(post, mentioned, by=by)
    notices.topic_opened(topic, post, told=told)
    return topic


@transaction.atomic
def reply(topic: Topic, *, text: str, by, mentioned=()) -> Post:
    """A reply; refused (ValidationError, nothing stored) if the topic is locked now. The
    person who replies follows the topic from then on (and may stop)."""
    current = Topic.objects.select_for_update().get(pk=topic.pk)
    if current.is_locked:
        raise ValidationError(_("This topic is locked: no replies can be added."), code="locked")
    post = Post.objects.create(topic=current, author=by, text=text)
    _refresh(current)
    Subscription.objects.get_or_create(user=by, topic=current)
    current.space = topic.space
    told = _mention(post, mentioned, by=by)
    notices.replied(current, post, told=told)
    return post


@transaction.atomic
def edit_post(
    post: Post, *, text: str, expected_version: int, title: str | None = None, mentioned=()
) -> Post:
    """Change one's own post (optimistic locking: StaleEditError if somebody, e.g. the author
    in another tab, saved since); the opening post's edit may change the topic's title. Only
    people mentioned now who were not before are told."""
    saved = save_versioned(
        post, expected_version=expected_version, changes={"text": text, "edited_at": timezone.now()}
    )
    if post.opens_topic and title is not None:
        Topic.objects.filter(pk=post.topic_id).update(title=title)
        post.topic.title = title
    saved.topic = post.topic
    _mention(saved, mentioned, by=saved.author)
    return saved


@transaction.atomic
def delete_post(post: Post) -> bool:
    """Delete one's own post. A reply goes; the opening post takes its topic along when
    nobody replied, else its text and author go and the topic stays for the replies.
    Returns True when the whole topic went."""
    topic = Topic.objects.select_for_update().get(pk=post.topic_id)
    if post.opens_topic:
        if not topic.posts.filter(opens_topic=False).exists():
            topic.delete()
            return True
        Post.objects.filter(pk=post.pk).update(
            text="", author=None, deleted_at=timezone.now(), version=post.version + 1
        )
        post.mentions.clear()
        Topic.objects.filter(pk=topic.pk).update(author=None)
    else:
        Post.objects.filter(pk=post.pk).delete()
    _refresh(topic)
    return False


# Moderation (each step in the audit log) -----------------------------------------------------


def _audit(kind: str, obj, *, by, request=None, **details) -> None:
    record(kind, actor=by, obj=obj, request=request, details=details)


@transaction.atomic
def set_hidden(post: Post, *, hidden: bool, by, request=None) -> Post:
    """Hide a post (hiding the opening post hides its topic) or show it again."""
    if post.is_hidden == hidden:
        return post
    when = timezone.now() if hidden else None
    Post.objects.filter(pk=post.pk).update(hidden_at=when, hidden_by=by if hidden else None)
    post.hidden_at, post.hidden_by = when, by if hidden else None
    if post.opens_topic:
        Topic.objects.filter(pk=post.topic_id).update(hidden_at=when)
    _refresh(post.topic)
    kind = AuditKind.DISCUSSION_POST_HIDDEN if hidden else AuditKind.DISCUSSION_POST_RESTORED
    _audit(kind, post, by=by, request=request, topic=post.topic_id)
    return post


@transaction.atomic
def set_locked(topic: Topic, *, locked: bool, by, request=None) -> Topic:
    if topic.is_locked == locked:
        return topic
    topic.locked_at = timezone.now() if locked else None
    Topic.objects.filter(pk=topic.pk).update(locked_at=topic.locked_at)
    kind = AuditKind.DISCUSSION_TOPIC_LOCKED if locked else AuditKind.DISCUSSION_TOPIC_UNLOCKED
    _audit(kind, topic, by=by, request=request)
    return topic


@transaction.atomic
def move_topic(topic: Topic, *, to: Space, by, request=None) -> Topic:
    """Into another space (the view offers only spaces the moderator moderates)."""
    if topic.space_id == to.pk:
        return topic
    before = topic.space
    Topic.objects.filter(pk=topic.pk).update(space=to)
    topic.space = to
    _audit(
        AuditKind.DISCUSSION_TOPIC_MOVED,
        topic,
        by=by,
        request=request,
        before=str(before.title),
        after=str(to.title),
    )
    return topic


# Following ----------------------------------------------------------------------------------


@transaction.atomic
def follow(user, *, space: Space | None = None, topic: Topic | None = None) -> None:
    Subscription.objects.get_or_create(user=user, space=space, topic=topic)


@transaction.atomic
def unfollow(user, *, space: Space | None = None, topic: Topic | None = None) -> None:
    Subscription.objects.filter(user=user, space=space, topic=topic).delete()


# The participant directory ------------------------------------------------------------------


@transaction.atomic
def save_directory_entry(
    space: Space, user, *, expected_version: int | None, **values
) -> DirectoryEntry:
    """Create the person's entry or change it (optimistic locking); unticking `listed`
    removes them from the directory at once."""
    entry = DirectoryEntry.objects.filter(space=space, user=user).first()
    if entry is None:
        return DirectoryEntry.objects.create(space=space, user=user, **values)
    if expected_version is None:
        expected_version = 0  # a second tab created it: stale, shown as a conflict
    return save_versioned(entry, expected_version=expected_version, changes=values)
