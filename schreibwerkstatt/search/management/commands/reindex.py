from typing import Any

from django.core.management.base import BaseCommand

from schreibwerkstatt.search.services import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from all content (e.g. after restoring a backup)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild()
        self.stdout.write(f"{count} entries indexed.")
