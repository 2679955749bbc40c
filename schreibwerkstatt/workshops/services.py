"""Registration for a workshop series: register, add and remove participants, cancel, and
move the first waiting municipality up.

Every change of places runs under a row lock on the series (`select_for_update`), so that
concurrent registrations never confirm more municipalities than the capacity: the second
transaction waits for the first and then counts its registration. On SQLite, whose writes
are serialised anyway, the lock is a no-op. The mails go out after the commit
(notices.py), so a rolled-back registration sends nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from schreibwerkstatt.municipalities.models import Membership, Municipality

from . import notices
from .models import Participant, Registration, Series

Status = Registration.Status


@dataclass(frozen=True)
class Places:
    """The places of a series: confirmed municipalities, free places, waiting ones."""

    capacity: int
    confirmed: int
    waiting: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.confirmed, 0)


def places_of(series: Series) -> Places:
    """Counts for one series (pages with many series use `selectors.with_places`)."""
    counts = {Status.CONFIRMED: 0, Status.WAITING: 0}
    for status in series.registrations.exclude(status=Status.CANCELLED).values_list(
        "status", flat=True
    ):
        counts[status] += 1
    return Places(series.capacity, counts[Status.CONFIRMED], counts[Status.WAITING])


def _locked(series: Series) -> Series:
    return Series.objects.select_for_update().get(pk=series.pk)


def _check_people(series: Series, municipality: Municipality, users, emails) -> None:
    people = len(users) + len(emails)
    if people == 0:
        raise ValidationError(_("Name at least one participant."), code="no_participants")
    if people > series.seats_per_municipality:
        raise ValidationError(
            ngettext(
                "Each municipality has %(seats)d seat in this series; you named %(people)d people.",
                "Each municipality has %(seats)d seats in this series; you named %(people)d "
                "people.",
                series.seats_per_municipality,
            )
            % {"seats": series.seats_per_municipality, "people": people},
            code="seats",
        )
    members = set(
        Membership.objects.filter(municipality=municipality, user__in=users).values_list(
            "user_id", flat=True
        )
    )
    if any(user.pk not in members for user in users):
        raise ValidationError(
            _("Participants must be members of the municipality."), code="not_member"
        )


@transaction.atomic
def register(
    series: Series,
    municipality: Municipality,
    *,
    by,
    users: Iterable = (),
    emails: Iterable[str] = (),
    now=None,
) -> Registration:
    """Register the municipality with its participants: confirmed while there are places,
    otherwise on the waiting list. `emails` are people who are not members yet; the caller
    invites them (registration views) and the participant rows keep the address.

    Raises ValidationError (German message) when registration is closed, the seats are
    exceeded, a participant is no member, or the municipality is already registered."""
    now = now or timezone.now()
    users, emails = list(users), sorted({email.strip().lower() for email in emails})
    series = _locked(series)
    if not series.registration_is_open(now):
        raise ValidationError(_("Registration for this series is closed."), code="closed")
    if (
        series.registrations.filter(municipality=municipality)
        .exclude(status=Status.CANCELLED)
        .exists()
    ):
        raise ValidationError(
            _("%(name)s is already registered for this series.") % {"name": municipality.name},
            code="registered",
        )
    _check_people(series, municipality, users, emails)
    confirmed = series.registrations.filter(status=Status.CONFIRMED).count()
    status = Status.CONFIRMED if confirmed < series.capacity else Status.WAITING
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                series=series,
                municipality=municipality,
                status=status,
                registered_by=by,
                created_at=now,
                confirmed_at=now if status == Status.CONFIRMED else None,
            )
    except IntegrityError:  # a concurrent registration of the same municipality
        raise ValidationError(
            _("%(name)s is already registered for this series.") % {"name": municipality.name},
            code="registered",
        ) from None
    Participant.objects.bulk_create(
        [Participant(registration=registration, user=user, created_at=now) for user in users]
        + [Participant(registration=registration, email=email, created_at=now) for email in emails]
    )
    transaction.on_commit(lambda: notices.registration_received(registration))
    return registration


def may_still_cancel(series: Series, now=None) -> bool:
    """Participants and coordinators cancel themselves until the deadline (or the start of
    the first session when the series has none)."""
    now = now or timezone.now()
    deadline = series.cancellation_deadline
    if deadline is None:
        first = series.sessions.filter(cancelled_at__isnull=True).order_by("starts").first()
        deadline = first.starts if first else series.registration_closes
    return now < deadline


@transaction.atomic
def cancel(registration: Registration, *, by, now=None, enforce_deadline: bool = True) -> None:
    """Cancel a municipality's registration; the first waiting one moves up and is told.
    Organisers cancel at any time (`enforce_deadline=False`)."""
    now = now or timezone.now()
    series = _locked(registration.series)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Status.CANCELLED:
        raise ValidationError(_("This registration is already cancelled."), code="cancelled")
    if enforce_deadline and not may_still_cancel(series, now):
        raise ValidationError(
            _("The deadline for cancelling has passed. Please write to the organisers."),
            code="deadline",
        )
    was_confirmed = registration.status == Status.CONFIRMED
    registration.status = Status.CANCELLED
    registration.cancelled_at = now
    registration.version += 1
    registration.save(update_fields=["status", "cancelled_at", "version"])
    participants = list(registration.participants.select_related("user"))
    transaction.on_commit(lambda: notices.registration_cancelled(registration, participants))
    if was_confirmed:
        fill_places(series, now=now)


def fill_places(series: Series, *, now=None) -> list[Registration]:
    """Move waiting registrations up into free places, first come first served; each one
    moved up is told by mail. Call inside a transaction holding the series' lock."""
    now = now or timezone.now()
    if series.is_cancelled:
        return []
    free = series.capacity - series.registrations.filter(status=Status.CONFIRMED).count()
    if free <= 0:
        return []
    moved = list(
        series.registrations.select_for_update()
        .filter(status=Status.WAITING)
        .order_by("created_at", "pk")[:free]
    )
    for registration in moved:
        registration.status = Status.CONFIRMED
        registration.confirmed_at = now
        registration.version += 1
        registration.save(update_fields=["status", "confirmed_at", "version"])
        transaction.on_commit(lambda registration=registration: notices.moved_up(registration))
    return moved


# Registration with people who are not members yet, and changes of the participants
# (views/registration.py). The seats are counted under the series' lock, like the places.


def _invite(municipality: Municipality, emails: Iterable[str], *, by, base_url: str) -> dict:
    """{address: invitation} for people invited with a registration as contributors: an
    invitation still pending for the address is used again, otherwise a new one is sent."""
    from schreibwerkstatt.municipalities.models import Invitation, Role
    from schreibwerkstatt.municipalities.services import invite_member

    invitations = {}
    for email in emails:
        pending = (
            Invitation.objects.pending()
            .filter(municipality=municipality, email__iexact=email)
            .order_by("-created_at")
            .first()
        )
        invitations[email] = pending or invite_member(
            municipality=municipality,
            email=email,
            role=Role.CONTRIBUTOR,
            invited_by=by,
            base_url=base_url,
        )
    return invitations


def _link_invitations(registration: Registration, invitations: dict) -> None:
    for participant in registration.participants.filter(user__isnull=True):
        invitation = invitations.get(participant.email)
        if invitation is not None:
            participant.invitation = invitation
            participant.save(update_fields=["invitation"])


@transaction.atomic
def register_team(
    series: Series,
    municipality: Municipality,
    *,
    by,
    users: Iterable = (),
    emails: Iterable[str] = (),
    base_url: str,
    now=None,
) -> Registration:
    """Register the municipality (`register`) and invite the people named by address to
    the municipality as contributors, in one step: all or nothing. The participant keeps the
    address and the invitation; accepting it makes the new member the participant
    (signals.py)."""
    emails = sorted({email.strip().lower() for email in emails if email.strip()})
    registration = register(series, municipality, by=by, users=users, emails=emails, now=now)
    _link_invitations(registration, _invite(municipality, emails, by=by, base_url=base_url))
    return registration


def _check_open_for_changes(registration: Registration, now) -> None:
    if registration.status == Status.CANCELLED:
        raise ValidationError(_("This registration is cancelled."), code="cancelled")
    if not may_still_cancel(registration.series, now):
        raise ValidationError(
            _("The participants can no longer be changed. Please write to the organisers."),
            code="deadline",
        )


@transaction.atomic
def add_participants(
    registration: Registration,
    *,
    by,
    users: Iterable = (),
    emails: Iterable[str] = (),
    base_url: str,
    now=None,
) -> list[Participant]:
    """Add members or invited addresses to a registration, within the seats."""
    now = now or timezone.now()
    series = _locked(registration.series)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.series = series
    _check_open_for_changes(registration, now)
    users = list(users)
    emails = sorted({email.strip().lower() for email in emails if email.strip()})
    present = list(registration.participants.all())
    known_users = {p.user_id for p in present if p.user_id}
    known_emails = {p.email for p in present if not p.user_id}
    if any(user.pk in known_users for user in users) or known_emails & set(emails):
        raise ValidationError(
            _("Some of these people already take part."), code="participant_twice"
        )
    if not users and not emails:
        raise ValidationError(_("Name at least one participant."), code="no_participants")
    seats = series.seats_per_municipality
    if len(present) + len(users) + len(emails) > seats:
        raise ValidationError(
            ngettext(
                "Each municipality has %(seats)d seat in this series; %(free)d is still free.",
                "Each municipality has %(seats)d seats in this series; %(free)d are still free.",
                seats,
            )
            % {"seats": seats, "free": max(seats - len(present), 0)},
            code="seats",
        )
    _check_people(series, registration.municipality, users, [])
    added = Participant.objects.bulk_create(
        [Participant(registration=registration, user=user, created_at=now) for user in users]
        + [Participant(registration=registration, email=email, created_at=now) for email in emails]
    )
    invitations = _invite(registration.municipality, emails, by=by, base_url=base_url)
    _link_invitations(registration, invitations)
    registration.version += 1
    registration.save(update_fields=["version"])
    return added


@transaction.atomic
def remove_participant(participant: Participant, *, by, now=None) -> None:
    """Take a person off a registration: the coordination (never the last one: it cancels
    the registration instead) or the person themselves ("Ich kann nicht teilnehmen"), until
    the series is over."""
    now = now or timezone.now()
    registration = Registration.objects.select_for_update().get(pk=participant.registration_id)
    if registration.status == Status.CANCELLED:
        raise ValidationError(_("This registration is cancelled."), code="cancelled")
    themselves = participant.user_id is not None and participant.user_id == getattr(by, "pk", None)
    if not themselves:
        if not may_still_cancel(registration.series, now):
            raise ValidationError(
                _("The participants can no longer be changed. Please write to the organisers."),
                code="deadline",
            )
        if registration.participants.count() <= 1:
            raise ValidationError(
                _(
                    "A registration needs at least one participant. To take the municipality "
                    "off, cancel the registration."
                ),
                code="last_participant",
            )
    Participant.objects.filter(pk=participant.pk).delete()
    registration.version += 1
    registration.save(update_fields=["version"])


def link_accepted_invitation(invitation) -> int:
    """The person who accepted an invitation sent with a registration becomes its
    participant (once per registration); returns how many participants were linked."""
    user = invitation.accepted_by
    if user is None:
        return 0
    linked = 0
    for participant in Participant.objects.filter(invitation=invitation, user__isnull=True):
        if Participant.objects.filter(registration=participant.registration_id, user=user).exists():
            participant.delete()  # the person took part already under their account
            continue
        participant.user = user
        participant.save(update_fields=["user"])
        linked += 1
    return linked


@transaction.atomic
def withdraw(registration: Registration, *, by, now=None) -> None:
    """The coordination cancels its registration (`cancel`, within the deadline) and the
    participants' names and addresses are deleted with it: they were kept for the list of
    participants, the mails and the calendar files only. The cancellation mail still reaches
    them (it was prepared from the rows before they were deleted)."""
    cancel(registration, by=by, now=now)
    Participant.objects.filter(registration=registration).delete()
