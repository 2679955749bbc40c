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
