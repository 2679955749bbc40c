"""Reminders of workshop sessions, sent by the periodic task of tasks.py (every 5 minutes).

Every participant of a confirmed registration (an active member with an address, through
their inbox as for every workshop notice, or an address invited with the registration) gets

- a reminder one day before each session (from 24 hours before its start), and
- for an online session, one an hour before (from 60 minutes before), with the meeting link.

`SentNotice` records each reminder per session, person and the session's start (`key`), so
a second run sends nothing twice and a moved session reminds again. The row is written in
the same transaction that sends the mail: if sending fails, nothing is recorded and the next
run tries again; a concurrent run fails on the unique constraint and sends nothing.

After a worker outage each reminder is made up once: the day reminder still goes out late,
as long as the session has not started; when the hour reminder is due as well, only the
hour reminder goes out and both are recorded. Nothing is sent for cancelled sessions or
series, cancelled or waiting registrations, or unpublished series.
"""

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from schreibwerkstatt.inbox.models import Kind as NotificationKind
from schreibwerkstatt.inbox.services import notify

from . import ics
from .models import MEETING_LINK_OPENS, Participant, Registration, SentNotice, Session

logger = logging.getLogger(__name__)
Kind = SentNotice.Kind
DAY_BEFORE = timedelta(days=1)
HOUR_BEFORE = MEETING_LINK_OPENS


@dataclass(frozen=True)
class Recipient:
    key: str  # SentNotice.recipient: the user's pk, or the invited address
    address: str
    slug: str  # the series, for the link to the registration page
    # An account holder hears of it through their inbox (`inbox.services.notify`): a
    # notification, and the mail as they chose; an invited address gets the mail itself.
    user: object = field(default=None, compare=False, hash=False)


def session_key(session: Session) -> str:
    """The SentNotice key of a session's reminders: its start, so a moved session (a new
    start) is reminded of again."""
    return session.starts.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def due_sessions(now: datetime) -> list[Session]:
    """Sessions starting within a day that are not cancelled, of published series that are
    not cancelled."""
    return list(
        Session.objects.filter(
            starts__gt=now,
            starts__lte=now + DAY_BEFORE,
            cancelled_at__isnull=True,
            series__cancelled_at__isnull=True,
            series__published_at__isnull=False,
        )
        .select_related("series")
        .order_by("starts", "pk")
    )


def recipients_of(sessions: list[Session]) -> dict[int, list[Recipient]]:
    """The people of the confirmed registrations of each session's series, each once."""
    series_ids = {session.series_id for session in sessions}
    people: dict[int, dict[str, Recipient]] = {pk: {} for pk in series_ids}
    participants = Participant.objects.filter(
        registration__series_id__in=series_ids,
        registration__status=Registration.Status.CONFIRMED,
    ).select_related("user", "registration__series")
    for participant in participants.order_by("pk"):
        series = participant.registration.series
        if participant.user_id:
            user = participant.user
            if not (user.is_active and user.email):
                continue
            recipient = Recipient(str(user.pk), user.email, series.slug, user)
        else:
            address = participant.email.lower()
            recipient = Recipient(address, address, series.slug)
        people[series.pk].setdefault(recipient.key, recipient)
    return {pk: list(found.values()) for pk, found in people.items()}


def send_session_reminders(now: datetime | None = None) -> int:
    """Send the reminders due now that were not sent before; the number of mails sent."""
    now = now or timezone.now()
    sessions = due_sessions(now)
    if not sessions:
        return 0
    people = recipients_of(sessions)
    sent_before = set(
        SentNotice.objects.filter(
            kind__in=[Kind.REMINDER_DAY, Kind.REMINDER_HOUR],
            object_id__in=[session.pk for session in sessions],
        ).values_list("kind", "object_id", "recipient", "key")
    )
    sent = 0
    for session in sessions:
        key = session_key(session)
        hour_due = session.is_online and now >= session.starts - HOUR_BEFORE
        for recipient in people.get(session.series_id, []):
            done = {
                kind
                for kind in (Kind.REMINDER_DAY, Kind.REMINDER_HOUR)
                if (kind, session.pk, recipient.key, key) in sent_before
            }
            if hour_due and Kind.REMINDER_HOUR not in done:
                # The hour reminder replaces a day reminder not sent yet (worker outage).
                kinds = [Kind.REMINDER_HOUR] + (
                    [] if Kind.REMINDER_DAY in done else [Kind.REMINDER_DAY]
                )
                mail = reminder_mail(session, recipient, hour=True, now=now)
            elif not hour_due and Kind.REMINDER_DAY not in done:
                kinds, mail = (
                    [Kind.REMINDER_DAY],
                    reminder_mail(session, recipient, hour=False, now=now),
                )
            else:
                continue
            if _deliver(session, recipient, key, kinds, now, mail):
                sent += 1
    return sent


def _deliver(
    session: Session,
    recipient: Recipient,
    key: str,
    kinds: list[str],
    now: datetime,
    mail: EmailMessage,
) -> bool:
    """Record the reminders and send the mail, both or neither."""
    try:
        with transaction.atomic():
            SentNotice.objects.bulk_create(
                SentNotice(
                    kind=kind, object_id=session.pk, recipient=recipient.key, key=key, sent_at=now
                )
                for kind in kinds
            )
            if recipient.user is not None:
                notify(
                    [recipient.user],
                    kind=NotificationKind.WORKSHOP,
                    subject=mail.subject,
                    body=mail.body,
                    summary="",  # the subject says which session and when
                    url=reverse("workshops:registration", kwargs={"slug": recipient.slug}),
                    attachments=mail.attachments,
                    send_now=True,  # inside this transaction: a failure is retried
                )
            else:
                mail.send()
    except IntegrityError:
        logger.info("The reminder of session %s was sent by another run.", session.pk)
        return False
    except OSError:  # the mail server (smtplib errors are OSErrors): try again next run
        logger.exception("The reminder of session %s could not be sent.", session.pk)
        return False
    return True


def reminder_mail(
    session: Session, recipient: Recipient, *, hour: bool, now: datetime
) -> EmailMessage:
    """The German plain-text reminder with the session's calendar file; the hour reminder
    of an online session carries the meeting link."""
    series = session.series
    with translation.override(settings.LANGUAGE_CODE):
        # A day reminder made up late, or for a registration of the last hours, is for today.
        today = timezone.localdate(now) == timezone.localdate(session.starts)
        if hour:
            subject = _("Starting in one hour: %(title)s") % {"title": series.title}
        elif today:
            subject = _("Today: %(title)s") % {"title": series.title}
        else:
            subject = _("Tomorrow: %(title)s") % {"title": series.title}
        context = {
            "session": session,
            "series": series,
            "hour": hour,
            "today": today,
            "url": settings.SITE_URL
            + reverse("workshops:registration", kwargs={"slug": recipient.slug}),
        }
        body = render_to_string("workshops/mail/reminder.txt", context)
        calendar = ics.calendar_bytes(
            [session], name=series.title, with_link=hour and session.is_online
        )
    mail = EmailMessage(subject, body, None, [recipient.address])
    mail.attach("schreibwerkstatt-termin.ics", calendar, ics.CONTENT_TYPE)
    return mail
