import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_it_saves_name_and_email(post_profile) -> None:
    user = UserFactory(email="alt@kommune.example")
    response = post_profile(
        user, {"name": "Neue Name", "email": "Neu@Kommune.example", "current_password": PASSWORD}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.name, user.email) == ("Neue Name", "neu@kommune.example")


def test_it_rejects_an_email_used_by_another_account(post_profile) -> None:
    UserFactory(email="besetzt@kommune.example")
    user = UserFactory(email="ich@kommune.example", name="Ich")
    response = post_profile(user, {"name": "Ich", "email": "BESETZT@kommune.example"})
    assert response.status_code == 400
    assert "bereits" in response.content.decode()
    user.refresh_from_db()
    assert user.email == "ich@kommune.example"


def test_it_rejects_an_overlong_name(post_profile) -> None:
    user = UserFactory(name="Kurz")
    response = post_profile(user, {"name": "x" * 151, "email": user.email})
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.name == "Kurz"


def test_it_changes_the_password_only_with_the_old_one(client) -> None:
    user = UserFactory()
    client.force_login(user)
    url = reverse("accounts:password_change")
    wrong = client.post(
        url,
        {
            "old_password": "falsch",
            "new_password1": "Ganz-Neu-2026!",
            "new_password2": "Ganz-Neu-2026!",
        },
    )
    assert wrong.status_code == 200
    assert "alte Passwort" in wrong.content.decode()
    right = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "Ganz-Neu-2026!",
            "new_password2": "Ganz-Neu-2026!",
        },
    )
    assert right.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Ganz-Neu-2026!")


def test_anonymous_people_are_sent_to_the_login(client) -> None:
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response.url.startswith("/anmelden/")
