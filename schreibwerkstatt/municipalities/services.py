"""Writes about municipalities, members and invitations. Callers validate input first."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from schreibwerkstatt.core.locking import StaleEditError

from .models import Invitation, Membership, Municipality, Role, SupportAccess

User = get_user_model()
INVITATION_SALT = "schreibwerkstatt.invitation"


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"invitation": invitation.pk}, salt=INVITATION_SALT, compress=True)


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation behind a link, if the signature is valid and younger than 7 days."""
    try:
        data = signing.loads(
            token,
            salt=INVITATION_SALT,
            max_age=timezone.timedelta(days=settings.INVITATION_MAX_AGE_DAYS),
        )
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict) or not isinstance(data.get("invitation"), int):
        return None
    return (
        Invitation.objects.select_related("municipality", "invited_by")
        .filter(pk=data["invitation"])
        .first()
    )


def invite_member(
    *, municipality: Municipality, email: str, role: str, invited_by, base_url: str
) -> Invitation:
    invitation = Invitation.objects.create(
        municipality=municipality, email=email.lower(), role=role, invited_by=invited_by
    )
    link = base_url + reverse(
        "municipalities:accept_invitation", kwargs={"token": invitation_token(invitation)}
    )
    context = {"invitation": invitation, "link": link, "days": settings.INVITATION_MAX_AGE_DAYS}
    with translation.override("de"):
        subject = _("Invitation to the digital strategy of %(name)s") % {"name": municipality.name}
        body = render_to_string("municipalities/mail/invitation.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [invitation.email]))
    return invitation


def _lock_unused(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at or locked.revoked_at:
        raise ValidationError(_("This invitation has already been used or withdrawn."), code="used")
    return locked


@transaction.atomic
def accept_invitation(invitation: Invitation, user) -> Membership:
    locked = _lock_unused(invitation)
    membership, _created = Membership.objects.get_or_create(
        user=user, municipality=locked.municipality, defaults={"role": locked.role}
    )
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def create_account_and_accept(invitation: Invitation, *, name: str, password: str):
    """Create the invited person's account and accept the invitation, all or nothing.

    Several sign-ups on one link at once (a double click, a reloaded form): the invitation row
    is locked before the account is created, so exactly one creates it and the others find the
    invitation used (code "used"). An account with the address made some other way meanwhile
    hits the unique e-mail address (code "account_exists"): that person logs in instead."""
    try:
        with transaction.atomic():
            locked = _lock_unused(invitation)
            user = User.objects.create_user(email=locked.email, password=password, name=name)
            accept_invitation(locked, user)
    except IntegrityError as error:
        raise ValidationError(
            _("An account with this address exists already. Please log in to accept."),
            code="account_exists",
        ) from error
    return user


def revoke_invitation(invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def _guard_last_coordinator(membership: Membership) -> None:
    others = (
        Membership.objects.select_for_update()
        .filter(municipality_id=membership.municipality_id, role=Role.COORDINATOR)
        .exclude(pk=membership.pk)
    )
    if membership.role == Role.COORDINATOR and not others.exists():
        raise ValidationError(
            _(
                "%(municipality)s needs at least one coordinator. Give another person this role first."
            )
            % {"municipality": membership.municipality.name}
        )


@transaction.atomic
def change_role(membership: Membership, *, role: str, expected_version: int) -> Membership:
    current = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=membership.pk)
    )
    if current.version != expected_version:
        raise StaleEditError(current)
    if role != Role.COORDINATOR:
        _guard_last_coordinator(current)
    current.role = role
    current.version += 1
    current.save(update_fields=["role", "version"])
    return current


@transaction.atomic
def remove_member(membership: Membership) -> None:
    _guard_last_coordinator(membership)
    membership.delete()


def _support_details(access: SupportAccess) -> dict:
    return {
        "operator": str(access.operator),
        "operator_email": access.operator.email,
        "expires_at": access.expires_at,
    }


@transaction.atomic
def grant_support_access(
    *, municipality: Municipality, operator, days: int, reason: str, granted_by, request=None
) -> SupportAccess:
    """Let `operator` read the municipality's content for `days` days from now."""
    from schreibwerkstatt.audit.models import Kind
    from schreibwerkstatt.audit.services import record

    now = timezone.now()
    access = SupportAccess.objects.create(
        municipality=municipality,
        operator=operator,
        reason=reason,
        granted_by=granted_by,
        created_at=now,
        expires_at=now + timezone.timedelta(days=days),
    )
    record(
        Kind.SUPPORT_GRANTED,
        actor=granted_by,
        municipality=municipality,
        obj=access,
        request=request,
        details={**_support_details(access), "days": days, "reason": reason},
    )
    return access


@transaction.atomic
def revoke_support_access(access: SupportAccess, *, revoked_by, request=None) -> SupportAccess:
    """End a support access now. Refuses one that is already revoked or has run out."""
    from schreibwerkstatt.audit.models import Kind
    from schreibwerkstatt.audit.services import record

    locked = SupportAccess.objects.select_for_update().select_related("operator").get(pk=access.pk)
    if not locked.is_active:
        raise ValidationError(_("This support access has already ended."))
    locked.revoked_at = timezone.now()
    locked.revoked_by = revoked_by
    locked.save(update_fields=["revoked_at", "revoked_by"])
    record(
        Kind.SUPPORT_REVOKED,
        actor=revoked_by,
        municipality=access.municipality,
        obj=locked,
        request=request,
        details=_support_details(locked),
    )
    return locked


def record_expired_support_accesses(now=None) -> int:
    """Write one audit event for each support access that ran out unrevoked and has none
    yet. Periodic (settings.PERIODIC_TASKS) and idempotent. The access itself ends at
    `expires_at` in any case; this only records it."""
    from schreibwerkstatt.audit.models import Kind
    from schreibwerkstatt.audit.services import record

    now = now or timezone.now()
    count = 0
    due = SupportAccess.objects.filter(
        revoked_at__isnull=True, expires_at__lte=now, expiry_recorded_at__isnull=True
    ).values_list("pk", flat=True)
    for pk in due:
        with transaction.atomic():
            # The conditional update claims the access, so two workers record it once.
            if not SupportAccess.objects.filter(pk=pk, expiry_recorded_at__isnull=True).update(
                expiry_recorded_at=now
            ):
                continue
            access = SupportAccess.objects.select_related("municipality", "operator").get(pk=pk)
            record(
                Kind.SUPPORT_EXPIRED,
                municipality=access.municipality,
                obj=access,
                details=_support_details(access),
            )
            count += 1
    return count
