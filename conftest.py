"""Shared fixtures: two municipalities and the named personas of the house style.

Municipality A ("Amtsberg") is the one under test; B ("Birkenwerder-Nord") is the
other tenant. Personas: coordinator, editor, contributor, reader (members of A),
adviser (assigned to A), outsider (coordinator of B), operator (staff and superuser, member
of no municipality: the platform operator), superuser (superuser without the operator area,
member of no municipality), anonymous.
"""

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test import Client

from schreibwerkstatt.municipalities.models import Role
from schreibwerkstatt.process.services import set_up_process
from schreibwerkstatt.strategies.models import Strategy
from tests.app_server import keep_migrated_database
from tests.factories import MembershipFactory, MunicipalityFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM is still used synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

MEMBER_ROLES = {
    "coordinator": Role.COORDINATOR,
    "editor": Role.EDITOR,
    "contributor": Role.CONTRIBUTOR,
    "reader": Role.READER,
}
PERSONAS = [*MEMBER_ROLES, "adviser", "outsider", "operator", "superuser", "anonymous"]


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The pages the browser tests' axe scans checked (tests/browser/conftest.py `scanned_pages`).
AXE_SCANNED = pytest.StashKey[list[str]]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[AXE_SCANNED] = []


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In a pytest-xdist worker: hand the axe scans to the controller."""
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["axe_scanned"] = session.config.stash[AXE_SCANNED]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """In the pytest-xdist controller: add up the axe scans of a worker that finished."""
    node.config.stash[AXE_SCANNED].extend(getattr(node, "workeroutput", {}).get("axe_scanned", []))


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    scanned = config.stash.get(AXE_SCANNED, [])
    if scanned:
        terminalreporter.write_line(f"axe pages scanned: {len(scanned)}")
        if config.get_verbosity() > 0:
            for line in sorted(scanned):
                terminalreporter.write_line(f"  {line}")


@pytest.fixture(scope="session", autouse=True)
def _own_media_and_cache_keys(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Each test process (one per pytest-xdist worker) uploads into its own temporary media
    directory, not var/media, and prefixes its cache keys with its name and a run id, so
    workers and runs sharing one Redis never read each other's entries (their test databases
    reuse the same pks)."""
    from django.conf import settings
    from django.test import override_settings

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    run = uuid.uuid4().hex[:8]  # and per run: counters of an earlier run on the same Redis
    caches = {
        alias: {**config, "KEY_PREFIX": f"{config.get('KEY_PREFIX', '')}test-{worker}-{run}"}
        for alias, config in settings.CACHES.items()
    }
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"), CACHES=caches):
        yield


@pytest.fixture
def own_cache_keys() -> Iterator[None]:
    """A cache namespace of this test alone (a fresh key prefix), so counters such as the
    rate limits start at zero. Never `cache.clear()` for that: on Redis it empties the keys
    of every test process, and another worker's query count then refills its caches."""
    from django.conf import settings
    from django.core.cache import caches

    prefix = uuid.uuid4().hex[:12]
    before = {alias: caches[alias].key_prefix for alias in settings.CACHES}
    for alias, key_prefix in before.items():
        caches[alias].key_prefix = f"{key_prefix}-{prefix}"
    yield
    for alias, key_prefix in before.items():
        caches[alias].key_prefix = key_prefix


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def _no_cached_glossary() -> Iterator[None]:
    """The glossary's map of field labels (glossary/labels.py) lives in the cache, which
    outlives a test's rolled-back transaction: every test starts without it, so no test sees
    another's terms and a page's first request always builds it (one query)."""
    from django.core.cache import cache

    from schreibwerkstatt.glossary.labels import CACHE_KEY

    cache.delete(CACHE_KEY)
    yield
    cache.delete(CACHE_KEY)


@pytest.fixture(autouse=True)
def _no_help_index_of_another_test() -> None:
    """The cached index of “Help on this page” (guides/services.py) outlives a test's rolled
    back guides; each test starts without it."""
    from schreibwerkstatt.guides.services import forget_help_index

    forget_help_index()


def make_municipality_a():
    municipality = MunicipalityFactory(name="Amtsberg", slug="amtsberg", ags="12060001")
    set_up_process(municipality)
    return municipality


def make_municipality_b():
    municipality = MunicipalityFactory(
        name="Birkenwerder-Nord", slug="birkenwerder-nord", ags="12060002"
    )
    set_up_process(municipality)
    return municipality


def make_people(municipality_a, municipality_b) -> dict[str, Any]:
    """{persona: user or None for anonymous}."""
    result: dict[str, Any] = {}
    for persona, role in MEMBER_ROLES.items():
        user = UserFactory(email=f"{persona}@amtsberg.example", name=f"{persona.title()} Amtsberg")
        MembershipFactory(user=user, municipality=municipality_a, role=role)
        result[persona] = user
    adviser = UserFactory(email="adviser@agentur.example", name="Adviser Agentur", is_adviser=True)
    municipality_a.advisers.add(adviser)
    result["adviser"] = adviser
    outsider = UserFactory(email="outsider@birkenwerder.example", name="Outsider Birkenwerder")
    MembershipFactory(user=outsider, municipality=municipality_b, role=Role.COORDINATOR)
    result["outsider"] = outsider
    # The platform operator (Django superuser with the operator area) and a superuser without
    # it: neither is a member of any municipality, so neither sees anything of its content.
    result["operator"] = UserFactory(
        email="operator@plattform.example",
        name="Operator Plattform",
        is_staff=True,
        is_superuser=True,
    )
    result["superuser"] = UserFactory(
        email="superuser@plattform.example", name="Superuser Plattform", is_superuser=True
    )
    result["anonymous"] = None
    return result


@pytest.fixture
def municipality_a(db):
    return make_municipality_a()


@pytest.fixture
def municipality_b(db):
    return make_municipality_b()


@pytest.fixture
def people(municipality_a, municipality_b):
    """{persona: user or None for anonymous}."""
    return make_people(municipality_a, municipality_b)


@pytest.fixture
def strategy(municipality_a, people) -> Strategy:
    """An empty strategy of A, with A's people in place; apps whose tests need more
    (measures, a published page) override it in their own conftest."""
    return Strategy.objects.create(municipality=municipality_a, title="Digitales Amtsberg 2030")


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def as_persona(people):
    return lambda persona: client_for(people[persona])


@pytest.fixture
def session_queries(settings) -> int:
    """Queries a warm request spends on its session: 1 from the database (the default), 0 when
    sessions are cached_db in Redis (the PostgreSQL + Redis run of .ci/run)."""
    return 0 if settings.SESSION_ENGINE.endswith("cached_db") else 1


# Transactional tests (the browser tests, a migration test) end with a flush that also
# removes the rows of the data migrations; these two fixtures put them back.
# The search index is built by post_migrate too (search/apps.py), after the flush, with fresh
# ids: restoring the snapshot's entries with their old ids collided with them on PostgreSQL.
RECREATED_BY_POST_MIGRATE = {"contenttypes.contenttype", "auth.permission", "search.entry"}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> str:
    """pytest-django's test database, plus what the migrations left in it, taken right after
    it is created: before any test runs, so before any transactional test's flush (a
    snapshot taken later, at the first browser test, missed the rows whenever another
    transactional test of the same worker had flushed first). Content types, permissions and
    the search index are left out: post_migrate recreates them after each flush."""
    with django_db_blocker.unblock():
        rows = json.loads(connection.creation.serialize_db_to_string())
        keep_migrated_database(connection)  # the app servers' database (tests/app_server.py)
    return json.dumps([row for row in rows if row["model"] not in RECREATED_BY_POST_MIGRATE])


@pytest.fixture(scope="session")
def migration_rows(django_db_setup: str) -> str:
    """The rows of the data migrations as JSON (see django_db_setup)."""
    return django_db_setup


@pytest.fixture
def migration_data(transactional_db: None, migration_rows: str) -> None:
    """The rows of the data migrations, back after a previous test's flush."""
    rows = json.loads(migration_rows)
    if rows:
        model = django_apps.get_model(rows[0]["model"])
        if not model._base_manager.filter(pk=rows[0]["pk"]).exists():
            connection.creation.deserialize_db_from_string(migration_rows)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the browser tests (tests/browser/) before `-m` selects, so CI's PostgreSQL run can
    leave them out; tests/browser/conftest.py runs them last."""
    browser = Path(__file__).resolve().parent / "tests" / "browser"
    for item in items:
        if browser in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
