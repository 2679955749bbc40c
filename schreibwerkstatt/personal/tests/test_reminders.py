"""Reminder e-mails and the weekly overview, with the clock frozen (Monday, 2 March 2026)."""

from datetime import timedelta

import pytest
from django.core import mail
from django_tasks import TaskResultStatus

from schreibwerkstatt.municipalities.models import Membership, Role
from schreibwerkstatt.personal import reminders
from schreibwerkstatt.personal.models import NotificationSettings, SentReminder
from schreibwerkstatt.personal.tasks import send_reminders, send_weekly_digests
from schreibwerkstatt.strategies.models import Measure, Step, Strategy, StrategyPartner

from .conftest import make_measure, make_step

pytestmark = pytest.mark.django_db
Kind = SentReminder.Kind


@pytest.fixture
def measure(strategy_a):
    return make_measure(strategy_a, "E-Akte einführen")


def mails_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


# Steps due soon and overdue ------------------------------------------------------------


def test_a_step_due_within_7_days_reminds_its_owner_once(measure, people) -> None:
    make_step(measure, "Scanner bestellen", people["contributor"], 3)

    assert reminders.send_reminders() == 1

    (message,) = mail.outbox
    assert message.to == ["contributor@amtsberg.example"]
    assert message.subject == "Schreibwerkstatt: 1 Erinnerung zu Ihren Aufgaben"
    assert "In den nächsten 7 Tagen fällige Projektschritte:" in message.body
    assert "Scanner bestellen – fällig am 05.03.2026" in message.body
    assert "E-Akte einführen · Digitales Amtsberg 2030 (Amtsberg)" in message.body
    assert "http://127.0.0.1:8000/meine-aufgaben/" in message.body
    assert "http://127.0.0.1:8000/profil/benachrichtigungen/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "<strong>Scanner bestellen</strong>" in html
    assert SentReminder.objects.get().kind == Kind.STEP_DUE_SOON


def test_an_overdue_step_reminds_its_owner(measure, people) -> None:
    make_step(measure, "Altakten-Konzept festlegen", people["editor"], -14)

    reminders.send_reminders()

    (message,) = mails_to("editor@amtsberg.example")
    assert "Überfällige Projektschritte:" in message.body
    assert "Altakten-Konzept festlegen – war fällig am 16.02.2026" in message.body
    assert "In den nächsten" not in message.body
    assert SentReminder.objects.get().kind == Kind.STEP_OVERDUE


def test_all_new_reminders_of_a_person_go_out_in_one_mail(measure, people) -> None:
    me = people["contributor"]
    make_step(measure, "Überfällig", me, -1)
    make_step(measure, "Heute", me, 0)
    make_step(measure, "In einer Woche", me, 7)
    make_step(measure, "In acht Tagen", me, 8)
    make_step(measure, "Ohne Datum", me, None)

    assert reminders.send_reminders() == 1

    (message,) = mail.outbox
    assert message.subject == "Schreibwerkstatt: 3 Erinnerungen zu Ihren Aufgaben"
    overdue, due_soon = message.body.split("In den nächsten 7 Tagen")
    assert "Überfällig – war fällig am 01.03.2026" in overdue
    assert "Heute – fällig am 02.03.2026" in due_soon
    assert "In einer Woche – fällig am 09.03.2026" in due_soon
    assert "In acht Tagen" not in message.body and "Ohne Datum" not in message.body


def test_nobody_gets_the_same_reminder_twice(measure, people, clock) -> None:
    step = make_step(measure, "Scanner bestellen", people["contributor"], 3)
    assert reminders.send_reminders() == 1
    assert reminders.send_reminders() == 0  # the next hourly run
    clock.shift(timedelta(days=1))
    assert reminders.send_reminders() == 0  # the next day: still due soon, already said
    assert len(mail.outbox) == 1

    clock.shift(timedelta(days=3))  # now overdue: that is news, once
    assert reminders.send_reminders() == 1
    assert reminders.send_reminders() == 0
    assert "Überfällige Projektschritte:" in mail.outbox[-1].body

    Step.objects.filter(pk=step.pk).update(due_date=step.due_date + timedelta(days=5))
    assert reminders.send_reminders() == 1  # a new due date is a new reminder
    assert len(mail.outbox) == 3
    assert SentReminder.objects.count() == 3


def test_the_periodic_task_runs_the_job(measure, people) -> None:
    make_step(measure, "Scanner bestellen", people["contributor"], 3)
    result = send_reminders.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
    assert send_reminders.enqueue().return_value == 0
    assert len(mail.outbox) == 1


def test_the_worker_enqueues_the_jobs_hourly(settings) -> None:
    assert ("schreibwerkstatt.personal.tasks.send_reminders", 3600) in settings.PERIODIC_TASKS
    assert ("schreibwerkstatt.personal.tasks.send_weekly_digests", 3600) in settings.PERIODIC_TASKS


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda step, people: setattr(step, "done", True), id="done"),
        pytest.param(lambda step, people: setattr(step, "owner", None), id="without owner"),
        pytest.param(
            lambda step, people: setattr(step, "owner", people["outsider"]), id="not a member"
        ),
        pytest.param(
            lambda step, people: Membership.objects.filter(user=step.owner).delete(),
            id="membership deleted",
        ),
        pytest.param(
            lambda step, people: (
                type(step.owner).objects.filter(pk=step.owner.pk).update(is_active=False)
            ),
            id="deactivated",
        ),
        pytest.param(
            lambda step, people: NotificationSettings.objects.create(
                user=step.owner, reminders=False
            ),
            id="switched off",
        ),
        pytest.param(
            lambda step, people: Strategy.objects.filter(pk=step.measure.strategy_id).update(
                status=Strategy.Status.ARCHIVED
            ),
            id="strategy archived",
        ),
    ],
)
def test_no_reminder_goes_out_when(measure, people, change) -> None:
    step = make_step(measure, "Scanner bestellen", people["contributor"], -1)
    change(step, people)
    step.save()

    assert reminders.send_reminders() == 0
    assert mail.outbox == []
    assert not SentReminder.objects.exists()


def test_a_member_of_a_partner_municipality_is_reminded(measure, municipality_b, people) -> None:
    StrategyPartner.objects.create(
        strategy=measure.strategy, municipality=municipality_b, status="accepted"
    )
    make_step(measure, "Mit dem Nachbarn abstimmen", people["outsider"], 2)
    assert reminders.send_reminders() == 1
    assert mail.outbox[0].to == ["outsider@birkenwerder.example"]


def test_a_failed_mail_is_not_recorded_and_goes_out_next_time(measure, people, monkeypatch) -> None:
    make_step(measure, "Scanner bestellen", people["contributor"], 3)
    make_step(measure, "Schulung planen", people["editor"], 3)

    def broken(self, fail_silently=False):
        if self.to == ["contributor@amtsberg.example"]:
            raise ConnectionRefusedError("mail server down")
        return original(self, fail_silently)

    original = reminders.EmailMultiAlternatives.send
    monkeypatch.setattr(reminders.EmailMultiAlternatives, "send", broken)
    assert reminders.send_reminders() == 1  # the editor's mail still goes out
    assert list(SentReminder.objects.values_list("user__email", flat=True)) == [
        "editor@amtsberg.example"
    ]

    monkeypatch.setattr(reminders.EmailMultiAlternatives, "send", original)
    assert reminders.send_reminders() == 1
    assert [m.to for m in mail.outbox] == [
        ["editor@amtsberg.example"],
        ["contributor@amtsberg.example"],
    ]


def test_a_second_worker_at_the_same_time_sends_nothing_twice(measure, people, monkeypatch) -> None:
    make_step(measure, "Scanner bestellen", people["contributor"], 3)
    assert reminders.send_reminders() == 1
    # The other worker looked before the first one recorded its reminders.
    monkeypatch.setattr(reminders, "_sent_keys", lambda outboxes, kinds: set())
    assert reminders.send_reminders() == 0
    assert len(mail.outbox) == 1
    assert SentReminder.objects.count() == 1


# Stale measures ------------------------------------------------------------------------


def _measure_created_days_ago(strategy, clock, days: int, **fields) -> Measure:
    clock.shift(timedelta(days=-days))
    measure = make_measure(strategy, "Glasfaser für alle Ortsteile", **fields)
    clock.shift(timedelta(days=days))
    return measure


def test_a_stale_measure_reminds_its_lead(strategy_a, people, clock) -> None:
    _measure_created_days_ago(
        strategy_a, clock, 91, responsible=people["editor"], status=Measure.Status.RUNNING
    )

    assert reminders.send_reminders() == 1

    (message,) = mail.outbox
    assert message.to == ["editor@amtsberg.example"]
    assert "Maßnahmen unter Ihrer Leitung ohne aktuellen Stand:" in message.body
    assert "Glasfaser für alle Ortsteile – letzter Sachstand oder angelegt am 01.12.2025" in (
        message.body
    )
    assert SentReminder.objects.get().kind == Kind.MEASURE_STALE
    assert reminders.send_reminders() == 0


def test_a_status_update_starts_the_count_again(strategy_a, people, clock) -> None:
    from django.utils import timezone

    measure = _measure_created_days_ago(
        strategy_a, clock, 200, responsible=people["editor"], status=Measure.Status.RUNNING
    )
    Measure.objects.filter(pk=measure.pk).update(
        status_updated_at=timezone.now() - timedelta(days=10)
    )
    assert reminders.send_reminders() == 0
    clock.shift(timedelta(days=81))
    assert reminders.send_reminders() == 1
    assert "letzter Sachstand oder angelegt am 20.02.2026" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("days", "fields", "strategy_days", "reminded"),
    [
        (89, {"status": Measure.Status.RUNNING}, 90, False),
        (91, {"status": Measure.Status.RUNNING}, 120, False),
        (130, {"status": Measure.Status.RUNNING}, 120, True),
        (200, {"status": Measure.Status.DONE}, 90, False),
        (200, {"status": Measure.Status.DEFERRED}, 90, False),
        (200, {"status": Measure.Status.IDEA}, 90, False),
        (200, {"status": Measure.Status.PLANNED, "start": "2026-06-01"}, 90, False),
        (200, {"status": Measure.Status.PLANNED, "start": "2026-01-01"}, 90, True),
    ],
)
def test_which_measures_count_as_stale(
    strategy_a, people, clock, days, fields, strategy_days, reminded
) -> None:
    Strategy.objects.filter(pk=strategy_a.pk).update(stale_after_days=strategy_days)
    _measure_created_days_ago(strategy_a, clock, days, responsible=people["editor"], **fields)
    assert reminders.send_reminders() == int(reminded)


def test_the_same_rule_as_the_implementation_dashboard(strategy_a, people, clock) -> None:
    """Reminders and the dashboard's count of stale measures must agree."""
    from schreibwerkstatt.monitoring.queries import stale_q
    from schreibwerkstatt.personal.assignments import is_stale

    cases = [
        (89, {"status": Measure.Status.RUNNING}),
        (90, {"status": Measure.Status.RUNNING}),
        (91, {"status": Measure.Status.RUNNING}),
        (200, {"status": Measure.Status.PLANNED, "start": "2026-06-01"}),
        (200, {"status": Measure.Status.PLANNED, "start": "2026-03-02"}),
        (200, {"status": Measure.Status.IDEA}),
        (200, {"status": Measure.Status.DONE}),
    ]
    for days, fields in cases:
        _measure_created_days_ago(strategy_a, clock, days, **fields)
    from django.utils import timezone

    today = timezone.localdate()
    by_dashboard = set(
        Measure.objects.filter(strategy=strategy_a)
        .filter(stale_q(strategy_a, today))
        .values_list("pk", flat=True)
    )
    mine = {m.pk for m in Measure.objects.filter(strategy=strategy_a) if is_stale(m, today)}
    assert mine == by_dashboard and len(mine) == 2


def test_a_stale_measure_of_a_lead_who_left_reminds_nobody(strategy_a, people, clock) -> None:
    _measure_created_days_ago(
        strategy_a, clock, 120, responsible=people["editor"], status=Measure.Status.RUNNING
    )
    Membership.objects.filter(user=people["editor"]).delete()
    assert reminders.send_reminders() == 0


# Weekly overview ----------------------------------------------------------------------


def test_on_monday_everybody_with_open_work_gets_the_weekly_overview(
    measure, people, clock
) -> None:
    me = people["contributor"]
    make_step(measure, "Überfällig", me, -3)
    make_step(measure, "Später", me, 40)
    make_step(measure, "Ohne Datum", me, None)
    make_step(measure, "Schon erledigt", me, -5, done=True)
    make_measure(measure.strategy, "Meine Maßnahme", responsible=me, status="running")
    make_step(measure, "Vom Kollegen", people["editor"], 10)

    assert reminders.send_weekly_digests() == 2

    (message,) = mails_to("contributor@amtsberg.example")
    assert message.subject == "Schreibwerkstatt: Ihre Aufgaben in dieser Woche"
    body = message.body
    assert "Ihre 3 offenen Projektschritte: (davon 1 überfällig)" in body
    assert body.index("Überfällig") < body.index("Später") < body.index("Ohne Datum")
    assert "27.02.2026 (überfällig): Überfällig" in body
    assert "ohne Datum: Ohne Datum" in body
    assert "Schon erledigt" not in body and "Vom Kollegen" not in body
    assert "Maßnahmen, die Sie leiten:" in body and "Meine Maßnahme – In Umsetzung" in body
    (other,) = mails_to("editor@amtsberg.example")
    assert "Ihr offener Projektschritt:" in other.body
    assert SentReminder.objects.filter(kind=Kind.WEEKLY_DIGEST, period="2026-W10").count() == 2


def test_the_weekly_overview_goes_out_once_a_week(measure, people, clock) -> None:
    make_step(measure, "Später", people["contributor"], 40)
    assert send_weekly_digests.enqueue().return_value == 1
    assert send_weekly_digests.enqueue().return_value == 0  # the next hourly run
    for _day in range(6):  # Tuesday to Sunday: this week's is out
        clock.shift(timedelta(days=1))
        assert reminders.send_weekly_digests() == 0
    clock.shift(timedelta(days=1))  # the next Monday
    assert reminders.send_weekly_digests() == 1
    assert len(mail.outbox) == 2


def test_a_missed_monday_is_made_up_until_wednesday(measure, people, clock) -> None:
    make_step(measure, "Später", people["contributor"], 40)
    clock.shift(timedelta(days=1))  # no worker ran on Monday; Tuesday's first run
    assert reminders.send_weekly_digests() == 1
    assert SentReminder.objects.get(kind=Kind.WEEKLY_DIGEST).period == "2026-W10"
    clock.shift(timedelta(days=1))  # Wednesday: this week's overview is out already
    assert reminders.send_weekly_digests() == 0
    clock.shift(timedelta(days=8))  # Thursday of the next week, nothing sent that week
    assert reminders.send_weekly_digests() == 0  # too late: the next Monday's is close
    clock.shift(timedelta(days=4))  # Monday
    assert reminders.send_weekly_digests() == 1
    assert len(mail.outbox) == 2


def test_the_weekly_overview_can_be_switched_off_separately(measure, people) -> None:
    me = people["contributor"]
    make_step(measure, "Morgen", me, 1)
    NotificationSettings.objects.create(user=me, weekly_digest=False)
    assert reminders.send_weekly_digests() == 0
    assert reminders.send_reminders() == 1  # reminders are still on

    NotificationSettings.objects.filter(user=me).update(weekly_digest=True, reminders=False)
    make_step(measure, "Übermorgen", me, 2)
    assert reminders.send_reminders() == 0
    assert reminders.send_weekly_digests() == 1


def test_nobody_without_open_work_or_membership_gets_an_overview(
    measure, strategy_b, people
) -> None:
    make_step(measure, "Erledigt", people["contributor"], -1, done=True)
    # The reader owns a step in B, where they are no member.
    make_step(make_measure(strategy_b, "In B"), "Fremd", people["reader"], 3)
    assert reminders.send_weekly_digests() == 0
    assert mail.outbox == []


def test_mails_escape_html_only_in_the_html_part(measure, people) -> None:
    people["contributor"].name = "Mehmet <Mahler>"
    people["contributor"].save()
    make_step(measure, "A & B <prüfen>", people["contributor"], 1)
    reminders.send_reminders()
    message = mail.outbox[0]
    assert "Guten Tag Mehmet <Mahler>," in message.body
    assert "A & B <prüfen>" in message.body  # plain text is not HTML-escaped
    html = message.alternatives[0][0]
    assert "A &amp; B &lt;prüfen&gt;" in html and "Mehmet &lt;Mahler&gt;" in html


def test_readers_who_own_a_step_are_reminded_too(measure, people) -> None:
    Membership.objects.filter(user=people["contributor"]).update(role=Role.READER)
    make_step(measure, "Lesen", people["contributor"], 1)
    assert reminders.send_reminders() == 1  # every member hears of the steps they own
