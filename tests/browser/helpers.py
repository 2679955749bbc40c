"""Shared pieces of the browser tests (fixtures live in conftest.py)."""

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD

# Every test that talks to the live server needs the transactional database. Its flush after
# each test would also remove what data migrations create (legal pages, catalogues), so the
# rows serialized after migrating are restored before each test. Caveat (Django's): a
# transactional test *without* serialized_rollback that runs earlier in the session makes
# post_migrate recreate content types under new ids, and the restore then collides with them.
BROWSER_DB = pytest.mark.django_db(transaction=True, serialized_rollback=True)


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
