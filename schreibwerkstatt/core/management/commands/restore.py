from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from schreibwerkstatt.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup` into an empty database (docs/operations.md): "
        "migrates, loads every row and file, and checks them against the archive's checksums."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="the .tar.gz file made by `backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the data the target database already holds",
        )

    def handle(self, *args, **options) -> None:
        try:
            restore_backup(options["archive"], self.stdout.write, force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
