"""The demo's workshop dates (issue 14): the state digital agency's Schreibwerkstatt.

- "Schreibwerkstatt Frühjahr 2027": public, upcoming, three online sessions, free places;
  Musterstadt an der Havel is registered with its coordinator and editor, so the
  coordinator sees a registration and the Gemeinde Musterheide can register itself.
- "Schreibwerkstatt kompakt: Maßnahmen planen": full (two places) with Musterstadt and the
  Amt Beispielsee; Musterheide waits. When Beispielsee cancels, Musterheide moves up and
  its coordinator gets the mail.
- "Schreibwerkstatt Herbst 2026": past, with attendance and public materials (a link and
  a small text file).

The rows are written directly, not through the registration services, so loading the demo
sends no mail (the confirmations would go to var/mail on every first `make run`). The
series count as announced: they existed before anybody asked to be told about new dates.

Idempotent: a series whose address (slug) exists is left as it is.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.workshops.models import (
    Attendance,
    Material,
    Participant,
    Registration,
    Series,
    Session,
)

from .municipalities import DEMO, NEIGHBOUR, NEWCOMER

BERLIN = ZoneInfo("Europe/Berlin")
ADVISER = "beratung@demo.example"
ORGANISER = "Digitalagentur Brandenburg (Demo)"
TARGET_GROUP = "Koordinationen und Kernteams der Kommunen in Brandenburg"


def _at(day: str, hour: int = 9, minute: int = 30) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=BERLIN)


def _series(slug: str, title: str, description: str, *, capacity: int, closes: datetime,
            adviser, sessions: list[tuple[str, datetime, str, list[int]]]) -> Series | None:  # fmt: skip
    """The series with its online sessions, or None when it exists already."""
    if Series.objects.filter(slug=slug).exists():
        return None
    first = min(start for _title, start, _agenda, _phases in sessions)
    published = min(first - timedelta(days=90), timezone.now())
    series = Series.objects.create(
        title=title,
        slug=slug,
        description=description,
        target_group=TARGET_GROUP,
        organiser=ORGANISER,
        public=True,
        registration_closes=closes,
        capacity=capacity,
        seats_per_municipality=3,
        published_at=published,
        announced_at=published,
        created_by=adviser,
    )
    series.organisers.add(adviser)
    for session_title, starts, agenda, phases in sessions:
        Session.objects.create(
            series=series,
            title=session_title,
            starts=starts,
            duration=150,
            format=Session.Format.ONLINE,
            meeting_url=f"https://meet.example.org/{slug}",
            agenda=agenda,
            phases=phases,
        )
    return series


def _register(series: Series, municipality: Municipality, people: list, *, status: str,
              at: datetime) -> Registration:  # fmt: skip
    registration = Registration.objects.create(
        series=series,
        municipality=municipality,
        status=status,
        registered_by=people[0],
        created_at=at,
        confirmed_at=at if status == Registration.Status.CONFIRMED else None,
    )
    Participant.objects.bulk_create(
        Participant(registration=registration, user=person, created_at=at) for person in people
    )
    return registration


@transaction.atomic
def load_demo_workshops(municipalities: dict[str, Municipality], users: dict) -> None:
    demo, neighbour, newcomer = (municipalities[s] for s in (DEMO, NEIGHBOUR, NEWCOMER))
    adviser = users[ADVISER]
    coordinator, editor = users["koordination@demo.example"], users["redaktion@demo.example"]
    confirmed, waiting = Registration.Status.CONFIRMED, Registration.Status.WAITING

    spring = _series(
        "fruehjahr-2027",
        "Schreibwerkstatt Frühjahr 2027",
        "In drei Online-Terminen schreiben Kommunen gemeinsam an ihrer Digitalstrategie: "
        "von der Bestandsaufnahme über Leitbild und Handlungsfelder bis zu den ersten "
        "Maßnahmen. Zwischen den Terminen arbeiten die Kernteams in der Schreibwerkstatt "
        "weiter; die Beratung der Digitalagentur begleitet sie.",
        capacity=12,
        closes=_at("2027-02-26", 18, 0),
        adviser=adviser,
        sessions=[
            ("Auftakt und Bestandsaufnahme", _at("2027-03-10"),
             "Begrüßung und Kennenlernen\nWo steht unsere Kommune?\nArbeit an der "
             "Bestandsaufnahme", [1]),
            ("Leitbild und Handlungsfelder", _at("2027-04-14"),
             "Rückblick auf die Bestandsaufnahme\nLeitbild formulieren\nHandlungsfelder "
             "auswählen", [2, 3]),
            ("Ziele und erste Maßnahmen", _at("2027-05-12"),
             "Ziele mit Indikatoren\nMaßnahmen planen und priorisieren\nNächste Schritte",
             [4, 5]),
        ],
    )  # fmt: skip
    if spring is not None:
        _register(spring, demo, [coordinator, editor], status=confirmed, at=_at("2026-11-20"))

    compact = _series(
        "kompakt-massnahmen-2027",
        "Schreibwerkstatt kompakt: Maßnahmen planen",
        "Zwei Vormittage für Kommunen, deren Strategie schon Ziele hat: Maßnahmen "
        "beschreiben, Zuständigkeiten klären und eine Roadmap aufstellen.",
        capacity=2,
        closes=_at("2027-01-27", 18, 0),
        adviser=adviser,
        sessions=[
            ("Maßnahmen beschreiben", _at("2027-02-03"),
             "Maßnahmensteckbriefe\nZuständigkeiten und Ressourcen", [5]),
            ("Roadmap und Priorisierung", _at("2027-02-10"),
             "Abhängigkeiten\nMeilensteine setzen", [6]),
        ],
    )  # fmt: skip
    if compact is not None:
        _register(compact, demo, [editor], status=confirmed, at=_at("2026-11-02"))
        _register(
            compact,
            neighbour,
            [users["nachbar@demo.example"]],
            status=confirmed,
            at=_at("2026-11-05"),
        )
        _register(
            compact,
            newcomer,
            [users["neustart@demo.example"]],
            status=waiting,
            at=_at("2026-11-18"),
        )

    autumn = _series(
        "herbst-2026",
        "Schreibwerkstatt Herbst 2026",
        "Der erste Durchgang der Schreibwerkstatt: drei Online-Termine von der "
        "Bestandsaufnahme bis zu den Handlungsfeldern.",
        capacity=10,
        closes=_at("2026-09-04", 18, 0),
        adviser=adviser,
        sessions=[
            ("Auftakt und Bestandsaufnahme", _at("2026-09-16"),
             "Begrüßung\nArbeit an der Bestandsaufnahme", [1]),
            ("Leitbild", _at("2026-10-14"), "Leitbild formulieren", [2]),
            ("Handlungsfelder", _at("2026-11-11"), "Handlungsfelder auswählen", [3]),
        ],
    )  # fmt: skip
    if autumn is not None:
        _load_past(autumn, demo, neighbour, users)


def _load_past(series: Series, demo, neighbour, users: dict) -> None:
    """Registrations, attendance and public materials of the past series."""
    confirmed = Registration.Status.CONFIRMED
    adviser = users[ADVISER]
    registrations = [
        _register(
            series,
            demo,
            [users["koordination@demo.example"], users["redaktion@demo.example"]],
            status=confirmed,
            at=_at("2026-08-20"),
        ),
        _register(
            series, neighbour, [users["nachbar@demo.example"]], status=confirmed,
            at=_at("2026-08-25"),
        ),
    ]  # fmt: skip
    participants = [p for r in registrations for p in r.participants.order_by("pk")]
    sessions = list(series.sessions.order_by("starts"))
    # Everybody came, except the editor of Musterstadt to the second session. The last
    # session is left for the demo adviser: attendance not ticked, follow-up not sent.
    done = sessions[:-1]
    Attendance.objects.bulk_create(
        Attendance(
            session=session,
            participant=participant,
            recorded_by=adviser,
            recorded_at=session.starts + timedelta(minutes=10),
        )
        for index, session in enumerate(done)
        for participant in participants
        if not (index == 1 and participant.user == users["redaktion@demo.example"])
    )
    results = (
        "Ergebnisse der Schreibwerkstatt Herbst 2026 – Auftakt\n\n"
        "1. Die Kommunen haben ihre Ausgangslage mit dem Reifegrad-Check eingeschätzt.\n"
        "2. Jede Kommune hat drei Stärken und drei Lücken festgehalten.\n"
        "3. Bis zum nächsten Termin: Bestandsaufnahme im Kernteam abschließen.\n"
    ).encode()
    first = sessions[0]
    Material.objects.bulk_create(
        [
            Material(
                session=first,
                title="Arbeitsblatt und Ergebnisse des Auftakts",
                file_name="ergebnisse-auftakt-herbst-2026.txt",
                content_type="text/plain; charset=utf-8",
                content=results,
                size=len(results),
                public=True,
                created_by=adviser,
                created_at=first.ends + timedelta(hours=2),
            ),
            Material(
                session=first,
                title="IT-Planungsrat: Informationen zur Verwaltungsdigitalisierung",
                url="https://www.it-planungsrat.de/",
                public=True,
                created_by=adviser,
                created_at=first.ends + timedelta(hours=2),
            ),
        ]
    )
    for session in done:  # the follow-up mails went out the day after each session
        Session.objects.filter(pk=session.pk).update(
            follow_up_sent_at=session.ends + timedelta(days=1)
        )
