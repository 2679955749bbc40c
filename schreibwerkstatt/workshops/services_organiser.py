"""What the organisers (advisers and operators) change: series and sessions, publishing and
cancelling, attendance, materials, notes, the tasks agreed in a session and the follow-up.

Changes participants must know of (a session's time, duration, format, link, place or title)
raise the session's SEQUENCE and mail the registered people the updated calendar entry
(same UID); a cancelled session or series is sent with METHOD:CANCEL. Mails go out after the
commit (notices.py), so a rolled-back change sends nothing.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schreibwerkstatt.core.locking import StaleEditError, save_versioned
from schreibwerkstatt.core.ordering import next_position
from schreibwerkstatt.process.models import ChecklistItem

from . import notices
from .models import Attendance, Material, Participant, Registration, Series, Session
from .services import cancel, fill_places

# The fields of a session whose change participants are told of (with a new SEQUENCE).
NOTIFIED_FIELDS = ("title", "starts", "duration", "format", "meeting_url", "venue", "address")


# Series --------------------------------------------------------------------------------


@transaction.atomic
def add_series(series: Series, *, by, organisers: Iterable) -> Series:
    series.created_by = by
    series.save()
    series.organisers.set(organisers)
    return series


@transaction.atomic
def update_series(series: Series, *, expected_version: int, changes: dict, m2m: dict) -> Series:
    """Save the edit (optimistic locking); more places move waiting municipalities up."""
    locked = Series.objects.select_for_update().get(pk=series.pk)
    saved = save_versioned(locked, expected_version=expected_version, changes=changes, m2m=m2m)
    fill_places(saved)
    return saved


@transaction.atomic
def publish_series(series: Series, *, now=None) -> Series:
    """Publish the series; the visitors who asked for new dates are told by a periodic job
    (announced_at stays empty until then)."""
    series = Series.objects.select_for_update().get(pk=series.pk)
    if series.is_cancelled:
        raise ValidationError(_("A cancelled series cannot be published."), code="cancelled")
    if series.is_published:
        raise ValidationError(_("The series is published already."), code="published")
    if not series.sessions.filter(cancelled_at__isnull=True).exists():
        raise ValidationError(
            _("Please add at least one session before publishing the series."), code="sessions"
        )
    series.published_at = now or timezone.now()
    series.version += 1
    series.save(update_fields=["published_at", "version", "updated_at"])
    return series


@transaction.atomic
def cancel_series(series: Series, *, now=None) -> Series:
    """Cancel the series: the registered municipalities (confirmed and waiting) are told,
    with METHOD:CANCEL for their calendars. The registrations stay, for the record."""
    series = Series.objects.select_for_update().get(pk=series.pk)
    if series.is_cancelled:
        raise ValidationError(_("The series is cancelled already."), code="cancelled")
    series.cancelled_at = now or timezone.now()
    series.version += 1
    series.save(update_fields=["cancelled_at", "version", "updated_at"])
    transaction.on_commit(lambda: notices.series_cancelled(series))
    return series


def withdraw_registration(registration: Registration, *, by) -> None:
    """An organiser cancels a municipality's registration, at any time; the first waiting
    one moves up (services.cancel)."""
    cancel(registration, by=by, enforce_deadline=False)


# Sessions ------------------------------------------------------------------------------


@transaction.atomic
def add_session(series: Series, session: Session, *, guides: Iterable) -> Session:
    """A new session; registered people of confirmed registrations get it for their
    calendars."""
    session.series = series
    session.save()
    session.guides.set(guides)
    confirmed = series.registrations.filter(status=Registration.Status.CONFIRMED)
    if not series.is_cancelled and confirmed.exists():
        transaction.on_commit(lambda: notices.session_changed(session, new=True))
    return session


@transaction.atomic
def update_session(session: Session, *, expected_version: int, changes: dict, m2m: dict) -> Session:
    """Save the edit (optimistic locking). A change participants must know of raises the
    SEQUENCE and mails them the updated calendar entry."""
    current = Session.objects.select_for_update().select_related("series").get(pk=session.pk)
    if current.version != expected_version:
        raise StaleEditError(current)
    # A cancelled session or series was taken out of the calendars already: nobody is told.
    notify = (
        not current.is_cancelled
        and not current.series.is_cancelled
        and any(
            name in changes and getattr(current, name) != changes[name] for name in NOTIFIED_FIELDS
        )
    )
    if notify:
        changes = {**changes, "sequence": current.sequence + 1}
    saved = save_versioned(current, expected_version=expected_version, changes=changes, m2m=m2m)
    if notify:
        transaction.on_commit(lambda: notices.session_changed(saved))
    return saved


@transaction.atomic
def cancel_session(session: Session, *, now=None) -> Session:
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        raise ValidationError(_("The session is cancelled already."), code="cancelled")
    session.cancelled_at = now or timezone.now()
    session.sequence += 1
    session.version += 1
    session.save(update_fields=["cancelled_at", "sequence", "version", "updated_at"])
    transaction.on_commit(lambda: notices.session_cancelled(session))
    return session


@transaction.atomic
def record_attendance(session: Session, present: Iterable[int], *, by, now=None) -> None:
    """Exactly these participants (ids) were present; the others are not (any more)."""
    present = set(present)
    existing = set(session.attendances.values_list("participant_id", flat=True))
    session.attendances.exclude(participant_id__in=present).delete()
    now = now or timezone.now()
    Attendance.objects.bulk_create(
        [
            Attendance(session=session, participant_id=pk, recorded_by=by, recorded_at=now)
            for pk in sorted(present - existing)
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def save_notes(session: Session, *, notes: str, expected_version: int) -> Session:
    return save_versioned(session, expected_version=expected_version, changes={"notes": notes})


# Materials -----------------------------------------------------------------------------


def add_material(session: Session, *, title: str, url: str = "", file_name: str = "",
                 content_type: str = "", content: bytes = b"", public: bool = False,
                 by=None) -> Material:  # fmt: skip
    return Material.objects.create(
        session=session,
        title=title,
        url=url,
        file_name=file_name,
        content_type=content_type,
        content=content,
        size=len(content),
        public=public,
        created_by=by,
    )


def delete_material(material: Material) -> None:
    material.delete()


# Tasks agreed in a session, and the follow-up ------------------------------------------


def task_key(session: Session) -> str:
    """ChecklistItem.key of the tasks agreed in the session."""
    return f"workshop-session:{session.pk}"


def task_reference(session: Session) -> str:
    local = timezone.localtime(session.starts)
    text = _("Agreed in the workshop “%(series)s”, session “%(session)s” on %(date)s") % {
        "series": session.series.title,
        "session": session.title,
        "date": local.strftime("%d.%m.%Y"),
    }
    return text[:300]


def tasks_of(session: Session):
    """The checklist items agreed in the session, by municipality and phase."""
    return (
        ChecklistItem.objects.filter(key=task_key(session))
        .select_related("municipality", "assignee")
        .order_by("municipality__name", "phase", "position", "pk")
    )


@transaction.atomic
def agree_task(session: Session, registration: Registration, *, title: str, phase: int,
               owner, due_date: date | None) -> ChecklistItem:  # fmt: skip
    """Put a task agreed in the session on the municipality's checklist of the phase, with
    its owner and due date, so it appears in the owner's "Meine Aufgaben"."""
    municipality = registration.municipality
    siblings = ChecklistItem.objects.filter(municipality=municipality, phase=phase)
    return ChecklistItem.objects.create(
        municipality=municipality,
        phase=phase,
        title=title,
        assignee=owner,
        due_date=due_date,
        reference=task_reference(session),
        key=task_key(session),
        position=next_position(siblings),
    )


@transaction.atomic
def send_follow_up(session: Session, *, now=None) -> Session:
    """Mail the participants of confirmed registrations the materials and their
    municipality's tasks, once."""
    session = Session.objects.select_for_update().select_related("series").get(pk=session.pk)
    if session.follow_up_sent_at is not None:
        raise ValidationError(
            _("The follow-up was sent on %(date)s already; it is sent only once.")
            % {"date": timezone.localtime(session.follow_up_sent_at).strftime("%d.%m.%Y %H:%M")},
            code="sent",
        )
    if session.is_cancelled:
        raise ValidationError(_("The session is cancelled."), code="cancelled")
    now = now or timezone.now()
    if now < session.starts:  # "thank you for taking part" before anybody could
        raise ValidationError(
            _("The follow-up can be sent once the session has begun."), code="early"
        )
    session.follow_up_sent_at = now
    session.save(update_fields=["follow_up_sent_at", "updated_at"])
    transaction.on_commit(lambda: notices.follow_up(session))
    return session


def participants_of(session: Session) -> list[Participant]:
    """The participants of the confirmed registrations of the session's series, by
    municipality; each knows its `registration` with its municipality."""
    return list(
        Participant.objects.filter(
            registration__series_id=session.series_id,
            registration__status=Registration.Status.CONFIRMED,
        )
        .select_related("user", "registration__municipality")
        .order_by("registration__municipality__name", "registration_id", "pk")
    )
