"""Notifications, each person's choice of how each kind reaches them, and the record of the
weekly digests sent."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _


def validate_site_path(value: str) -> None:
    """A path inside this site ("/kommunen/…"): never another host, a scheme or "//host"."""
    if (
        not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or not url_has_allowed_host_and_scheme(value, allowed_hosts=None)
    ):
        raise ValidationError(_("Enter a path inside this site, starting with “/”."))


class Kind(models.TextChoices):
    MENTION = "mention", _("Mentions of you")
    REPLY = "reply", _("Replies and new topics in discussions you follow")
    COMMENT = "comment", _("Comments on things you lead")
    ASSIGNMENT = "assignment", _("Work assigned to you")
    REMINDER = "reminder", _("Reminders of due steps and measures without an update")
    WORKSHOP = "workshop", _("Workshops you are registered for")
    ADVICE = "advice", _("Requests for advice")
    REUSE = "reuse", _("Your measures taken over from the measure library")
    OTHER = "other", _("Other messages about your work")


class Delivery(models.TextChoices):
    IN_APP = "in_app", _("Only here in the Schreibwerkstatt")
    EMAIL = "email", _("Also by e-mail at once")
    DIGEST = "digest", _("Also in the weekly e-mail digest")


# Without a choice of the person: the kinds that came as mails before the inbox existed keep
# coming by e-mail at once (nobody who got them stops getting them); the kinds that are new
# with the inbox come here only, so that a new feature sends no surprise e-mails.
DEFAULT_DELIVERY = Delivery.EMAIL
DEFAULT_DELIVERY_OF_KIND: dict[str, str] = {
    Kind.REPLY: Delivery.IN_APP,
    Kind.COMMENT: Delivery.IN_APP,
    Kind.ASSIGNMENT: Delivery.IN_APP,
    Kind.REUSE: Delivery.IN_APP,
}


def default_delivery(kind: str) -> str:
    return DEFAULT_DELIVERY_OF_KIND.get(kind, DEFAULT_DELIVERY)


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def of(self, user) -> "NotificationQuerySet":
        return self.filter(recipient=user)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"), blank=True)  # what the inbox shows under the subject
    url = models.CharField(_("link"), max_length=500, validators=[validate_site_path])
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # How the person's choice was when it came: only DIGEST rows wait for the digest, which
    # sets `mailed_at` (a later change of the choice does not mail old notifications).
    delivery = models.CharField(max_length=10, choices=Delivery.choices, editable=False)
    mailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="inbox_recipient_read"),
            models.Index(fields=["recipient", "-created_at"], name="inbox_recipient_newest"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Preference(models.Model):
    """A person's choice for one kind; without a row the kind's `default_delivery`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="inbox_preferences",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default=DEFAULT_DELIVERY
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="inbox_one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} → {self.delivery}"


class SentDigest(models.Model):
    """One weekly digest that went out, so that no person gets two in one week."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox_digests"
    )
    period = models.CharField(max_length=10)  # the ISO week, "2026-W50"
    sent_at = models.DateTimeField()

    class Meta:
        verbose_name = _("sent digest")
        verbose_name_plural = _("sent digests")
        constraints = [
            models.UniqueConstraint(fields=["user", "period"], name="inbox_one_digest_per_week")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.period}"
