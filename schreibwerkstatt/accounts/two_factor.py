"""The second factor: time-based one-time codes (TOTP, RFC 6238) from an authenticator app,
plus ten single-use recovery codes. No external service: the QR code is drawn here as SVG.
See docs/security.md."""

import hmac
import secrets
import time
from collections.abc import Callable

import pyotp
import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import RecoveryCode, User
from .signals import send_account_event

ISSUER = "Schreibwerkstatt"
RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The QR code as inline SVG (no external service sees the key)."""
    return segno.make(uri, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff")


def _normalise(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def totp_step(secret: str, code: str, *, after: int = 0) -> int | None:
    """The time step the 6-digit code belongs to (now, or one step before or after for
    clock drift), if it is later than `after`; None otherwise."""
    code = _normalise(code)
    if len(code) != 6 or not code.isdigit() or not secret:
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(time.time())
    for step in (now - 1, now, now + 1):
        if step > after and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _hash(code: str) -> str:
    return salted_hmac("accounts.recovery", _normalise(code), algorithm="sha256").hexdigest()


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def enable(user: User, secret: str, step: int, *, request: HttpRequest) -> list[str]:
    """Switch the second factor on with a confirmed key; returns the recovery codes, which
    are shown once and stored only hashed."""
    user.totp_secret = secret
    user.totp_enabled_at = timezone.now()
    user.totp_last_step = step
    user.save(update_fields=["totp_secret", "totp_enabled_at", "totp_last_step"])
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    user.recovery_codes.all().delete()
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, code_hash=_hash(c)) for c in codes)
    send_account_event("account.2fa_enabled", user, request=request)
    return codes


@transaction.atomic
def disable(user: User, *, request: HttpRequest, actor: User | None = None) -> None:
    """Switch the second factor off; `actor` is the operator when they reset it."""
    user.totp_secret = ""
    user.totp_enabled_at = None
    user.totp_last_step = 0
    user.save(update_fields=["totp_secret", "totp_enabled_at", "totp_last_step"])
    user.recovery_codes.all().delete()
    send_account_event("account.2fa_disabled", user, request=request, actor=actor)


def check_code(user: User, code: str, *, request: HttpRequest) -> str | None:
    """Accept a current authenticator code (each only once) or an unused recovery code
    (then used up). Returns "totp" or "recovery", or None."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        step = totp_step(locked.totp_secret, code, after=locked.totp_last_step)
        if step is not None:
            locked.totp_last_step = step
            locked.save(update_fields=["totp_last_step"])
            user.totp_last_step = step
            return "totp"
        updated = RecoveryCode.objects.filter(
            user=locked, code_hash=_hash(code), used_at__isnull=True
        ).update(used_at=timezone.now())
        if updated:
            left = locked.recovery_codes.filter(used_at__isnull=True).count()
            send_account_event("account.recovery_code_used", locked, request=request, left=left)
            return "recovery"
    return None


def _is_operator(user: User) -> bool:
    return user.is_staff and user.is_superuser


# The groups settings.REQUIRE_2FA_FOR may name, each with the question whether a person
# belongs to it, asked in this order (the cheap ones first). Accounts knows the operators;
# municipalities, which owns the roles, adds "coordinators" (municipalities/apps.py).
TWO_FACTOR_GROUPS: dict[str, Callable[[User], bool]] = {"operators": _is_operator}


def require_two_factor_for(group: str, belongs: Callable[[User], bool]) -> None:
    TWO_FACTOR_GROUPS[group] = belongs


def required_for(user: User) -> bool:
    """Whether settings.REQUIRE_2FA_FOR makes this person set up the second factor."""
    groups = settings.REQUIRE_2FA_FOR
    if not groups or not user.is_authenticated:
        return False
    return any(belongs(user) for group, belongs in TWO_FACTOR_GROUPS.items() if group in groups)
