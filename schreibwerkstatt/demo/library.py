"""The demo's measure library: besides the published "Digitale Musterstadt 2030", the Amt
Beispielsee shares three measures of its draft strategy (contact: its coordinator,
nachbar@demo.example) and the Stadt Lindenau shares its online appointments. So the demo
coordinator (koordination@) who starts a new measure "Chatbot für Bürgeranfragen" is shown
Beispielsee's chatbot, takes it over into "Digitale Musterstadt 2030", and the Amt's
coordinator finds the notification in the inbox.

Idempotent: the strategy is found by its title, measures and shares are only written when
missing; the library's rows are rebuilt once the whole demo is loaded (load.py).
"""

from datetime import date
from decimal import Decimal

from schreibwerkstatt.library import services
from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.strategies.models import (
    CatalogueField,
    FieldOfAction,
    Goal,
    Indicator,
    Measure,
    Step,
    Strategy,
)

BEISPIELSEE_TITLE = "Beispielsee vernetzt 2030"
NEIGHBOUR_COORDINATOR = "nachbar@demo.example"
# (title, summary, problem, expected effect, costs one-off, steps, indicator (name, unit))
BEISPIELSEE_MEASURES = (
    (
        "Chatbot für Bürgeranfragen",
        "Ein Chatbot auf der Website des Amtes beantwortet rund um die Uhr die häufigsten Fragen "
        "zu Öffnungszeiten, Unterlagen und Gebühren und leitet zu den Online-Anträgen weiter.",
        "Das Bürgerbüro erhält viele gleichlautende Anrufe; die Wartezeit am Telefon ist lang.",
        "Weniger Routineanrufe, schnellere Antworten auch abends und am Wochenende.",
        Decimal("18000"),
        ("Häufige Fragen aus dem Bürgerbüro sammeln", "Anbieter mit Datenschutzprüfung auswählen",
         "Antworten mit den Fachämtern abstimmen", "Testbetrieb mit Bürgerinnen und Bürgern"),
        ("Vom Chatbot beantwortete Anfragen pro Monat", "Anzahl"),
    ),
    (
        "Füllstandssensoren für Altglas- und Müllcontainer",
        "Sensoren melden den Füllstand der Container an den Wertstoffinseln; der Bauhof leert "
        "nach Bedarf statt nach festem Plan.",
        "Volle Container an Wochenenden, unnötige Fahrten zu halbleeren Containern.",
        "Weniger Fahrten des Bauhofs, sauberere Wertstoffinseln.",
        Decimal("42000"),
        ("Standorte der Wertstoffinseln erfassen", "Sensoren an zehn Containern erproben",
         "Tourenplanung des Bauhofs anpassen"),
        ("Eingesparte Leerungsfahrten pro Jahr", "Anzahl"),
    ),
    (
        "Dorf-App für Vereine und Nachbarschaftshilfe",
        "Eine App, in der Vereine, Feuerwehr und Nachbarschaftshilfe der Gemeinden des Amtes "
        "Termine, Neuigkeiten und Hilfsangebote teilen.",
        "Informationen der Dörfer verteilen sich auf Aushänge, Gruppen und Zeitungen.",
        "Mehr Menschen erfahren von Angeboten; Ehrenamtliche werden entlastet.",
        None,
        ("Vereine und Ortsvorsteher einladen", "App-Redaktion je Gemeinde benennen"),
        ("Aktive Nutzerinnen und Nutzer", "Anzahl"),
    ),
)  # fmt: skip
LINDENAU_SHARED = "Terminbuchung online"
LINDENAU_SUMMARY = (
    "Termine im Bürgerbüro werden online gebucht; eine Erinnerung per E-Mail senkt die Zahl der "
    "versäumten Termine."
)


def _beispielsee_strategy(municipality: Municipality) -> Strategy:
    strategy = Strategy.objects.filter(municipality=municipality, title=BEISPIELSEE_TITLE).first()
    if strategy is not None:
        return strategy
    strategy = Strategy.objects.create(
        municipality=municipality, title=BEISPIELSEE_TITLE,
        period_start=date(2026, 1, 1), period_end=date(2030, 12, 31),
    )  # fmt: skip
    catalogue = CatalogueField.objects.filter(title="Digitale Verwaltung").first()
    field = FieldOfAction.objects.create(
        strategy=strategy, title="Digitale Verwaltung", catalogue_entry=catalogue, position=0
    )
    goal = Goal.objects.create(strategy=strategy, title="Anliegen sind ohne Amtsbesuch erledigt")
    goal.fields.add(field)
    for position, (title, summary, problem, effect, cost, steps, indicator) in enumerate(
        BEISPIELSEE_MEASURES
    ):
        measure = Measure.objects.create(
            strategy=strategy, title=title, summary=summary, problem=problem,
            expected_effect=effect, cost_one_off=cost, status=Measure.Status.PLANNED,
            position=position,
        )  # fmt: skip
        measure.fields.add(field)
        measure.goals.add(goal)
        for step_position, step in enumerate(steps):
            Step.objects.create(measure=measure, title=step, position=step_position)
        Indicator.objects.create(
            strategy=strategy, measure=measure, name=indicator[0], unit=indicator[1]
        )
    return strategy


def load_demo_library(municipalities: dict, users: dict) -> None:
    neighbour = municipalities["beispielsee"]
    coordinator = users[NEIGHBOUR_COORDINATOR]
    strategy = _beispielsee_strategy(neighbour)
    for measure in strategy.measures.all():
        if not hasattr(measure, "library_share"):
            services.share_measure(measure, contact=coordinator, by=coordinator)
    lindenau = Measure.objects.filter(
        strategy__municipality__slug="lindenau", title=LINDENAU_SHARED
    ).first()
    if lindenau is not None and not hasattr(lindenau, "library_share"):
        lindenau.summary = lindenau.summary or LINDENAU_SUMMARY
        lindenau.save()
        services.share_measure(lindenau)
