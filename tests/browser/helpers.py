"""Shared pieces of the browser tests (fixtures live in conftest.py)."""

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from playwright.sync_api import BrowserContext, Page, expect

from tests.factories import PASSWORD

# Every test that talks to the live server needs the transactional database. Its flush after
# each test also removes the rows that data migrations created (legal pages, catalogues);
# the `migration_data` fixture puts them back. (Not serialized_rollback: Django keeps that
# snapshot on the connection object, which Playwright's greenlets can swap for a fresh one,
# and its restore collides with content types that another transactional test recreated.)
BROWSER_DB = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]


def de(message: str) -> str:
    """The German UI text for a message id, as the server renders it for a German browser."""
    with translation.override("de"):
        return translation.gettext(message)


def log_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Log in through the real login form, as a person would."""
    page.goto("/anmelden/")
    page.get_by_label(de("E-mail address")).fill(email)
    page.get_by_label(de("Password"), exact=True).fill(password)
    page.get_by_role("button", name=de("Log in")).click()
    expect(page.get_by_role("button", name=de("Log out"))).to_be_visible()


def log_in_by_cookie(context: BrowserContext, user: Any, base_url: str) -> None:
    """Log in without the form: a session made on the server (as `Client.force_login` does,
    with the backend the login form authenticates through) goes into the browser context as
    its session cookie. Only the login test itself needs the form (`log_in`)."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    name = settings.SESSION_COOKIE_NAME
    context.add_cookies(
        [
            {
                "name": name,
                "value": client.cookies[name].value,
                "url": base_url,
                "httpOnly": settings.SESSION_COOKIE_HTTPONLY,
                "secure": settings.SESSION_COOKIE_SECURE,
                "sameSite": str(settings.SESSION_COOKIE_SAMESITE),
            }
        ]
    )
