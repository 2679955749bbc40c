"""Backup and restore of a whole installation: every model's rows plus the stored files.

One tar.gz holds `manifest.json`, `data/<app_label>.<model_name>.json` (Django's JSON
serialization of each table, ordered by primary key, many-to-many tables as models of
their own) and `files/<storage alias>/...` (every file-system storage but static files:
uploads in MEDIA_ROOT, job files in JOBS_ROOT). The manifest records the version, the time,
the applied migrations, each table's row count and SHA-256 of its serialization, and each
file's SHA-256. The format is portable between SQLite and PostgreSQL (docs/decisions.md).

Generic over all installed models: core imports no feature app. Operations notes in
docs/operations.md ("Sicherung und Wiederherstellung").
"""

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import FileSystemStorage, storages
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers import deserialize
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024

Report = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that must stop; the message is German and meant for the operator."""


class _ExactEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts times to milliseconds (as `dumpdata` does); a backup keeps
    the microseconds, so a restored row is the row that was backed up."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


class _TableSerializer(JSONSerializer):
    """Django's JSON serializer without many-to-many lists: their tables are dumped as
    models of their own (auto-created through models), so every table is dumped exactly once."""

    def handle_m2m_field(self, obj: models.Model, field: models.Field) -> None:
        return None


def backed_up_models() -> list[type[models.Model]]:
    """Every model with a table of its own, auto-created many-to-many tables included."""
    result = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]
    return sorted(result, key=lambda model: model._meta.label_lower)


def file_storages() -> dict[str, Path]:
    """The storages whose files belong to the installation (not the collected static files)."""
    result = {}
    for alias in settings.STORAGES:
        if alias == "staticfiles":
            continue
        storage = storages[alias]
        if isinstance(storage, FileSystemStorage):
            result[alias] = Path(storage.location)
    return result


def _serialize_table(
    model: type[models.Model], using: str, out: io.RawIOBase | io.BufferedIOBase, *, canonical: bool
) -> int:
    """Writes the table's rows as JSON to `out`; returns the row count. The archive keeps
    JSON values as stored; `canonical` sorts their keys, for the content checksum, since
    PostgreSQL's jsonb keeps keys in an order of its own (SQLite keeps the text)."""
    queryset = model._base_manager.using(using).order_by("pk")
    rows = 0

    def counted() -> Iterator[models.Model]:
        nonlocal rows
        for row in queryset.iterator(chunk_size=2000):
            rows += 1
            yield row

    stream = io.TextIOWrapper(out, encoding="utf-8", newline="\n", write_through=True)
    _TableSerializer().serialize(counted(), stream=stream, cls=_ExactEncoder, sort_keys=canonical)
    stream.flush()
    stream.detach()
    return rows


def _table_digest(model: type[models.Model], using: str) -> tuple[int, str]:
    digest = _HashingWriter()
    rows = _serialize_table(model, using, digest, canonical=True)
    return rows, digest.hexdigest()


class _HashingWriter(io.RawIOBase):
    """A writable stream that only hashes what is written (for checking a restored table)."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._hash.update(data)
        return len(data)

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _applied_migrations(using: str) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        result.setdefault(app_label, []).append(name)
    return result


def _version() -> str:
    try:
        return metadata.version("schreibwerkstatt")
    except metadata.PackageNotFoundError:
        return "unbekannt"


def default_archive_name(now: datetime) -> str:
    return f"schreibwerkstatt-sicherung-{now:%Y%m%d-%H%M%S}.tar.gz"


def create_backup(target: Path, report: Report, using: str = DEFAULT_DB_ALIAS) -> Path:
    """Writes the archive to `target` (a directory gets a dated file name); returns its path."""
    now = datetime.now(UTC)
    if target.is_dir():
        target = target / default_archive_name(now)
    if not target.parent.is_dir():
        raise BackupError(f"Das Verzeichnis {target.parent} gibt es nicht.")
    connection = connections[using]
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": _version(),
        "created_at": now.isoformat(),
        "database": connection.vendor,
        "tables": {},
        "files": {},
    }
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".sicherung-") as work:
        work_dir = Path(work)
        (work_dir / "data").mkdir()
        # One transaction for all tables, so they fit together: on PostgreSQL a repeatable-read
        # snapshot; on SQLite the transaction holds the database lock while it reads.
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            manifest["migrations"] = _applied_migrations(using)
            for model in backed_up_models():
                label = model._meta.label_lower
                path = work_dir / "data" / f"{label}.json"
                with path.open("wb") as handle:
                    rows = _serialize_table(model, using, handle, canonical=False)
                manifest["tables"][label] = {
                    "table": model._meta.db_table,
                    "rows": rows,
                    "sha256": _file_digest(path),
                    "content_sha256": _table_digest(model, using)[1],
                }
        report(f"Datenbank gesichert: {len(manifest['tables'])} Tabellen.")
        target_tmp = target.with_name(f".{target.name}.unvollstaendig")
        # The archive holds personal data: readable by its owner only.
        fd = os.open(target_tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                for path in sorted((work_dir / "data").iterdir()):
                    tar.add(path, arcname=f"data/{path.name}")
                count = 0
                for alias, root in file_storages().items():
                    for path in _files_under(root):
                        name = f"files/{alias}/{path.relative_to(root).as_posix()}"
                        manifest["files"][name] = {
                            "bytes": path.stat().st_size,
                            "sha256": _file_digest(path),
                        }
                        tar.add(path, arcname=name)
                        count += 1
                report(f"Dateien gesichert: {count} (Uploads und Dateien der Aufträge).")
                data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(now.timestamp())
                tar.addfile(info, io.BytesIO(data))
            target_tmp.replace(target)
        except BaseException:
            target_tmp.unlink(missing_ok=True)
            raise
    report(f"Sicherung geschrieben: {target}")
    return target


def _files_under(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


@dataclass
class _Unpacked:
    manifest: dict[str, Any]
    root: Path


def _unpack(archive: Path, into: Path) -> _Unpacked:
    """Extracts the archive into `into`, checking every member against the manifest."""
    damaged = (
        f"Die Sicherungsdatei {archive} ist beschädigt oder unvollständig und wurde nicht "
        "eingespielt. Bitte nehmen Sie eine andere Kopie der Sicherung."
    )
    digests: dict[str, str] = {}
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for member in tar:
                name = PurePosixPath(member.name)
                if (
                    not member.isfile()
                    or name.is_absolute()
                    or ".." in name.parts
                    or not (name.parts[0] in {"data", "files"} or member.name == MANIFEST)
                ):
                    raise BackupError(damaged)
                destination = into / name
                destination.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(member)
                assert source is not None
                digest = hashlib.sha256()
                with destination.open("wb") as handle:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        handle.write(chunk)
                digests[member.name] = digest.hexdigest()
            # Read to the end of the gzip stream, so its own checksum is checked too.
            assert tar.fileobj is not None
            while tar.fileobj.read(CHUNK):
                pass
        manifest = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
    except (tarfile.TarError, OSError, EOFError, zlib.error, ValueError) as exc:
        raise BackupError(damaged) from exc
    unknown_format = BackupError(
        "Die Datei ist keine Sicherung der Schreibwerkstatt in einem bekannten Format."
    )
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise unknown_format
    try:
        expected = {
            f"data/{label}.json": table["sha256"] for label, table in manifest["tables"].items()
        }
        expected |= {name: entry["sha256"] for name, entry in manifest["files"].items()}
        if not all(
            isinstance(table.get("content_sha256"), str) and isinstance(table.get("rows"), int)
            for table in manifest["tables"].values()
        ):
            raise unknown_format
    except (KeyError, TypeError, AttributeError) as exc:
        raise unknown_format from exc
    unpacked = {name: value for name, value in digests.items() if name != MANIFEST}
    if unpacked != expected:
        wrong = sorted(
            name
            for name in expected.keys() | unpacked.keys()
            if unpacked.get(name) != expected.get(name)
        )
        raise BackupError(
            f"Die Sicherungsdatei {archive} ist beschädigt oder verändert (Prüfsumme falsch: "
            f"{', '.join(wrong[:5])}). Sie wurde nicht eingespielt. Bitte nehmen Sie eine "
            "andere Kopie der Sicherung."
        )
    return _Unpacked(manifest=manifest, root=into)


def holds_data(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the target already has an installation's data: any user account (the
    migrations themselves write some rows, such as content types and catalogue texts,
    never a user) or any stored file."""
    if get_user_model()._base_manager.using(using).exists():
        return True
    return any(any(_files_under(root)) for root in file_storages().values())


def _migrate(using: str, backup_migrations: dict[str, list[str]], report: Report) -> bool:
    """Brings the schema to the backup's migration state; returns whether newer migrations
    of this version remain to be applied after the rows are in."""
    connection = connections[using]
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    known = set(graph.nodes)
    backup_nodes = {(app, name) for app, names in backup_migrations.items() for name in names}
    if unknown := sorted(backup_nodes - known):
        raise BackupError(
            "Die Sicherung stammt von einer neueren Version der Schreibwerkstatt "
            f"(unbekannte Migrationen, z. B. {unknown[0][0]}.{unknown[0][1]}). "
            "Bitte spielen Sie sie mit dieser oder einer neueren Version ein."
        )
    if set(executor.loader.applied_migrations) - backup_nodes:
        raise BackupError(
            "Das Datenbankschema der Zieldatenbank ist neuer als das der Sicherung. Bitte "
            "spielen Sie die Sicherung in eine neue, leere Datenbank ein."
        )
    # Migrate each app up to the backup's newest migration of it (the rows fit that schema);
    # apps the backup does not know get all their migrations.
    targets = []
    for app_label in sorted({app for app, _ in known}):
        in_backup = [node for node in backup_nodes if node[0] == app_label]
        if not in_backup:
            targets.extend(graph.leaf_nodes(app_label))
            continue
        targets.extend(
            node
            for node in in_backup
            if not any(
                child.key in backup_nodes
                for child in graph.node_map[node].children
                if child.key[0] == app_label
            )
        )
    plan = executor.migration_plan(targets)
    if plan:
        report(f"Datenbankschema wird angelegt ({len(plan)} Migrationen) …")
        executor.migrate(targets)
    else:
        report("Das Datenbankschema hat schon den Stand der Sicherung.")
    # A new executor reads the migrations now recorded as applied.
    return bool(MigrationExecutor(connection).migration_plan(graph.leaf_nodes()))


def restore_backup(
    archive: Path, report: Report, *, force: bool = False, using: str = DEFAULT_DB_ALIAS
) -> dict[str, Any]:
    """Restores an archive made by `create_backup`; returns its manifest."""
    if not archive.is_file():
        raise BackupError(f"Die Datei {archive} gibt es nicht.")
    with tempfile.TemporaryDirectory(prefix="sw-wiederherstellung-") as work:
        report(f"Sicherung wird geprüft: {archive}")
        unpacked = _unpack(archive, Path(work))
        manifest = unpacked.manifest
        report(
            f"Sicherung vom {manifest['created_at']} (Version {manifest['version']}, "
            f"Datenbank {manifest['database']}): Prüfsummen stimmen."
        )
        newer_migrations = _migrate(using, manifest["migrations"], report)
        if holds_data(using) and not force:
            raise BackupError(
                "Die Zieldatenbank enthält schon Daten (Personen oder Dateien). Eine Sicherung "
                "wird nur in eine leere Datenbank eingespielt. Wenn Sie die vorhandenen Daten "
                "ersetzen wollen, rufen Sie den Befehl mit --force auf."
            )
        _load_rows(unpacked, report, using)
        count = _restore_files(unpacked)
        report(f"Dateien wiederhergestellt: {count}.")
        if newer_migrations:
            report("Neuere Migrationen dieser Version werden angewendet …")
            call_command("migrate", database=using, interactive=False, verbosity=0)
    report("Wiederherstellung abgeschlossen.")
    return manifest


def _load_rows(unpacked: _Unpacked, report: Report, using: str) -> None:
    connection = connections[using]
    by_label = {model._meta.label_lower: model for model in backed_up_models()}
    tables = unpacked.manifest["tables"]
    if missing := sorted(set(tables) - set(by_label)):
        raise BackupError(
            f"Zu diesen Tabellen der Sicherung gibt es hier kein Modell: {', '.join(missing)}."
        )
    models_to_load = [by_label[label] for label in tables]
    with transaction.atomic(using=using):
        # Empty every table (the migrations filled some), then insert the rows with their
        # primary keys; foreign keys are checked once at the end, so order does not matter.
        flush = connection.ops.sql_flush(
            no_style(),
            [model._meta.db_table for model in backed_up_models()],
            allow_cascade=True,
        )
        connection.ops.execute_sql_flush(flush)
        with connection.constraint_checks_disabled():
            for model in models_to_load:
                path = unpacked.root / "data" / f"{model._meta.label_lower}.json"
                with path.open(encoding="utf-8") as handle:
                    for item in deserialize("json", handle, using=using, ignorenonexistent=False):
                        models.Model.save_base(
                            item.object, using=using, raw=True, force_insert=True
                        )
        connection.check_constraints(table_names=[model._meta.db_table for model in models_to_load])
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models_to_load):
                cursor.execute(sql)
        report(f"Zeilen eingespielt: {sum(table['rows'] for table in tables.values())}.")
        # The restored tables must serialize exactly as they did when they were backed up;
        # otherwise nothing is kept (the transaction is rolled back).
        wrong = []
        for model in models_to_load:
            rows, digest = _table_digest(model, using)
            entry = tables[model._meta.label_lower]
            if rows != entry["rows"] or digest != entry["content_sha256"]:
                wrong.append(model._meta.label_lower)
        if wrong:
            raise BackupError(
                "Nach dem Einspielen stimmen diese Tabellen nicht mit der Sicherung überein: "
                f"{', '.join(wrong)}. Es wurde nichts übernommen."
            )
        report(
            f"Prüfsummen aller {len(models_to_load)} Tabellen stimmen mit der Sicherung überein."
        )


def _restore_files(unpacked: _Unpacked) -> int:
    roots = file_storages()
    count = 0
    for name in unpacked.manifest["files"]:
        _, alias, relative = name.split("/", 2)
        if alias not in roots:
            raise BackupError(f"Den Dateispeicher „{alias}“ der Sicherung gibt es hier nicht.")
        destination = roots[alias] / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(unpacked.root / name, destination)
        if alias != "default":
            destination.chmod(0o600)
        count += 1
    return count
