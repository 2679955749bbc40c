"""News about a new public series for the visitors who asked for it (subscriptions.py), sent
by the periodic task of tasks.py.

Each published public series that is not cancelled is announced once (`announced_at`):
every subscriber gets one mail with its title, its dates and the link to its page, and an
unsubscribe link (also as List-Unsubscribe header). `SentNotice` records each mail in the
same transaction that sends it, so a second run, a concurrent one or a mail server that
fails half-way never mails anybody twice; `announced_at` is set, under a row lock on the
series, once every subscriber has their notice. A series without sessions waits for them;
one whose sessions are all over is marked announced without a mail (nothing new to tell).
"""

import logging
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import DateSubscriber, SentNotice, Series, Session
from .subscriptions import unsubscribe_url

logger = logging.getLogger(__name__)
Kind = SentNotice.Kind


def series_to_announce():
    return (
        Series.objects.public()
        .filter(cancelled_at__isnull=True, announced_at__isnull=True)
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=Session.objects.filter(cancelled_at__isnull=True).order_by("starts", "pk"),
                to_attr="open_sessions",
            )
        )
        .order_by("published_at", "pk")
    )


def announce_new_series(now: datetime | None = None) -> int:
    """Mail every subscriber about each series not announced yet; the number of mails."""
    now = now or timezone.now()
    subscribers = list(DateSubscriber.objects.order_by("pk"))
    sent = 0
    for series in series_to_announce():
        sessions = series.open_sessions
        if not sessions:
            continue  # its dates are still to come
        if all(session.starts <= now for session in sessions):
            _mark_announced(series, now)
            continue
        told = set(
            SentNotice.objects.filter(kind=Kind.NEW_SERIES, object_id=series.pk).values_list(
                "recipient", flat=True
            )
        )
        failed = False
        for subscriber in subscribers:
            if subscriber.email in told:
                continue
            outcome = _deliver(
                series, subscriber, now, announcement_mail(series, sessions, subscriber)
            )
            sent += outcome == SENT
            failed = failed or outcome == FAILED
        if not failed:
            _mark_announced(series, now)
    return sent


def _mark_announced(series: Series, now: datetime) -> None:
    with transaction.atomic():
        locked = Series.objects.select_for_update().get(pk=series.pk)
        if locked.announced_at is None:
            Series.objects.filter(pk=series.pk).update(announced_at=now)


SENT, TOLD_BEFORE, FAILED = "sent", "told before", "failed"


def _deliver(series: Series, subscriber: DateSubscriber, now: datetime, mail: EmailMessage) -> str:
    """Record the notice and send the mail, both or neither."""
    try:
        with transaction.atomic():
            SentNotice.objects.create(
                kind=Kind.NEW_SERIES, object_id=series.pk, recipient=subscriber.email, sent_at=now
            )
            mail.send()
    except IntegrityError:
        logger.info("Series %s was announced to a subscriber by another run.", series.pk)
        return TOLD_BEFORE
    except OSError:  # the mail server: the next run tries again
        logger.exception("The announcement of series %s could not be sent.", series.pk)
        return FAILED
    return SENT


def announcement_mail(series: Series, sessions: list[Session], subscriber: DateSubscriber):
    unsubscribe = unsubscribe_url(subscriber)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New workshop dates: %(title)s") % {"title": series.title}
        body = render_to_string(
            "workshops/mail/new_series.txt",
            {
                "series": series,
                "sessions": sessions,
                "url": settings.SITE_URL + series.get_absolute_url(),
                "unsubscribe_url": unsubscribe,
            },
        )
    return EmailMessage(
        subject, body, None, [subscriber.email], headers={"List-Unsubscribe": f"<{unsubscribe}>"}
    )
