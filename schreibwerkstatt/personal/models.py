"""Per-person settings (reminders, weekly overview, calendar feed) and the record of sent
reminders, so that nobody gets the same reminder twice."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The public part of a calendar feed token (looked up in the database) and the secret part,
# of which only a SHA-256 digest is stored (see services.renew_feed_token): a copy of the
# database or a backup does not open anybody's calendar.
FEED_KEY_LENGTH = 16


class NotificationSettings(models.Model):
    """A person's choices; a person without a row gets the defaults (everything on)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    reminders = models.BooleanField(
        _("Reminders by e-mail"),
        default=True,
        help_text=_(
            "For your project steps due within 7 days or overdue, and for measures you lead "
            "that have had no status update for a long time. Each reminder is sent once."
        ),
    )
    weekly_digest = models.BooleanField(
        _("Weekly overview by e-mail"),
        default=True,
        help_text=_("Every Monday: all your open steps and the measures you lead."),
    )
    feed_key = models.CharField(
        max_length=FEED_KEY_LENGTH, unique=True, null=True, blank=True, editable=False
    )
    feed_secret = models.CharField(max_length=64, blank=True, editable=False)  # SHA-256, hex
    feed_created_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user)


class SentReminder(models.Model):
    """One reminder that went out. `period` makes a reminder unique: the due date of a step,
    the date of a measure's last update, or the ISO week of a weekly overview."""

    class Kind(models.TextChoices):
        STEP_DUE_SOON = "step_due_soon", _("Step due soon")
        STEP_OVERDUE = "step_overdue", _("Step overdue")
        MEASURE_STALE = "measure_stale", _("Measure without a recent status update")
        WEEKLY_DIGEST = "weekly_digest", _("Weekly overview")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The step or measure (by kind); 0 for a weekly overview. No foreign key: the record
    # must survive its object, and one column keeps the unique constraint simple.
    object_id = models.PositiveBigIntegerField(default=0)
    period = models.CharField(_("period"), max_length=10)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "object_id", "period"], name="reminder_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_kind_display()} ({self.period})"
