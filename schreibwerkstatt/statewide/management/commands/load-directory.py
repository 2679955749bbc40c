"""load-directory: import the official municipality directory (Destatis Gemeindeverzeichnis,
XLSX or CSV) from a file on the server, like the operators' upload page does.

Running it again with the same file changes nothing. `--example` takes the small fictional
directory shipped for the demo and the tests.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from schreibwerkstatt.statewide.directory_file import DirectoryFileError
from schreibwerkstatt.statewide.services import EXAMPLE_DIRECTORY, import_file


class Command(BaseCommand):
    help = "Imports the official municipality directory from an XLSX or CSV file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, nargs="?", help="the directory as .xlsx or .csv")
        parser.add_argument(
            "--example", action="store_true", help="the shipped fictional example directory"
        )
        parser.add_argument(
            "--remove-missing",
            action="store_true",
            help="delete the entries that the file does not list",
        )

    def handle(self, *args, file: Path | None, example: bool, remove_missing: bool, **options):
        if example == (file is not None):
            raise CommandError("Give either a file or --example.")
        path = EXAMPLE_DIRECTORY if example else file
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        try:
            result = import_file(path, remove_missing=remove_missing)
        except DirectoryFileError as error:
            lines = [
                f"line {problem.line}: {problem.message}" if problem.line else problem.message
                for problem in error.problems
            ]
            raise CommandError("Nothing imported.\n" + "\n".join(lines)) from error
        if result is None:
            self.stdout.write("Directory: nothing to change.")
            return
        self.stdout.write(
            f"Directory: {result.added} added, {result.changed} changed, "
            f"{result.unchanged} unchanged, {result.removed} removed."
        )
