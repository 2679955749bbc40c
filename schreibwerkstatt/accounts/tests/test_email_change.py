import pytest
from django.core import mail
from django.urls import reverse

from schreibwerkstatt.audit.models import AuditEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_a_new_address_needs_the_current_password_and_the_old_one_is_told(client) -> None:
    user = UserFactory(email="alt@kommune.example", name="Kathrin")
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"),
        {"name": "Kathrin", "email": "neu@kommune.example", "current_password": PASSWORD},
        follow=True,
    )
    assert response.status_code == 200
    assert "alt@kommune.example" in response.content.decode()
    user.refresh_from_db()
    assert user.email == "neu@kommune.example"
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == ["alt@kommune.example"]
    assert "E-Mail-Adresse" in notice.subject
    assert "neu@kommune.example" in notice.body
    assert "geändert" in notice.body
    event = AuditEvent.objects.get(kind="account.email_changed")
    assert event.actor_id == user.pk
    assert event.details == {"old": "alt@kommune.example", "new": "neu@kommune.example"}


def test_a_wrong_password_keeps_the_old_address(client) -> None:
    user = UserFactory(email="alt@kommune.example", name="Kathrin")
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"),
        {"name": "Kathrin", "email": "neu@kommune.example", "current_password": "falsch"},
    )
    assert response.status_code == 400
    assert "Das Passwort ist falsch" in response.content.decode()
    user.refresh_from_db()
    assert user.email == "alt@kommune.example"
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(kind="account.email_changed").exists()


def test_a_missing_password_is_asked_for_in_german(client) -> None:
    user = UserFactory(email="alt@kommune.example", name="Kathrin")
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"), {"name": "Kathrin", "email": "neu@kommune.example"}
    )
    assert response.status_code == 400
    assert "aktuelles Passwort" in response.content.decode()
    user.refresh_from_db()
    assert user.email == "alt@kommune.example"


def test_changing_only_the_name_needs_no_password_and_sends_no_mail(client) -> None:
    user = UserFactory(email="alt@kommune.example", name="Kathrin")
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"), {"name": "Kathrin Neu", "email": "ALT@kommune.example"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.name == "Kathrin Neu"
    assert mail.outbox == []


def test_the_new_address_is_used_to_log_in(client) -> None:
    user = UserFactory(email="alt@kommune.example", name="Kathrin")
    client.force_login(user)
    client.post(
        reverse("accounts:profile"),
        {"name": "Kathrin", "email": "neu@kommune.example", "current_password": PASSWORD},
    )
    client.post(reverse("accounts:logout"))
    old = client.post(
        reverse("accounts:login"), {"username": "alt@kommune.example", "password": PASSWORD}
    )
    assert old.status_code == 200
    new = client.post(
        reverse("accounts:login"), {"username": "neu@kommune.example", "password": PASSWORD}
    )
    assert new.status_code == 302
