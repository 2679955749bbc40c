"""The second factor (TOTP) with recovery codes: setup, login step, switching off, and the
REQUIRE_2FA_FOR setting."""

import re
import time

import pyotp
import pytest
from django.urls import reverse

from schreibwerkstatt.accounts.models import RecoveryCode
from schreibwerkstatt.audit.models import AuditEvent
from schreibwerkstatt.municipalities.models import Role
from tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]
LOGIN = "/anmelden/"
SETUP = "/profil/zwei-faktor/"
CODE = "/anmelden/code/"


def set_up(client, user):
    """Go through the setup page as the person would; returns (secret, recovery codes)."""
    client.force_login(user)
    page = client.get(SETUP)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html
    secret = re.search(r'id="two-factor-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    done = client.post(SETUP, {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", done.content.decode())
    client.post(reverse("accounts:logout"))
    return secret, codes


def next_code(secret: str) -> str:
    """The setup used up the current time step; the app's next code is accepted early."""
    totp = pyotp.TOTP(secret)
    return totp.generate_otp(totp.timecode(time.time()) + 1)


def test_setup_shows_a_qr_code_and_key_and_gives_ten_hashed_recovery_codes(client) -> None:
    user = UserFactory(email="zwei@kommune.example")
    secret, codes = set_up(client, user)
    user.refresh_from_db()
    assert user.has_two_factor and user.totp_secret == secret
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = list(RecoveryCode.objects.filter(user=user).values_list("code_hash", flat=True))
    assert len(stored) == 10
    assert not any(code in h or code.replace("-", "") in h for code in codes for h in stored)
    assert AuditEvent.objects.filter(kind="account.2fa_enabled", actor=user).exists()


def test_a_wrong_setup_code_is_refused_in_german(client) -> None:
    user = UserFactory()
    client.force_login(user)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert response.status_code == 400
    assert "Dieser Code ist nicht gültig" in response.content.decode()
    user.refresh_from_db()
    assert not user.has_two_factor


def test_login_asks_for_the_code_after_the_password(client) -> None:
    user = UserFactory(email="zwei@kommune.example")
    secret, _ = set_up(client, user)
    response = client.post(LOGIN, {"username": "zwei@kommune.example", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == CODE
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:profile")).status_code == 302  # not logged in yet
    page = client.get(CODE)
    assert "Code eingeben" in page.content.decode()
    done = client.post(CODE, {"code": next_code(secret)})
    assert done.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_wrong_code_is_refused_and_five_send_back_to_the_password(client) -> None:
    user = UserFactory(email="zwei@kommune.example")
    secret, _ = set_up(client, user)
    client.post(LOGIN, {"username": "zwei@kommune.example", "password": PASSWORD})
    wrong = client.post(CODE, {"code": "123456"})
    assert wrong.status_code == 400
    assert "Dieser Code ist nicht gültig" in wrong.content.decode()
    for _ in range(4):
        last = client.post(CODE, {"code": "123456"})
    assert last.status_code == 302 and last["Location"] == reverse("accounts:login")
    # The pending login is gone: even the right code no longer logs in.
    again = client.post(CODE, {"code": next_code(secret)})
    assert again.status_code == 302 and again["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_a_code_cannot_be_used_twice(client) -> None:
    user = UserFactory(email="zwei@kommune.example")
    secret, _ = set_up(client, user)
    code = pyotp.TOTP(secret).now()
    client.post(LOGIN, {"username": "zwei@kommune.example", "password": PASSWORD})
    # The setup already used the current step; a fresh login needs a newer code, so the
    # same code that set it up is refused.
    response = client.post(CODE, {"code": code})
    assert response.status_code == 400


def test_a_recovery_code_works_once(client) -> None:
    user = UserFactory(email="zwei@kommune.example")
    _, codes = set_up(client, user)
    client.post(LOGIN, {"username": "zwei@kommune.example", "password": PASSWORD})
    first = client.post(CODE, {"code": codes[0].upper()}, follow=True)
    assert first.status_code == 200
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "9 Codes" in first.content.decode()
    assert AuditEvent.objects.filter(kind="account.recovery_code_used", actor=user).exists()
    client.post(reverse("accounts:logout"))

    client.post(LOGIN, {"username": "zwei@kommune.example", "password": PASSWORD})
    reused = client.post(CODE, {"code": codes[0]})
    assert reused.status_code == 400
    assert "_auth_user_id" not in client.session


def test_the_code_step_without_a_password_step_sends_to_the_login(client) -> None:
    response = client.post(CODE, {"code": "123456"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")


def test_switching_off_needs_password_and_code(client) -> None:
    user = UserFactory(email="zwei@kommune.example")
    _, codes = set_up(client, user)
    client.force_login(user)
    url = reverse("accounts:two_factor_disable")
    wrong_password = client.post(url, {"password": "falsch", "code": codes[0]})
    assert wrong_password.status_code == 400
    assert "Das Passwort ist falsch" in wrong_password.content.decode()
    wrong_code = client.post(url, {"password": PASSWORD, "code": "111111"})
    assert wrong_code.status_code == 400
    assert "nicht gültig" in wrong_code.content.decode()
    user.refresh_from_db()
    assert user.has_two_factor
    assert client.get(url).status_code == 405

    done = client.post(url, {"password": PASSWORD, "code": codes[1]})
    assert done.status_code == 302
    user.refresh_from_db()
    assert not user.has_two_factor
    assert not RecoveryCode.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(kind="account.2fa_disabled", actor=user).exists()


def test_the_setup_page_needs_a_login(client) -> None:
    assert client.get(SETUP).status_code == 302
    assert client.post(reverse("accounts:two_factor_disable")).status_code == 302


def test_required_2fa_sends_coordinators_to_the_setup_page(client, settings) -> None:
    settings.REQUIRE_2FA_FOR = ["coordinators"]
    coordinator = MembershipFactory(role=Role.COORDINATOR).user
    client.force_login(coordinator)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response["Location"] == SETUP
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "zweiten Faktor" in page.content.decode()
    assert client.post(reverse("accounts:logout")).status_code == 302

    editor = MembershipFactory(role=Role.EDITOR).user
    client.force_login(editor)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_required_2fa_lets_people_with_a_second_factor_through(client, settings) -> None:
    settings.REQUIRE_2FA_FOR = ["operators"]
    operator = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(operator)
    assert client.get(reverse("accounts:profile"))["Location"] == SETUP
    client.post(reverse("accounts:logout"))
    set_up(client, operator)
    client.force_login(operator)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_by_default_nobody_is_forced(client) -> None:
    coordinator = MembershipFactory(role=Role.COORDINATOR).user
    client.force_login(coordinator)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_the_operator_can_reset_a_lost_second_factor(client) -> None:
    user = UserFactory(email="verloren@kommune.example")
    set_up(client, user)
    operator = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(operator)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [user.pk]},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.has_two_factor
    event = AuditEvent.objects.get(kind="account.2fa_disabled", object_id=str(user.pk))
    assert event.actor_id == operator.pk
