import csv
import io

import factory
from django.contrib.auth import get_user_model

from schreibwerkstatt.exchange.spreadsheets import HEADERS
from schreibwerkstatt.municipalities.models import (
    Invitation,
    Kind,
    Membership,
    Municipality,
    Role,
    State,
)
from schreibwerkstatt.process.models import ChecklistItem

PASSWORD = "Sicheres-Passwort-42"


def measures_csv(*rows: list[str]) -> bytes:
    """A measures spreadsheet as the import reads it: the header row, then each row padded
    with empty cells to the full width; semicolons and a BOM, as German Excel writes it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow(row + [""] * (len(HEADERS) - len(row)))
    return buffer.getvalue().encode("utf-8-sig")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"person{n}@kommune.example")
    name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(PASSWORD)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Gemeinde Nummer{n}")
    slug = factory.Sequence(lambda n: f"gemeinde-{n}")
    ags = factory.Sequence(lambda n: f"12{n:06d}")
    kind = Kind.GEMEINDE
    state = State.BB
    population = 5000


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = Role.CONTRIBUTOR


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    municipality = factory.SubFactory(MunicipalityFactory)
    email = factory.Sequence(lambda n: f"eingeladen{n}@kommune.example")
    role = Role.EDITOR


class ChecklistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistItem

    municipality = factory.SubFactory(MunicipalityFactory)
    phase = 0
    title = factory.Sequence(lambda n: f"Aufgabe {n}")
    position = factory.Sequence(lambda n: n)
