"""Writes of the statewide picture: preparing and applying an import of the official
directory, and switching the public version on or off. Views and the `load-directory`
command call these alike."""

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from .directory_file import Record, read_directory
from .models import DirectoryEntry, DirectoryImport, StatewideSettings

# A small directory of 20 fictional municipalities of Brandenburg in the Destatis format, for
# the demo and the tests (the real directory is imported by the operators).
EXAMPLE_DIRECTORY = Path(__file__).parent / "fixtures" / "gemeindeverzeichnis-beispiel.csv"
COMPARED = ("name", "kind", "population", "district_name")
WRITTEN = ["name", "kind", "population", "district_key", "district_name"]
PENDING_KEPT = timedelta(days=1)  # an import nobody confirmed is dropped after this


class AlreadyAppliedError(Exception):
    """The import was applied before (a second click, a second tab)."""


@dataclass
class Comparison:
    """What applying the records would do to the directory."""

    added: list[Record] = field(default_factory=list)
    changed: list[tuple[Record, DirectoryEntry, list[str]]] = field(default_factory=list)
    unchanged: int = 0
    missing: list[DirectoryEntry] = field(default_factory=list)  # in the directory, not the file


def import_records(directory_import: DirectoryImport) -> list[Record]:
    return [Record(**row) for row in directory_import.rows]


def compare(records: list[Record]) -> Comparison:
    """Compare the records with the directory (one query)."""
    existing = {entry.ags: entry for entry in DirectoryEntry.objects.all()}
    result = Comparison()
    for record in records:
        entry = existing.pop(record.ags, None)
        if entry is None:
            result.added.append(record)
            continue
        differs = [name for name in COMPARED if getattr(entry, name) != getattr(record, name)]
        if differs:
            result.changed.append((record, entry, differs))
        else:
            result.unchanged += 1
    result.missing = sorted(existing.values(), key=lambda entry: entry.ags)
    return result


def prepare_import(data: bytes, filename: str, *, by: Any) -> DirectoryImport:
    """Check the file and keep its records for the operator's confirmation. Raises
    directory_file.DirectoryFileError (with every problem) and writes nothing for a bad file."""
    records = read_directory(data, filename)
    DirectoryImport.objects.filter(
        applied_at__isnull=True, created_at__lt=timezone.now() - PENDING_KEPT
    ).delete()
    return DirectoryImport.objects.create(
        filename=filename[-200:],
        rows=[record.as_dict() for record in records],
        row_count=len(records),
        created_by=by,
    )


def _entry_values(record: Record) -> dict[str, Any]:
    return {
        "name": record.name,
        "kind": record.kind,
        "population": record.population,
        "district_key": record.district_key,
        "district_name": record.district_name,
    }


@transaction.atomic
def apply_import(pk: int, *, by: Any, remove_missing: bool = False) -> DirectoryImport:
    """Write the records of a prepared import into the directory: new entries are added,
    changed ones updated, unchanged ones left alone, so applying the same file again changes
    nothing. `remove_missing` deletes the entries the file does not list (e.g. after a merger
    of municipalities). Raises AlreadyAppliedError for an import applied before."""
    StatewideSettings.objects.get_or_create(pk=1)
    StatewideSettings.objects.select_for_update().get(pk=1)  # one import at a time
    directory_import = DirectoryImport.objects.select_for_update().get(pk=pk)
    if directory_import.is_applied:
        raise AlreadyAppliedError(pk)
    comparison = compare(import_records(directory_import))
    DirectoryEntry.objects.bulk_create(
        [DirectoryEntry(ags=record.ags, **_entry_values(record)) for record in comparison.added],
        batch_size=1000,
    )
    changed = []
    for record, entry, _differs in comparison.changed:
        for name, value in _entry_values(record).items():
            setattr(entry, name, value)
        entry.updated_at = timezone.now()
        changed.append(entry)
    DirectoryEntry.objects.bulk_update(changed, [*WRITTEN, "updated_at"], batch_size=1000)
    removed = 0
    if remove_missing and comparison.missing:
        removed = DirectoryEntry.objects.filter(
            pk__in=[entry.pk for entry in comparison.missing]
        ).delete()[0]
    directory_import.rows = []
    directory_import.applied_at = timezone.now()
    directory_import.applied_by = by
    directory_import.added = len(comparison.added)
    directory_import.changed = len(comparison.changed)
    directory_import.unchanged = comparison.unchanged
    directory_import.removed = removed
    directory_import.save()
    return directory_import


def import_file(
    path: Path, *, by: Any = None, remove_missing: bool = False
) -> DirectoryImport | None:
    """Import a directory file in one go (the `load-directory` command, the demo): checked,
    then applied; None when the directory holds it already, so running it again writes
    nothing. Raises DirectoryFileError for a bad file."""
    data = path.read_bytes()
    comparison = compare(read_directory(data, path.name))
    if not (comparison.added or comparison.changed or (remove_missing and comparison.missing)):
        return None
    prepared = prepare_import(data, path.name, by=by)
    return apply_import(prepared.pk, by=by, remove_missing=remove_missing)


def is_public() -> bool:
    return StatewideSettings.objects.filter(pk=1, public=True).exists()


@transaction.atomic
def set_public(public: bool, *, by: Any) -> StatewideSettings:
    StatewideSettings.objects.get_or_create(pk=1)
    current = StatewideSettings.objects.select_for_update().get(pk=1)
    current.public = public
    current.changed_by = by
    current.save()
    return current
