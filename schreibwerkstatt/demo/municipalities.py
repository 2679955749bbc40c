"""The demo municipality and its neighbour, a person for every role, and a running support
access. Idempotent: people and municipalities are found again by e-mail and slug."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from schreibwerkstatt.municipalities.models import (
    Kind,
    Membership,
    Municipality,
    Role,
    State,
    SupportAccess,
)
from schreibwerkstatt.municipalities.services import grant_support_access

DEMO_PASSWORD = "Werkstatt-Demo-2026"  # noqa: S105 - public demo data, printed by `make run`


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    role: str  # a Role value, "adviser" or "admin"
    label: str


PEOPLE = (
    DemoPerson("koordination@demo.example", "Katrin Krüger", Role.COORDINATOR, "Koordination"),
    DemoPerson("redaktion@demo.example", "Rainer Rosenthal", Role.EDITOR, "Redaktion"),
    DemoPerson("mitwirkende@demo.example", "Mehmet Mahler", Role.CONTRIBUTOR, "Mitwirkende"),
    DemoPerson("lesend@demo.example", "Lena Lorenz", Role.READER, "Lesend"),
    DemoPerson("beratung@demo.example", "Bernd Bauer", "adviser", "Beratung (Digitalagentur)"),
    DemoPerson("betrieb@demo.example", "Anna Albrecht", "admin", "Plattform-Admin (/betrieb/)"),
    DemoPerson(
        "nachbar@demo.example", "Norbert Neumann", "outsider", "Koordination einer anderen Kommune"
    ),
)


def _person(spec: DemoPerson):
    User = get_user_model()
    user, _ = User.objects.get_or_create(email=spec.email, defaults={"name": spec.name})
    user.name = spec.name
    user.is_adviser = spec.role == "adviser"
    user.is_staff = user.is_superuser = spec.role == "admin"
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def _municipality(
    slug: str, name: str, ags: str, kind: str, population: int
) -> tuple[Municipality, bool]:
    """A demo municipality in Brandenburg, created unless it exists."""
    return Municipality.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "ags": ags,
            "kind": kind,
            "state": State.BB,
            "population": population,
        },
    )


def load_demo_municipalities() -> tuple[Municipality, Municipality, dict, bool]:
    """(demo, neighbour, {e-mail: user}, whether the demo municipality was created now)."""
    demo, created = _municipality("demo", "Musterstadt an der Havel", "12099001", Kind.STADT, 18400)
    neighbour, _ = _municipality("beispielsee", "Amt Beispielsee", "12099002", Kind.AMT, 9100)
    users = {spec.email: _person(spec) for spec in PEOPLE}
    for spec in PEOPLE:
        user = users[spec.email]
        if spec.role in Role.values:
            Membership.objects.get_or_create(
                user=user, municipality=demo, defaults={"role": spec.role}
            )
        elif spec.role == "adviser":
            demo.advisers.add(user)
            neighbour.advisers.add(user)
        elif spec.role == "outsider":
            Membership.objects.get_or_create(
                user=user, municipality=neighbour, defaults={"role": Role.COORDINATOR}
            )
    return demo, neighbour, users, created


def grant_demo_support_access(demo: Municipality, users: dict) -> None:
    """A running support access, so the notice on the overview and the audit log show one."""
    if SupportAccess.objects.filter(municipality=demo).active().exists():
        return
    grant_support_access(
        municipality=demo,
        operator=users["betrieb@demo.example"],
        days=7,
        reason="Fehlermeldung zum Word-Export prüfen",
        granted_by=users["koordination@demo.example"],
    )
