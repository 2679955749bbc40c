"""Shared pieces of the browser tests (fixtures live in conftest.py)."""

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

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
