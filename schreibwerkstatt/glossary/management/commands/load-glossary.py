"""load-glossary: add the shipped glossary terms (glossary/content/glossar.toml).

Safe to run at every deployment: terms that exist stay as the operators edited them;
`--replace` puts the shipped wording back. The data migration runs the same loader once.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from schreibwerkstatt.glossary.services import SHIPPED, load_shipped


class Command(BaseCommand):
    help = "Adds the shipped glossary terms that are missing."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--file", type=Path, default=SHIPPED, help="TOML file with [[begriff]]")
        parser.add_argument(
            "--replace", action="store_true", help="overwrite edited terms with the shipped text"
        )

    def handle(self, *args, file: Path, replace: bool, **options) -> None:
        result = load_shipped(file, replace=replace)
        if not result.found:
            self.stderr.write(f"No glossary file at {file}: nothing loaded.")
            return
        self.stdout.write(
            f"Glossary: {result.added} added, {result.updated} replaced, "
            f"{result.unchanged} left as they were."
        )
