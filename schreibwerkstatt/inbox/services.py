"""The one way the platform tells an account holder something about their work: `notify`.

Each message becomes a `Notification` in the person's inbox (`/benachrichtigungen/`) and,
as the person chose for its kind (`Preference`; without a choice: the kind's
`default_delivery`), also an
e-mail at once or a line in the weekly digest (digest.py). Mails to addresses without an
account (invitations, visitors of the workshop calendar) and the account's own mails (login
codes, password reset) are no notifications and stay plain e-mails of their apps.

The header's bell reads the unread count from the cache (`unread_count`): one query when it
is not there, none otherwise; every write here drops the person's cached count.
"""

import logging
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import (
    Delivery,
    Kind,
    Notification,
    Preference,
    default_delivery,
    validate_site_path,
)

logger = logging.getLogger(__name__)

# (file name, content, MIME type), as EmailMessage.attach takes them
Attachment = tuple[str, bytes | str, str]
UNREAD_TTL = 10 * 60


# Reads ------------------------------------------------------------------------------------


def _unread_key(user) -> str:
    # The account's creation instant as well as its pk: tests roll back and reuse pks, and
    # a count cached for one account must never show on another's header.
    return f"inbox:unread:{user.pk}:{user.date_joined.timestamp():.6f}"


def unread_count(user) -> int:
    """The person's unread notifications: from the cache, or one query."""
    key = _unread_key(user)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.of(user).unread().count()
        cache.set(key, count, UNREAD_TTL)
    return count


def _forget_unread(users: Iterable) -> None:
    cache.delete_many([_unread_key(user) for user in users])


def _forget_unread_now_and_after_commit(users: list) -> None:
    """Now, so this transaction's own next page counts afresh; and after the commit, as
    another request may have cached the old count in between."""
    _forget_unread(users)
    transaction.on_commit(lambda: _forget_unread(users))


def deliveries_of(people: Sequence, kind: str) -> dict[int, str]:
    """{person pk: delivery} for one kind (one query; the default where nobody chose)."""
    chosen = dict(
        Preference.objects.filter(user__in=[p.pk for p in people], kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    default = default_delivery(kind)
    return {person.pk: chosen.get(person.pk, default) for person in people}


def preferences_of(user) -> dict[str, str]:
    """{kind: delivery} of every kind for the settings page (one query)."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, default_delivery(kind)) for kind in Kind.values}


# Writes -----------------------------------------------------------------------------------


def path_of(link: str) -> str:
    """The path (with query and fragment) of a link to this site, for `notify(url=…)`;
    callers that built an absolute link for a mail pass it through here."""
    parts = urlsplit(link)
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    if parts.fragment:
        path += f"#{parts.fragment}"
    return path


def settings_url() -> str:
    return settings.SITE_URL + reverse("inbox:settings")


def _with_footer(body: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        footer = _("How these messages reach you (here, by e-mail or weekly): %(link)s") % {
            "link": settings_url()
        }
    return f"{body.rstrip()}\n\n-- \n{footer}\n"


def _mail(
    person, subject: str, body: str, html: str, attachments: Sequence[Attachment]
) -> EmailMultiAlternatives:
    mail = EmailMultiAlternatives(subject, _with_footer(body), None, [person.email])
    if html:
        mail.attach_alternative(html, "text/html")
    for attachment in attachments:
        mail.attach(*attachment)
    return mail


def _send_logged(mails: list[EmailMultiAlternatives]) -> None:
    """After the commit: a mail server that is away loses the mail (logged), never the
    notification, which waits in the inbox."""
    for mail in mails:
        try:
            mail.send()
        except OSError:  # smtplib errors are OSErrors
            logger.exception("A notification mail could not be sent.")


def notify(
    people: Iterable,
    *,
    kind: str,
    subject: str,
    body: str,
    url: str,
    summary: str | None = None,
    html: str = "",
    attachments: Sequence[Attachment] = (),
    send_now: bool = False,
) -> list[Notification]:
    """Tell each of `people` (active accounts; each once) about something at `url`, a path of
    this site. Subject and body are written by the caller (in German, like every mail);
    the inbox shows the subject and `summary` (without it, the body), the mail the body.

    The mail of those who want one at once goes out after the commit; with `send_now` it
    is sent here, inside the caller's transaction, and a failing mail server raises
    (OSError), so that reminders which record what they sent roll back and try again."""
    validate_site_path(url)
    recipients = [
        person for person in {p.pk: p for p in people}.values() if person.is_active and person.pk
    ]
    if not recipients:
        return []
    deliveries = deliveries_of(recipients, kind)
    now = timezone.now()
    rows = [
        Notification(
            recipient=person,
            kind=kind,
            subject=subject[:300],
            body=body if summary is None else summary,
            url=url,
            created_at=now,
            delivery=deliveries[person.pk],
            mailed_at=now if deliveries[person.pk] == Delivery.EMAIL else None,
        )
        for person in recipients
    ]
    Notification.objects.bulk_create(rows)
    mails = [
        _mail(person, subject, body, html, attachments)
        for person in recipients
        if deliveries[person.pk] == Delivery.EMAIL and person.email
    ]
    if send_now:
        for mail in mails:
            mail.send()
    elif mails:
        transaction.on_commit(lambda: _send_logged(mails))
    _forget_unread_now_and_after_commit(recipients)
    return rows


@transaction.atomic
def mark_read(notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
        _forget_unread_now_and_after_commit([notification.recipient])
    return notification


@transaction.atomic
def mark_all_read(user) -> int:
    count = Notification.objects.of(user).unread().update(read_at=timezone.now())
    _forget_unread_now_and_after_commit([user])
    return count


@transaction.atomic
def save_preferences(user, choices: dict[str, str]) -> None:
    """Store the person's choice per kind (only kinds named in `choices`)."""
    for kind, delivery in choices.items():
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})
