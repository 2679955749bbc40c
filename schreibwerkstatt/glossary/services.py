"""Writes of the glossary: the operator's edits and the loader of the shipped terms."""

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils.text import slugify

from .models import Term

SHIPPED = Path(__file__).resolve().parent / "content" / "glossar.toml"


def free_slug(model: type[models.Model], term: str) -> str:
    base = (slugify(term) or "begriff")[:130].strip("-")
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def add_term(*, term: str, aliases: list[str], definition: str) -> Term:
    return Term.objects.create(
        term=term, slug=free_slug(Term, term), aliases=aliases, definition=definition
    )


@transaction.atomic
def delete_term(term: Term) -> None:
    term.delete()


@dataclass(frozen=True)
class LoadResult:
    found: bool  # whether the file exists
    added: int = 0
    updated: int = 0
    unchanged: int = 0


def read_shipped(path: Path = SHIPPED) -> list[dict[str, Any]] | None:
    """The `[[begriff]]` entries of the shipped file (docs: CONTENT_FORMAT), None if absent.
    A malformed file raises: a broken shipment must not be skipped silently."""
    if not path.exists():
        return None
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    entries = []
    for entry in data.get("begriff", []):
        term = " ".join(str(entry["term"]).split())
        aliases = [" ".join(str(a).split()) for a in entry.get("aliases", []) if str(a).strip()]
        entries.append(
            {"term": term, "aliases": aliases, "definition": entry["definition"].strip()}
        )
    return entries


@transaction.atomic
def load_shipped(
    path: Path = SHIPPED, *, replace: bool = False, model: type[models.Model] = Term
) -> LoadResult:
    """Add the shipped terms that are missing. An existing term is left as the operators
    edited it, unless `replace` asks to put the shipped text back. Running it twice changes
    nothing the second time. `model` is the historical model in the data migration."""
    entries = read_shipped(path)
    if entries is None:
        return LoadResult(found=False)
    added = updated = unchanged = 0
    for entry in entries:
        existing = model.objects.filter(term__iexact=entry["term"]).first()
        if existing is None:
            model.objects.create(slug=free_slug(model, entry["term"]), **entry)
            added += 1
        elif replace and (existing.aliases, existing.definition) != (
            entry["aliases"],
            entry["definition"],
        ):
            existing.aliases, existing.definition = entry["aliases"], entry["definition"]
            existing.version += 1
            existing.save()
            updated += 1
        else:
            unchanged += 1
    return LoadResult(found=True, added=added, updated=updated, unchanged=unchanged)
