"""The settings page "Benachrichtigungen": reminders, weekly overview, calendar address."""

import re

import pytest
from django.urls import reverse

from schreibwerkstatt.personal.models import NotificationSettings
from schreibwerkstatt.personal.services import feed_owner

pytestmark = pytest.mark.django_db
URL = "/profil/benachrichtigungen/"


def test_it_is_linked_from_my_tasks_and_the_profile(people, as_persona) -> None:
    client = as_persona("contributor")
    assert reverse("personal:notifications") == URL
    assert f'href="{URL}"' in client.get(reverse("personal:my_tasks")).content.decode()
    assert f'href="{URL}"' in client.get(reverse("accounts:profile")).content.decode()


def test_everything_is_on_until_the_person_decides_otherwise(people, as_persona) -> None:
    response = as_persona("contributor").get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Benachrichtigungen und Kalender" in html
    assert 'id="id_reminders" checked>' in html
    assert 'id="id_weekly_digest" checked>' in html
    assert "Sie haben noch kein Kalender-Abonnement." in html
    assert not NotificationSettings.objects.exists()


def test_a_person_switches_reminders_off(people, as_persona) -> None:
    client = as_persona("contributor")
    response = client.post(URL, {"action": "save", "weekly_digest": "on", "version": "1"})
    assert response.status_code == 302 and response.url == URL
    settings = NotificationSettings.objects.get(user=people["contributor"])
    assert (settings.reminders, settings.weekly_digest, settings.version) == (False, True, 2)
    html = client.get(URL).content.decode()
    assert "Ihre Benachrichtigungseinstellungen sind gespeichert." in html
    assert 'id="id_reminders" checked>' not in html
    assert 'id="id_weekly_digest" checked>' in html

    client.post(URL, {"action": "save", "reminders": "on", "version": "2"})
    settings.refresh_from_db()
    assert (settings.reminders, settings.weekly_digest, settings.version) == (True, False, 3)


def test_a_save_from_an_outdated_window_changes_nothing(people, as_persona) -> None:
    client = as_persona("contributor")
    client.post(URL, {"action": "save", "version": "1"})  # both off, in another window

    response = client.post(URL, {"action": "save", "reminders": "on", "version": "1"})

    assert response.status_code == 409
    html = response.content.decode()
    assert "in einem anderen Fenster geändert. Es wurde nichts gespeichert." in html
    assert "Dort gespeichert: Erinnerungen aus." in html and "Wochenüberblick aus." in html
    assert 'name="version" value="2"' in html
    settings = NotificationSettings.objects.get()
    assert (settings.reminders, settings.weekly_digest, settings.version) == (False, False, 2)


@pytest.mark.parametrize(
    "data",
    [
        {"reminders": "on", "version": "1"},
        {"action": "alles-aus", "version": "1"},
        {"action": "save", "reminders": "on"},
        {"action": "save", "reminders": "on", "version": "-1"},
    ],
)
def test_bad_input_is_refused_and_changes_nothing(people, as_persona, data) -> None:
    response = as_persona("contributor").post(URL, data)
    assert response.status_code == 400
    assert not NotificationSettings.objects.exists()


def test_it_needs_a_login(people, as_persona) -> None:
    for method in ("get", "post"):
        response = getattr(as_persona("anonymous"), method)(URL)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    assert as_persona("contributor").put(URL).status_code == 405


def test_a_calendar_address_is_created_shown_renewed_and_switched_off(people, as_persona) -> None:
    client = as_persona("contributor")

    response = client.post(URL, {"action": "renew_feed"})
    assert response.status_code == 302 and response.url == URL + "#calendar"
    html = client.get(URL).content.decode()
    first = re.search(r'value="http://testserver/kalender/([^"]+)\.ics"', html).group(1)
    assert feed_owner(first) == people["contributor"]
    assert "Geben Sie diese Adresse nicht weiter" in html
    assert "Nur jetzt angezeigt" in html

    html = client.get(URL).content.decode()  # shown once: the next visit tells how to get a new one
    assert first not in html and "/kalender/" not in html
    assert "Ihr Kalender-Abonnement ist eingerichtet" in html

    client.post(URL, {"action": "renew_feed"})
    html = client.get(URL).content.decode()
    second = re.search(r'value="http://testserver/kalender/([^"]+)\.ics"', html).group(1)
    assert second != first and feed_owner(second) == people["contributor"]
    assert feed_owner(first) is None

    client.post(URL, {"action": "revoke_feed"})
    assert feed_owner(second) is None
    assert NotificationSettings.objects.get().feed_key is None
    assert "Sie haben noch kein Kalender-Abonnement." in client.get(URL).content.decode()


def test_nobody_sees_another_persons_address(people, as_persona) -> None:
    client = as_persona("contributor")
    client.post(URL, {"action": "renew_feed"})
    html = as_persona("editor").get(URL).content.decode()
    assert "/kalender/" not in html and "Sie haben noch kein Kalender-Abonnement." in html
    assert "/kalender/" in client.get(URL).content.decode()
