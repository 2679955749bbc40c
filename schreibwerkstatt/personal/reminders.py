"""E-mail reminders and the weekly overview, sent by the periodic jobs of tasks.py.

The jobs run every hour and decide themselves what is due; `SentReminder` records every
reminder that went out, so a second run (or a second worker) sends nothing twice:

- a step due within 7 days gets one "due soon" reminder, an overdue step one "overdue"
  reminder, both to its owner and keyed by the due date (a new due date, a new reminder);
- a planned or running measure without a status update for its strategy's
  `stale_after_days` gets one reminder to its lead, keyed by the date of the last update;
- on Mondays everybody with open work gets the weekly overview, keyed by the ISO week; if no
  worker ran on Monday, the first run up to Wednesday sends it (later it would be stale).

All new reminders of a person go out in one message through their inbox
(`inbox.services.notify`, kind "reminder"): a notification, and the e-mail at once, in the
weekly digest or not at all as they chose. The weekly overview stays an e-mail of its own
(switched on and off on the notification settings page): it is a digest already. Recipients must still be members of the
strategy's lead or a partner municipality, be active and not have switched reminders off.
The rows are written in the same transaction that sends the mail: if sending fails, nothing
is recorded and the next run tries again; a concurrent run fails on the unique constraint.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from schreibwerkstatt.accounts.models import User
from schreibwerkstatt.inbox.models import Kind as NotificationKind
from schreibwerkstatt.inbox.services import notify
from schreibwerkstatt.strategies.models import Measure, Step, Strategy

from .assignments import (
    ACTIVE_MEASURE_STATUSES,
    DUE_SOON_DAYS,
    flag_due,
    is_stale,
    last_update,
    member_of_strategy,
)
from .models import SentReminder

logger = logging.getLogger(__name__)
Kind = SentReminder.Kind
# No strategy may call a measure stale earlier (Strategy.stale_after_days has this minimum).
MIN_STALE_DAYS = 7


@dataclass
class Reminder:
    kind: str
    period: str
    obj: Step | Measure | None = None  # None: the weekly overview

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.kind, self.obj.pk if self.obj is not None else 0, self.period)


@dataclass
class Outbox:
    """What one person is told in one e-mail."""

    person: User
    reminders: list[Reminder] = field(default_factory=list)

    def of(self, *kinds: str) -> list[Step | Measure]:
        return [r.obj for r in self.reminders if r.kind in kinds and r.obj is not None]


def send_reminders(now: datetime | None = None) -> int:
    """Send the reminders due now that were not sent before; the number of e-mails sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    outboxes: dict[int, Outbox] = {}

    def add(person: User, reminder: Reminder) -> None:
        outboxes.setdefault(person.pk, Outbox(person)).reminders.append(reminder)

    for step in _due_steps(today):
        flag_due(step, today)
        kind = Kind.STEP_OVERDUE if step.is_overdue else Kind.STEP_DUE_SOON
        add(step.owner, Reminder(kind, step.due_date.isoformat(), step))
    for measure in _stale_measures(now, today):
        period = timezone.localdate(last_update(measure)).isoformat()
        add(measure.responsible, Reminder(Kind.MEASURE_STALE, period, measure))

    sent_before = _sent_keys(outboxes, [Kind.STEP_DUE_SOON, Kind.STEP_OVERDUE, Kind.MEASURE_STALE])
    sent = 0
    for outbox in outboxes.values():
        outbox.reminders = [
            r for r in outbox.reminders if (outbox.person.pk, *r.key) not in sent_before
        ]
        if outbox.reminders and _deliver(outbox, now, _reminder_mail(outbox, today), inbox=True):
            sent += 1
    return sent


LAST_DIGEST_WEEKDAY = 2  # Wednesday: the last day a missed Monday's overview still goes out


def send_weekly_digests(now: datetime | None = None) -> int:
    """On Mondays: everybody's open steps and led measures, once per ISO week. A week whose
    Monday was missed (worker down) gets its overview at the first run up to Wednesday."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if today.weekday() > LAST_DIGEST_WEEKDAY:
        return 0
    year, week, _day = today.isocalendar()
    period = f"{year}-W{week:02d}"
    people = User.objects.filter(is_active=True).exclude(notification_settings__weekly_digest=False)
    steps = (
        Step.objects.filter(done=False, owner__in=people)
        .exclude(measure__strategy__status=Strategy.Status.ARCHIVED)
        .filter(member_of_strategy("owner", "measure__strategy"))
        .select_related("owner", "measure__strategy__municipality")
        .order_by(F("due_date").asc(nulls_last=True), "measure__title", "position", "pk")
    )
    measures = (
        Measure.objects.filter(responsible__in=people)
        .exclude(status=Measure.Status.DONE)
        .exclude(strategy__status=Strategy.Status.ARCHIVED)
        .filter(member_of_strategy("responsible", "strategy"))
        .select_related("responsible", "strategy__municipality")
        .order_by(F("end").asc(nulls_last=True), "title", "pk")
    )
    work: dict[int, dict] = defaultdict(lambda: {"person": None, "steps": [], "measures": []})
    for step in steps:
        flag_due(step, today)
        work[step.owner_id]["person"] = step.owner
        work[step.owner_id]["steps"].append(step)
    for measure in measures:
        measure.is_stale = is_stale(measure, today)
        work[measure.responsible_id]["person"] = measure.responsible
        work[measure.responsible_id]["measures"].append(measure)
    already = set(
        SentReminder.objects.filter(
            kind=Kind.WEEKLY_DIGEST, period=period, user_id__in=list(work)
        ).values_list("user_id", flat=True)
    )
    sent = 0
    for person_pk, items in work.items():
        if person_pk in already:
            continue
        outbox = Outbox(items["person"], [Reminder(Kind.WEEKLY_DIGEST, period)])
        mail = _digest_mail(outbox.person, items["steps"], items["measures"], today)
        if _deliver(outbox, now, mail):
            sent += 1
    return sent


def _due_steps(today: date):
    return (
        Step.objects.filter(
            done=False,
            due_date__lte=today + timedelta(days=DUE_SOON_DAYS),
            owner__is_active=True,
        )
        .exclude(owner__notification_settings__reminders=False)
        .exclude(measure__strategy__status=Strategy.Status.ARCHIVED)
        .filter(member_of_strategy("owner", "measure__strategy"))
        .select_related("owner", "measure__strategy__municipality")
        .order_by("due_date", "pk")
    )


def _stale_measures(now: datetime, today: date) -> list[Measure]:
    candidates = (
        Measure.objects.filter(
            status__in=ACTIVE_MEASURE_STATUSES,
            responsible__is_active=True,
        )
        .exclude(responsible__notification_settings__reminders=False)
        .exclude(strategy__status=Strategy.Status.ARCHIVED)
        .annotate(last=Coalesce("status_updated_at", "created_at"))
        # The exact limit differs per strategy; the database narrows, Python decides.
        .filter(last__lt=now - timedelta(days=MIN_STALE_DAYS))
        .filter(member_of_strategy("responsible", "strategy"))
        .select_related("responsible", "strategy__municipality")
        .order_by("last", "pk")
    )
    return [measure for measure in candidates if is_stale(measure, today)]


def _sent_keys(outboxes: dict[int, Outbox], kinds: list[str]) -> set[tuple[int, str, int, str]]:
    if not outboxes:
        return set()
    object_ids = {r.key[1] for outbox in outboxes.values() for r in outbox.reminders}
    rows = SentReminder.objects.filter(
        user_id__in=list(outboxes), kind__in=kinds, object_id__in=object_ids
    ).values_list("user_id", "kind", "object_id", "period")
    return set(rows)


def _deliver(
    outbox: Outbox, now: datetime, mail: EmailMultiAlternatives, *, inbox: bool = False
) -> bool:
    """Record the reminders and send the mail, both or neither; with `inbox`, the mail is
    a notification, mailed (inside this transaction) as the person chose."""
    try:
        with transaction.atomic():
            SentReminder.objects.bulk_create(
                SentReminder(
                    user=outbox.person,
                    kind=r.kind,
                    object_id=r.key[1],
                    period=r.period,
                    sent_at=now,
                )
                for r in outbox.reminders
            )
            if inbox:
                notify(
                    [outbox.person],
                    kind=NotificationKind.REMINDER,
                    subject=mail.subject,
                    body=mail.body,
                    summary="",  # the subject counts them; Meine Aufgaben lists them
                    html=mail.alternatives[0][0] if mail.alternatives else "",
                    url=reverse("personal:my_tasks"),
                    send_now=True,
                )
            else:
                mail.send()
    except IntegrityError:
        logger.info("Reminders for person %s were sent by another run.", outbox.person.pk)
        return False
    except OSError:  # the mail server (smtplib errors are OSErrors): try again next run
        logger.exception("Reminders for person %s could not be sent.", outbox.person.pk)
        return False
    return True


def _links() -> dict[str, str]:
    return {
        "tasks_url": settings.SITE_URL + reverse("personal:my_tasks"),
        "settings_url": settings.SITE_URL + reverse("personal:notifications"),
    }


def _mail(person: User, subject: str, template: str, context: dict) -> EmailMultiAlternatives:
    context = {"person": person, **_links(), **context}
    text = render_to_string(f"personal/mail/{template}.txt", context)
    html = render_to_string(f"personal/mail/{template}.html", context)
    mail = EmailMultiAlternatives(subject, text, None, [person.email])
    mail.attach_alternative(html, "text/html")
    return mail


def _reminder_mail(outbox: Outbox, today: date) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        overdue = outbox.of(Kind.STEP_OVERDUE)
        due_soon = outbox.of(Kind.STEP_DUE_SOON)
        stale = outbox.of(Kind.MEASURE_STALE)
        count = len(outbox.reminders)
        subject = ngettext(
            "Schreibwerkstatt: %(count)s reminder about your tasks",
            "Schreibwerkstatt: %(count)s reminders about your tasks",
            count,
        ) % {"count": count}
        for measure in stale:
            measure.last_update = last_update(measure)
        return _mail(
            outbox.person,
            subject,
            "reminders",
            {"overdue": overdue, "due_soon": due_soon, "stale": stale, "today": today,
             "days": DUE_SOON_DAYS},
        )  # fmt: skip


def _digest_mail(
    person: User, steps: list[Step], measures: list[Measure], today: date
) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Schreibwerkstatt: your tasks this week")
        overdue = [s for s in steps if s.is_overdue]
        return _mail(
            person,
            subject,
            "digest",
            {"steps": steps, "measures": measures, "overdue_count": len(overdue), "today": today},
        )
