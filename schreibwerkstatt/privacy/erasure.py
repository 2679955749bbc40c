"""Erasing a person (GDPR art. 17): used by the account page (views.delete_account)
and by operators (`schreibwerkstatt erase-user`).

What happens, and why it is enough (docs/datenschutz.md, "Löschung"):
- the account goes, and with it (database cascade) memberships, notification settings and
  the calendar feed, sent-reminder records, support accesses granted to an operator,
  mentions, and the person's inbox (notifications, their choices per kind, sent digests); the person's own export and import jobs and their files are deleted;
- what they wrote stays for the municipality (comments, review comments, status updates,
  steps) but loses its author (the foreign keys are SET_NULL): pages show "former user";
  so do their topics and posts in the discussion spaces, for the others who replied; what
  they follow there and their entries in participant directories go with the account;
- django-simple-history rows keep the change but no longer name who made it
  (`history_user` becomes empty);
- invitations to their address are deleted; invitations they sent lose the sender;
- the measure library: a measure for which they were the contact person stays shared without
  a contact; shares and take-overs they made stay for the municipality without them (SET_NULL);
- workshops: their seats go with the account; a seat, a wish for news of new dates and the
  record of workshop mails held by their address are deleted;
- login records (django-axes) with their address are deleted; "their address" means the
  current one and any earlier one the audit log knows from an address change;
- audit events stay, with a pseudonym instead of name and address; so do other people's
  notifications that name them ("… mentioned you"), with the pseudonym in subject and text;
- their @mentions by name in others' texts (every text registered with
  `core.mentions.register_mentioning`: comments, …) name the pseudonym instead ("@Anna
  Weber" becomes "@ehemalige:r Nutzer:in #5"); only the texts that mention this very person,
  so another Anna Weber keeps hers;
- any other text or JSON column that holds their address (an older @mention by address in a
  comment, a failed login with it) gets the pseudonym instead;
- mails written to the mail folder (settings.EMAIL_FILE_PATH) that name them are deleted.
"""

from pathlib import Path
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from schreibwerkstatt.audit.models import AuditEvent, Kind
from schreibwerkstatt.audit.services import pseudonymise, record, replace_texts
from schreibwerkstatt.core.mentions import mentioning, replace_mentions_of
from schreibwerkstatt.inbox.models import Notification
from schreibwerkstatt.jobs.models import Job
from schreibwerkstatt.municipalities.models import Invitation, Membership, Municipality, Role
from schreibwerkstatt.workshops.models import DateSubscriber, Participant, SentNotice

User = get_user_model()
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def sole_coordinator_of(user: Any) -> list[Municipality]:
    """Municipalities in which the person is the only coordinator: they must hand over first."""
    own = Membership.objects.filter(user=user, role=Role.COORDINATOR).values("municipality_id")
    others = (
        Membership.objects.filter(municipality_id__in=own, role=Role.COORDINATOR)
        .exclude(user=user)
        .values("municipality_id")
    )
    return list(Municipality.objects.filter(pk__in=own).exclude(pk__in=others).order_by("name"))


def check_erasable(user: Any) -> None:
    """Raise a ValidationError (German, for the page) if the account cannot go yet."""
    sole = sole_coordinator_of(user)
    if sole:
        raise ValidationError(
            _(
                "You are the only coordinator of %(municipalities)s. Before you can delete "
                "your account, give another member the role “Coordination” on the members "
                "page, so that the municipality is not left without coordination."
            )
            % {"municipalities": ", ".join(municipality.name for municipality in sole)},
            code="last_coordinator",
        )


def pseudonym_for(user_pk: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("former user #%(number)s") % {"number": user_pk}


def erase_user(user: Any, *, by_operator: bool = False) -> str:
    """Erase the person everywhere (see the module docstring). Raises ValidationError when
    they are the last coordinator of a municipality. Returns the pseudonym now used."""
    check_erasable(user)
    user_pk = user.pk
    addresses = known_addresses(user)
    name = user.name.strip()
    texts = [*addresses] + ([name] if name else [])
    pseudonym = pseudonym_for(user_pk)
    with transaction.atomic():
        record(
            Kind.ACCOUNT_ERASED,
            actor=user,
            details={"by": "operator" if by_operator else "self"},
        )
        _clear_history_users(user_pk)
        for email in addresses:
            Invitation.objects.filter(email__iexact=email).delete()
            # The wish for news of new dates, a seat held by the address before the account
            # existed, and the record of workshop mails to it (the account's own seats go
            # with the account).
            DateSubscriber.objects.filter(email__iexact=email).delete()
            Participant.objects.filter(user=None, email__iexact=email).delete()
            SentNotice.objects.filter(recipient__iexact=email).delete()
            for log in (AccessAttempt, AccessLog, AccessFailureLog):
                log.objects.filter(username__iexact=email).delete()
        # Entries of the operator area about the person's account name them in object_repr.
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(User), object_id=str(user_pk)
        ).delete()
        for job in Job.objects.filter(user_id=user_pk):
            job.delete()  # one by one: the post_delete signal takes the files along
        pseudonymise(user_pk=user_pk, texts=texts, pseudonym=pseudonym)
        _pseudonymise_notifications(texts, pseudonym)
        _pseudonymise_mentions(user, pseudonym)
        for email in addresses:
            _replace_address_everywhere(email, pseudonym, skip={User, AuditEvent})
        user.delete()
        # Deleting the memberships above wrote history rows of their own, naming whoever
        # made the request (the person): clear those too.
        _clear_history_users(user_pk)
    transaction.on_commit(lambda: delete_mail_files(texts))
    return pseudonym


def _pseudonymise_notifications(texts: list[str], pseudonym: str) -> None:
    """Other people's notifications copy the person's name as the application wrote it
    ("Anna Weber mentioned you"); like the audit labels, they name the pseudonym instead."""
    query = models.Q()
    for text in texts:
        query |= models.Q(subject__icontains=text) | models.Q(body__icontains=text)
    if not query:
        return
    for pk, subject, body in Notification.objects.filter(query).values_list(
        "pk", "subject", "body"
    ):
        Notification.objects.filter(pk=pk).update(
            subject=replace_texts(subject, texts, pseudonym),
            body=replace_texts(body, texts, pseudonym),
        )


def _pseudonymise_mentions(user: Any, pseudonym: str) -> None:
    """The texts that mention the person (their many-to-many names them) say "@pseudonym"
    where they said "@Name", "@Name#pk" or "@address"; the mention rows go with the account.
    Saved one by one, so that what follows a text (the search index) follows this too."""
    for entry in mentioning():
        for row in entry.model._base_manager.filter(**{entry.people_field: user}):
            text = getattr(row, entry.text_field)
            new = replace_mentions_of(text, user, pseudonym)
            if new != text:
                setattr(row, entry.text_field, new)
                row.save(update_fields=[entry.text_field])


def known_addresses(user: Any) -> list[str]:
    """The current address and any earlier one (an address change is logged with both)."""
    addresses = {user.email.lower()}
    changes = AuditEvent.objects.filter(actor_id=user.pk, kind="account.email_changed")
    for details in changes.values_list("details", flat=True):
        if isinstance(details, dict):
            addresses |= {str(details[key]).lower() for key in ("old", "new") if details.get(key)}
    return sorted(addresses)


def _clear_history_users(user_pk: int) -> None:
    for model in apps.get_models():
        if any(field.name == "history_user" for field in model._meta.get_fields()):
            model._default_manager.filter(history_user_id=user_pk).update(history_user=None)


def _replace_address_everywhere(email: str, pseudonym: str, skip: set[type]) -> None:
    """The address is distinctive enough to replace wherever it appears as text (an @mention
    in a comment, a copy in a history row). The name is not: "Weber" may be a word in a
    chapter, so the name is replaced only where the application copies it (audit labels)."""
    for model in apps.get_models():
        if model in skip or model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_FIELDS) or field.primary_key:
                continue
            rows = model._base_manager.filter(**{f"{field.attname}__icontains": email})
            for pk, value in rows.values_list("pk", field.attname):
                new = replace_texts(value, [email], pseudonym)
                models.QuerySet.update(model._base_manager.filter(pk=pk), **{field.attname: new})


def delete_mail_files(texts: list[str]) -> int:
    """Mails in the mail folder (file e-mail backend) that are addressed to or name the
    person. Looks at the raw file and at its decoded text parts, since headers with
    non-ASCII characters are encoded."""
    folder = getattr(settings, "EMAIL_FILE_PATH", None)
    if not folder or not Path(folder).is_dir():
        return 0
    needles = [text.lower() for text in texts if text]
    deleted = 0
    for path in Path(folder).iterdir():
        if not path.is_file():
            continue
        try:
            content = _mail_text(path.read_bytes()).lower()
        except OSError:
            continue
        if any(needle in content for needle in needles):
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted


def _mail_text(raw: bytes) -> str:
    """The file as text plus every message in it decoded (one file may hold several)."""
    import email
    from email import policy

    parts = [raw.decode("utf-8", "replace")]
    separator = b"-" * 79
    for chunk in raw.split(separator):
        if not chunk.strip():
            continue
        message = email.message_from_bytes(chunk.strip(b"\r\n"), policy=policy.default)
        for header, value in message.items():
            parts.append(f"{header}: {value}")
        for part in message.walk():
            if part.get_content_maintype() == "text":
                try:
                    parts.append(part.get_content())
                except (LookupError, ValueError):
                    continue
    return "\n".join(parts)
