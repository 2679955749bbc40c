"""“Tell me about new dates”: visitors leave an e-mail address with double opt-in.

Nothing is stored when the form is sent: the confirmation mail carries the address, signed
(django.core.signing) and valid for `CONFIRMATION_DAYS`. Only the click on that link (and
the button on its page, so that a mail program that opens links to check them confirms
nothing) stores the address, the time and a random token for the unsubscribe link that
every later mail carries. The answer of the form is the same whether the address is known
or not; a second confirmation changes nothing.
"""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import DateSubscriber, SentNotice

logger = logging.getLogger(__name__)

CONFIRMATION_DAYS = 3
_SALT = "schreibwerkstatt.workshops.subscribe"


def confirmation_token(email: str) -> str:
    return signing.dumps(email.strip().lower(), salt=_SALT, compress=True)


def address_of(token: str) -> str | None:
    """The address a confirmation link carries, or None when it is forged or expired."""
    try:
        email = signing.loads(token, salt=_SALT, max_age=timedelta(days=CONFIRMATION_DAYS))
    except signing.BadSignature:  # SignatureExpired is one
        return None
    return email if isinstance(email, str) and "@" in email else None


def unsubscribe_url(subscriber: DateSubscriber) -> str:
    return settings.SITE_URL + reverse("workshops:unsubscribe", kwargs={"token": subscriber.token})


def request_subscription(email: str) -> bool:
    """Send the confirmation link to `email`; stores nothing. False if the mail server is
    away (logged). A subscribed address gets the same mail: its link changes nothing."""
    email = email.strip().lower()
    link = settings.SITE_URL + reverse(
        "workshops:subscribe_confirm", kwargs={"token": confirmation_token(email)}
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Please confirm: news about new workshop dates")
        body = render_to_string(
            "workshops/mail/subscribe_confirm.txt",
            {
                "link": link,
                "days": CONFIRMATION_DAYS,
                "calendar_url": settings.SITE_URL + reverse("workshops:calendar"),
            },
        )
    try:
        EmailMessage(subject, body, None, [email]).send()
    except OSError:  # smtplib errors are OSErrors
        logger.exception("The confirmation mail for new dates could not be sent.")
        return False
    return True


def confirm_subscription(email: str, now=None) -> tuple[DateSubscriber, bool]:
    """Store the confirmed address; (subscriber, False) when it was stored before."""
    email = email.strip().lower()
    existing = DateSubscriber.objects.filter(email=email).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            subscriber = DateSubscriber.objects.create(
                email=email, token=secrets.token_urlsafe(32), confirmed_at=now or timezone.now()
            )
    except IntegrityError:  # confirmed twice at the same moment
        return DateSubscriber.objects.get(email=email), False
    return subscriber, True


def subscriber_of(token: str) -> DateSubscriber | None:
    if not token or len(token) > 64:
        return None
    return DateSubscriber.objects.filter(token=token).first()


@transaction.atomic
def unsubscribe(token: str) -> bool:
    """Delete the subscriber of the token and the record of the news sent to the address,
    so nothing of it stays; False when there is none (any more)."""
    subscriber = DateSubscriber.objects.select_for_update().filter(token=token).first()
    if subscriber is None:
        return False
    SentNotice.objects.filter(kind=SentNotice.Kind.NEW_SERIES, recipient=subscriber.email).delete()
    subscriber.delete()
    return True
