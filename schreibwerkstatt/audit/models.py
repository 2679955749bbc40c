"""An append-only log of events that matter for accountability: who granted an operator a
support access, who revoked it, when it ran out, and every request the operator made with it.

Rows are written once by `services.record` and never changed or deleted from the
application: the model and its QuerySet refuse it. The actor and municipality are kept as
plain references plus a label taken at the time, so the log stays readable after a person
or municipality is deleted and deleting them never rewrites it.
"""

from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """An audit event was to be changed or deleted."""


class Kind(models.TextChoices):
    SUPPORT_GRANTED = "support_access.granted", _("Support access granted")
    SUPPORT_REVOKED = "support_access.revoked", _("Support access revoked")
    SUPPORT_EXPIRED = "support_access.expired", _("Support access expired")
    SUPPORT_USED = "support_access.used", _("Page opened with support access")
    LOGIN = "account.login", _("Logged in")
    LOGIN_FAILED = "account.login_failed", _("Failed login")
    LOGOUT = "account.logout", _("Logged out")
    ACCOUNT_ERASED = "account.erased", _("Account deleted")
    PERSONAL_DATA_DOWNLOADED = "account.data_downloaded", _("Personal data downloaded")
    ROLE_CHANGED = "member.role_changed", _("Role changed")
    MEMBER_REMOVED = "member.removed", _("Member removed")
    INVITATION_SENT = "invitation.sent", _("Invitation sent")
    INVITATION_WITHDRAWN = "invitation.withdrawn", _("Invitation withdrawn")
    INVITATION_ACCEPTED = "invitation.accepted", _("Invitation accepted")
    DOWNLOAD = "data.download", _("Download")
    EXPORT = "data.export", _("Export started")
    IMPORT = "data.import", _("Import started")
    OPERATOR_CHANGE = "operator.change", _("Change in the operator area")
    DISCUSSION_POST_HIDDEN = "discussion.post_hidden", _("Discussion post hidden")
    DISCUSSION_POST_RESTORED = "discussion.post_restored", _("Discussion post shown again")
    DISCUSSION_TOPIC_LOCKED = "discussion.topic_locked", _("Discussion topic locked")
    DISCUSSION_TOPIC_UNLOCKED = "discussion.topic_unlocked", _("Discussion topic unlocked")
    DISCUSSION_TOPIC_MOVED = "discussion.topic_moved", _("Discussion topic moved")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be deleted.")


def _lasting_reference(to: str, verbose_name) -> models.ForeignKey:
    """A reference an event keeps after its target is deleted: no database constraint, no
    reverse accessor, nothing done on deletion (the label fields keep the name)."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )


class AuditEvent(models.Model):
    """One event. Only the retention clean-up and the erasure of a person (services.py) touch
    stored rows: the one deletes events older than AUDIT_RETENTION_DAYS, the other replaces
    the person's name and address by a pseudonym and keeps the event."""

    created_at = models.DateTimeField(_("time"), default=timezone.now, editable=False)
    kind = models.CharField(_("event"), max_length=60, choices=Kind.choices)
    actor = _lasting_reference(settings.AUTH_USER_MODEL, _("person"))
    actor_label = models.CharField(_("person"), max_length=300, blank=True)
    municipality = _lasting_reference("municipalities.Municipality", _("municipality"))
    municipality_label = models.CharField(_("municipality"), max_length=200, blank=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects: ClassVar[AuditEventQuerySet] = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["municipality", "-created_at"], name="audit_municipality_time"),
            models.Index(fields=["-created_at"], name="audit_time"),
            models.Index(fields=["actor", "-created_at"], name="audit_actor_time"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind} {self.actor_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be deleted.")

    @property
    def expires_at(self):
        """The end of the support access an event is about (kept as text in `details`)."""
        value = self.details.get("expires_at") if isinstance(self.details, dict) else None
        return parse_datetime(value) if isinstance(value, str) else None
