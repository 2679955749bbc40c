"""Writes of the personal area: ticking one's steps, notification settings, the calendar token."""

import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from schreibwerkstatt.core.locking import StaleEditError
from schreibwerkstatt.strategies.models import Step

from .models import FEED_KEY_LENGTH, NotificationSettings


@transaction.atomic
def tick_step(step: Step, *, done: bool, expected_version: int) -> Step:
    """Mark a step done or open again. Already in the wanted state: nothing to do. Otherwise
    the step must not have changed since the person loaded it (StaleEditError)."""
    current = Step.objects.select_for_update().get(pk=step.pk)
    if current.done == done:
        return current
    if current.version != expected_version:
        raise StaleEditError(current)
    current.done, current.done_at = done, timezone.now() if done else None
    current.version += 1
    current.save()
    return current


def settings_of(user) -> NotificationSettings:
    """The person's settings; the defaults (unsaved) when they never changed anything."""
    found = NotificationSettings.objects.filter(user=user).first()
    return found if found is not None else NotificationSettings(user=user)


@transaction.atomic
def save_notification_settings(
    user,
    *,
    reminders: bool,
    weekly_digest: bool,
    expected_version: int,
) -> NotificationSettings:
    current = _locked_settings(user)
    if current.version != expected_version:
        raise StaleEditError(current)
    current.reminders, current.weekly_digest = reminders, weekly_digest
    current.version += 1
    current.save()
    return current


@transaction.atomic
def renew_feed_token(user) -> str:
    """A new secret calendar token (public key + secret); the previous one stops working at
    once. Only the secret's digest is stored, so the token is returned here and never again."""
    current = _locked_settings(user)
    secret = secrets.token_urlsafe(32)
    current.feed_key = secrets.token_hex(FEED_KEY_LENGTH // 2)
    current.feed_secret = secret_digest(secret)
    current.feed_created_at = timezone.now()
    current.save()
    return current.feed_key + secret


def secret_digest(secret: str) -> str:
    """SHA-256 suffices: the secret is 256 random bits, not a password to be guessed."""
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def revoke_feed_token(user) -> NotificationSettings:
    current = _locked_settings(user)
    current.feed_key, current.feed_secret, current.feed_created_at = None, "", None
    current.save()
    return current


def feed_owner(token: str):
    """The active person whose calendar token this is, or None. The public key part finds
    the row; the secret part is compared in constant time."""
    key, secret = token[:FEED_KEY_LENGTH], token[FEED_KEY_LENGTH:]
    if len(key) != FEED_KEY_LENGTH or not secret:
        return None
    found = (
        NotificationSettings.objects.filter(feed_key=key, user__is_active=True)
        .select_related("user")
        .first()
    )
    if found is None or not hmac.compare_digest(found.feed_secret, secret_digest(secret)):
        return None
    return found.user


def _locked_settings(user) -> NotificationSettings:
    current, _created = NotificationSettings.objects.select_for_update().get_or_create(user=user)
    return current
