import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_every_response_carries_a_strict_csp_and_frame_and_referrer_policy(
    client, people, as_persona
) -> None:
    for response in [
        client.get("/"),
        client.get("/gibt-es-nicht/"),
        as_persona("coordinator").get("/kommunen/amtsberg/"),
    ]:
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_contain_no_inline_script_or_style(people, as_persona) -> None:
    content = as_persona("coordinator").get("/kommunen/amtsberg/phasen/0/").content.decode()
    assert "<style" not in content and " style=" not in content
    assert "<script>" not in content and " onclick=" not in content


def test_hsts_is_sent_in_production_mode(client, settings) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_production_settings_pass_the_deploy_check() -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "HTTPS": "1",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "-production-secret-for-the-check-" + "y" * 20,
        "ALLOWED_HOSTS": "schreibwerkstatt.example",
    }
    result = subprocess.run(
        [sys.executable, "-m", "schreibwerkstatt", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_bad_boolean_setting_fails_loudly() -> None:
    env = {**os.environ, "HTTPS": "vielleicht"}
    result = subprocess.run(
        [sys.executable, "-m", "schreibwerkstatt", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "HTTPS must be a boolean" in result.stderr


def test_unsafe_requests_need_the_csrf_token(people) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["coordinator"])
    item_url = reverse("process:add_item", kwargs={"slug": "amtsberg", "number": 0})
    assert client.post(item_url, {"title": "ohne Token"}).status_code == 403
    page = client.get(reverse("process:phase", kwargs={"slug": "amtsberg", "number": 0}))
    token = page.context["csrf_token"]
    # htmx sends the token as a header (hx-headers on <body>).
    response = client.post(
        item_url, {"title": "mit Token"}, HTTP_X_CSRFTOKEN=str(token), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 302


def test_login_needs_the_csrf_token() -> None:
    UserFactory(email="csrf@kommune.example")
    client = Client(enforce_csrf_checks=True)
    response = client.post("/anmelden/", {"username": "csrf@kommune.example", "password": PASSWORD})
    assert response.status_code == 403
