import time

import pytest
from django.urls import reverse
from django.utils import timezone

from schreibwerkstatt.municipalities.models import Membership, Role
from schreibwerkstatt.municipalities.services import invitation_token
from tests.factories import PASSWORD, InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db


def accept_url(invitation) -> str:
    return reverse(
        "municipalities:accept_invitation", kwargs={"token": invitation_token(invitation)}
    )


NEW_ACCOUNT = {
    "name": "Nora Neu",
    "password1": "Digital-Amtsberg-2026",
    "password2": "Digital-Amtsberg-2026",
}


def test_a_new_person_creates_an_account_and_joins(client, municipality_a) -> None:
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


def test_the_link_works_only_once(client, municipality_a) -> None:
    invitation = InvitationFactory(municipality=municipality_a, email="einmal@amtsberg.example")
    client.post(accept_url(invitation), NEW_ACCOUNT)
    client.logout()
    again = client.get(accept_url(invitation))
    assert again.status_code == 410
    assert "bereits verwendet" in again.content.decode()


def test_an_expired_link_is_refused(client, municipality_a, monkeypatch) -> None:
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
) -> None:
    invitation = InvitationFactory(
        municipality=municipality_a,
        email="alt@amtsberg.example",
        created_at=timezone.now() - timezone.timedelta(days=8),
    )
    assert client.get(accept_url(invitation)).status_code == 410


def test_a_withdrawn_invitation_is_refused(client, municipality_a) -> None:
    invitation = InvitationFactory(municipality=municipality_a, revoked_at=timezone.now())
    assert client.get(accept_url(invitation)).status_code == 410


def test_a_tampered_token_is_refused(client, municipality_a) -> None:
    invitation = InvitationFactory(municipality=municipality_a)
    token = invitation_token(invitation)
    response = client.get(
        reverse("municipalities:accept_invitation", kwargs={"token": token[:-2] + "xx"})
    )
    assert response.status_code == 410


def test_an_existing_account_must_log_in_first(client, municipality_a) -> None:
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


def test_a_person_logged_in_with_another_address_cannot_accept(client, municipality_a) -> None:
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
def test_it_rejects_a_bad_new_account(client, municipality_a, data, message) -> None:
    invitation = InvitationFactory(municipality=municipality_a, email="neu@amtsberg.example")
    response = client.post(accept_url(invitation), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Membership.objects.exists()


def _meanwhile(monkeypatch, happen) -> None:
    """Let `happen()` run once between the view's checks and the sign-up itself: the moment
    another request on the same link (or another way to the same address) gets in between."""
    from schreibwerkstatt.accounts.forms import AccountCreationForm

    original = AccountCreationForm.clean

    def clean(form):
        monkeypatch.setattr(AccountCreationForm, "clean", original)
        happen()
        return original(form)

    monkeypatch.setattr(AccountCreationForm, "clean", clean)


def test_a_second_sign_up_overtaken_on_the_same_link_is_told_the_link_is_used(
    client, municipality_a, monkeypatch
) -> None:
    from django.test import Client

    invitation = InvitationFactory(municipality=municipality_a, email="doppelt@amtsberg.example")
    url = accept_url(invitation)
    _meanwhile(monkeypatch, lambda: Client().post(url, {**NEW_ACCOUNT, "name": "Erster Tab"}))
    response = client.post(url, {**NEW_ACCOUNT, "name": "Zweiter Tab"})
    assert response.status_code == 410
    assert "bereits verwendet" in response.content.decode()
    membership = Membership.objects.get()
    assert membership.user.name == "Erster Tab"


def test_an_account_made_meanwhile_for_the_address_leads_to_the_login(
    client, municipality_a, monkeypatch
) -> None:
    invitation = InvitationFactory(municipality=municipality_a, email="zugleich@amtsberg.example")
    _meanwhile(monkeypatch, lambda: UserFactory(email="zugleich@amtsberg.example"))
    response = client.post(accept_url(invitation), NEW_ACCOUNT)
    assert response.status_code == 409
    assert "melden Sie sich an" in response.content.decode()
    assert not Membership.objects.exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.django_db(transaction=True)
def test_eight_parallel_sign_ups_on_one_link_make_exactly_one_account(
    migration_data, municipality_a
) -> None:
    """Real concurrency needs row locks: PostgreSQL only (SQLite serialises writers anyway)."""
    import threading

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    invitation = InvitationFactory(municipality=municipality_a, email="parallel@amtsberg.example")
    url = accept_url(invitation)
    start = threading.Barrier(8)
    answers: list[int | str] = []

    def sign_up(number: int) -> None:
        try:
            start.wait()
            response = Client().post(url, {**NEW_ACCOUNT, "name": f"Tab {number}"})
            answers.append(response.status_code)
            if response.status_code == 410:
                assert "bereits verwendet" in response.content.decode()
        except Exception as error:  # reported by the assertion below
            answers.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers, key=str) == [302] + [410] * 7
    assert get_user_model().objects.filter(email="parallel@amtsberg.example").count() == 1
    assert Membership.objects.filter(municipality=municipality_a).count() == 1
