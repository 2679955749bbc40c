"""The advisers' own data about the municipalities they accompany.

- `AdviserNote`: one private working note per municipality, written by its assigned
  advisers and read by them only (never by the municipality's members, nor by an operator,
  not even through a support access). Versioned (optimistic locking) with history.
- `AdviceRequest`: a municipality's request for advice ("Beratung anfragen"): topic, text,
  optionally about a field of action, goal or measure of one of its strategies. It lands
  with the municipality's assigned advisers, who set its status and may answer briefly.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from schreibwerkstatt.core.models import Versioned
from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.strategies.models import FieldOfAction, Goal, Measure


class AdviserNote(Versioned):
    municipality = models.OneToOneField(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="adviser_note",
    )
    text = models.TextField(_("notes"), max_length=20000, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("adviser note")
        verbose_name_plural = _("adviser notes")

    def __str__(self) -> str:
        return str(self.municipality)


class AdviceRequestQuerySet(models.QuerySet["AdviceRequest"]):
    def unfinished(self) -> "AdviceRequestQuerySet":
        return self.exclude(status=AdviceRequest.Status.DONE)

    def for_list(self) -> "AdviceRequestQuerySet":
        return self.select_related(
            "municipality", "requested_by", "field", "goal", "measure", "answered_by"
        ).order_by("-created_at", "-pk")


class AdviceRequest(Versioned):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="advice_requests",
    )
    topic = models.CharField(_("topic"), max_length=200)
    text = models.TextField(_("your question"), max_length=4000)
    # At most one of the three: what of the municipality's strategy the request is about.
    field = models.ForeignKey(
        FieldOfAction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    measure = models.ForeignKey(
        Measure, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="advice_requests",
    )
    created_at = models.DateTimeField(_("asked on"), auto_now_add=True)
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status_changed_at = models.DateTimeField(_("status changed on"), null=True, blank=True)

    objects = AdviceRequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("request for advice")
        verbose_name_plural = _("requests for advice")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "status"], name="advice_request_open")]
        constraints = [
            models.CheckConstraint(
                name="advice_request_about_one_thing",
                condition=(
                    models.Q(field__isnull=True, goal__isnull=True)
                    | models.Q(field__isnull=True, measure__isnull=True)
                    | models.Q(goal__isnull=True, measure__isnull=True)
                ),
            )
        ]

    def __str__(self) -> str:
        return self.topic

    @property
    def about(self):
        """The field of action, goal or measure the request is about, or None."""
        return self.field or self.goal or self.measure
