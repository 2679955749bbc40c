"""Load the shipped handbook (guides/handbook/) into the database.

    schreibwerkstatt load-handbook            create the guides and questions that are missing
    schreibwerkstatt load-handbook --update   also bring those nobody has edited up to the files

The data migration does the first on `migrate`; run this after the shipped files changed.
Guides and questions an operator has edited in the product are never overwritten; they are
listed, so that the operator can take over the new text by hand.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from schreibwerkstatt.guides.handbook import HandbookError, load_handbook


class Command(BaseCommand):
    help = "Load the shipped handbook (guides and entry questions)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--update",
            action="store_true",
            help="Also replace guides and questions that nobody has edited since loading.",
        )

    def handle(self, *args, update: bool, verbosity: int, **options) -> None:
        try:
            with transaction.atomic():
                report = load_handbook(apps, update=update)
        except HandbookError as error:
            raise CommandError(str(error)) from error
        for label, rows in (
            ("created", report.created),
            ("updated", report.updated),
            ("kept (edited in the product)", report.kept_edited),
            ("question names no guide", report.unknown_guides),
        ):
            if rows and verbosity:
                self.stdout.write(f"{label}: {len(rows)}")
                if verbosity > 1 or label.startswith(("kept", "question")):
                    for row in rows:
                        self.stdout.write(f"  {row}")
        if verbosity and not (report.created or report.updated):
            self.stdout.write("Nothing to load.")
