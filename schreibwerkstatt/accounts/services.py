"""Account security: changing the e-mail address, unlocking a login lock-out by mail, and
password-reset mails sent in the background. See docs/security.md."""

import logging

from axes.models import AccessAttempt
from axes.utils import reset as reset_axes
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import User
from .signals import send_account_event

logger = logging.getLogger(__name__)

UNLOCK_SALT = "accounts.unlock"
UNLOCK_MAX_AGE = 60 * 60  # seconds; a lock-out lasts AXES_COOLOFF_TIME anyway
UNLOCK_MAIL_INTERVAL = 15 * 60  # at most one unlock mail per account in this time


def _mail(template: str, context: dict, recipient: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"accounts/mail/{template}_subject.txt", context).strip()
        body = render_to_string(f"accounts/mail/{template}.txt", context)
    send_mail(subject, body, None, [recipient])


def change_profile(user: User, *, name: str, email: str, request: HttpRequest) -> None:
    """Save name and e-mail address; a changed address is told to the old one, so a
    takeover does not go unnoticed, and recorded in the audit log."""
    old_email = User.objects.values_list("email", flat=True).get(pk=user.pk)
    user.name = name
    user.email = email
    with transaction.atomic():
        user.save(update_fields=["name", "email"])
        if user.email != old_email:
            send_account_event(
                "account.email_changed", user, request=request, old=old_email, new=user.email
            )
    if user.email != old_email:
        # After the commit, so a mail only goes out for a change that was saved.
        _mail(
            "email_changed",
            {"user": user, "old_email": old_email, "new_email": user.email},
            old_email,
        )


# Unlocking a login lock-out ------------------------------------------------------------


def _latest_attempt_id(username: str) -> int | None:
    return (
        AccessAttempt.objects.filter(username=username)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )


def make_unlock_token(user: User) -> str | None:
    """A signed, expiring token naming the account and its newest failed-login record.
    Unlocking deletes those records, so the token works once."""
    attempt = _latest_attempt_id(user.email)
    if attempt is None:
        return None
    return signing.dumps({"u": user.pk, "a": attempt}, salt=UNLOCK_SALT, compress=True)


class UnlockError(Exception):
    pass


def user_for_unlock_token(token: str) -> User:
    try:
        data = signing.loads(token, salt=UNLOCK_SALT, max_age=UNLOCK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise UnlockError("expired") from error
    except signing.BadSignature as error:
        raise UnlockError("invalid") from error
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None:
        raise UnlockError("invalid")
    if not AccessAttempt.objects.filter(pk=data.get("a"), username=user.email).exists():
        raise UnlockError("used")
    return user


def unlock_account(user: User, *, request: HttpRequest) -> None:
    reset_axes(username=user.email)
    send_account_event("account.unlocked", user, request=request)


def send_unlock_mail(*, request: HttpRequest, username: str, ip_address: str) -> None:
    """Called when django-axes locks an account+address pair: tell the account holder and
    give them a link that lifts the lock-out. At most one mail per account per quarter
    hour, so an attacker cannot flood the holder's inbox (if the cache is down, the mail
    goes out: better one mail too many than a holder who cannot get back in)."""
    user = User.objects.filter(email__iexact=username or "", is_active=True).first()
    if user is None:
        return
    send_account_event("account.locked_out", user, request=request, ip_address=ip_address)
    try:
        first = cache.add(f"unlock-mail:{user.pk}", 1, UNLOCK_MAIL_INTERVAL)
    except Exception:  # a broken cache must not stop the mail
        logger.warning("Cache unavailable while limiting unlock mails", exc_info=True)
        first = True
    if not first:
        return
    token = make_unlock_token(user)
    if token is None:
        return
    link = request.build_absolute_uri(reverse("accounts:unlock", args=[token]))
    _mail("unlock", {"user": user, "link": link}, user.email)


# Rate limits ---------------------------------------------------------------------------


def over_limit(key: str, limit: int, seconds: int, *, count: bool = True) -> bool:
    """Count one more event under `key` (unless `count` is False: only look); True once
    more than `limit` happened within `seconds` (when only looking: `limit` reached).
    Fails open: with the cache down nothing is limited."""
    try:
        if not count:
            return (cache.get(key) or 0) >= limit
        cache.add(key, 0, seconds)
        seen = cache.incr(key)
    except Exception:  # a broken or empty cache must not block anybody
        return False
    return seen > limit


# Password reset ------------------------------------------------------------------------


def request_password_reset(email: str, *, domain: str, use_https: bool) -> None:
    """Queue the reset mail. Called for every well-formed request, account or not."""
    from .tasks import send_password_reset as send_task

    send_task.enqueue(email, domain, use_https)


def send_password_reset(email: str, *, domain: str, use_https: bool) -> None:
    """Send the reset link to the active accounts with this address (none, usually one)."""
    from django.contrib.auth.forms import PasswordResetForm

    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return
    with translation.override(settings.LANGUAGE_CODE):
        form.save(
            domain_override=domain,
            use_https=use_https,
            subject_template_name="accounts/mail/password_reset_subject.txt",
            email_template_name="accounts/mail/password_reset.txt",
        )
