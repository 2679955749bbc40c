"""The demo strategy of Musterstadt an der Havel: a complete, credible digital strategy.

A Brandenburg town of about 18,000 inhabitants, implementing its adopted strategy: 8 fields of action,
20 goals (Leitziele and Handlungsziele) with indicators, 40 measures with steps, tags and
priority scores. The work of the phases before the adoption is complete (every field with a
responsible person, every goal with an indicator, every measure profile with goal, lead,
money, priority and period); the gaps left on purpose are those of the implementation: two
overdue steps here and, in demo/monitoring.py, one measure without a recent status update.

Idempotent: if the municipality already has a strategy with TITLE, it is returned unchanged.
Step due dates are relative to today, so the demo looks current whenever it is loaded.
"""

from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from schreibwerkstatt.accounts.models import User
from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.strategies.models import (
    CatalogueField,
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    Indicator,
    Measure,
    MeasureScore,
    PlanLink,
    PriorityCriterion,
    ProgrammePhase,
    Step,
    Strategy,
    StrategyPartner,
    Tag,
    TagAxis,
)
from schreibwerkstatt.strategies.partnerships import invite_partner

TITLE = "Digitale Musterstadt 2030"
KOORD = "koordination@demo.example"
RED = "redaktion@demo.example"
MIT = "mitwirkende@demo.example"
CHANGE_REASON = "Demodaten angelegt"

# Funding programmes (fictional or generic names).
LAND = "Landesförderprogramm „Digitale Modellkommunen“"
GIGABIT = "Gigabitförderung von Bund und Land"
SCHULE = "DigitalPakt Schule"
KLIMA = "Kommunalrichtlinie (Nationale Klimaschutzinitiative)"

STRATEGY = {
    "title": TITLE,
    "motto": "Einfach. Vernetzt. Für alle.",
    "period_start": date(2025, 1, 1),
    "period_end": date(2030, 12, 31),
    "status": Strategy.Status.IMPLEMENTATION,
    "budget": Decimal("1200000.00"),
    "funding_programme": LAND,
    "own_share_amount": Decimal("240000.00"),
    "own_share_percent": Decimal("20.00"),
    "goal_layer_names": "Leitziel, Handlungsziel",
    "vision": (
        "Im Jahr 2030 erledigen die Menschen in Musterstadt an der Havel ihre Behördengänge so, "
        "wie es ihnen am besten passt: online von zu Hause oder mit persönlicher Beratung im "
        "Rathaus. Schnelles Internet reicht bis in den letzten Ortsteil, sodass Familien, "
        "Betriebe und Vereine auch außerhalb der Kernstadt gut leben und arbeiten können. "
        "Schulen, Bibliothek und Ehrenamtliche bereiten Jung und Alt auf den digitalen Alltag "
        "vor, und wer Hilfe braucht, findet sie in der Nachbarschaft. Digitale Werkzeuge "
        "helfen uns, Energie zu sparen, Wege klimafreundlich zu gestalten und die Altstadt "
        "lebendig zu halten. Die Stadtverwaltung arbeitet offen, sicher und nachvollziehbar: "
        "Sie beteiligt die Bürgerinnen und Bürger früh und veröffentlicht ihre Daten, wo immer "
        "das möglich ist."
    ),
}

PHASES = (
    ("Strategiephase", date(2025, 1, 1), date(2025, 12, 31)),
    ("Umsetzungsphase", date(2026, 1, 1), date(2030, 12, 31)),
)

PRINCIPLES = (
    "Wir denken vom Menschen her: Ein digitales Angebot muss einfacher sein als der bisherige Weg.",
    "Digital und analog gehören zusammen – niemand muss online gehen, und niemand wird abgehängt.",
    "Datenschutz, IT-Sicherheit und Barrierefreiheit planen wir bei jeder Maßnahme von Anfang "
    "an mit.",
    "Wir nutzen, was andere Kommunen schon entwickelt haben, setzen auf offene Standards und "
    "teilen unsere eigenen Lösungen.",
)

PLANS = (
    (
        "Integriertes Stadtentwicklungskonzept (INSEK) 2035",
        "https://musterstadt.example/stadtentwicklung/insek",
        "Die Strategie greift die Leitbilder „Lebendige Altstadt“ und „Starke Ortsteile“ des "
        "INSEK auf und ergänzt sie um die digitale Seite.",
    ),
    (
        "Klimaschutzkonzept der Stadt (2023)",
        "https://musterstadt.example/umwelt/klimaschutzkonzept",
        "Die Maßnahmen im Handlungsfeld Energie, Umwelt und Klima tragen zu den Einsparzielen "
        "des Klimaschutzkonzepts bei.",
    ),
)


class DemoField(NamedTuple):
    key: str
    catalogue: str | None  # title of a CatalogueField, or None for a field of its own
    title: str
    guiding_sentence: str
    starting_situation: str
    sub_areas: tuple[str, ...] = ()
    responsible: str | None = None  # e-mail of a demo person


FIELDS = (
    DemoField(
        "verwaltung",
        "Digitale Verwaltung",
        "Digitale Verwaltung und Bürgerservice",
        "Behördengänge lassen sich rund um die Uhr online erledigen, und die Verwaltung "
        "arbeitet ohne Papierberge.",
        "Die Stadt bietet rund 15 Leistungen online an, die meisten davon als PDF-Formular zum "
        "Ausdrucken. Akten werden überwiegend auf Papier geführt, der Posteingang wird von "
        "Hand verteilt. In den nächsten zehn Jahren geht fast ein Drittel der Beschäftigten "
        "in den Ruhestand.",
        ("Online-Leistungen", "E-Akte und interne Abläufe", "IT-Betrieb und IT-Sicherheit"),
        KOORD,
    ),
    DemoField(
        "infrastruktur",
        "Infrastruktur (Breitband, Mobilfunk, Sensorik)",
        "Netze und digitale Infrastruktur",
        "Jeder Haushalt, jeder Betrieb und jede Schule in Musterstadt hat schnelles Internet.",
        "In der Kernstadt haben rund 70 % der Haushalte mindestens 100 Mbit/s, in den fünf "
        "Ortsteilen oft deutlich weniger. An der Landesstraße und im Havelbogen gibt es "
        "Funklöcher. Öffentliches WLAN gibt es bisher nur im Foyer des Rathauses.",
        ("Glasfaser", "Mobilfunk", "Öffentliches WLAN", "Sensornetz (LoRaWAN)"),
        MIT,
    ),
    DemoField(
        "bildung",
        "Bildung",
        "Bildung und Lernen",
        "Kinder lernen an gut ausgestatteten Schulen, und Lernen mit digitalen Medien ist in "
        "jedem Alter möglich.",
        "Die Stadt ist Trägerin von drei Grundschulen und einer Oberschule. Mit Mitteln aus "
        "dem DigitalPakt Schule wurden WLAN und erste Tablets beschafft, doch der technische "
        "Support hängt an wenigen engagierten Lehrkräften. Die Stadtbibliothek verleiht "
        "bisher keine E-Medien.",
        ("Ausstattung der Schulen", "IT-Support", "Stadtbibliothek"),
        MIT,
    ),
    DemoField(
        "mobilitaet",
        "Mobilität",
        "Mobilität",
        "Wer in Musterstadt unterwegs ist, kommt auch ohne eigenes Auto verlässlich und gut "
        "informiert ans Ziel.",
        "Die Ortsteile sind tagsüber im Zwei-Stunden-Takt mit dem Bus erreichbar, abends und "
        "am Wochenende kaum. Am Bahnhof fehlen Echtzeitinformationen und sichere "
        "Abstellplätze für Fahrräder. Viele Pendlerinnen und Pendler fahren deshalb mit dem "
        "Auto in die Kreisstadt oder in die Landeshauptstadt.",
        ("Bus und Bahn", "Radverkehr", "Parken"),
        RED,
    ),
    DemoField(
        "klima",
        "Energie, Umwelt und Klima",
        "Energie, Umwelt und Klima",
        "Digitale Technik hilft uns, Energie zu sparen und die Stadt auf Hitze und "
        "Trockenheit vorzubereiten.",
        "Die Stadt bewirtschaftet 34 eigene Gebäude, deren Zähler einmal im Jahr von Hand "
        "abgelesen werden. Ein großer Teil der rund 2.400 Straßenleuchten arbeitet noch mit "
        "alter Technik. Nach den trockenen Sommern der letzten Jahre leiden Stadtbäume und "
        "Grünflächen.",
        ("Energiemanagement", "Straßenbeleuchtung", "Klimaanpassung"),
        MIT,
    ),
    DemoField(
        "wirtschaft",
        "Wirtschaft, Handel und Tourismus",
        "Wirtschaft, Handel und Tourismus",
        "Betriebe, Geschäfte und Gastgeber sind online gut zu finden und nutzen die Chancen "
        "der Digitalisierung.",
        "In der Altstadt stehen mehrere Ladenlokale leer, und viele kleine Geschäfte haben "
        "keinen eigenen Internetauftritt. Der Wassertourismus an der Havel wächst, doch "
        "Übernachtungen und Angebote lassen sich kaum online buchen.",
        ("Handel und Altstadt", "Tourismus", "Gründung und Arbeiten vor Ort"),
        KOORD,
    ),
    DemoField(
        "beteiligung",
        "Beteiligung und Kommunikation",
        "Beteiligung und Kommunikation",
        "Die Stadt informiert verständlich und beteiligt die Menschen früh – online und vor Ort.",
        "Die Website der Stadt ist zwölf Jahre alt, auf dem Smartphone schwer zu bedienen und "
        "nicht barrierefrei. Beteiligung findet vor allem in Einwohnerversammlungen statt, zu "
        "denen überwiegend ältere Menschen kommen. Hinweise auf Schäden erreichen die "
        "Verwaltung per Telefon, E-Mail oder Zettel.",
        ("Website", "Bürgerbeteiligung", "Offene Daten"),
        RED,
    ),
    DemoField(
        "teilhabe",
        None,
        "Digitale Teilhabe und Kompetenzen",
        "Alle Menschen in Musterstadt können digitale Angebote sicher nutzen und finden Hilfe, "
        "wenn sie sie brauchen.",
        "Rund ein Viertel der Einwohnerinnen und Einwohner ist älter als 65 Jahre, und viele "
        "von ihnen nutzen Online-Angebote aus Unsicherheit nicht. In der Verwaltung fehlt "
        "bisher ein regelmäßiges Fortbildungsangebot zu digitalen Themen.",
        ("Digitalpaten", "Fortbildung der Beschäftigten", "Barrierefreiheit"),
        RED,
    ),
)


class DemoIndicator(NamedTuple):
    name: str
    unit: str
    kind: str
    baseline: str | None
    baseline_date: str | None
    target: str
    target_date: str


class DemoGoal(NamedTuple):
    key: str
    field: str
    title: str
    parent: str | None = None  # key of the Leitziel above a Handlungsziel
    indicator: DemoIndicator | None = None


OUTPUT, OUTCOME, IMPACT = Indicator.Kind.OUTPUT, Indicator.Kind.OUTCOME, Indicator.Kind.IMPACT

# Leitziele first, then the Handlungsziele below them; every goal has an indicator with a
# baseline and a target (the criterion of phase 4).
GOALS = (
    DemoGoal(
        "verwaltung",
        "verwaltung",
        "Die wichtigsten Verwaltungsleistungen sind für alle digital erreichbar.",
        indicator=DemoIndicator(
            "Leistungen, die vollständig online beantragt werden können",
            "Anzahl", OUTCOME, "6", "2024-12-31", "60", "2030-12-31",
        ),
    ),
    DemoGoal(
        "infrastruktur",
        "infrastruktur",
        "Musterstadt ist flächendeckend mit Gigabit-Internet und Mobilfunk versorgt.",
        indicator=DemoIndicator(
            "Haushalte mit Gigabit-Anschluss",
            "%", OUTCOME, "38", "2024-06-30", "95", "2030-12-31",
        ),
    ),
    DemoGoal(
        "bildung",
        "bildung",
        "Schulen und Bibliothek sind zeitgemäß ausgestattet und verlässlich betreut.",
        indicator=DemoIndicator(
            "Schülerinnen und Schüler je digitalem Endgerät",
            "Anzahl", OUTPUT, "5.8", "2024-08-01", "1.5", "2028-07-31",
        ),
    ),
    DemoGoal(
        "mobilitaet",
        "mobilitaet",
        "Klimafreundliche Wege werden einfacher und attraktiver.",
        indicator=DemoIndicator(
            "Fahrgäste im Stadt- und Rufbusverkehr pro Jahr",
            "Anzahl", OUTCOME, "86000", "2024-12-31", "120000", "2030-12-31",
        ),
    ),
    DemoGoal(
        "klima",
        "klima",
        "Die Stadt senkt mit digitaler Hilfe ihren Energieverbrauch und passt sich an den "
        "Klimawandel an.",
        indicator=DemoIndicator(
            "Energieverbrauch der städtischen Gebäude",
            "MWh pro Jahr", IMPACT, "5200", "2023-12-31", "4200", "2030-12-31",
        ),
    ),
    DemoGoal(
        "wirtschaft",
        "wirtschaft",
        "Musterstadt ist ein attraktiver Standort für Handel, Handwerk und Tourismus.",
        indicator=DemoIndicator(
            "Leerstehende Ladenlokale in der Altstadt",
            "Anzahl", IMPACT, "9", "2024-12-31", "4", "2030-12-31",
        ),
    ),
    DemoGoal(
        "beteiligung",
        "beteiligung",
        "Die Bürgerinnen und Bürger sind gut informiert und können mitreden.",
        indicator=DemoIndicator(
            "Zufriedenheit mit den Beteiligungsmöglichkeiten (Bürgerumfrage)",
            "%", OUTCOME, "41", "2024-11-30", "70", "2029-12-31",
        ),
    ),
    DemoGoal(
        "teilhabe",
        "teilhabe",
        "Alle Menschen in Musterstadt können digitale Angebote sicher nutzen.",
        indicator=DemoIndicator(
            "Menschen über 65, die Online-Angebote der Stadt nutzen",
            "%", OUTCOME, "18", "2025-03-31", "45", "2030-12-31",
        ),
    ),
    DemoGoal(
        "eakte",
        "verwaltung",
        "Bis Ende 2027 arbeiten alle Fachbereiche mit der elektronischen Akte.",
        "verwaltung",
        DemoIndicator(
            "Fachbereiche, die mit der E-Akte arbeiten",
            "%", OUTPUT, "0", "2024-12-31", "100", "2027-12-31",
        ),
    ),
    DemoGoal(
        "wartezeit",
        "verwaltung",
        "Anliegen im Bürgeramt werden ohne lange Wartezeit erledigt.",
        "verwaltung",
        DemoIndicator(
            "Durchschnittliche Wartezeit im Bürgeramt",
            "Minuten", OUTCOME, "35", "2024-09-30", "10", "2028-12-31",
        ),
    ),
    DemoGoal(
        "it_sicher",
        "verwaltung",
        "Die IT der Stadt ist sicher und auch bei Störungen arbeitsfähig.",
        "verwaltung",
        DemoIndicator(
            "Umgesetzte Anforderungen aus dem IT-Grundschutz-Check",
            "%", OUTPUT, "20", "2025-06-30", "80", "2027-06-30",
        ),
    ),
    DemoGoal(
        "glasfaser",
        "infrastruktur",
        "Alle fünf Ortsteile sind bis 2028 an das Glasfasernetz angeschlossen.",
        "infrastruktur",
        DemoIndicator(
            "Ortsteile mit Glasfasernetz",
            "Anzahl", OUTPUT, "1", "2024-12-31", "5", "2028-12-31",
        ),
    ),
    DemoGoal(
        "wlan",
        "infrastruktur",
        "An zentralen Orten gibt es freies WLAN.",
        "infrastruktur",
        DemoIndicator(
            "Öffentliche WLAN-Standorte",
            "Anzahl", OUTPUT, "1", "2024-12-31", "12", "2027-12-31",
        ),
    ),
    DemoGoal(
        "schulsupport",
        "bildung",
        "Alle Schulen erhalten verlässlichen IT-Support.",
        "bildung",
        DemoIndicator(
            "Störungen, die innerhalb von zwei Schultagen behoben sind",
            "%", OUTCOME, "40", "2024-12-31", "90", "2027-07-31",
        ),
    ),
    DemoGoal(
        "bibliothek",
        "bildung",
        "Die Stadtbibliothek wird zum Lernort für digitale Medien.",
        "bildung",
        DemoIndicator(
            "Ausleihen von E-Medien pro Jahr",
            "Anzahl", OUTPUT, "0", "2024-12-31", "8000", "2029-12-31",
        ),
    ),
    DemoGoal(
        "rufbus",
        "mobilitaet",
        "Die Ortsteile sind auch abends und am Wochenende mit dem Rufbus erreichbar.",
        "mobilitaet",
        DemoIndicator(
            "Rufbus-Fahrten pro Monat",
            "Anzahl", OUTPUT, "0", "2025-01-01", "1500", "2028-12-31",
        ),
    ),
    DemoGoal(
        "licht",
        "klima",
        "Die Straßenbeleuchtung braucht bis 2029 nur noch halb so viel Strom.",
        "klima",
        DemoIndicator(
            "Stromverbrauch der Straßenbeleuchtung",
            "MWh pro Jahr", OUTCOME, "820", "2023-12-31", "410", "2029-12-31",
        ),
    ),
    DemoGoal(
        "sichtbar",
        "wirtschaft",
        "Örtliche Geschäfte und Gastgeber sind online sichtbar und buchbar.",
        "wirtschaft",
        DemoIndicator(
            "Betriebe auf dem gemeinsamen Stadtportal",
            "Anzahl", OUTPUT, "0", "2025-06-30", "120", "2028-12-31",
        ),
    ),
    DemoGoal(
        "bauvorhaben",
        "beteiligung",
        "Jedes größere Bauvorhaben wird mit Online-Beteiligung begleitet.",
        "beteiligung",
        DemoIndicator(
            "Größere Bauvorhaben mit Online-Beteiligung",
            "%", OUTPUT, "0", "2024-12-31", "100", "2028-12-31",
        ),
    ),
    DemoGoal(
        "fortbildung",
        "teilhabe",
        "Alle Beschäftigten der Verwaltung bilden sich regelmäßig zu digitalen Themen fort.",
        "teilhabe",
        DemoIndicator(
            "Beschäftigte mit mindestens einer Digital-Fortbildung im Jahr",
            "%", OUTPUT, "22", "2024-12-31", "90", "2027-12-31",
        ),
    ),
)  # fmt: skip

# A step: (title, owner e-mail or None, due in days from today or None, done).
# Only two open steps lie in the past ("Altakten-Konzept", "Datenplattform"): they are overdue.
DemoStep = tuple[str, str | None, int | None, bool]


class DemoMeasure(NamedTuple):
    key: str
    field: str
    title: str
    summary: str
    lead_unit: str
    status: str
    priority: str
    start: str
    end: str
    goals: tuple[str, ...]
    steps: tuple[DemoStep, ...]
    one_off: int | None = None  # EUR
    running: int | None = None  # EUR per year
    financing: str = ""
    programme: str = ""
    share: int | None = None  # funding share in %
    responsible: str | None = None  # e-mail of a demo person
    parent: str | None = None  # key of the bundle this measure belongs to
    after: tuple[str, ...] = ()  # keys of the measures it depends on
    flagship: bool = False
    tags: tuple[str, ...] = ()


IDEA, PLANNED, RUNNING, DONE = (
    Measure.Status.IDEA,
    Measure.Status.PLANNED,
    Measure.Status.RUNNING,
    Measure.Status.DONE,
)
HIGH, MEDIUM, LOW = Measure.Priority.HIGH, Measure.Priority.MEDIUM, Measure.Priority.LOW
OWN, FUNDING, MIXED = Measure.Financing.OWN, Measure.Financing.FUNDING, Measure.Financing.MIXED
SOFORT, UMSETZUNG = "Sofortmaßnahme", "Umsetzungsmaßnahme"

TAG_AXES = (
    ("Zeitpunkt", (SOFORT, UMSETZUNG)),
    ("Thema", ("Bürgerservice", "Klimaschutz", "Kompetenzen", "Ländlicher Raum", "Offene Daten")),
)

MEASURES = (
    # Digitale Verwaltung und Bürgerservice
    DemoMeasure(
        "eakte", "verwaltung", "Einführung der elektronischen Akte",
        "Die Verwaltung stellt Schritt für Schritt von Papierakten auf die E-Akte um. Das "
        "Dokumentenmanagementsystem wird gemeinsam mit dem Amt Beispielsee ausgeschrieben und "
        "betrieben.",
        "Hauptamt", RUNNING, HIGH, "2025-04-01", "2027-12-31", ("eakte",),
        (
            ("Anforderungen der Fachbereiche erheben", KOORD, -560, True),
            ("Ausschreibung gemeinsam mit dem Amt Beispielsee", KOORD, -420, True),
            ("Zuschlag erteilen und Vertrag schließen", KOORD, -330, True),
            ("Aktenplan überarbeiten", RED, 45, False),
        ),
        one_off=180000, running=24000, financing=MIXED, programme=LAND, share=60,
        tags=(UMSETZUNG,),
    ),
    DemoMeasure(
        "eakte_bau", "verwaltung", "E-Akte im Bauamt (Pilot)",
        "Das Bauamt führt als erster Fachbereich alle neuen Vorgänge elektronisch. Seine "
        "Erfahrungen fließen in die Einführung in den übrigen Fachbereichen ein.",
        "Bauamt", DONE, HIGH, "2025-09-01", "2026-06-30", ("eakte",),
        (
            ("Scanner und zweite Bildschirme beschaffen", MIT, -420, True),
            ("Beschäftigte des Bauamts schulen", MIT, -350, True),
            ("Pilotbetrieb auswerten", RED, -160, True),
        ),
        one_off=25000, running=3000, financing=FUNDING, programme=LAND, share=80,
        responsible=MIT, parent="eakte", tags=(SOFORT,),
    ),
    DemoMeasure(
        "eakte_alle", "verwaltung", "E-Akte in allen Fachbereichen",
        "Nach dem Pilot im Bauamt folgen alle übrigen Fachbereiche. Jeder Bereich erhält eine "
        "Schulung und eine Ansprechperson für die ersten Wochen.",
        "Hauptamt", RUNNING, HIGH, "2026-07-01", "2027-12-31", ("eakte",),
        (
            ("Einführungsplan mit allen Fachbereichen abstimmen", KOORD, -60, True),
            ("Altakten-Konzept festlegen: was wird gescannt?", RED, -14, False),
            ("Schulungen für Hauptamt und Kämmerei", MIT, 30, False),
            ("Schulungen für Bürgeramt und Ordnungsamt", MIT, 90, False),
        ),
        one_off=60000, running=12000, financing=MIXED, programme=LAND, share=60,
        parent="eakte", after=("eakte_bau",), tags=(UMSETZUNG,),
    ),
    DemoMeasure(
        "posteingang", "verwaltung", "Digitaler Posteingang mit zentraler Scanstelle",
        "Briefe werden an einer Stelle gescannt und elektronisch an die zuständigen "
        "Sachbearbeiterinnen und Sachbearbeiter verteilt. So geht nichts verloren, und "
        "Vertretungen sind einfacher.",
        "Hauptamt", PLANNED, MEDIUM, "2027-01-01", "2027-09-30", ("eakte",),
        (
            ("Heutigen Weg der Post durch das Rathaus aufnehmen", None, None, False),
            ("Scanstelle im Rathaus einrichten", None, None, False),
            ("Dienstanweisung zum Posteingang anpassen", RED, 150, False),
        ),
        one_off=35000, running=8000, financing=OWN, after=("eakte",), tags=(UMSETZUNG,),
    ),
    DemoMeasure(
        "termine", "verwaltung", "Online-Terminvergabe im Bürgeramt",
        "Bürgerinnen und Bürger buchen ihren Termin im Bürgeramt online oder telefonisch. Die "
        "Wartezeiten sinken, und das Bürgeramt kann den Tag besser planen.",
        "Bürgeramt", DONE, HIGH, "2025-02-01", "2025-08-31", ("wartezeit",),
        (
            ("Terminsoftware auswählen", MIT, -620, True),
            ("Leistungen und Zeitbedarf festlegen", MIT, -580, True),
            ("Terminbuchung auf der Website freischalten", MIT, -480, True),
        ),
        one_off=8500, running=2400, financing=OWN, responsible=MIT,
        tags=(SOFORT, "Bürgerservice"),
    ),
    DemoMeasure(
        "buergerbuero", "verwaltung", "Digitales Bürgerbüro: 60 Leistungen online",
        "Die meistgefragten Leistungen – von der Hundeanmeldung bis zur Sondernutzung einer "
        "Straße – lassen sich vollständig online beantragen und bezahlen. Die Stadt nutzt "
        "dafür die Online-Dienste des Landes und ergänzt eigene Formulare.",
        "Stabsstelle Digitalisierung", RUNNING, HIGH, "2025-06-01", "2029-12-31",
        ("verwaltung", "wartezeit"),
        (
            ("Liste der 60 meistgefragten Leistungen erstellen", KOORD, -450, True),
            ("Bezahlfunktion mit der Kämmerei an das Haushaltssystem anbinden", None, -120, True),
            ("Erste 20 Leistungen freischalten", KOORD, 60, False),
            ("Nutzerinnen und Nutzer nach sechs Monaten befragen", RED, 240, False),
            ("Weitere 40 Leistungen freischalten", KOORD, 700, False),
        ),
        one_off=140000, running=18000, financing=FUNDING, programme=LAND, share=80,
        responsible=KOORD, flagship=True, tags=(UMSETZUNG, "Bürgerservice"),
    ),
    DemoMeasure(
        "gremien", "verwaltung", "Papierlose Arbeit der Stadtverordneten",
        "Stadtverordnete und sachkundige Einwohner erhalten die Sitzungsunterlagen nur noch "
        "digital über das Ratsinformationssystem und eine App. Die Stadt spart Papier, Porto "
        "und Arbeitszeit.",
        "Hauptamt", DONE, MEDIUM, "2025-03-01", "2026-03-31", ("verwaltung",),
        (
            ("Tablets für die Stadtverordneten beschaffen", RED, -560, True),
            ("Einweisung vor der ersten papierlosen Sitzung", RED, -500, True),
            ("Geschäftsordnung anpassen", KOORD, -300, True),
        ),
        one_off=22000, running=4800, financing=OWN, responsible=RED, tags=(SOFORT,),
    ),
    DemoMeasure(
        "isms", "verwaltung", "Informationssicherheit nach IT-Grundschutz aufbauen",
        "Die Stadt benennt eine Person für die Informationssicherheit, schreibt ein "
        "Sicherheitskonzept nach dem IT-Grundschutz des BSI und übt den Ernstfall.",
        "Hauptamt, Sachgebiet IT", RUNNING, HIGH, "2025-10-01", "2027-06-30", ("it_sicher",),
        (
            ("Informationssicherheitsbeauftragte Person benennen", KOORD, -380, True),
            ("Strukturanalyse der städtischen IT abschließen", None, -45, True),
            ("Notfallhandbuch für IT-Ausfälle schreiben", None, 100, False),
            ("Notfallübung mit dem Krisenstab", None, 180, False),
        ),
        one_off=45000, running=15000, financing=OWN, tags=(SOFORT,),
    ),
    # Netze und digitale Infrastruktur
    DemoMeasure(
        "glasfaser", "infrastruktur", "Glasfaser für alle Ortsteile",
        "Die Stadt begleitet den geförderten Glasfaserausbau in den fünf Ortsteilen: Sie "
        "koordiniert die Tiefbauarbeiten, legt eigene Leerrohre mit und informiert die "
        "Eigentümerinnen und Eigentümer.",
        "Bauamt", RUNNING, HIGH, "2025-05-01", "2028-12-31", ("infrastruktur", "glasfaser"),
        (
            ("Markterkundungsverfahren abschließen", None, -500, True),
            ("Förderbescheid für den Ausbau erhalten", KOORD, -330, True),
            ("Baustellenkoordination mit dem Netzbetreiber vereinbaren", None, -90, True),
            ("Informationsabende in den übrigen drei Ortsteilen", RED, 40, False),
            ("Ausbau in den ersten beiden Ortsteilen abnehmen", None, 200, False),
        ),
        one_off=310000, financing=FUNDING, programme=GIGABIT, share=90, flagship=True,
        tags=(UMSETZUNG, "Ländlicher Raum"),
    ),
    DemoMeasure(
        "mobilfunk", "infrastruktur", "Funklöcher schließen",
        "Die Stadt erfasst Funklöcher, meldet sie den Netzbetreibern und bietet eigene "
        "Grundstücke und Dächer für neue Mobilfunkstandorte an.",
        "Bauamt", PLANNED, MEDIUM, "2027-01-01", "2029-12-31", ("infrastruktur",),
        (
            ("Funklöcher mit einer Messfahrt erfassen", None, None, False),
            ("Geeignete städtische Standorte prüfen", None, None, False),
        ),
        one_off=5000, financing=OWN, tags=(UMSETZUNG, "Ländlicher Raum"),
    ),
    DemoMeasure(
        "wlan", "infrastruktur", "Freies WLAN an zentralen Orten",
        "Marktplatz, Bahnhof, Bibliothek, Freibad und Havelpromenade erhalten kostenloses "
        "WLAN ohne Anmeldung.",
        "Hauptamt, Sachgebiet IT", RUNNING, HIGH, "2026-03-01", "2027-12-31", ("wlan",),
        (
            ("Standorte mit dem Ordnungsamt abstimmen", MIT, -200, True),
            ("Zugangspunkte ausschreiben", MIT, -80, True),
            # Due within a week: the reminder job mails it on the worker's first run.
            ("WLAN am Marktplatz und am Bahnhof in Betrieb nehmen", MIT, 4, False),
            ("Übrige Standorte anschließen", MIT, 300, False),
        ),
        one_off=48000, running=7200, financing=FUNDING, programme=LAND, share=80,
        responsible=MIT, tags=(SOFORT, "Bürgerservice"),
    ),
    DemoMeasure(
        "lorawan", "infrastruktur", "LoRaWAN-Funknetz für Sensoren",
        "Gemeinsam mit den Stadtwerken baut die Stadt ein Funknetz für Sensoren auf. Darüber "
        "werden Zählerstände, Füllstände und die Bodenfeuchte übertragen.",
        "Stabsstelle Digitalisierung", RUNNING, MEDIUM, "2026-04-01", "2027-06-30",
        ("infrastruktur", "klima"),
        (
            ("Kooperationsvertrag mit den Stadtwerken schließen", KOORD, -150, True),
            ("Vier Gateways auf städtischen Gebäuden montieren", None, -40, True),
            ("Datenplattform für die Sensordaten auswählen", RED, -7, False),
            ("Testbetrieb auswerten", None, 90, False),
        ),
        one_off=28000, running=3000, financing=MIXED, programme=LAND, share=50,
        tags=(UMSETZUNG, "Klimaschutz"),
    ),
    DemoMeasure(
        "anschluss", "infrastruktur", "Glasfaseranschluss für Schulen, Rathaus und Bibliothek",
        "Die vier Schulen, das Rathaus und die Stadtbibliothek erhalten einen eigenen "
        "Glasfaseranschluss mit mindestens 1 Gbit/s.",
        "Hauptamt, Sachgebiet IT", DONE, HIGH, "2025-01-15", "2026-05-31",
        ("infrastruktur", "schulsupport"),
        (
            ("Anschlüsse beim Netzbetreiber beauftragen", None, -640, True),
            ("Hausverkabelung in den Schulen prüfen", None, -500, True),
            ("Anschlüsse abnehmen und umschalten", None, -200, True),
        ),
        one_off=95000, running=9600, financing=MIXED, programme=GIGABIT, share=70,
        tags=(SOFORT,),
    ),
    # Bildung und Lernen
    DemoMeasure(
        "schulen", "bildung", "Schulen nach dem Medienentwicklungsplan ausstatten",
        "Als Schulträgerin setzt die Stadt den Medienentwicklungsplan 2024–2028 um: "
        "Endgeräte, Präsentationstechnik und ein stabiles Netz in allen Klassenräumen.",
        "Schulverwaltungsamt", RUNNING, HIGH, "2025-01-01", "2028-07-31", ("bildung",),
        (
            ("Medienentwicklungsplan mit den Schulleitungen abstimmen", None, -600, True),
            ("Bedarf der Schulen für das nächste Schuljahr abfragen", None, 120, False),
        ),
        financing=FUNDING, programme=SCHULE, share=90, tags=(UMSETZUNG,),
    ),
    DemoMeasure(
        "grundschulen", "bildung", "Grundschulen: Tablets und digitale Tafeln",
        "Die drei Grundschulen erhalten Klassensätze mit Tablets und in jedem Klassenraum "
        "eine digitale Tafel.",
        "Schulverwaltungsamt", RUNNING, HIGH, "2025-08-01", "2027-07-31", ("bildung",),
        (
            ("Geräte ausschreiben", MIT, -420, True),
            ("Lieferung und Einrichtung an der ersten Grundschule", MIT, -250, True),
            ("Digitale Tafeln in den übrigen Grundschulen montieren", MIT, 150, False),
        ),
        one_off=210000, running=18000, financing=FUNDING, programme=SCHULE, share=90,
        responsible=MIT, parent="schulen", tags=(UMSETZUNG,),
    ),
    DemoMeasure(
        "oberschule", "bildung", "Oberschule: Laptopklassen ab Jahrgang 7",
        "Ab dem Schuljahr 2027/28 arbeitet jede neue siebte Klasse mit eigenen Laptops, die "
        "die Stadt bereitstellt und betreut.",
        "Schulverwaltungsamt", PLANNED, MEDIUM, "2027-08-01", "2028-07-31", ("bildung",),
        (
            ("Konzept mit der Schulkonferenz abstimmen", None, 90, False),
            ("Leasing oder Kauf mit der Kämmerei prüfen", None, 150, False),
            ("Geräte für den ersten Jahrgang beschaffen", None, 240, False),
        ),
        one_off=160000, running=14000, financing=MIXED, programme=SCHULE, share=50,
        parent="schulen", after=("schulsupport",), tags=(UMSETZUNG,),
    ),
    DemoMeasure(
        "schulsupport", "bildung", "Zentraler IT-Support für die Schulen",
        "Zwei IT-Fachkräfte der Stadt betreuen die Technik aller Schulen. Lehrkräfte melden "
        "Störungen über ein Ticketsystem und müssen die Technik nicht mehr selbst reparieren.",
        "Schulverwaltungsamt", RUNNING, HIGH, "2025-09-01", "2026-12-31", ("schulsupport",),
        (
            ("Zwei Stellen im Stellenplan verankern", KOORD, -450, True),
            ("Stellen besetzen", None, -260, True),
            ("Ticketsystem einführen", MIT, -120, True),
            ("Servicevereinbarung mit den Schulen abschließen", None, 20, False),
        ),
        one_off=15000, running=130000, financing=OWN, tags=(SOFORT, "Kompetenzen"),
    ),
    DemoMeasure(
        "bibliothek", "bildung", "E-Medien und Lernwerkstatt in der Stadtbibliothek",
        "Die Bibliothek tritt einem Verbund für die Ausleihe von E-Books und Hörbüchern bei "
        "und richtet eine Lernwerkstatt mit 3D-Drucker und Programmierkästen für Kinder ein.",
        "Stadtbibliothek", PLANNED, MEDIUM, "2027-01-01", "2027-12-31", ("bibliothek",),
        (
            ("Angebote der Ausleihverbünde vergleichen", None, 60, False),
            ("Raum für die Lernwerkstatt herrichten", None, 180, False),
            ("Kurse mit der Oberschule planen", None, 240, False),
        ),
        one_off=30000, running=6500, financing=MIXED, programme=LAND, share=50,
        tags=(UMSETZUNG, "Kompetenzen"),
    ),
    # Mobilität
    DemoMeasure(
        "rufbus", "mobilitaet", "Rufbus mit App-Buchung für die Ortsteile",
        "Ein Rufbus fährt abends und am Wochenende ohne festen Fahrplan zwischen den "
        "Ortsteilen und dem Bahnhof. Fahrten werden per App, online oder telefonisch gebucht.",
        "Bauamt, Sachgebiet Verkehr", RUNNING, HIGH, "2026-01-01", "2028-12-31",
        ("mobilitaet", "rufbus"),
        (
            ("Bedarf mit einer Befragung in den Ortsteilen ermitteln", RED, -280, True),
            ("Vereinbarung mit Landkreis und Verkehrsgesellschaft", KOORD, -100, True),
            ("Buchungssystem ausschreiben", RED, 45, False),
            ("Testbetrieb an den Wochenenden starten", None, 210, False),
            ("Testbetrieb auswerten und Bediengebiet anpassen", None, 400, False),
        ),
        one_off=85000, running=120000, financing=MIXED, programme=LAND, share=50,
        responsible=RED, flagship=True, tags=(UMSETZUNG, "Ländlicher Raum", "Klimaschutz"),
    ),
    DemoMeasure(
        "echtzeit", "mobilitaet", "Echtzeitanzeigen am Bahnhof und am Markt",
        "Zwei Anzeigen zeigen die Abfahrten von Bus und Bahn in Echtzeit. Die Daten kommen "
        "aus der Fahrplanauskunft des Verkehrsverbunds.",
        "Bauamt, Sachgebiet Verkehr", DONE, MEDIUM, "2025-04-01", "2025-11-30", ("mobilitaet",),
        (
            ("Standorte und Stromanschluss klären", None, -560, True),
            ("Anzeigen montieren und an die Fahrplanauskunft anbinden", None, -400, True),
        ),
        one_off=36000, running=2400, financing=FUNDING, programme=LAND, share=75,
        tags=(SOFORT, "Bürgerservice"),
    ),
    DemoMeasure(
        "fahrradboxen", "mobilitaet", "Fahrradboxen am Bahnhof mit Online-Buchung",
        "Am Bahnhof entstehen 40 abschließbare Fahrradboxen, die Pendlerinnen und Pendler "
        "online mieten und mit dem Smartphone öffnen.",
        "Bauamt, Sachgebiet Verkehr", PLANNED, MEDIUM, "2027-03-01", "2027-10-31",
        ("mobilitaet",),
        (
            ("Fördermittel beantragen", None, 60, False),
            ("Fläche am Bahnhof mit der Bahn klären", None, 120, False),
        ),
        one_off=64000, running=3500, financing=FUNDING, programme=KLIMA, share=75,
        tags=(UMSETZUNG, "Klimaschutz"),
    ),
    DemoMeasure(
        "parken", "mobilitaet", "Digitales Parkleitsystem für die Altstadt",
        "Sensoren erfassen freie Parkplätze rund um die Altstadt; Anzeigen und eine Karte im "
        "Internet leiten den Verkehr dorthin und vermeiden Suchverkehr.",
        "Ordnungsamt", IDEA, LOW, "2029-01-01", "2030-06-30", ("mobilitaet",),
        (
            ("Parkraumerhebung auswerten", None, None, False),
            ("Nutzen mit dem Gewerbeverein besprechen", None, None, False),
        ),
        one_off=90000, running=6000, financing=MIXED, programme=LAND, share=50,
        tags=(UMSETZUNG,),
    ),
    # Energie, Umwelt und Klima
    DemoMeasure(
        "energiemonitoring", "klima", "Energiemonitoring für städtische Gebäude",
        "Intelligente Zähler in den 20 größten städtischen Gebäuden melden täglich den "
        "Verbrauch von Strom, Wärme und Wasser. Auffällige Werte fallen sofort auf, und die "
        "Hausmeister können nachsteuern.",
        "Bauamt, Gebäudemanagement", RUNNING, HIGH, "2026-01-01", "2027-12-31", ("klima",),
        (
            ("Zähler der Gebäude erfassen", MIT, -250, True),
            ("Software für das Energiemonitoring beschaffen", MIT, -60, True),
            ("Zähler in den ersten zehn Gebäuden nachrüsten", None, 75, False),
            ("Hausmeister schulen", MIT, 130, False),
        ),
        one_off=75000, running=9000, financing=FUNDING, programme=KLIMA, share=70,
        responsible=MIT, after=("lorawan",), tags=(UMSETZUNG, "Klimaschutz"),
    ),
    DemoMeasure(
        "licht", "klima", "Straßenbeleuchtung auf LED umstellen und bedarfsgerecht steuern",
        "Die Stadt ersetzt die alten Leuchten durch LED und dimmt sie nachts je nach Bedarf.",
        "Bauamt", RUNNING, HIGH, "2025-03-01", "2029-12-31", ("licht",),
        (
            ("Bestand der Straßenleuchten erfassen", None, -560, True),
            ("Umrüstung in zwei Bauabschnitten planen", None, -480, True),
        ),
        financing=FUNDING, programme=KLIMA, share=25, tags=(UMSETZUNG, "Klimaschutz"),
    ),
    DemoMeasure(
        "licht_kern", "klima", "LED-Umrüstung in der Kernstadt",
        "Rund 1.300 Leuchten in der Kernstadt werden auf LED umgerüstet und an eine zentrale "
        "Steuerung angeschlossen.",
        "Bauamt", DONE, HIGH, "2025-03-01", "2026-09-30", ("licht",),
        (
            ("Umrüstung ausschreiben", None, -560, True),
            ("Erster Bauabschnitt rund um den Markt", None, -400, True),
            ("Abnahme und Einstellung der Nachtabsenkung", None, -70, True),
        ),
        one_off=290000, running=2000, financing=FUNDING, programme=KLIMA, share=25,
        parent="licht", tags=(SOFORT, "Klimaschutz"),
    ),
    DemoMeasure(
        "licht_orte", "klima", "LED-Umrüstung in den Ortsteilen mit Bewegungsmeldern",
        "In den Ortsteilen werden die Leuchten umgerüstet; in Nebenstraßen schalten "
        "Bewegungsmelder das Licht nachts nur bei Bedarf heller.",
        "Bauamt", PLANNED, MEDIUM, "2027-04-01", "2029-12-31", ("licht",),
        (
            ("Ortsbeiräte über die Nachtabsenkung informieren", None, 120, False),
            ("Zweiten Bauabschnitt ausschreiben", None, 200, False),
        ),
        one_off=240000, running=4000, financing=FUNDING, programme=KLIMA, share=25,
        parent="licht", after=("licht_kern",), tags=(UMSETZUNG, "Klimaschutz"),
    ),
    DemoMeasure(
        "baeume", "klima", "Bodenfeuchtesensoren für Stadtbäume",
        "Sensoren an 30 jungen Stadtbäumen melden, wann gegossen werden muss. Der Bauhof "
        "fährt nur noch dorthin, wo wirklich Wasser gebraucht wird.",
        "Bauhof", PLANNED, MEDIUM, "2027-04-01", "2027-10-31", ("klima",),
        (
            ("Standorte der Sensoren mit dem Bauhof festlegen", MIT, 100, False),
            ("Sensoren beschaffen und einbauen", None, 140, False),
            ("Gießplan nach dem ersten Sommer auswerten", None, 300, False),
        ),
        one_off=12000, running=1500, financing=OWN, after=("lorawan",),
        tags=(UMSETZUNG, "Klimaschutz", "Offene Daten"),
    ),
    # Wirtschaft, Handel und Tourismus
    DemoMeasure(
        "schaufenster", "wirtschaft", "Digitales Schaufenster für die Altstadt",
        "Auf einem gemeinsamen Stadtportal stellen sich Geschäfte, Handwerk und Gastronomie "
        "mit Öffnungszeiten, Angeboten und Abholservice vor. Die Wirtschaftsförderung hilft "
        "beim Einstieg.",
        "Wirtschaftsförderung", RUNNING, HIGH, "2026-02-01", "2027-12-31",
        ("wirtschaft", "sichtbar"),
        (
            ("Auftaktveranstaltung mit dem Gewerbeverein", MIT, -180, True),
            ("Anbieter für das Stadtportal auswählen", MIT, -30, True),
            ("Erste 30 Betriebe einpflegen", MIT, 60, False),
            ("Sprechstunde für Händlerinnen und Händler einrichten", None, 100, False),
        ),
        one_off=42000, running=6000, financing=FUNDING, programme=LAND, share=80,
        responsible=MIT, after=("website",), tags=(UMSETZUNG,),
    ),
    DemoMeasure(
        "tourismus", "wirtschaft", "Gästeführungen und Unterkünfte online buchbar machen",
        "Gästeführungen, Ferienwohnungen und der Bootsverleih lassen sich über die "
        "Tourist-Information online buchen. Die Stadt nutzt dafür das Buchungssystem des "
        "regionalen Tourismusverbands.",
        "Tourist-Information", PLANNED, MEDIUM, "2027-01-01", "2027-12-31", ("sichtbar",),
        (
            ("Anschluss an das Buchungssystem des Tourismusverbands klären", None, 45, False),
            ("Gastgeber zu einer Schulung einladen", None, 120, False),
            ("Buchung auf der Website freischalten", None, 200, False),
        ),
        one_off=18000, running=4500, financing=MIXED, programme=LAND, share=50,
        tags=(UMSETZUNG,),
    ),
    DemoMeasure(
        "coworking", "wirtschaft", "Coworking-Space im alten Postgebäude",
        "Im leerstehenden Gebäude am Markt entstehen rund 15 Arbeitsplätze für Pendlerinnen, "
        "Gründer und Selbstständige. Die Stadt sucht einen Betreiber und unterstützt den Umbau.",
        "Wirtschaftsförderung", IDEA, LOW, "2028-01-01", "2029-12-31", ("wirtschaft",),
        (
            ("Gespräch mit der Eigentümerin des Gebäudes", None, None, False),
            ("Bedarf bei Pendlerinnen und Pendlern abfragen", None, None, False),
        ),
        one_off=55000, financing=FUNDING, programme=LAND, share=70,
        tags=(UMSETZUNG, "Ländlicher Raum"),
    ),
    DemoMeasure(
        "gruendung", "wirtschaft", "Online-Sprechstunde der Wirtschaftsförderung",
        "Gründerinnen, Gründer und Betriebe buchen Beratungstermine online und sprechen per "
        "Video mit der Wirtschaftsförderung – auch abends.",
        "Wirtschaftsförderung", DONE, MEDIUM, "2025-05-01", "2025-12-31", ("wirtschaft",),
        (
            ("Videokonferenz-Werkzeug datenschutzgerecht einrichten", None, -520, True),
            ("Angebot über Gewerbeverein und Presse bekannt machen", None, -460, True),
        ),
        one_off=3000, running=600, financing=OWN, tags=(SOFORT,),
    ),
    # Beteiligung und Kommunikation
    DemoMeasure(
        "website", "beteiligung", "Neue barrierefreie Website der Stadt",
        "Die Website wird neu aufgebaut: verständlich, auf dem Smartphone gut bedienbar und "
        "barrierefrei nach BITV 2.0. Die Online-Dienste sind von jeder Seite aus erreichbar.",
        "Pressestelle", RUNNING, HIGH, "2025-09-01", "2026-12-31",
        ("beteiligung", "verwaltung"),
        (
            ("Befragung zur alten Website auswerten", RED, -380, True),
            ("Agentur beauftragen", RED, -250, True),
            ("Texte in einfacher Sprache überarbeiten", RED, -20, True),
            ("Barrierefreiheit durch eine externe Prüfstelle testen lassen", RED, 15, False),
            ("Neue Website freischalten", RED, 30, False),
        ),
        one_off=68000, running=9000, financing=FUNDING, programme=LAND, share=80,
        responsible=RED, tags=(SOFORT, "Bürgerservice"),
    ),
    DemoMeasure(
        "beteiligungsplattform", "beteiligung", "Online-Beteiligungsplattform",
        "Für Bauvorhaben, den Haushalt und Ideen aus der Bürgerschaft gibt es eine "
        "Beteiligungsplattform. Sie ergänzt die Einwohnerversammlungen und wird gemeinsam mit "
        "dem Amt Beispielsee betrieben.",
        "Stabsstelle Digitalisierung", PLANNED, MEDIUM, "2027-01-01", "2027-12-31",
        ("beteiligung", "bauvorhaben"),
        (
            ("Freie Beteiligungssoftware vergleichen", RED, 60, False),
            ("Betrieb mit dem Amt Beispielsee vereinbaren", KOORD, 120, False),
            ("Erstes Beteiligungsverfahren zum Spielplatz am Markt", None, 260, False),
        ),
        one_off=25000, running=6000, financing=FUNDING, programme=LAND, share=80,
        after=("website",), tags=(UMSETZUNG,),
    ),
    DemoMeasure(
        "maengelmelder", "beteiligung", "Mängelmelder",
        "Über App und Website melden Bürgerinnen und Bürger Schlaglöcher, defekte Laternen "
        "oder wilden Müll mit Foto und Ort. Sie erfahren, wann der Schaden behoben ist.",
        "Ordnungsamt", DONE, HIGH, "2025-05-01", "2025-12-31", ("beteiligung",),
        (
            ("Anbieter auswählen und Vertrag schließen", MIT, -540, True),
            ("Zuständigkeiten für die Kategorien festlegen", MIT, -500, True),
            ("Mängelmelder in der Presse vorstellen", RED, -420, True),
        ),
        one_off=9000, running=3600, financing=OWN, responsible=MIT,
        tags=(SOFORT, "Bürgerservice"),
    ),
    DemoMeasure(
        "offene_daten", "beteiligung", "Offene Daten der Stadt veröffentlichen",
        "Haushaltsdaten, Beschlüsse, Standorte und Sensordaten werden maschinenlesbar und "
        "unter freier Lizenz veröffentlicht.",
        "Hauptamt", IDEA, LOW, "2028-01-01", "2029-06-30", ("beteiligung",),
        (
            ("Datenbestände der Fachbereiche sichten", None, None, False),
            ("Passendes Open-Data-Portal auswählen", None, None, False),
        ),
        one_off=15000, running=3000, financing=OWN,
        after=("lorawan",), tags=(UMSETZUNG, "Offene Daten"),
    ),
    DemoMeasure(
        "haushalt", "beteiligung", "Haushalt verständlich im Internet",
        "Der Haushalt der Stadt erscheint als interaktive Übersicht im Internet: Woher kommt "
        "das Geld, und wofür gibt die Stadt es aus?",
        "Kämmerei", PLANNED, LOW, "2028-01-01", "2028-12-31", ("beteiligung",),
        (
            ("Haushaltsdaten für die Veröffentlichung aufbereiten", None, 400, False),
            ("Darstellung mit dem Finanzausschuss abstimmen", None, 450, False),
        ),
        one_off=12000, running=2000, financing=OWN, after=("website",),
        tags=(UMSETZUNG, "Offene Daten"),
    ),
    # Digitale Teilhabe und Kompetenzen
    DemoMeasure(
        "digitalpaten", "teilhabe", "Digitalpaten für Seniorinnen und Senioren",
        "Ehrenamtliche Digitalpatinnen und -paten helfen Älteren einmal in der Woche im "
        "Seniorentreff und bei Hausbesuchen mit Smartphone, Tablet und Online-Diensten.",
        "Sozialamt", RUNNING, HIGH, "2025-10-01", "2027-12-31", ("teilhabe",),
        (
            ("Ehrenamtliche über Zeitung und Vereine gewinnen", MIT, -330, True),
            ("Erste Digitalpaten schulen", MIT, -270, True),
            ("Leihgeräte für die Sprechstunde beschaffen", None, -200, True),
            ("Angebot auf zwei Ortsteile ausweiten", MIT, 120, False),
        ),
        one_off=8000, running=5000, financing=FUNDING, programme=LAND, share=80,
        responsible=MIT, tags=(SOFORT, "Kompetenzen", "Ländlicher Raum"),
    ),
    DemoMeasure(
        "digitalcafe", "teilhabe", "Digitalcafé in der Stadtbibliothek",
        "Einmal im Monat zeigen Bibliothek und Digitalpaten, wie man die Online-Dienste der "
        "Stadt nutzt – vom Termin im Bürgeramt bis zum Mängelmelder.",
        "Stadtbibliothek", RUNNING, MEDIUM, "2026-04-01", "2030-12-31", ("teilhabe",),
        (
            ("Termine für das erste Halbjahr festlegen", None, -210, True),
            ("Flyer für Seniorentreffs und Arztpraxen", RED, -150, True),
            ("Themen für 2027 mit den Teilnehmenden sammeln", None, 40, False),
        ),
        one_off=2000, running=1200, financing=OWN, after=("digitalpaten",),
        tags=(UMSETZUNG, "Kompetenzen"),
    ),
    DemoMeasure(
        "fortbildung", "teilhabe", "Fortbildungsprogramm Digitalkompetenz für die Verwaltung",
        "Alle Beschäftigten erhalten jedes Jahr ein Fortbildungsangebot – von der E-Akte über "
        "Videokonferenzen bis zur IT-Sicherheit. In jedem Fachbereich gibt es eine "
        "Digitallotsin oder einen Digitallotsen.",
        "Hauptamt, Personal", RUNNING, HIGH, "2025-06-01", "2030-12-31", ("fortbildung",),
        (
            ("Fortbildungsbedarf abfragen", KOORD, -480, True),
            ("Digitallotsen in allen Fachbereichen benennen", KOORD, -300, True),
            ("Fortbildungsplan 2027 beschließen", KOORD, 30, False),
        ),
        one_off=10000, running=18000, financing=OWN, responsible=KOORD,
        tags=(SOFORT, "Kompetenzen"),
    ),
    DemoMeasure(
        "barrierefreiheit", "teilhabe", "Barrierefreiheit bei jeder Beschaffung prüfen",
        "Die Vergabestelle nimmt Anforderungen an die Barrierefreiheit in alle Ausschreibungen "
        "für Software und Websites auf. Eine Checkliste hilft den Fachbereichen.",
        "Kämmerei, Vergabestelle", PLANNED, MEDIUM, "2027-01-01", "2027-06-30", ("teilhabe",),
        (
            ("Checkliste Barrierefreiheit entwerfen", None, 70, False),
            ("Vergabehandbuch ergänzen", None, 150, False),
        ),
        one_off=3000, financing=OWN, tags=(UMSETZUNG,),
    ),
)  # fmt: skip

# (name, role, weight); every scale runs from 0 to 5.
CRITERIA = (
    ("Nutzen", PriorityCriterion.Role.BENEFIT, 2),
    ("Aufwand", PriorityCriterion.Role.EFFORT, 1),
    ("Förderfähigkeit", PriorityCriterion.Role.OTHER, 1),
)
# Measure key: scores in the order of CRITERIA. The other measures are not scored yet.
SCORES = {
    "eakte": (5, 5, 4),
    "posteingang": (3, 2, 2),
    "buergerbuero": (5, 4, 5),
    "isms": (4, 3, 2),
    "glasfaser": (5, 5, 5),
    "mobilfunk": (4, 2, 1),
    "wlan": (3, 2, 4),
    "lorawan": (3, 2, 3),
    "schulsupport": (5, 3, 1),
    "bibliothek": (3, 2, 3),
    "rufbus": (5, 4, 4),
    "fahrradboxen": (2, 2, 4),
    "parken": (2, 4, 2),
    "energiemonitoring": (4, 3, 5),
    "baeume": (3, 1, 3),
    "schaufenster": (4, 3, 4),
    "coworking": (3, 4, 3),
    "website": (5, 3, 4),
    "beteiligungsplattform": (4, 2, 4),
    "offene_daten": (3, 2, 2),
    "digitalpaten": (4, 1, 3),
}


def _day(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


def _amount(value: str | int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


@transaction.atomic
def load_demo_strategy(municipality: Municipality, users: dict[str, User]) -> Strategy:
    """Create the demo strategy for `municipality`, or return the existing one unchanged.

    `users` maps the demo e-mails (koordination@, redaktion@, mitwirkende@demo.example)
    to their User objects.
    """
    existing = Strategy.objects.filter(municipality=municipality, title=TITLE).first()
    if existing is not None:
        return existing

    history = {"default_user": users[KOORD], "default_change_reason": CHANGE_REASON}
    strategy = Strategy.objects.create(municipality=municipality, **STRATEGY)
    bulk_create_with_history(
        [ProgrammePhase(strategy=strategy, name=n, start=s, end=e) for n, s, e in PHASES],
        ProgrammePhase,
        **history,
    )
    bulk_create_with_history(
        [GuidingPrinciple(strategy=strategy, text=t, position=p) for p, t in enumerate(PRINCIPLES)],
        GuidingPrinciple,
        **history,
    )
    bulk_create_with_history(
        [PlanLink(strategy=strategy, title=t, url=u, note=n) for t, u, n in PLANS],
        PlanLink,
        **history,
    )

    catalogue = dict(
        CatalogueField.objects.filter(
            title__in=[spec.catalogue for spec in FIELDS if spec.catalogue]
        ).values_list("title", "pk")
    )
    fields = dict(
        zip(
            (spec.key for spec in FIELDS),
            bulk_create_with_history(
                [
                    FieldOfAction(
                        strategy=strategy,
                        catalogue_entry_id=catalogue.get(spec.catalogue or ""),
                        title=spec.title,
                        guiding_sentence=spec.guiding_sentence,
                        starting_situation=spec.starting_situation,
                        sub_areas="\n".join(spec.sub_areas),
                        responsible=users[spec.responsible] if spec.responsible else None,
                        position=position,
                    )
                    for position, spec in enumerate(FIELDS)
                ],
                FieldOfAction,
                **history,
            ),
            strict=True,
        )
    )

    goals = _create_goals(strategy, fields, history)
    measures = _create_measures(strategy, fields, goals, users, history)
    _create_steps(measures, users, history)
    _create_tags(strategy, measures, history)
    _create_scores(strategy, measures, history)
    return strategy


def _create_goals(
    strategy: Strategy, fields: dict[str, FieldOfAction], history: dict
) -> dict[str, Goal]:
    goals: dict[str, Goal] = {}
    # Leitziele first, so that the Handlungsziele can point at them.
    for top_level in (True, False):
        specs = [(i, spec) for i, spec in enumerate(GOALS) if (spec.parent is None) == top_level]
        created = bulk_create_with_history(
            [
                Goal(
                    strategy=strategy,
                    parent=goals[spec.parent] if spec.parent else None,
                    title=spec.title,
                    position=position,
                )
                for position, spec in specs
            ],
            Goal,
            **history,
        )
        goals.update(zip((spec.key for _, spec in specs), created, strict=True))
    Goal.fields.through.objects.bulk_create(
        Goal.fields.through(goal_id=goals[spec.key].pk, fieldofaction_id=fields[spec.field].pk)
        for spec in GOALS
    )
    bulk_create_with_history(
        [
            Indicator(
                strategy=strategy,
                goal=goals[spec.key],
                name=spec.indicator.name,
                unit=spec.indicator.unit,
                kind=spec.indicator.kind,
                baseline_value=_amount(spec.indicator.baseline),
                baseline_date=_day(spec.indicator.baseline_date),
                target_value=_amount(spec.indicator.target),
                target_date=_day(spec.indicator.target_date),
            )
            for spec in GOALS
            if spec.indicator
        ],
        Indicator,
        **history,
    )
    return goals


def _create_measures(
    strategy: Strategy,
    fields: dict[str, FieldOfAction],
    goals: dict[str, Goal],
    users: dict[str, User],
    history: dict,
) -> dict[str, Measure]:
    measures: dict[str, Measure] = {}
    # Bundles and single measures first, then the parts of the bundles.
    for top_level in (True, False):
        specs = [(i, spec) for i, spec in enumerate(MEASURES) if (spec.parent is None) == top_level]
        created = bulk_create_with_history(
            [
                Measure(
                    strategy=strategy,
                    parent=measures[spec.parent] if spec.parent else None,
                    title=spec.title,
                    summary=spec.summary,
                    lead_unit=spec.lead_unit,
                    responsible=users[spec.responsible] if spec.responsible else None,
                    status=spec.status,
                    priority=spec.priority,
                    start=_day(spec.start),
                    end=_day(spec.end),
                    cost_one_off=_amount(spec.one_off),
                    cost_running=_amount(spec.running),
                    financing=spec.financing,
                    funding_programme=spec.programme,
                    funding_share_percent=_amount(spec.share),
                    is_flagship=spec.flagship,
                    position=position,
                )
                for position, spec in specs
            ],
            Measure,
            **history,
        )
        measures.update(zip((spec.key for _, spec in specs), created, strict=True))
    Measure.fields.through.objects.bulk_create(
        Measure.fields.through(
            measure_id=measures[spec.key].pk, fieldofaction_id=fields[spec.field].pk
        )
        for spec in MEASURES
    )
    Measure.goals.through.objects.bulk_create(
        Measure.goals.through(measure_id=measures[spec.key].pk, goal_id=goals[goal].pk)
        for spec in MEASURES
        for goal in spec.goals
    )
    Measure.depends_on.through.objects.bulk_create(
        Measure.depends_on.through(
            from_measure_id=measures[spec.key].pk, to_measure_id=measures[other].pk
        )
        for spec in MEASURES
        for other in spec.after
    )
    return measures


def _create_steps(measures: dict[str, Measure], users: dict[str, User], history: dict) -> None:
    today, now = timezone.localdate(), timezone.now()
    bulk_create_with_history(
        [
            Step(
                measure=measures[spec.key],
                title=title,
                owner=users[owner] if owner else None,
                due_date=None if days is None else today + timedelta(days=days),
                done=done,
                done_at=now + timedelta(days=min(days or 0, 0)) if done else None,
                position=position,
            )
            for spec in MEASURES
            for position, (title, owner, days, done) in enumerate(spec.steps)
        ],
        Step,
        **history,
    )


def _create_tags(strategy: Strategy, measures: dict[str, Measure], history: dict) -> None:
    axes = bulk_create_with_history(
        [
            TagAxis(strategy=strategy, name=name, position=position)
            for position, (name, _tags) in enumerate(TAG_AXES)
        ],
        TagAxis,
        **history,
    )
    tags = {
        tag.name: tag
        for tag in bulk_create_with_history(
            [
                Tag(axis=axis, name=name)
                for axis, (_axis_name, names) in zip(axes, TAG_AXES, strict=True)
                for name in names
            ],
            Tag,
            **history,
        )
    }
    Measure.tags.through.objects.bulk_create(
        Measure.tags.through(measure_id=measures[spec.key].pk, tag_id=tags[name].pk)
        for spec in MEASURES
        for name in spec.tags
    )


def _create_scores(strategy: Strategy, measures: dict[str, Measure], history: dict) -> None:
    criteria = bulk_create_with_history(
        [
            PriorityCriterion(
                strategy=strategy,
                name=name,
                role=role,
                weight=Decimal(weight),
                scale_max=5,
                position=position,
            )
            for position, (name, role, weight) in enumerate(CRITERIA)
        ],
        PriorityCriterion,
        **history,
    )
    bulk_create_with_history(
        [
            MeasureScore(measure=measures[key], criterion=criterion, value=value)
            for key, values in SCORES.items()
            for criterion, value in zip(criteria, values, strict=True)
        ],
        MeasureScore,
        **history,
    )


def invite_demo_partner(demo: Municipality, neighbour: Municipality, users: dict) -> None:
    """An open partnership invitation: the neighbour's coordination (nachbar@) sees it on its
    strategies list and can accept it; until then neither side sees the other."""
    strategy = Strategy.objects.filter(municipality=demo, title=TITLE).first()
    if strategy is None or StrategyPartner.every_state.filter(strategy=strategy).exists():
        return
    invite_partner(
        strategy,
        neighbour,
        label="Amt im Umland",
        invited_by=users["koordination@demo.example"],
    )
