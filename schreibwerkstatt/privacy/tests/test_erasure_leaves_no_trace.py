"""The acceptance test of the right to erasure: a person who did a bit of everything deletes
their account; afterwards neither their e-mail address nor their name is left in any text
or JSON column of any table (history tables included) or in the mail folder."""

import email
from email import policy
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.test import Client
from django.urls import reverse

from schreibwerkstatt.audit.models import AuditEvent, Kind
from schreibwerkstatt.comments.models import Comment
from schreibwerkstatt.comments.services import add_comment
from schreibwerkstatt.demo.load import load_demo
from schreibwerkstatt.municipalities.models import Membership, Role
from schreibwerkstatt.personal.services import renew_feed_token
from schreibwerkstatt.process.models import ChecklistItem
from schreibwerkstatt.revisions.models import ReviewComment
from schreibwerkstatt.strategies.models import Measure, Step
from schreibwerkstatt.workshops import services as workshop_services
from schreibwerkstatt.workshops.models import DateSubscriber, Participant, SentNotice
from schreibwerkstatt.workshops.tests.conftest import make_series
from tests.factories import PASSWORD
from tests.tenant_objects import build_objects

pytestmark = pytest.mark.django_db

SCANNED = (models.CharField, models.TextField, models.JSONField)


@pytest.fixture
def mail_dir(settings, tmp_path: Path) -> Path:
    folder = tmp_path / "mail"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(folder)
    return folder


def traces_in_database(needles: list[str]) -> list[str]:
    found = []
    for model in apps.get_models(include_auto_created=True):
        columns = [f.attname for f in model._meta.concrete_fields if isinstance(f, SCANNED)]
        if not columns:
            continue
        for row in model._base_manager.values_list("pk", *columns):
            for column, value in zip(["pk", *columns], row, strict=True):
                text = str(value).lower()
                for needle in needles:
                    if needle.lower() in text:
                        found.append(f"{model._meta.label}.{column} (row {row[0]}): {needle}")
    return found


def traces_in_mail(folder: Path, needles: list[str]) -> list[str]:
    found = []
    for path in folder.iterdir() if folder.is_dir() else []:
        raw = path.read_bytes()
        message = email.message_from_bytes(raw, policy=policy.default)
        decoded = " ".join(f"{k}: {v}" for k, v in message.items())
        for part in message.walk():
            if part.get_content_maintype() == "text":
                decoded += part.get_content()
        text = (raw.decode("utf-8", "replace") + decoded).lower()
        found += [f"{path.name}: {needle}" for needle in needles if needle.lower() in text]
    return found


def test_an_erased_person_is_nowhere_in_the_database_or_the_mail_folder(
    municipality_a, municipality_b, people, mail_dir, django_capture_on_commit_callbacks
) -> None:
    load_demo()
    objects = build_objects(municipality_a, people, secret_title="Geheimsache")
    person = people["coordinator"]
    needles = [person.email, person.name]  # coordinator@amtsberg.example, Coordinator Amtsberg
    strategy, measure = objects["strategy"], objects["measure"]

    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("accounts:login"), {"username": person.email, "password": "falsch"})
        client = Client()
        client.post(reverse("accounts:login"), {"username": person.email, "password": PASSWORD})
        # A second coordinator, so the person may leave (and a role change in the log).
        editor = Membership.objects.get(user=people["editor"], municipality=municipality_a)
        client.post(
            reverse(
                "municipalities:change_role",
                kwargs={"slug": municipality_a.slug, "pk": editor.pk},
            ),
            {"role": Role.COORDINATOR, "version": editor.version},
        )
        client.post(
            reverse("municipalities:invite", kwargs={"slug": municipality_a.slug}),
            {"email": "neu-eingeladen@amtsberg.example", "role": Role.READER},
        )
        client.post(
            reverse(
                "exchange:export",
                kwargs={"slug": municipality_a.slug, "strategy": strategy.pk, "fmt": "json"},
            )
        )
        client.get(reverse("privacy:personal_data"))
        # Another municipality invites the person's address; a colleague mentions them.
        outsider = Client()
        outsider.force_login(people["outsider"])
        outsider.post(
            reverse("municipalities:invite", kwargs={"slug": municipality_b.slug}),
            {"email": person.email, "role": Role.READER},
        )
        add_comment(
            strategy=strategy,
            target=measure,
            author=people["editor"],
            text=f"Bitte prüfen, @{person.email}",
            link="/",
        )
        add_comment(  # a mention by name, as the autocomplete writes it
            strategy=strategy,
            target=measure,
            author=people["reader"],
            text=f"Und @{person.name}, bitte",
            link="/",
        )
        add_comment(
            strategy=strategy,
            target=measure,
            author=person,
            text="Erledigt, @editor@amtsberg.example",
            link="/",
        )
    ReviewComment.objects.create(
        strategy=strategy, chapter_key="vision", quote="Zitat", text="Prüfen", author=person
    )
    Measure.objects.filter(pk=measure.pk).update(responsible=person)
    Step.objects.create(measure=measure, title="Schritt", owner=person)
    ChecklistItem.objects.filter(pk=objects["item"].pk).update(assignee=person)
    renew_feed_token(person)
    measure.refresh_from_db()
    measure._history_user = person  # a change the person made (django-simple-history)
    measure.title = "Maßnahme geändert"
    measure.save()
    LogEntry.objects.create(
        user=people["operator"],
        content_type=ContentType.objects.get_for_model(type(person)),
        object_id=str(person.pk),
        object_repr=str(person),
        action_flag=CHANGE,
        change_message="[]",
    )

    # Workshops: news of new dates, a seat in a series they registered, a mail recorded.
    DateSubscriber.objects.create(email=person.email, token="s" * 43)
    series = make_series("loeschen-2027")  # the demo has its own series
    workshop_services.register(series, municipality_a, by=person, users=[person])
    SentNotice.objects.create(
        kind=SentNotice.Kind.NEW_SERIES, object_id=series.pk, recipient=person.email
    )

    # Precondition: the person really is everywhere.
    before = traces_in_database(needles)
    assert any(t.startswith("axes.AccessLog") for t in before)
    assert any(t.startswith("audit.AuditEvent") for t in before)
    assert any(t.startswith("comments.Comment") for t in before)
    assert any(t.startswith("municipalities.Invitation") for t in before)
    assert any(t.startswith("admin.LogEntry") for t in before)
    assert any(t.startswith("workshops.DateSubscriber") for t in before)
    assert any(t.startswith("workshops.SentNotice") for t in before)
    assert traces_in_mail(mail_dir, needles)
    history = apps.get_model("strategies", "HistoricalMeasure")
    assert history.objects.filter(history_user=person).exists()
    person_pk = person.pk

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:delete_account"), {"password": PASSWORD})
    assert response.status_code == 302

    assert traces_in_database(needles) == []
    assert traces_in_mail(mail_dir, needles) == []
    # Their seat went with them; the registration stays for the municipality, without them.
    assert not Participant.objects.filter(registration__series=series).exists()
    assert series.registrations.get().registered_by is None
    assert not DateSubscriber.objects.exists() and not SentNotice.objects.exists()
    # Kept, without the person: what they wrote, the changes they made, the events.
    assert ReviewComment.objects.filter(text="Prüfen", author=None).exists()
    assert history.objects.filter(title="Maßnahme geändert", history_user=None).exists()
    erased = AuditEvent.objects.get(kind=Kind.ACCOUNT_ERASED)
    assert erased.actor_id == person_pk
    assert erased.actor_label == f"ehemalige:r Nutzer:in #{person_pk}"
    assert AuditEvent.objects.filter(kind=Kind.LOGIN, actor_id=person_pk).exists()
    # The comment that mentioned them now names the pseudonym.
    assert Comment.objects.filter(
        text=f"Bitte prüfen, @ehemalige:r Nutzer:in #{person_pk}"
    ).exists()
    assert Comment.objects.filter(text=f"Und @ehemalige:r Nutzer:in #{person_pk}, bitte").exists()
