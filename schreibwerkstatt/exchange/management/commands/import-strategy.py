"""`schreibwerkstatt import-strategy FILE --municipality SLUG`: create a strategy from a JSON file.

The file name has a hyphen on purpose (see export-strategy.py). Checks and writing happen in
exchange/strategy_json.py: every problem is listed with its JSON path, and nothing is written
unless the whole file is fine.
"""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from schreibwerkstatt.exchange.strategy_json import (
    MAX_IMPORT_BYTES,
    ExchangeError,
    import_strategy,
    read_document,
)


class Command(BaseCommand):
    help = "Import a strategy from a JSON file (docs/strategy.schema.json) as a new strategy."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="JSON file, or - for stdin.")
        parser.add_argument(
            "--municipality",
            required=True,
            metavar="SLUG",
            help="Created from the file's municipality data when it does not exist yet.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        raw = self._read(options["file"])
        try:
            outcome = import_strategy(read_document(raw), municipality_slug=options["municipality"])
        except ExchangeError as exc:
            raise CommandError(
                _("Nothing was imported. Problems:")
                + "".join(f"\n  {problem}" for problem in exc.problems)
            ) from exc
        for warning in outcome.warnings:
            self.stderr.write(self.style.WARNING(_("Warning: %(text)s") % {"text": warning}))
        municipality = outcome.strategy.municipality
        if outcome.municipality_created:
            self.stdout.write(
                _("Municipality “%(name)s” (%(slug)s) created.")
                % {"name": municipality.name, "slug": municipality.slug}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Strategy “%(title)s” imported into “%(name)s” with the number %(pk)s.")
                % {
                    "title": outcome.strategy.title,
                    "name": municipality.name,
                    "pk": outcome.strategy.pk,
                }
            )
        )

    def _read(self, name: str) -> bytes:
        # Read at most one byte more than allowed, so an oversized file is never held whole.
        limit = MAX_IMPORT_BYTES + 1
        if name == "-":
            return sys.stdin.buffer.read(limit)
        try:
            with Path(name).open("rb") as handle:
                return handle.read(limit)
        except OSError as exc:
            raise CommandError(
                _("The file %(path)s cannot be read: %(reason)s")
                % {"path": name, "reason": exc.strerror or exc}
            ) from exc
