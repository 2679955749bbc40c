import pytest
from django.core import mail
from django.urls import reverse

from schreibwerkstatt.audit.models import AuditEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
NEW_ADDRESS = {"name": "Kathrin", "email": "neu@kommune.example"}


@pytest.fixture
def kathrin():
    return UserFactory(email="alt@kommune.example", name="Kathrin")


def test_a_new_address_needs_the_current_password_and_the_old_one_is_told(
    kathrin, post_profile
) -> None:
    response = post_profile(kathrin, {**NEW_ADDRESS, "current_password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert "alt@kommune.example" in response.content.decode()
    kathrin.refresh_from_db()
    assert kathrin.email == "neu@kommune.example"
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == ["alt@kommune.example"]
    assert "E-Mail-Adresse" in notice.subject
    assert "neu@kommune.example" in notice.body
    assert "geändert" in notice.body
    event = AuditEvent.objects.get(kind="account.email_changed")
    assert event.actor_id == kathrin.pk
    assert event.details == {"old": "alt@kommune.example", "new": "neu@kommune.example"}


@pytest.mark.parametrize(
    ("password", "message"),
    [
        pytest.param({"current_password": "falsch"}, "Das Passwort ist falsch", id="wrong"),
        pytest.param({}, "aktuelles Passwort", id="missing_is_asked_for_in_german"),
    ],
)
def test_a_wrong_or_missing_password_keeps_the_old_address(
    kathrin, post_profile, password, message
) -> None:
    response = post_profile(kathrin, {**NEW_ADDRESS, **password})
    assert response.status_code == 400
    assert message in response.content.decode()
    kathrin.refresh_from_db()
    assert kathrin.email == "alt@kommune.example"
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(kind="account.email_changed").exists()


def test_changing_only_the_name_needs_no_password_and_sends_no_mail(kathrin, post_profile) -> None:
    response = post_profile(kathrin, {"name": "Kathrin Neu", "email": "ALT@kommune.example"})
    assert response.status_code == 302
    kathrin.refresh_from_db()
    assert kathrin.name == "Kathrin Neu"
    assert mail.outbox == []


def test_the_new_address_is_used_to_log_in(kathrin, client, post_profile) -> None:
    post_profile(kathrin, {**NEW_ADDRESS, "current_password": PASSWORD})
    client.post(reverse("accounts:logout"))
    old = client.post(
        reverse("accounts:login"), {"username": "alt@kommune.example", "password": PASSWORD}
    )
    assert old.status_code == 200
    new = client.post(
        reverse("accounts:login"), {"username": "neu@kommune.example", "password": PASSWORD}
    )
    assert new.status_code == 302
