import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/anmelden/"


def test_it_logs_in_with_the_email_address_in_any_case(client) -> None:
    UserFactory(email="kathrin@kommune.example")
    response = client.post(LOGIN, {"username": "Kathrin@Kommune.example", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_it_rejects_a_wrong_password_with_a_german_message(client) -> None:
    UserFactory(email="kathrin@kommune.example")
    response = client.post(LOGIN, {"username": "kathrin@kommune.example", "password": "falsch"})
    assert response.status_code == 200
    assert "E-Mail-Adresse oder Passwort ist falsch" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_rejects_a_malformed_email(client) -> None:
    response = client.post(LOGIN, {"username": "keine-adresse", "password": "x"})
    assert "gültige E-Mail-Adresse" in response.content.decode()


def test_a_spoofed_x_forwarded_for_does_not_bypass_the_lockout(client) -> None:
    UserFactory(email="ziel@kommune.example")
    for attempt in range(5):
        client.post(
            LOGIN,
            {"username": "ziel@kommune.example", "password": f"falsch{attempt}"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}",
        )
    response = client.post(
        LOGIN,
        {"username": "ziel@kommune.example", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.77",
    )
    assert response.status_code == 429
    assert "Zu viele fehlgeschlagene Versuche" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_address_trying_many_accounts_is_paused_after_thirty_failures(
    client, empty_cache
) -> None:
    UserFactory(email="andere@kommune.example")
    for attempt in range(30):
        client.post(LOGIN, {"username": f"geraten{attempt}@kommune.example", "password": "x"})
    response = client.post(LOGIN, {"username": "andere@kommune.example", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2(settings) -> None:
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    from django.conf import settings as live

    from schreibwerkstatt import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    user = get_user_model().objects.create_user(
        "argon@kommune.example", "Ein-langes-Passwort-1", name="A"
    )
    assert user.password.startswith("argon2$")
    assert live.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_logout_needs_post(client) -> None:
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_session_cookie_is_http_only_and_same_site(client) -> None:
    UserFactory(email="keks@kommune.example")
    response = client.post(LOGIN, {"username": "keks@kommune.example", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_password_reset_sends_a_working_link(client) -> None:
    user = UserFactory(email="vergessen@kommune.example")
    response = client.post(
        reverse("accounts:password_reset"), {"email": "vergessen@kommune.example"}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/passwort-neu/" in line).strip()
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url,
        {"new_password1": "Neues-Sicheres-Wort-9", "new_password2": "Neues-Sicheres-Wort-9"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Neues-Sicheres-Wort-9")


def test_password_reset_does_not_reveal_unknown_addresses(client) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": "niemand@kommune.example"})
    assert response.status_code == 302
    assert mail.outbox == []
