"""Erase a person on request (GDPR art. 17), e.g. when they ask the operator by letter:
`schreibwerkstatt erase-user person@example.org`. Same as deleting the account on the
account page (privacy/erasure.py); refuses while they are a municipality's last
coordinator."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from schreibwerkstatt.privacy.erasure import erase_user


class Command(BaseCommand):
    help = "Erase a person and pseudonymise them everywhere (GDPR art. 17)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="e-mail address of the account")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask for confirmation (for scripts)"
        )

    def handle(self, *args: Any, email: str, yes: bool, **options: Any) -> None:
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account with the address {email!r}.")
        if not yes:
            answer = input(f"Erase {user.name} <{user.email}> for good? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing erased.")
        try:
            pseudonym = erase_user(user, by_operator=True)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Erased; the audit log now shows {pseudonym!r}.")
