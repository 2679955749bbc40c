"""Signals accounts sends for apps above it (docs/architecture.md: an app never imports one
below it in the layers; those apps listen instead)."""

from django.dispatch import Signal
from django.http import HttpRequest

from .models import User

# Something happened to an account's security that the audit log keeps (audit/signals.py):
# a changed e-mail address, a lock-out and its lifting, the second factor switched on or off,
# a recovery code used. Sent with `kind` (e.g. "account.email_changed"), `user` (the
# account), `actor` (who did it), `request` and `details`; synchronously, so inside the
# sender's transaction.
account_event = Signal()


def send_account_event(
    kind: str, user: User, *, request: HttpRequest | None, actor: User | None = None, **details
) -> None:
    """Send account_event for `user`, done by `actor` (the person themselves unless given),
    with the keyword arguments left over as its details."""
    account_event.send(
        sender=User, kind=kind, user=user, actor=actor or user, request=request, details=details
    )
