from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from schreibwerkstatt.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database content, uploads and job files into one tar.gz archive "
        "(docs/operations.md). Give a directory (a dated file name is chosen) or a file name."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", type=Path, help="directory or .tar.gz file to write")

    def handle(self, *args, **options) -> None:
        try:
            create_backup(options["target"], self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
