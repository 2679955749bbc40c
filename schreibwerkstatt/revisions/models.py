"""Revisions (Fassungen) of a strategy document and review comments on its paragraphs.

An adopted revision keeps the document's data as it was on the day of the decision (a
snapshot, see documents/snapshot.py) and is never changed again. A draft revision is the
revision (Fortschreibung) a team works on after an adopted one; it has no snapshot yet.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.strategies.models import Strategy


class FrozenRevisionError(Exception):
    """An adopted revision is read-only: nothing may change or delete it."""


class Revision(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("In preparation")
        ADOPTED = "adopted", _("Adopted")

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("number"))
    state = models.CharField(_("state of the revision"), max_length=10, choices=State.choices)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("continues"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    adopted_on = models.DateField(_("date of the decision"), null=True, blank=True)
    body = models.CharField(_("decision-making body"), max_length=200, blank=True)
    document_number = models.CharField(
        _("document number (Drucksache)"), max_length=100, blank=True
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    # What was still open when the revision was adopted (revisions/open_items.py), and why the
    # coordination adopted it all the same; empty when nothing was open.
    open_items = models.JSONField(_("open items at the decision"), default=list, blank=True)
    open_items_reason = models.TextField(
        _("reason for adopting with open items"), blank=True, max_length=2000
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["strategy", "number"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="one_revision_number"),
            models.UniqueConstraint(
                fields=["strategy"], condition=models.Q(state="draft"), name="one_draft_revision"
            ),
            models.CheckConstraint(
                condition=models.Q(state="draft")
                | models.Q(snapshot__isnull=False, adopted_on__isnull=False),
                name="adopted_revision_is_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.strategy} – {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and self._stored_as_adopted():
            raise FrozenRevisionError(f"revision {self.pk} is adopted and cannot change")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self.pk is not None and self._stored_as_adopted():
            raise FrozenRevisionError(f"revision {self.pk} is adopted and cannot be deleted")
        return super().delete(*args, **kwargs)

    @property
    def is_adopted(self) -> bool:
        return self.state == self.State.ADOPTED

    def _stored_as_adopted(self) -> bool:
        return Revision.objects.filter(pk=self.pk, state=self.State.ADOPTED).exists()


class CompletedMeasure(models.Model):
    """A measure that was completed while `revision` was in force, recorded when the next
    revision (Fortschreibung) began. The title is kept in case the measure is deleted later."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="completed")
    measure = models.ForeignKey(
        "strategies.Measure", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    measure_ref = models.CharField(
        max_length=40
    )  # exchange id "measure-<pk>", stays after deletion
    title = models.CharField(_("title"), max_length=300)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("completed measure")
        verbose_name_plural = _("completed measures")
        ordering = ["revision", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "measure_ref"], name="measure_completed_once_per_revision"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ReviewCommentQuerySet(models.QuerySet["ReviewComment"]):
    def of(self, strategy: Strategy) -> "ReviewCommentQuerySet":
        return self.filter(strategy=strategy).select_related("author", "resolved_by")


class ReviewComment(models.Model):
    """A remark on one paragraph of the draft document. `quote` is the paragraph's text when
    the comment was written: it finds the paragraph again after small edits."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="review_comments")
    chapter_key = models.CharField(_("chapter"), max_length=40)
    anchor = models.CharField(_("paragraph"), max_length=100)
    quote = models.TextField(_("quoted paragraph"), max_length=20_000)
    text = models.TextField(_("comment"), max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="review_comments",
    )
    resolved = models.BooleanField(_("resolved"), default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("written on"), auto_now_add=True)

    objects = ReviewCommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["strategy", "chapter_key"])]

    def __str__(self) -> str:
        return self.text[:60]
