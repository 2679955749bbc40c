"""load-public-pages: create the visitors' start page and the page in Leichte Sprache from
public/content/*.md where they are missing; `--replace` puts the shipped text back."""

from django.core.management.base import BaseCommand

from schreibwerkstatt.public.services import load_shipped_pages


class Command(BaseCommand):
    help = "Creates the shipped start page and page in Leichte Sprache where they are missing."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--replace", action="store_true", help="overwrite edited pages with the shipped text"
        )

    def handle(self, *args, replace: bool, **options) -> None:
        for key, what in load_shipped_pages(replace=replace).items():
            self.stdout.write(f"{key}: {what}")
