"""The account page's data section: a person downloads everything about themselves and can
delete their account (password, not as a municipality's last coordinator); operators erase
a person with `erase-user`."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from schreibwerkstatt.audit.models import AuditEvent, Kind
from schreibwerkstatt.audit.services import record
from schreibwerkstatt.boards.models import Card
from schreibwerkstatt.boards.services import create_board
from schreibwerkstatt.comments.models import Comment
from schreibwerkstatt.comments.services import add_comment
from schreibwerkstatt.municipalities.models import Membership, Role
from schreibwerkstatt.personal.services import renew_feed_token
from schreibwerkstatt.strategies.models import Measure, Strategy
from schreibwerkstatt.workshops import services
from schreibwerkstatt.workshops.models import Attendance, DateSubscriber
from schreibwerkstatt.workshops.tests.conftest import make_series
from tests.factories import PASSWORD, InvitationFactory

pytestmark = pytest.mark.django_db
User = get_user_model()

DOWNLOAD = reverse("privacy:personal_data")
DELETE = reverse("privacy:delete_account")


@pytest.fixture
def strategy(municipality_a):
    return Strategy.objects.create(municipality=municipality_a, title="Digital Amtsberg")


def test_the_profile_page_offers_download_and_deletion(as_persona) -> None:
    content = as_persona("editor").get(reverse("accounts:profile")).content.decode()
    assert DOWNLOAD in content
    assert DELETE in content
    assert "Meine Daten herunterladen (JSON)" in content


def test_a_person_downloads_their_own_data_as_json(
    municipality_a, people, strategy, as_persona
) -> None:
    editor = people["editor"]
    measure = Measure.objects.create(strategy=strategy, title="WLAN im Rathaus", responsible=editor)
    add_comment(strategy=strategy, target=measure, author=editor, text="Mein Hinweis", link="/")
    add_comment(
        strategy=strategy, target=measure, author=people["reader"], text="Fremder Text", link="/"
    )
    token = renew_feed_token(editor)
    InvitationFactory(municipality=municipality_a, email="x@amtsberg.example", invited_by=editor)
    record(Kind.ROLE_CHANGED, actor=people["coordinator"], municipality=municipality_a, obj=editor)
    record(Kind.ROLE_CHANGED, actor=people["coordinator"], obj=people["reader"])

    series = make_series()
    registration = services.register(
        series, municipality_a, by=people["coordinator"], users=[editor]
    )
    session = series.sessions.order_by("starts").first()
    Attendance.objects.create(session=session, participant=registration.participants.get())
    DateSubscriber.objects.create(email="editor@amtsberg.example", token="t" * 43)
    board = create_board(municipality_a, user=people["coordinator"], title="Ideen", template="free")
    Card.objects.create(
        board=board, column=board.columns.get(), text="Mein Kartentext", author=editor
    )
    Card.objects.create(
        board=board, column=board.columns.get(), text="Fremde Karte", author=people["reader"]
    )

    response = as_persona("editor").get(DOWNLOAD)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="meine-daten-')
    assert response["Cache-Control"] == "private, no-store"
    data = json.loads(response.content)
    assert data["profil"]["e_mail"] == "editor@amtsberg.example"
    assert data["mitgliedschaften"] == [
        {"kommune": "Amtsberg", "rolle": "Redaktion", "seit": data["mitgliedschaften"][0]["seit"]}
    ]
    assert [c["text"] for c in data["kommentare"]] == ["Mein Hinweis"]
    assert data["verantwortlich_fuer"]["massnahmen"] == [
        {"strategie": "Digital Amtsberg", "titel": "WLAN im Rathaus"}
    ]
    assert data["benachrichtigungen"]["kalender_abo"] is True
    assert data["workshop_teilnahmen"] == [
        {
            "durchgang": series.title,
            "kommune": "Amtsberg",
            "anmeldung": "Bestätigt",
            "teilnehmend_seit": data["workshop_teilnahmen"][0]["teilnehmend_seit"],
            "anwesend": [{"termin": session.title, "beginn": session.starts.isoformat()}],
        }
    ]
    assert data["neue_termine_per_e_mail"][0]["e_mail"] == "editor@amtsberg.example"
    assert [(c["wand"], c["text"]) for c in data["werkstatt_karten"]] == [
        ("Ideen", "Mein Kartentext")
    ]
    assert [i["an"] for i in data["versendete_einladungen"]] == ["x@amtsberg.example"]
    events = [e["ereignis"] for e in data["protokoll"]]
    assert events.count("Rolle geändert") == 1  # about them, not the reader's change
    assert "Angemeldet" in events  # their own
    text = response.content.decode()
    assert token[:16] not in text and token[16:] not in text  # never the feed's address
    assert "Fremder Text" not in text and "Fremde Karte" not in text


def test_the_download_needs_a_login_and_a_get(people) -> None:
    response = Client().get(DOWNLOAD)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    client = Client()
    client.force_login(people["editor"])
    assert client.post(DOWNLOAD).status_code == 405


def test_a_person_deletes_their_account_with_their_password(
    municipality_a, people, strategy, as_persona
) -> None:
    reader = people["reader"]
    measure = Measure.objects.create(strategy=strategy, title="WLAN im Rathaus")
    add_comment(strategy=strategy, target=measure, author=reader, text="Bis bald", link="/")
    client = as_persona("reader")

    assert client.get(DELETE).status_code == 200
    response = client.post(DELETE, {"password": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(email="reader@amtsberg.example").exists()
    assert client.get(reverse("accounts:profile")).status_code == 302  # logged out
    comment = Comment.objects.get(text="Bis bald")
    assert comment.author is None
    page = as_persona("editor").get(
        reverse(
            "strategies:measure",
            kwargs={"slug": municipality_a.slug, "strategy": strategy.pk, "pk": measure.pk},
        )
    )
    assert "ehemalige:r Nutzer:in" in page.content.decode()
    event = AuditEvent.objects.get(kind=Kind.ACCOUNT_ERASED)
    assert event.actor_label.startswith("ehemalige:r Nutzer:in #")
    assert event.details == {"by": "self"}


def test_a_wrong_password_deletes_nothing(people, as_persona) -> None:
    response = as_persona("reader").post(DELETE, {"password": "falsch"})
    assert response.status_code == 400
    assert "Das Passwort stimmt nicht" in response.content.decode()
    assert User.objects.filter(pk=people["reader"].pk).exists()
    response = as_persona("reader").post(DELETE, {})
    assert response.status_code == 400
    assert User.objects.filter(pk=people["reader"].pk).exists()


def test_the_last_coordinator_must_hand_over_first(municipality_a, people, as_persona) -> None:
    client = as_persona("coordinator")
    page = client.get(DELETE)
    assert "Sie sind die einzige Person mit der Rolle Koordination in Amtsberg" in (
        page.content.decode()
    )
    response = client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 409
    assert User.objects.filter(pk=people["coordinator"].pk).exists()

    Membership.objects.filter(user=people["editor"]).update(role=Role.COORDINATOR)
    assert client.post(DELETE, {"password": PASSWORD}).status_code == 302
    assert not User.objects.filter(pk=people["coordinator"].pk).exists()


def test_deletion_needs_a_login_and_no_other_method(people) -> None:
    response = Client().post(DELETE, {"password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    client = Client()
    client.force_login(people["reader"])
    assert client.put(DELETE).status_code == 405
    assert User.objects.filter(pk=people["reader"].pk).exists()


def test_another_municipalitys_coordinator_cannot_delete_somebody_else(people, as_persona) -> None:
    """There is no parameter naming a person: the page acts on whoever is logged in."""
    response = as_persona("outsider").post(
        DELETE, {"password": PASSWORD, "user": people["reader"].pk}
    )
    assert response.status_code == 409  # the outsider is Birkenwerder-Nord's only coordinator
    assert User.objects.filter(pk=people["reader"].pk).exists()
    data = json.loads(as_persona("outsider").get(DOWNLOAD).content)
    assert data["profil"]["e_mail"] == "outsider@birkenwerder.example"


def test_an_operator_erases_a_person_with_the_command(people) -> None:
    out = StringIO()
    call_command("erase-user", "READER@amtsberg.example", "--yes", stdout=out)
    assert not User.objects.filter(email="reader@amtsberg.example").exists()
    assert "ehemalige:r Nutzer:in #" in out.getvalue()
    assert AuditEvent.objects.get(kind=Kind.ACCOUNT_ERASED).details == {"by": "operator"}


def test_the_command_refuses_unknown_people_and_last_coordinators(people) -> None:
    with pytest.raises(CommandError, match="No account"):
        call_command("erase-user", "niemand@amtsberg.example", "--yes")
    with pytest.raises(CommandError, match="einzige Person"):
        call_command("erase-user", "coordinator@amtsberg.example", "--yes")
    assert User.objects.filter(email="coordinator@amtsberg.example").exists()


def test_an_earlier_address_is_erased_too(people, strategy) -> None:
    from axes.models import AccessLog

    reader = people["reader"]
    record(
        "account.email_changed",
        actor=reader,
        obj=reader,
        details={"old": "frueher@amtsberg.example", "new": reader.email},
    )
    AccessLog.objects.create(
        username="frueher@amtsberg.example", ip_address="192.0.2.1", user_agent="x"
    )
    measure = Measure.objects.create(strategy=strategy, title="WLAN")
    add_comment(
        strategy=strategy,
        target=measure,
        author=people["editor"],
        text="Frage an @frueher@amtsberg.example",
        link="/",
    )
    call_command("erase-user", reader.email, "--yes", stdout=StringIO())
    assert not AccessLog.objects.exists()
    assert not Comment.objects.filter(text__contains="frueher@").exists()
    assert not AuditEvent.objects.filter(details__icontains="frueher@").exists()
