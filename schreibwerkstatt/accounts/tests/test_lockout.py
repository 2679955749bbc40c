"""The login lock-out pauses one account from one address, so it cannot be used to lock a
person out, and the holder can lift it with a single-use link from the mail."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from schreibwerkstatt.audit.models import AuditEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]
LOGIN = "/anmelden/"
ATTACKER = "203.0.113.66"
OWNER = "198.51.100.10"


def fail_five_times(client, email: str, address: str) -> None:
    for attempt in range(5):
        client.post(LOGIN, {"username": email, "password": f"falsch{attempt}"}, REMOTE_ADDR=address)


def log_in(client, address: str):
    """The owner's login with the right password from `address`."""
    return client.post(
        LOGIN, {"username": "ziel@kommune.example", "password": PASSWORD}, REMOTE_ADDR=address
    )


def unlock_path() -> str:
    body = mail.outbox[-1].body
    link = re.search(r"https?://testserver(/entsperren/[^\s]+)", body)
    assert link, body
    return link.group(1)


def test_an_attacker_failing_from_one_address_does_not_lock_out_the_owner_elsewhere(
    client, django_user_model
) -> None:
    UserFactory(email="ziel@kommune.example")
    fail_five_times(client, "Ziel@Kommune.example", ATTACKER)
    attacker = log_in(client, ATTACKER)
    assert attacker.status_code == 429
    assert "Zu viele fehlgeschlagene Versuche" in attacker.content.decode()

    owner = log_in(client, OWNER)
    assert owner.status_code == 302
    assert client.session["_auth_user_id"]


def test_the_holder_gets_one_german_unlock_mail_and_the_lockout_is_audited(client) -> None:
    user = UserFactory(email="ziel@kommune.example")
    fail_five_times(client, "ziel@kommune.example", ATTACKER)
    fail_five_times(client, "ziel@kommune.example", ATTACKER)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ziel@kommune.example"]
    assert "Anmeldung" in mail.outbox[0].subject
    assert "/entsperren/" in mail.outbox[0].body
    events = AuditEvent.objects.filter(kind="account.locked_out", actor=user)
    assert events.exists()
    assert events.first().ip_address == ATTACKER


def test_no_unlock_mail_for_an_unknown_address(client) -> None:
    fail_five_times(client, "niemand@kommune.example", ATTACKER)
    assert mail.outbox == []


def test_the_unlock_link_lifts_the_lockout_once(client) -> None:
    user = UserFactory(email="ziel@kommune.example")
    fail_five_times(client, "ziel@kommune.example", OWNER)
    path = unlock_path()

    # Opening the link only shows a button, so a mail scanner does not use it up.
    page = client.get(path, REMOTE_ADDR=OWNER)
    assert page.status_code == 200
    assert "Anmeldung entsperren" in page.content.decode()
    assert log_in(client, OWNER).status_code == 429

    done = client.post(path, REMOTE_ADDR=OWNER)
    assert done.status_code == 302
    assert AuditEvent.objects.filter(kind="account.unlocked", actor=user).exists()
    login = log_in(client, OWNER)
    assert login.status_code == 302

    client.post(reverse("accounts:logout"))
    again = client.post(path, REMOTE_ADDR=OWNER)
    assert again.status_code == 400
    assert "bereits verwendet" in again.content.decode()


def test_an_expired_unlock_link_is_refused_in_german(client, monkeypatch) -> None:
    from schreibwerkstatt.accounts import services

    UserFactory(email="ziel@kommune.example")
    fail_five_times(client, "ziel@kommune.example", OWNER)
    path = unlock_path()
    monkeypatch.setattr(services, "UNLOCK_MAX_AGE", -1)
    response = client.post(path, REMOTE_ADDR=OWNER)
    assert response.status_code == 400
    assert "abgelaufen" in response.content.decode()
    assert log_in(client, OWNER).status_code == 429


def test_a_tampered_unlock_link_is_refused(client) -> None:
    response = client.get(reverse("accounts:unlock", args=["erfunden:abc"]))
    assert response.status_code == 400
    assert "nicht gültig" in response.content.decode()
