import time

import pytest
from django.urls import reverse
from django.utils import timezone

from schreibwerkstatt.municipalities.models import Membership, Role
from schreibwerkstatt.municipalities.services import invitation_token
from tests.factories import PASSWORD, InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db


def accept_url(invitation) -> str:  # type: ignore[no-untyped-def]
    return reverse(
        "municipalities:accept_invitation", kwargs={"token": invitation_token(invitation)}
    )


NEW_ACCOUNT = {
    "name": "Nora Neu",
    "password1": "Digital-Amtsberg-2026",
    "password2": "Digital-Amtsberg-2026",
}


def test_a_new_person_creates_an_account_and_joins(client, municipality_a) -> None:  # type: ignore[no-untyped-def]
    invitation = InvitationFactory(
        municipality=municipality_a, email="nora@amtsberg.example", role=Role.EDITOR
    )
    page = client.get(accept_url(invitation))
    assert page.status_code == 200
    assert "Amtsberg" in page.content.decode()
    response = client.post(accept_url(invitation), NEW_ACCOUNT)
    assert response.status_code == 302
    assert response.url == reverse("process:dashboard", kwargs={"slug": "amtsberg"})
    membership = Membership.objects.get(user__email="nora@amtsberg.example")
    assert membership.role == Role.EDITOR
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert client.get(response.url).status_code == 200  # logged in


def test_the_link_works_only_once(client, municipality_a) -> None:  # type: ignore[no-untyped-def]
    invitation = InvitationFactory(municipality=municipality_a, email="einmal@amtsberg.example")
    client.post(accept_url(invitation), NEW_ACCOUNT)
    client.logout()
    again = client.get(accept_url(invitation))
    assert again.status_code == 410
    assert "bereits verwendet" in again.content.decode()


def test_an_expired_link_is_refused(client, municipality_a, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    invitation = InvitationFactory(municipality=municipality_a, email="spaet@amtsberg.example")
    url = accept_url(invitation)
    eight_days = 8 * 24 * 3600
    monkeypatch.setattr(time, "time", lambda real=time.time: real() + eight_days)
    response = client.post(url, NEW_ACCOUNT)
    assert response.status_code == 410
    assert "älter als 7 Tage" in response.content.decode()
    assert not Membership.objects.filter(user__email="spaet@amtsberg.example").exists()


def test_an_invitation_older_than_seven_days_is_refused_even_with_a_fresh_signature(
    client, municipality_a
) -> None:  # type: ignore[no-untyped-def]
    invitation = InvitationFactory(
        municipality=municipality_a,
        email="alt@amtsberg.example",
        created_at=timezone.now() - timezone.timedelta(days=8),
    )
    assert client.get(accept_url(invitation)).status_code == 410


def test_a_withdrawn_invitation_is_refused(client, municipality_a) -> None:  # type: ignore[no-untyped-def]
    invitation = InvitationFactory(municipality=municipality_a, revoked_at=timezone.now())
    assert client.get(accept_url(invitation)).status_code == 410


def test_a_tampered_token_is_refused(client, municipality_a) -> None:  # type: ignore[no-untyped-def]
    invitation = InvitationFactory(municipality=municipality_a)
    token = invitation_token(invitation)
    response = client.get(
        reverse("municipalities:accept_invitation", kwargs={"token": token[:-2] + "xx"})
    )
    assert response.status_code == 410


def test_an_existing_account_must_log_in_first(client, municipality_a) -> None:  # type: ignore[no-untyped-def]
    UserFactory(email="schon-da@amtsberg.example")
    invitation = InvitationFactory(municipality=municipality_a, email="schon-da@amtsberg.example")
    page = client.get(accept_url(invitation))
    assert "melden Sie sich an" in page.content.decode()
    assert client.post(accept_url(invitation), NEW_ACCOUNT).status_code == 200
    assert not Membership.objects.exists()
    client.post("/anmelden/", {"username": "schon-da@amtsberg.example", "password": PASSWORD})
    response = client.post(accept_url(invitation))
    assert response.status_code == 302
    assert Membership.objects.filter(
        user__email="schon-da@amtsberg.example", municipality=municipality_a
    ).exists()


def test_a_person_logged_in_with_another_address_cannot_accept(client, municipality_a) -> None:  # type: ignore[no-untyped-def]
    client.force_login(UserFactory(email="fremd@andere.example"))
    invitation = InvitationFactory(municipality=municipality_a, email="richtig@amtsberg.example")
    response = client.post(accept_url(invitation))
    assert response.status_code == 403
    assert not Membership.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**NEW_ACCOUNT, "password2": "anders"}, "stimmen nicht überein"),
        ({**NEW_ACCOUNT, "password1": "123", "password2": "123"}, "zu kurz"),
        ({**NEW_ACCOUNT, "name": ""}, "Dieses Feld ist zwingend erforderlich"),
        ({**NEW_ACCOUNT, "name": "x" * 151}, "höchstens 150 Zeichen"),
    ],
)
def test_it_rejects_a_bad_new_account(client, municipality_a, data, message) -> None:  # type: ignore[no-untyped-def]
    invitation = InvitationFactory(municipality=municipality_a, email="neu@amtsberg.example")
    response = client.post(accept_url(invitation), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Membership.objects.exists()
