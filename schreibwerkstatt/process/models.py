from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from schreibwerkstatt.municipalities.models import Municipality

from .phases import Phase


class ChecklistItemQuerySet(models.QuerySet["ChecklistItem"]):
    def for_display(self) -> "ChecklistItemQuerySet":
        return self.select_related("assignee").order_by("phase", "position", "pk")

    def open(self) -> "ChecklistItemQuerySet":
        return self.filter(done=False)

    def progress_by_phase(self) -> dict[int, tuple[int, int]]:
        """{phase: (done, total)} in one query."""
        rows = self.values("phase").annotate(
            total=models.Count("pk"), finished=models.Count("pk", filter=models.Q(done=True))
        )
        return {row["phase"]: (row["finished"], row["total"]) for row in rows}

    def progress_by_municipality(self) -> dict[int, dict[int, tuple[int, int]]]:
        """{municipality id: {phase: (done, total)}} in one query (progress_by_phase of many
        municipalities at once)."""
        rows = (
            self.order_by()
            .values("municipality_id", "phase")
            .annotate(
                total=models.Count("pk"), finished=models.Count("pk", filter=models.Q(done=True))
            )
        )
        result: dict[int, dict[int, tuple[int, int]]] = {}
        for row in rows:
            result.setdefault(row["municipality_id"], {})[row["phase"]] = (
                row["finished"],
                row["total"],
            )
        return result


class ChecklistItem(models.Model):
    """One entry of a phase's checklist in one municipality's strategy cycle."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="checklist_items",
    )
    phase = models.PositiveSmallIntegerField(_("phase"), choices=Phase.choices)
    title = models.CharField(_("task"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checklist_items",
    )
    due_date = models.DateField(_("due on"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(_("done on"), null=True, blank=True)
    # What proves it, e.g. the council's resolution for the mandate.
    reference = models.CharField(
        _("reference"),
        max_length=300,
        blank=True,
        help_text=_("E.g. the number of the resolution, a file number or a link to the document."),
    )
    reference_date = models.DateField(
        _("date of the reference"),
        null=True,
        blank=True,
        help_text=_("E.g. the day of the decision."),
    )
    # Marks a default item other parts of the product fill in ("mandate": the guided start).
    key = models.CharField(max_length=30, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[ChecklistItemQuerySet] = ChecklistItemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["phase", "position", "pk"]
        indexes = [models.Index(fields=["municipality", "phase", "position"])]

    def __str__(self) -> str:
        return self.title
