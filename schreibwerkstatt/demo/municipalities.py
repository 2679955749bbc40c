"""The demo municipalities, a person for every role, and a running support access.
Idempotent: people and municipalities are found again by e-mail and slug.

Three municipalities in Brandenburg: Musterstadt an der Havel implements its adopted strategy
(slug "demo"), the Amt Beispielsee is its neighbour, and the Gemeinde Musterheide has just
started its first strategy (demo/newcomer.py).
"""

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

DEMO, NEIGHBOUR, NEWCOMER = "demo", "beispielsee", "musterheide"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    role: str  # a Role value (a member of `municipality`), "adviser" or "admin"
    label: str
    municipality: str = DEMO  # the slug of the municipality a member belongs to


PEOPLE = (
    DemoPerson("koordination@demo.example", "Katrin Krüger", Role.COORDINATOR, "Koordination"),
    DemoPerson("redaktion@demo.example", "Rainer Rosenthal", Role.EDITOR, "Redaktion"),
    DemoPerson("mitwirkende@demo.example", "Mehmet Mahler", Role.CONTRIBUTOR, "Mitwirkende"),
    DemoPerson("lesend@demo.example", "Lena Lorenz", Role.READER, "Lesend"),
    DemoPerson("beratung@demo.example", "Bernd Bauer", "adviser", "Beratung (Digitalagentur)"),
    DemoPerson("betrieb@demo.example", "Anna Albrecht", "admin", "Plattform-Admin (/betrieb/)"),
    DemoPerson(
        "nachbar@demo.example",
        "Norbert Neumann",
        Role.COORDINATOR,
        "Koordination einer anderen Kommune",
        NEIGHBOUR,
    ),
    # Alone in her municipality: the core team is still to be invited (phase 0).
    DemoPerson(
        "neustart@demo.example",
        "Greta Gerber",
        Role.COORDINATOR,
        "Koordination einer Kommune, die gerade beginnt",
        NEWCOMER,
    ),
)

# (slug, name, AGS, kind, population); the AGS are fictional ones of Brandenburg (12).
MUNICIPALITIES = (
    (DEMO, "Musterstadt an der Havel", "12099001", Kind.STADT, 18400),
    (NEIGHBOUR, "Amt Beispielsee", "12099002", Kind.AMT, 9100),
    (NEWCOMER, "Gemeinde Musterheide", "12099003", Kind.GEMEINDE, 2900),
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


def load_demo_municipalities() -> tuple[dict[str, Municipality], dict, set[str]]:
    """({slug: municipality}, {e-mail: user}, the slugs of the municipalities created now).
    The adviser accompanies all of them."""
    municipalities, created = {}, set()
    for slug, *spec in MUNICIPALITIES:
        municipalities[slug], new = _municipality(slug, *spec)
        if new:
            created.add(slug)
    users = {spec.email: _person(spec) for spec in PEOPLE}
    for spec in PEOPLE:
        user = users[spec.email]
        if spec.role in Role.values:
            Membership.objects.get_or_create(
                user=user,
                municipality=municipalities[spec.municipality],
                defaults={"role": spec.role},
            )
        elif spec.role == "adviser":
            for municipality in municipalities.values():
                municipality.advisers.add(user)
    return municipalities, users, created


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
