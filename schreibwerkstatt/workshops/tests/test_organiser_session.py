"""Running a session (views/organiser.manage_session and the forms on it): attendance,
materials, notes, agreed tasks that reach the owner's "Meine Aufgaben", the follow-up."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from schreibwerkstatt.guides.tests.samples import EXE, PDF, PDF_WITH_SCRIPT, png
from schreibwerkstatt.process.models import ChecklistItem
from schreibwerkstatt.workshops.models import Attendance, Material, Registration, Session
from tests.factories import MunicipalityFactory, UserFactory

from .conftest import make_series
from .test_organiser import register

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def series(db):
    return make_series("fruehjahr-2027", title="Schreibwerkstatt Frühjahr 2027")


@pytest.fixture
def session(series) -> Session:
    return series.sessions.order_by("starts").first()


@pytest.fixture
def taking_part(series, municipality_a, municipality_b, people):
    """A confirmed with coordinator and editor (and an invited address), B waiting."""
    a = register(series, municipality_a, people["coordinator"], people["editor"],
                 email="neu@amtsberg.example")  # fmt: skip
    b = register(series, municipality_b, people["outsider"], status=Status.WAITING)
    return a, b


def url(name: str, session: Session, *extra) -> str:
    return reverse(f"workshops:{name}", args=[session.series.slug, session.pk, *extra])


def test_the_page_lists_the_participants_of_confirmed_registrations_by_municipality(
    session, taking_part, as_persona
) -> None:
    response = as_persona("adviser").get(url("manage_session", session))
    html = response.content.decode()
    table = html.split('id="attendance-table"')[1].split("</table>")[0]
    assert (
        "Amtsberg" in table and "Coordinator Amtsberg" in table and "neu@amtsberg.example" in table
    )
    assert "Birkenwerder" not in table and "Outsider" not in table  # waiting: not in the room
    assert 'class="sw-table-scroll" tabindex="0" role="region"' in html


def test_ticking_attendance_saves_exactly_the_ticked_ones(
    session, taking_part, people, as_persona
) -> None:
    a, _b = taking_part
    coordinator, editor, invited = a.participants.order_by("pk")
    client = as_persona("adviser")
    response = client.post(
        url("session_attendance", session), {"present": [coordinator.pk, invited.pk]}
    )
    assert response.status_code == 302
    assert set(session.attendances.values_list("participant_id", flat=True)) == {
        coordinator.pk,
        invited.pk,
    }
    client.post(url("session_attendance", session), {"present": [editor.pk]})
    assert list(session.attendances.values_list("participant_id", flat=True)) == [editor.pk]
    attendance = Attendance.objects.get()
    assert attendance.recorded_by == people["adviser"]
    html = client.get(url("manage_session", session)).content.decode()
    assert f'value="{editor.pk}" id="present-{editor.pk}" checked' in html


def test_a_participant_of_a_waiting_registration_or_another_series_cannot_be_ticked(
    session, taking_part, as_persona
) -> None:
    _a, b = taking_part
    waiting = b.participants.get()
    response = as_persona("adviser").post(
        url("session_attendance", session), {"present": [waiting.pk]}
    )
    assert response.status_code == 400
    assert "nimmt an diesem Termin nicht teil" in response.content.decode()
    response = as_persona("adviser").post(url("session_attendance", session), {"present": ["x"]})
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def pptx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/><Override '
            'PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.presentationml.presentation.main+xml"/></Types>',
        )
        archive.writestr("ppt/presentation.xml", "<p:presentation/>")
    return out.getvalue()


def odp(mimetype: bytes = b"application/vnd.oasis.opendocument.presentation", macro=False):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            'manifest:1.0"/>',
        )
        archive.writestr("content.xml", "<office:document-content/>")
        if macro:
            archive.writestr("Basic/Standard/Module1.xml", "<script/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Folien.pdf", PDF, "application/pdf"),
        (
            "Folien.pptx",
            pptx(),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("Folien.odp", odp(), "application/vnd.oasis.opendocument.presentation"),
        ("Foto.png", png(), "image/png"),
    ],
)
def test_a_checked_file_is_stored_with_its_type(session, as_persona, name, content, content_type):
    upload = SimpleUploadedFile(name, content)
    response = as_persona("adviser").post(
        url("material_add", session), {"title": "Folien", "file": upload, "public": "on"}
    )
    assert response.status_code == 302
    material = Material.objects.get()
    assert (material.file_name, material.content_type, material.public) == (
        name,
        content_type,
        True,
    )
    assert bytes(material.content) == content and material.size == len(content)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"file": ("programm.exe", EXE)}, "Bitte laden Sie eine Datei dieser Arten hoch"),
        ({"file": ("folien.pdf", EXE)}, "keine gültige PDF"),
        ({"file": ("folien.pdf", PDF_WITH_SCRIPT)}, "Skripte"),
        ({"file": ("folien.pptx", PDF)}, "keine gültige PPTX"),
        ({"file": ("folien.odp", odp(b"application/zip"))}, "keine gültige ODP"),
        ({"file": ("folien.odp", odp(macro=True))}, "Makros"),
        ({"url": "javascript:alert(1)"}, "http"),
        ({"url": "ftp://example.org/folien"}, "http"),
        ({}, "Datei oder geben Sie einen Link"),
        ({"file": ("folien.pdf", PDF), "url": "https://example.org"}, "nicht beides"),
    ],
)
def test_a_bad_material_gets_a_german_message_and_nothing_is_stored(
    session, as_persona, data, message
):
    post = {"title": "Folien"}
    if "file" in data:
        post["file"] = SimpleUploadedFile(*data["file"])
    if "url" in data:
        post["url"] = data["url"]
    response = as_persona("adviser").post(url("material_add", session), post)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Material.objects.exists()


def test_a_file_over_the_limit_is_refused(session, as_persona, settings) -> None:
    big = SimpleUploadedFile("gross.pdf", PDF + b"0" * (10 * 1024 * 1024))
    response = as_persona("adviser").post(url("material_add", session), {"title": "X", "file": big})
    assert response.status_code == 400 and "größer als 10 MB" in response.content.decode()
    assert not Material.objects.exists()


def test_a_link_is_stored_and_a_material_deleted(session, series, as_persona) -> None:
    client = as_persona("adviser")
    client.post(
        url("material_add", session), {"title": "Whiteboard", "url": "https://board.example.org/x"}
    )
    material = Material.objects.get()
    assert material.url == "https://board.example.org/x" and not material.public
    other = make_series("andere").sessions.first()
    assert client.post(url("material_delete", other, material.pk)).status_code == 404
    assert client.get(url("material_delete", session, material.pk)).status_code == 405
    assert client.post(url("material_delete", session, material.pk)).status_code == 302
    assert not Material.objects.exists()


def test_the_notes_are_saved_with_optimistic_locking(session, as_persona) -> None:
    client = as_persona("adviser")
    version = session.version
    response = client.post(
        url("session_notes", session), {"notes": "Gut gelaufen", "version": version}
    )
    assert response.status_code == 302
    response = client.post(
        url("session_notes", session), {"notes": "Meine Fassung", "version": version}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Gut gelaufen" in html and "Meine Fassung" in html
    assert Session.objects.get(pk=session.pk).notes == "Gut gelaufen"
    assert client.post(url("session_notes", session), {"notes": "x"}).status_code == 400


def test_an_agreed_task_goes_on_the_checklist_and_into_the_owners_tasks(
    session, taking_part, municipality_a, people, as_persona, client
) -> None:
    a, _b = taking_part
    due = timezone.localdate() + timedelta(days=14)
    response = as_persona("adviser").post(
        url("session_task_add", session),
        {"title": "Bestand erheben", "registration": a.pk, "phase": "1",
         "owner": people["editor"].pk, "due_date": due.isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    item = ChecklistItem.objects.get(title="Bestand erheben")
    assert (item.municipality, item.phase, item.assignee, item.due_date) == (
        municipality_a,
        1,
        people["editor"],
        due,
    )
    assert "Schreibwerkstatt Frühjahr 2027" in item.reference and session.title in item.reference
    mine = as_persona("editor").get(reverse("personal:my_tasks")).content.decode()
    assert "Bestand erheben" in mine and f"/kommunen/amtsberg/phasen/1/#item-{item.pk}" in mine
    page = as_persona("adviser").get(url("manage_session", session)).content.decode()
    assert "Bestand erheben" in page.split('id="tasks"')[1]
    owners = page.split('name="owner"')[1].split("</select>")[0]
    assert '<optgroup label="Amtsberg">' in owners  # the people grouped by municipality
    assert "Outsider" not in owners  # B is only waiting


@pytest.mark.parametrize("who", ["outsider", "nobody"])
def test_a_task_needs_a_member_of_a_confirmed_municipality_as_owner(
    session, taking_part, people, as_persona, who
) -> None:
    a, b = taking_part
    owner = people["outsider"] if who == "outsider" else UserFactory()
    response = as_persona("adviser").post(
        url("session_task_add", session),
        {"title": "Aufgabe", "registration": a.pk, "phase": "1", "owner": owner.pk},
    )
    assert response.status_code == 400
    response = as_persona("adviser").post(
        url("session_task_add", session),
        {"title": "Aufgabe", "registration": b.pk, "phase": "1", "owner": people["outsider"].pk},
    )
    assert response.status_code == 400
    assert "angemeldet ist" in response.content.decode()
    assert not ChecklistItem.objects.filter(title="Aufgabe").exists()


def test_the_follow_up_goes_once_to_the_participants_with_materials_and_their_own_tasks(
    session, series, taking_part, municipality_a, people, as_persona,
    django_capture_on_commit_callbacks,
) -> None:  # fmt: skip
    a, _b = taking_part
    c = register(series, MunicipalityFactory(name="Caputh"), UserFactory(email="c@caputh.example"))
    client = as_persona("adviser")
    client.post(
        url("material_add", session), {"title": "Whiteboard", "url": "https://board.example.org/x"}
    )
    client.post(
        url("material_add", session), {"title": "Folien", "file": SimpleUploadedFile("f.pdf", PDF)}
    )
    client.post(
        url("session_task_add", session),
        {
            "title": "Nur für Amtsberg",
            "registration": a.pk,
            "phase": "2",
            "owner": people["editor"].pk,
        },
    )
    assert c.pk
    Session.objects.filter(pk=session.pk).update(starts=timezone.now() - timedelta(hours=3))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("session_follow_up", session), {"confirm": "1"})
    assert response.status_code == 302
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == [
        "c@caputh.example",
        "coordinator@amtsberg.example",
        "editor@amtsberg.example",
        "neu@amtsberg.example",
    ]  # not the waiting Birkenwerder-Nord
    amtsberg, caputh = (
        by_address["editor@amtsberg.example"].body,
        by_address["c@caputh.example"].body,
    )
    assert "Whiteboard" in amtsberg and "Folien" in amtsberg and "Folien" in caputh
    assert "Nur für Amtsberg" in amtsberg and "Nur für Amtsberg" not in caputh
    assert Session.objects.get(pk=session.pk).follow_up_sent_at is not None

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("session_follow_up", session), {"confirm": "1"}, follow=True)
    assert "nur einmal verschickt" in response.content.decode()
    assert mail.outbox == []
    assert client.post(url("session_follow_up", session)).status_code == 400


def test_the_follow_up_waits_until_the_session_has_begun(
    session, taking_part, as_persona, django_capture_on_commit_callbacks
) -> None:
    client = as_persona("adviser")
    assert "ab Beginn des Termins" in client.get(url("manage_session", session)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("session_follow_up", session), {"confirm": "1"}, follow=True)
    assert "ab Beginn des Termins" in response.content.decode()
    assert mail.outbox == [] and Session.objects.get(pk=session.pk).follow_up_sent_at is None


def test_a_session_of_another_series_is_not_found(session, as_persona) -> None:
    other = make_series("andere").sessions.first()
    wrong = reverse("workshops:manage_session", args=[session.series.slug, other.pk])
    assert as_persona("adviser").get(wrong).status_code == 404
    Material.objects.create(session=session, title="Hier", url="https://example.org")
