from django.core.management.base import BaseCommand

from schreibwerkstatt.library.index import rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the measure library's rows from the strategies (after a restore or a bulk load)."
    )

    def handle(self, *args, **options) -> None:
        count = rebuild()
        self.stdout.write(f"{count} library measures")
