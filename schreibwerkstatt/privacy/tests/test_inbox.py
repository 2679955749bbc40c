"""The inbox in the personal-data download and in the erasure of a person."""

import json

from django.urls import reverse

from schreibwerkstatt.inbox.models import Delivery, Kind, Notification, Preference, SentDigest
from schreibwerkstatt.inbox.services import notify
from schreibwerkstatt.privacy.erasure import erase_user

DOWNLOAD = reverse("privacy:personal_data")


def test_the_download_holds_the_persons_notifications_and_choices(people, as_persona) -> None:
    notify(
        [people["editor"]],
        kind=Kind.MENTION,
        subject="Reader Amtsberg hat Sie erwähnt",
        body="Bitte prüfen",
        url="/kommunen/amtsberg/",
    )
    notify([people["reader"]], kind=Kind.MENTION, subject="Fremde Nachricht", body="", url="/")
    Preference.objects.create(user=people["editor"], kind=Kind.REMINDER, delivery=Delivery.DIGEST)

    response = as_persona("editor").get(DOWNLOAD)

    data = json.loads(response.content)
    assert data["posteingang"] == [
        {
            "art": "Erwähnungen",
            "betreff": "Reader Amtsberg hat Sie erwähnt",
            "text": "Bitte prüfen",
            "link": "/kommunen/amtsberg/",
            "erhalten_am": data["posteingang"][0]["erhalten_am"],
            "gelesen_am": None,
        }
    ]
    choices = data["posteingang_zustellung"]
    assert choices["Erinnerungen an fällige Schritte und an Maßnahmen ohne Statusmeldung"] == (
        "Zusätzlich in der wöchentlichen Zusammenfassung per E-Mail"
    )
    assert choices["Erwähnungen"] == "Zusätzlich sofort per E-Mail"
    assert "Fremde Nachricht" not in response.content.decode()


def test_erasure_deletes_the_inbox_and_the_name_in_others_notifications(people) -> None:
    editor, reader = people["editor"], people["reader"]
    notify([editor], kind=Kind.MENTION, subject="Für die Redaktion", body="", url="/")
    notify([reader], kind=Kind.MENTION, subject="Editor Amtsberg hat Sie erwähnt", body="", url="/")
    Preference.objects.create(user=editor, kind=Kind.MENTION, delivery=Delivery.IN_APP)
    SentDigest.objects.create(user=editor, period="2026-W10", sent_at="2026-03-02T09:00Z")
    pk = editor.pk

    erase_user(editor)

    assert not Notification.objects.filter(recipient_id=pk).exists()
    assert not Preference.objects.filter(user_id=pk).exists()
    assert not SentDigest.objects.filter(user_id=pk).exists()
    assert Notification.objects.get(recipient=reader).subject == (
        f"ehemalige:r Nutzer:in #{pk} hat Sie erwähnt"
    )
