"""Security events reach the audit log through the pages that cause them: logins, failed
logins, logouts, role changes, removals, invitations, exports, imports, downloads, changes
in the operator area. Coordinators read their municipality's part, operators everything."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from schreibwerkstatt.audit.models import AuditEvent, Kind
from schreibwerkstatt.audit.retention import apply_retention
from schreibwerkstatt.audit.services import record
from schreibwerkstatt.municipalities.models import Invitation, Membership, Role
from schreibwerkstatt.municipalities.services import invitation_token
from tests.factories import PASSWORD, InvitationFactory

pytestmark = pytest.mark.django_db


def only(kind: str) -> AuditEvent:
    return AuditEvent.objects.filter(kind=kind).get()


def coordinator_changes_role(as_persona, municipality, person, role):
    """The coordinator's POST giving `person` the `role` in `municipality`."""
    membership = Membership.objects.get(user=person, municipality=municipality)
    url = reverse(
        "municipalities:change_role", kwargs={"slug": municipality.slug, "pk": membership.pk}
    )
    return as_persona("coordinator").post(url, {"role": role, "version": membership.version})


def test_a_login_and_a_logout_are_recorded_with_the_address(people) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    response = client.post(
        reverse("accounts:login"), {"username": "editor@amtsberg.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    login = only(Kind.LOGIN)
    assert login.actor == people["editor"]
    assert login.ip_address == "203.0.113.7"
    client.post(reverse("accounts:logout"))
    assert only(Kind.LOGOUT).actor == people["editor"]


def test_a_failed_login_is_recorded_without_the_password(people) -> None:
    response = Client(REMOTE_ADDR="203.0.113.8").post(
        reverse("accounts:login"),
        {"username": "editor@amtsberg.example", "password": "falsch-geraten"},
    )
    assert response.status_code == 200
    failed = only(Kind.LOGIN_FAILED)
    assert failed.actor is None
    assert failed.details == {"username": "editor@amtsberg.example"}
    assert failed.ip_address == "203.0.113.8"
    assert "falsch-geraten" not in str(failed.details)
    assert not AuditEvent.objects.filter(kind=Kind.LOGIN).exists()


def test_a_role_change_is_recorded_for_the_municipality(municipality_a, people, as_persona) -> None:
    response = coordinator_changes_role(as_persona, municipality_a, people["reader"], Role.EDITOR)
    assert response.status_code == 302
    event = only(Kind.ROLE_CHANGED)
    assert event.actor == people["coordinator"]
    assert event.municipality == municipality_a
    assert event.object_repr == "Reader Amtsberg"
    assert event.details == {"from": "reader", "to": "editor"}
    log = as_persona("coordinator").get(
        reverse("municipalities:audit_log", kwargs={"slug": municipality_a.slug})
    )
    assert "Reader Amtsberg: von „Lesend“ zu „Redaktion“." in log.content.decode()


def test_a_refused_role_change_is_not_recorded(municipality_a, people, as_persona) -> None:
    response = coordinator_changes_role(
        as_persona, municipality_a, people["coordinator"], Role.READER
    )
    assert response.status_code == 400  # the last coordinator
    assert not AuditEvent.objects.filter(kind=Kind.ROLE_CHANGED).exists()


def test_removing_a_member_is_recorded(municipality_a, people, as_persona) -> None:
    membership = Membership.objects.get(user=people["reader"], municipality=municipality_a)
    url = reverse(
        "municipalities:remove_member", kwargs={"slug": municipality_a.slug, "pk": membership.pk}
    )
    assert as_persona("coordinator").post(url).status_code == 302
    event = only(Kind.MEMBER_REMOVED)
    assert (event.actor, event.municipality) == (people["coordinator"], municipality_a)
    assert event.object_repr == "Reader Amtsberg"


def test_invitations_sent_withdrawn_and_accepted_are_recorded(
    municipality_a, people, as_persona
) -> None:
    coordinator = as_persona("coordinator")
    response = coordinator.post(
        reverse("municipalities:invite", kwargs={"slug": municipality_a.slug}),
        {"email": "neu@amtsberg.example", "role": Role.EDITOR},
    )
    assert response.status_code == 302
    sent = only(Kind.INVITATION_SENT)
    assert (sent.actor, sent.municipality) == (people["coordinator"], municipality_a)
    assert sent.details == {"email": "neu@amtsberg.example", "role": "editor"}

    invitation = Invitation.objects.get(email="neu@amtsberg.example")
    coordinator.post(
        reverse(
            "municipalities:revoke_invitation",
            kwargs={"slug": municipality_a.slug, "pk": invitation.pk},
        )
    )
    assert only(Kind.INVITATION_WITHDRAWN).object_id == str(invitation.pk)

    second = InvitationFactory(municipality=municipality_a, email="frisch@amtsberg.example")
    response = Client().post(
        reverse("municipalities:accept_invitation", kwargs={"token": invitation_token(second)}),
        {"name": "Frieda Frisch", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    accepted = only(Kind.INVITATION_ACCEPTED)
    assert accepted.actor.email == "frisch@amtsberg.example"
    assert accepted.municipality == municipality_a


def test_an_export_and_its_download_are_recorded(municipality_a, people, as_persona) -> None:
    from schreibwerkstatt.strategies.models import Strategy

    strategy = Strategy.objects.create(municipality=municipality_a, title="Digital Amtsberg")
    editor = as_persona("editor")
    response = editor.post(
        reverse(
            "exchange:export",
            kwargs={"slug": municipality_a.slug, "strategy": strategy.pk, "fmt": "json"},
        )
    )
    assert response.status_code == 302
    export = only(Kind.EXPORT)
    assert (export.actor, export.municipality) == (people["editor"], municipality_a)
    assert export.details["job"] == "export_json"

    from schreibwerkstatt.jobs.models import Job
    from schreibwerkstatt.jobs.services import run_job

    job = Job.objects.get()
    run_job(str(job.pk))
    job.refresh_from_db()
    response = as_persona("reader").get(
        reverse("jobs:download", kwargs={"slug": municipality_a.slug, "pk": job.pk})
    )
    assert response.status_code == 200
    download = only(Kind.DOWNLOAD)
    assert (download.actor, download.municipality) == (people["reader"], municipality_a)
    assert download.details["filename"] == job.filename


def test_a_download_of_somebody_without_access_is_not_recorded(
    municipality_a, people, as_persona
) -> None:
    from schreibwerkstatt.jobs.models import Job

    job = Job.objects.create(municipality=municipality_a, user=people["editor"], kind="export_json")
    response = as_persona("outsider").get(
        reverse("jobs:download", kwargs={"slug": municipality_a.slug, "pk": job.pk})
    )
    assert response.status_code in {403, 404}
    assert not AuditEvent.objects.filter(kind=Kind.DOWNLOAD).exists()


def test_an_import_is_recorded_with_its_person_and_file(municipality_a, people, as_persona) -> None:
    upload = SimpleUploadedFile("strategie.json", b"{}", content_type="application/json")
    response = as_persona("coordinator").post(
        reverse("exchange:import_strategy", kwargs={"slug": municipality_a.slug}),
        {"file": upload},
    )
    assert response.status_code == 302
    event = only(Kind.IMPORT)
    assert (event.actor, event.municipality) == (people["coordinator"], municipality_a)
    assert event.details == {"job": "import_strategy", "filename": "strategie.json"}


def test_a_change_in_the_operator_area_is_recorded(municipality_a, people, as_persona) -> None:
    invitation = InvitationFactory(municipality=municipality_a, email="alt@amtsberg.example")
    url = reverse("admin:municipalities_invitation_delete", args=[invitation.pk])
    response = as_persona("operator").post(url, {"post": "yes"})
    assert response.status_code == 302
    event = only(Kind.OPERATOR_CHANGE)
    assert event.actor == people["operator"]
    assert event.details["action"] == "deleted"
    assert event.details["model"] == "invitation"


def test_downloading_ones_own_data_is_recorded(people, as_persona) -> None:
    assert as_persona("editor").get(reverse("privacy:personal_data")).status_code == 200
    assert only(Kind.PERSONAL_DATA_DOWNLOADED).actor == people["editor"]


def test_the_coordinator_sees_their_municipalitys_events_not_logins_or_others(
    municipality_a, municipality_b, people, as_persona
) -> None:
    record(
        Kind.MEMBER_REMOVED,
        actor=people["coordinator"],
        municipality=municipality_a,
        obj=people["reader"],
    )
    record(
        Kind.MEMBER_REMOVED,
        actor=people["outsider"],
        municipality=municipality_b,
        obj=people["outsider"],
    )
    record(Kind.LOGIN, actor=people["editor"])
    response = as_persona("coordinator").get(
        reverse("municipalities:audit_log", kwargs={"slug": municipality_a.slug})
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Mitglied entfernt" in content
    assert "Outsider Birkenwerder" not in content
    assert "Editor Amtsberg" not in content  # a login belongs to no municipality


def test_the_operator_sees_every_event_in_the_operator_area(people, as_persona) -> None:
    record(Kind.LOGIN_FAILED, details={"username": "x@y.example"})
    record(Kind.LOGIN, actor=people["editor"])
    response = as_persona("operator").get(reverse("admin:audit_auditevent_changelist"))
    assert response.status_code == 200
    assert "Fehlgeschlagene Anmeldung" in response.content.decode()
    assert "Editor Amtsberg" in response.content.decode()


def test_the_retention_clean_up_deletes_old_events_and_login_records(settings, people) -> None:
    settings.AUDIT_RETENTION_DAYS = 30
    settings.LOGIN_LOG_RETENTION_DAYS = 10
    now = timezone.now()
    old = record(Kind.LOGIN, actor=people["editor"])
    young = record(Kind.LOGIN, actor=people["editor"])
    # The model refuses update(); go around it as the clean-up itself does.
    models.QuerySet.update(
        AuditEvent.objects.filter(pk=old.pk), created_at=now - timedelta(days=31)
    )
    for log in (AccessLog, AccessFailureLog, AccessAttempt):
        extra = {"failures_since_start": 1} if log is AccessAttempt else {}
        row = {"ip_address": "192.0.2.1", "user_agent": "x", **extra}
        kept = log.objects.create(username="a@b.example", **row)
        gone = log.objects.create(username="c@d.example", **row)
        log.objects.filter(pk=gone.pk).update(attempt_time=now - timedelta(days=11))
        log.objects.filter(pk=kept.pk).update(attempt_time=now - timedelta(days=9))
    counts = apply_retention(now)
    assert counts == {
        "audit_events": 1,
        "access_logs": 1,
        "access_failures": 1,
        "access_attempts": 1,
        "task_results": 0,
    }
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [young.pk]
    for log in (AccessLog, AccessFailureLog, AccessAttempt):
        assert list(log.objects.values_list("username", flat=True)) == ["a@b.example"]


def test_the_retention_clean_up_runs_periodically(settings) -> None:
    assert ("schreibwerkstatt.audit.tasks.apply_retention_periods", 3600) in settings.PERIODIC_TASKS


def test_job_files_follow_their_retention_setting(settings, municipality_a, people) -> None:
    from schreibwerkstatt.jobs.models import Job
    from schreibwerkstatt.jobs.services import clean_up_jobs

    settings.JOB_RETENTION_DAYS = 2
    job = Job.objects.create(municipality=municipality_a, user=people["editor"], kind="export_json")
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=3))
    assert clean_up_jobs() == 1
    assert not Job.objects.exists()


def test_the_retention_clean_up_deletes_old_finished_task_entries(settings) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.JOB_RETENTION_DAYS = 7
    now = timezone.now()

    def entry(status: str, finished_days_ago: int | None) -> DBTaskResult:
        return DBTaskResult.objects.create(
            status=status,
            args_kwargs={"args": ["weg@amtsberg.example"], "kwargs": {}},
            task_path="schreibwerkstatt.accounts.tasks.send_password_reset",
            backend_name="default",
            queue_name="default",
            run_after=now,
            finished_at=None if finished_days_ago is None else now - timedelta(finished_days_ago),
            exception_class_path="",
            traceback="",
        )

    old = entry("SUCCESSFUL", 8)
    young = entry("SUCCESSFUL", 6)
    waiting = entry("READY", None)
    assert apply_retention(now)["task_results"] == 1
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {young.pk, waiting.pk}
    assert old.pk not in set(DBTaskResult.objects.values_list("pk", flat=True))
