"""`schreibwerkstatt backup` and `restore`, run as the operator runs them: as processes
against databases of their own (two SQLite files, or two fresh PostgreSQL databases when
the tests run on PostgreSQL), with the demo installation as content."""

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

# Reads every table with plain SQL (not the serializer under test) and hashes its rows,
# grouped by municipality where the table has a municipality column.
DIGEST_SCRIPT = """
import hashlib, json, django
django.setup()
from django.db import connection
result = {}
with connection.cursor() as cursor:
    # A full-text index (SQLite FTS5) and its shadow tables are rebuilt from their source
    # table on restore; their internal layout differs, their content is the source's.
    derived = set()
    if connection.vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
        for (name,) in cursor.fetchall():
            derived |= {name, *(name + s for s in ("_data", "_idx", "_docsize", "_config", "_content"))}
    for table in sorted(connection.introspection.table_names(cursor)):
        if table in {"django_migrations", "sqlite_sequence"} or table in derived:
            continue
        cursor.execute(f'SELECT * FROM "{table}"')
        columns = [column[0] for column in cursor.description]
        key = columns.index("municipality_id") if "municipality_id" in columns else None
        groups = {}
        for row in cursor.fetchall():
            group = "table" if key is None else f"municipality {row[key]}"
            groups.setdefault(group, []).append(repr(tuple(row)))
        result[table] = {
            group: [len(rows), hashlib.sha256("\\n".join(sorted(rows)).encode()).hexdigest()]
            for group, rows in groups.items()
        }
print(json.dumps(result))
"""


@dataclass
class Installation:
    database_url: str
    var_dir: Path

    def env(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"MEDIA_ROOT", "JOBS_ROOT", "REDIS_URL", "PYTEST_XDIST_WORKER"}
        }
        env |= {
            "DATABASE_URL": self.database_url,
            "VAR_DIR": str(self.var_dir),
            "DJANGO_SETTINGS_MODULE": "schreibwerkstatt.settings",
        }
        return env

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - this Python, arguments made by the test
            [sys.executable, "-m", "schreibwerkstatt", *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=300,
        )

    def digests(self) -> dict[str, dict[str, list]]:
        done = subprocess.run(  # noqa: S603 - this Python, a fixed script
            [sys.executable, "-c", DIGEST_SCRIPT],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return json.loads(done.stdout)


@dataclass
class Setup:
    source: Installation
    empty: Installation
    archive: Path
    digests_before: dict[str, dict[str, list]]
    backup_output: str


@contextmanager
def _postgres_server() -> Iterator[Callable[..., str]]:
    """Yields `create(name, template=None)` for fresh databases on the tests' server,
    returning each one's URL; drops them all afterwards."""
    import psycopg

    config = settings.DATABASES["default"]
    params = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
    }
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    created: list[str] = []
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:

        def create(name: str, template: str | None = None) -> str:
            name = f"{name}_{uuid.uuid4().hex[:8]}"
            admin.execute(
                f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
            )
            created.append(name)
            return f"{base}/{name}"

        try:
            yield create
        finally:
            for name in created:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    tmp = tmp_path_factory.mktemp("backup")
    with ExitStack() as stack:
        if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
            create = stack.enter_context(_postgres_server())
            source = Installation(create("sw_backup_a"), tmp / "var-a")
            migrated = source.run("migrate", "-v0")
            assert migrated.returncode == 0, migrated.stderr
            # The empty target is a copy of the migrated, still empty source.
            empty = Installation(
                create("sw_backup_b", template=source.database_url.rsplit("/", 1)[1]),
                tmp / "var-b",
            )
        else:
            source = Installation(f"sqlite:///{tmp / 'a.sqlite3'}", tmp / "var-a")
            migrated = source.run("migrate", "-v0")
            assert migrated.returncode == 0, migrated.stderr
            # The empty target is a copy of the migrated, still empty source.
            empty = Installation(f"sqlite:///{tmp / 'b.sqlite3'}", tmp / "var-b")
            with (
                sqlite3.connect(tmp / "a.sqlite3") as src,
                sqlite3.connect(tmp / "b.sqlite3") as dst,
            ):
                src.backup(dst)
        loaded = source.run("demo")
        assert loaded.returncode == 0, loaded.stderr
        # An upload and a job file, as a logo and an export leave them.
        (source.var_dir / "media" / "logos").mkdir(parents=True)
        (source.var_dir / "media" / "logos" / "wappen.png").write_bytes(b"\x89PNG logo")
        (source.var_dir / "jobs" / "exports").mkdir(parents=True)
        (source.var_dir / "jobs" / "exports" / "strategie.csv").write_text("Maßnahme;Status\n")
        digests_before = source.digests()
        backed_up = source.run("backup", str(tmp))
        assert backed_up.returncode == 0, backed_up.stderr
        (archive,) = tmp.glob("schreibwerkstatt-sicherung-*.tar.gz")
        yield Setup(source, empty, archive, digests_before, backed_up.stdout)


def test_the_backup_holds_manifest_tables_and_files(setup: Setup) -> None:
    assert "Sicherung geschrieben" in setup.backup_output
    assert oct(setup.archive.stat().st_mode & 0o777) == "0o600"
    with tarfile.open(setup.archive) as tar:
        names = set(tar.getnames())
        manifest = json.load(tar.extractfile("manifest.json"))
    assert {"files/default/logos/wappen.png", "files/jobs/exports/strategie.csv"} <= names
    assert manifest["tables"]["municipalities.municipality"]["rows"] >= 2
    assert manifest["tables"]["accounts.user"]["rows"] == 8  # the demo's people
    assert "0001_initial" in manifest["migrations"]["municipalities"]


def test_a_restore_into_an_empty_database_brings_back_every_row_and_file(setup: Setup) -> None:
    restored = setup.empty.run("restore", str(setup.archive))

    assert restored.returncode == 0, restored.stderr
    assert "Prüfsummen aller" in restored.stdout
    assert "Wiederherstellung abgeschlossen." in restored.stdout
    after = setup.empty.digests()
    assert after == setup.digests_before
    # The comparison covers the demo's content per municipality, not just empty tables.
    memberships = after["municipalities_membership"]
    assert len(memberships) >= 2 and all(count > 0 for count, _ in memberships.values())
    assert sum(count for count, _ in after["accounts_user"].values()) == 8
    var = setup.empty.var_dir
    assert (var / "media" / "logos" / "wappen.png").read_bytes() == b"\x89PNG logo"
    assert (var / "jobs" / "exports" / "strategie.csv").read_text() == "Maßnahme;Status\n"

    # Now it holds data: a second restore is refused.
    again = setup.empty.run("restore", str(setup.archive))
    assert again.returncode != 0
    assert "enthält schon Daten" in again.stderr


def test_it_refuses_to_restore_into_a_database_with_data(setup: Setup) -> None:
    refused = setup.source.run("restore", str(setup.archive))

    assert refused.returncode != 0
    assert "Die Zieldatenbank enthält schon Daten" in refused.stderr
    assert "--force" in refused.stderr
    assert setup.source.digests() == setup.digests_before


def test_it_refuses_a_damaged_archive(setup: Setup, tmp_path: Path) -> None:
    damaged = tmp_path / "beschaedigt.tar.gz"
    data = bytearray(setup.archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    damaged.write_bytes(bytes(data))
    target = Installation(f"sqlite:///{tmp_path / 'leer.sqlite3'}", tmp_path / "var")

    refused = target.run("restore", str(damaged))

    assert refused.returncode != 0
    assert "ist beschädigt" in refused.stderr
    assert "wurde nicht eingespielt" in refused.stderr
    # Refused before the database was even opened.
    assert not (tmp_path / "leer.sqlite3").exists()


def test_it_refuses_an_archive_whose_content_does_not_match_its_checksums(
    setup: Setup, tmp_path: Path
) -> None:
    """A repacked archive (valid gzip) with one changed row."""
    tampered = tmp_path / "veraendert.tar.gz"
    with tarfile.open(setup.archive) as src, tarfile.open(tampered, "w:gz") as dst:
        for member in src:
            content = src.extractfile(member).read()
            if member.name == "data/accounts.user.json":
                content = content.replace(b"Katrin", b"Kathrin")
                member.size = len(content)
            dst.addfile(member, io.BytesIO(content))
    target = Installation(f"sqlite:///{tmp_path / 'leer.sqlite3'}", tmp_path / "var")

    refused = target.run("restore", str(tampered))

    assert refused.returncode != 0
    assert "ist beschädigt oder verändert" in refused.stderr
    assert "Prüfsumme falsch: data/accounts.user.json)" in refused.stderr
