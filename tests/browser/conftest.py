"""Browser tests: Playwright drives Debian's chromium against pytest-django's live server.

Nothing is downloaded: the browser is /usr/bin/chromium (never `playwright install`). Without
it the tests are skipped, unless REQUIRE_BROWSER=1 (CI) turns the absence into a failure.
Every test in this folder gets the `browser` marker.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from playwright.sync_api import Browser, BrowserContext, Page, expect

from conftest import AXE_SCANNED
from tests.browser.helpers import de, log_in_by_cookie

CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HERE = Path(__file__).resolve().parent


def _missing(what: str) -> None:
    """Skip, or fail loudly where the browser is required (REQUIRE_BROWSER=1, as in CI)."""
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {what}", pytrace=False)
    pytest.skip(f"{what} (set REQUIRE_BROWSER=1 to make this a failure)")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the browser tests and run them last. pytest-django sorts transactional tests after
    the others, but pytest then groups items by the session-scoped `browser_name` parameter,
    which can pull these tests (they flush the database) in between other database tests."""
    ours = [item for item in items if HERE in Path(item.path).resolve().parents]
    for item in ours:
        item.add_marker(pytest.mark.browser)
    chosen = set(ours)
    items[:] = [item for item in items if item not in chosen] + ours


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} is not installed")
    return {"executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server: Any) -> str:
    return str(live_server.url)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # German browser: LocaleMiddleware picks the language from Accept-Language.
    return {**browser_context_args, "locale": "de-DE"}


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE_JS.exists():
        _missing(f"{AXE_JS} is missing (run `npm ci`)")
    return AXE_JS


@pytest.fixture
def scanned_pages(pytestconfig: pytest.Config) -> list[str]:
    """Where the axe scans record each page they checked (summed up at the end of the run by
    the root conftest.py, also over pytest-xdist workers)."""
    return pytestconfig.stash[AXE_SCANNED]


@pytest.fixture
def page_as(
    browser: Browser, browser_context_args: dict[str, Any], people: dict[str, Any], base_url: str
) -> Iterator[Callable[..., Page]]:
    """page_as("coordinator") -> a page in a fresh browser context, logged in by a session
    cookie and on the page a login leads to (not for "anonymous": a blank page; the login form
    has its own test in test_flows.py). bypass_csp=True lets axe be injected."""
    contexts: list[BrowserContext] = []

    def open_as(persona: str, *, bypass_csp: bool = False) -> Page:
        context = browser.new_context(**browser_context_args, bypass_csp=bypass_csp)
        contexts.append(context)
        page = context.new_page()
        if people[persona] is not None:
            log_in_by_cookie(context, people[persona], base_url)
            page.goto(resolve_url(settings.LOGIN_REDIRECT_URL))
            expect(page.get_by_role("button", name=de("Log out"))).to_be_visible()
        return page

    yield open_as
    for context in contexts:
        context.close()
