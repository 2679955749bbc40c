"""Implementation tracking: dated status updates of measures and measured indicator values.

Both are records of what happened, written once and never edited; a wrong entry is deleted
and entered again. The newest status update is also kept on its measure
(`Measure.status`, `progress_percent`, `status_updated_at`), so every list shows the latest
state without another query (see services.record_status_update).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.strategies.models import Indicator, Measure


class StatusUpdate(models.Model):
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="status_updates"
    )
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=Measure.Status.choices)
    progress_percent = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    note = models.TextField(_("what happened"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        # Newest first; of two updates of the same day the later recorded one is newer.
        ordering = ["-date", "-created_at", "-pk"]
        indexes = [models.Index(fields=["measure", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_percent__lte=100), name="status_update_percent_0_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.get_status_display()} ({self.date:%d.%m.%Y})"


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    date = models.DateField(_("measured on"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("e.g. statistics office, own count")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["date", "created_at", "pk"]
        indexes = [models.Index(fields=["indicator", "date"])]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.date:%d.%m.%Y})"
