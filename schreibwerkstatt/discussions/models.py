"""Discussion spaces between municipalities (issue 16, point 4).

- `Space`: one per workshop series (its audience: the people taking part for a confirmed
  registration, the coordination of those municipalities and the advisers running it) and
  one statewide space (every member of a municipality, the advisers and the operators).
  Created on first use (`services.space_of_series`, `services.statewide_space`).
- `Topic` with its `Post`s: the first post opens the topic, the others are replies. Text is
  Markdown, rendered sanitised by core.text. A post is edited with optimistic locking
  (`Versioned`) and deleted by its author (the text goes, a note stays where others replied).
- Moderation (rules.py): a moderator hides and restores a post, locks a topic (no replies)
  and moves it to another space; hiding the opening post hides the topic. Each step is
  recorded in the audit log (services.py).
- `Subscription`: a person follows a space (told of new topics) or a topic (told of replies).
- `DirectoryEntry`: a person's opt-in entry in the participant directory of one series'
  space (function, municipality, topics of interest); without `listed` nobody sees it.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.core.mentions import render_markdown_mentions
from schreibwerkstatt.core.models import Versioned

TITLE_MAX = 200
TEXT_MAX = 10000


class Space(models.Model):
    class Kind(models.TextChoices):
        STATEWIDE = "statewide", _("Statewide")
        SERIES = "series", _("Workshop series")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    series = models.OneToOneField(
        "workshops.Series",
        verbose_name=_("workshop series"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="discussion_space",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("discussion space")
        verbose_name_plural = _("discussion spaces")
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind="statewide"),
                name="discussions_one_statewide_space",
            ),
            models.CheckConstraint(
                condition=(Q(kind="statewide") & Q(series__isnull=True))
                | (Q(kind="series") & Q(series__isnull=False)),
                name="discussions_space_kind_matches_series",
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)

    @property
    def is_statewide(self) -> bool:
        return self.kind == self.Kind.STATEWIDE

    @property
    def title(self) -> str:
        if self.is_statewide:
            return _("Exchange across the state")
        return self.series.title


class TopicQuerySet(models.QuerySet["Topic"]):
    def for_list(self) -> "TopicQuerySet":
        return self.select_related("author").order_by("-last_post_at", "-pk")


class Topic(models.Model):
    space = models.ForeignKey(
        Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="topics"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="discussion_topics",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Kept in step by services.py, so the space's list needs no aggregate over the posts.
    last_post_at = models.DateTimeField(default=timezone.now)
    reply_count = models.PositiveIntegerField(default=0)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    # Set while the opening post is hidden: the topic is then hidden with it.
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)

    objects: ClassVar[TopicQuerySet] = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["-last_post_at", "-pk"]
        indexes = [models.Index(fields=["space", "-last_post_at"], name="discussions_topic_list")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Post(Versioned):
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="discussion_posts",
    )
    opens_topic = models.BooleanField(default=False, editable=False)
    text = models.TextField(_("text"), max_length=TEXT_MAX, blank=True)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The people of the space's audience the text mentions (core/mentions.py), as resolved
    # when it was written; rendering marks them without reading anything.
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentioned people"),
        blank=True,
        related_name="discussion_mentions",
    )

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["topic", "created_at"], name="discussions_post_order")]

    def __str__(self) -> str:
        return f"{self.topic} #{self.pk}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def html(self):
        """The Markdown, sanitised, with the stored mentions marked (prefetch `mentions`)."""
        return render_markdown_mentions(self.text, self.mentions.all())


class Subscription(models.Model):
    """A person follows a space (new topics) or a topic (replies): exactly one of the two."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="discussion_subscriptions",
    )
    space = models.ForeignKey(
        Space, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(space__isnull=False) & Q(topic__isnull=True))
                | (Q(space__isnull=True) & Q(topic__isnull=False)),
                name="discussions_subscription_space_or_topic",
            ),
            models.UniqueConstraint(
                fields=["user", "space"],
                condition=Q(space__isnull=False),
                name="discussions_subscribe_space_once",
            ),
            models.UniqueConstraint(
                fields=["user", "topic"],
                condition=Q(topic__isnull=False),
                name="discussions_subscribe_topic_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.space or self.topic}"


class DirectoryEntry(Versioned):
    """A person's entry in the participant directory of one series' space; listed only
    while `listed` (off by default)."""

    space = models.ForeignKey(
        Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="directory"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="directory_entries",
    )
    listed = models.BooleanField(
        _("Show me in the participant directory"),
        default=False,
        help_text=_(
            "Only the people of this workshop series see the directory. Untick to be removed "
            "from it at once."
        ),
    )
    function = models.CharField(
        _("function"),
        max_length=200,
        blank=True,
        help_text=_("For example: “Digitalisation officer” or “Head of the main office”."),
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topics = models.TextField(
        _("topics of interest"),
        max_length=1000,
        blank=True,
        help_text=_("What you would like to talk about with others, e.g. “online services”."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")
        constraints = [
            models.UniqueConstraint(fields=["space", "user"], name="discussions_one_entry")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.space})"
