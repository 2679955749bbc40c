"""The weekly digest: one e-mail per person with the notifications of the kinds they chose
to get weekly (`Delivery.DIGEST`) that no digest has carried yet.

The periodic job (tasks.py) runs every hour and decides itself: on Mondays, and if no worker
ran on Monday, at the first run up to Wednesday. `SentDigest` records each digest per person
and ISO week in the same transaction that marks the notifications as mailed and sends the
mail: a failing mail server rolls all of it back (the next run tries again), a second run or
worker finds the week recorded (or fails on the unique constraint) and sends nothing.
"""

import logging
from collections import defaultdict
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from .models import Delivery, Notification, SentDigest

logger = logging.getLogger(__name__)
LAST_DIGEST_WEEKDAY = 2  # Wednesday: the last day a missed Monday's digest still goes out


def period_of(now: datetime) -> str:
    year, week, _day = timezone.localdate(now).isocalendar()
    return f"{year}-W{week:02d}"


def send_digests(now: datetime | None = None, *, any_day: bool = False) -> int:
    """Send the digests due now; the number of e-mails sent. `any_day`: also after
    Wednesday (the command's `--any-day`), still once per person and week."""
    now = now or timezone.now()
    if not any_day and timezone.localdate(now).weekday() > LAST_DIGEST_WEEKDAY:
        return 0
    period = period_of(now)
    waiting = (
        Notification.objects.filter(
            delivery=Delivery.DIGEST,
            mailed_at__isnull=True,
            recipient__is_active=True,
            created_at__lte=now,
        )
        .exclude(recipient__email="")
        .exclude(recipient__inbox_digests__period=period)
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "pk")
    )
    by_person: dict[int, list[Notification]] = defaultdict(list)
    for notification in waiting:
        by_person[notification.recipient_id].append(notification)
    sent = 0
    for notifications in by_person.values():
        if _deliver(notifications, period, now):
            sent += 1
    return sent


def _deliver(notifications: list[Notification], period: str, now: datetime) -> bool:
    """Record the digest, mark its notifications mailed and send it: all or nothing."""
    person = notifications[0].recipient
    try:
        with transaction.atomic():
            SentDigest.objects.create(user=person, period=period, sent_at=now)
            marked = Notification.objects.filter(
                pk__in=[n.pk for n in notifications], mailed_at__isnull=True
            ).update(mailed_at=now)
            if marked != len(notifications):
                raise IntegrityError("another run mailed some of these notifications")
            digest_mail(person, notifications).send()
    except IntegrityError:
        logger.info("The digest of person %s was sent by another run.", person.pk)
        return False
    except OSError:  # the mail server (smtplib errors are OSErrors): try again next run
        logger.exception("The digest of person %s could not be sent.", person.pk)
        return False
    return True


def digest_mail(person, notifications: list[Notification]) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        count = len(notifications)
        subject = ngettext(
            "Schreibwerkstatt: %(count)s notification this week",
            "Schreibwerkstatt: %(count)s notifications this week",
            count,
        ) % {"count": count}
        body = render_to_string(
            "inbox/mail/digest.txt",
            {
                "person": person,
                "notifications": notifications,
                "site_url": settings.SITE_URL,
                "inbox_url": settings.SITE_URL + reverse("inbox:list"),
                "settings_url": settings.SITE_URL + reverse("inbox:settings"),
            },
        )
    return EmailMessage(subject, body, None, [person.email])
