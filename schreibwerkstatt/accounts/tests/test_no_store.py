import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_pages_for_a_logged_in_person_are_not_stored(client) -> None:
    client.force_login(UserFactory())
    for url in (reverse("accounts:profile"), reverse("core:home")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_a_redirect_for_a_logged_in_person_is_not_stored_either(client) -> None:
    client.force_login(UserFactory())
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]


def test_public_pages_for_anonymous_visitors_keep_their_caching(client) -> None:
    for url in (reverse("core:imprint"), reverse("core:privacy"), reverse("core:home")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" not in response.get("Cache-Control", ""), url
