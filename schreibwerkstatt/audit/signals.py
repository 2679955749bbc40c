"""Events announced with signals: by Django (logins, failed logins, logouts, and every
change made in the operator area, for which Django's admin writes a LogEntry) and by
accounts (changes to an account's security, accounts/signals.py)."""

from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpRequest

from schreibwerkstatt.accounts.signals import account_event

from .models import Kind
from .services import record


@receiver(user_logged_in, dispatch_uid="audit_login")
def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record(Kind.LOGIN, actor=user, request=request)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def on_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(Kind.LOGOUT, actor=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Django has already masked anything that looks like a password; only the name typed
    # in is kept, cut short so nobody can fill the log with long values.
    username = str(credentials.get("username") or credentials.get("email") or "")[:150]
    record(Kind.LOGIN_FAILED, request=request, details={"username": username})


@receiver(post_save, sender=LogEntry, dispatch_uid="audit_operator_change")
def on_operator_change(
    sender: type[LogEntry], instance: LogEntry, created: bool, **kwargs: Any
) -> None:
    if not created:
        return
    action = {1: "added", 2: "changed", 3: "deleted"}.get(instance.action_flag, "")
    record(
        Kind.OPERATOR_CHANGE,
        actor=instance.user,
        details={
            "action": action,
            "model": instance.content_type.model if instance.content_type_id else "",
            "object_id": instance.object_id or "",
            "object": instance.object_repr,
            "change": instance.get_change_message(),
        },
    )


@receiver(account_event, dispatch_uid="audit_account_event")
def on_account_event(
    sender: Any,
    kind: str,
    user: Any,
    actor: Any,
    request: HttpRequest | None,
    details: dict[str, Any],
    **kwargs: Any,
) -> None:
    record(kind, actor=actor, obj=user, request=request, details=details)
