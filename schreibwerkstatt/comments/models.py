from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.strategies.models import Strategy


class CommentQuerySet(models.QuerySet["Comment"]):
    def on(self, target: models.Model, part: str = "") -> "CommentQuerySet":
        return (
            self.filter(
                content_type=ContentType.objects.get_for_model(target),
                object_id=target.pk,
                part=part,
            )
            .select_related("author")
            .prefetch_related("mentions")
        )  # author, marked mentions

    def open_counts(self, strategy: Strategy) -> dict[tuple[str, int, str], int]:
        """Open comments per element of the strategy, keyed by ("app.model", pk, part), in
        one query (the content type's name comes along in a join, no lookup per model)."""
        rows = (
            self.filter(strategy=strategy, resolved=False)
            .values_list("content_type__app_label", "content_type__model", "object_id", "part")
            .annotate(n=models.Count("pk"))
            .order_by()
        )
        return {(f"{app}.{model}", pk, part): n for app, model, pk, part, n in rows}


class Comment(models.Model):
    """A remark on any element of a strategy; people named with @Name are notified
    (core/mentions.py; older comments hold @e-mail mentions, which still resolve)."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="comments")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    # Which part of the element: "" the element itself, "vision" the strategy's vision.
    part = models.CharField(max_length=20, blank=True, default="")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    text = models.TextField(_("comment"), max_length=2000)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="mentioned_in"
    )
    resolved = models.BooleanField(_("resolved"), default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("written on"), auto_now_add=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.text[:60]
