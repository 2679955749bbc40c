"""`schreibwerkstatt export-strategy`: a strategy as open data (JSON) or its measures as XLSX/CSV.

The file name has a hyphen on purpose: Django names a command after its module file, and the
product's commands are spelled with hyphens. The work happens in exchange/strategy_json.py,
exchange/spreadsheets.py and, for the document formats and the calendar, in exports/formats.py
(EXPORT_FORMATS).
"""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from schreibwerkstatt.exchange.strategy_json import newest_strategy
from schreibwerkstatt.exports.formats import (
    DOCUMENT_FORMATS,
    EXPORT_FORMATS,
    UnknownRevision,
    revision_of,
)
from schreibwerkstatt.municipalities.models import Municipality


class Command(BaseCommand):
    help = (
        "Export a strategy as JSON (docs/strategy.schema.json), its measures as XLSX or CSV, "
        "its roadmap milestones as iCalendar (ics), or the strategy document as Markdown (md), "
        "Word (docx), OpenDocument (odt) or PDF, also as adopted in revision N (--revision)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", required=True, metavar="SLUG")
        parser.add_argument(
            "--strategy", type=int, metavar="PK", help="Default: the newest strategy."
        )
        parser.add_argument("--format", choices=sorted(EXPORT_FORMATS), default="json")
        parser.add_argument(
            "--output", required=True, metavar="FILE", help="File to write, or - for stdout."
        )
        parser.add_argument(
            "--revision",
            type=int,
            metavar="N",
            help="Document formats only: the document as adopted in revision N. "
            "Default: the current draft.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(slug=options["municipality"]).first()
        if municipality is None:
            raise CommandError(
                _("There is no municipality with the short name “%(slug)s”.")
                % {"slug": options["municipality"]}
            )
        if options["strategy"] is None:
            strategy = newest_strategy(municipality)
            if strategy is None:
                raise CommandError(
                    _("The municipality “%(name)s” has no strategy yet.")
                    % {"name": municipality.name}
                )
        else:
            strategy = municipality.strategies.filter(pk=options["strategy"]).first()
            if strategy is None:
                raise CommandError(
                    _("The municipality “%(name)s” has no strategy with the number %(pk)s.")
                    % {"name": municipality.name, "pk": options["strategy"]}
                )
        options_of_format: dict[str, Any] = {}
        if options["revision"] is not None:
            if options["format"] not in DOCUMENT_FORMATS:
                raise CommandError(
                    _("--revision works only with the document formats: %(formats)s.")
                    % {"formats": ", ".join(f for f in EXPORT_FORMATS if f in DOCUMENT_FORMATS)}
                )
            try:
                options_of_format["revision"] = revision_of(strategy, options["revision"])
            except UnknownRevision as error:
                raise CommandError(str(error)) from error
        content = EXPORT_FORMATS[options["format"]](strategy, **options_of_format)
        if options["output"] == "-":
            self._write_stdout(
                content, binary=options["format"] not in {"json", "csv", "ics", "md"}
            )
            return
        try:
            Path(options["output"]).write_bytes(content)
        except OSError as exc:
            raise CommandError(
                _("The file %(path)s cannot be written: %(reason)s")
                % {"path": options["output"], "reason": exc.strerror or exc}
            ) from exc
        self.stderr.write(
            _("Strategy “%(title)s” written to %(path)s.")
            % {"title": strategy.title, "path": options["output"]}
        )

    def _write_stdout(self, content: bytes, *, binary: bool) -> None:
        if not binary:
            self.stdout.write(content.decode("utf-8"), ending="")
            return
        if self.stdout.isatty():
            raise CommandError(_("This format is binary; please name a file with --output."))
        target = getattr(self.stdout._out, "buffer", sys.stdout.buffer)
        target.write(content)
        target.flush()
