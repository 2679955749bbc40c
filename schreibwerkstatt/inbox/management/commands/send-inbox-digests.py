"""Send the weekly notification digests now (the worker's hourly job does the same on
Mondays): `schreibwerkstatt send-inbox-digests [--any-day]`."""

from django.core.management.base import BaseCommand, CommandParser

from schreibwerkstatt.inbox.digest import send_digests


class Command(BaseCommand):
    help = "Send the weekly notification digests that are due (once per person and week)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--any-day",
            action="store_true",
            help="Also from Thursday to Sunday (the job sends on Monday to Wednesday only).",
        )

    def handle(self, *args, any_day: bool = False, **options) -> None:
        sent = send_digests(any_day=any_day)
        self.stdout.write(f"{sent} digest(s) sent.")
