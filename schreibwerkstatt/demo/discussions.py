"""The demo's exchange (issue 16, point 4): the space of "Schreibwerkstatt Herbst 2026"
(Musterstadt's coordinator and editor and Beispielsee's coordinator took part, the demo
adviser ran it) with three topics and replies by different people, one topic locked after
it was settled; the statewide space with one topic; the editor's switched-on entry in the
series' participant directory. Written through the services, so the topics' authors follow
their topics and the replies reach them in the inbox (in-app: REPLY sends no mail unless a
person chose it).

Idempotent: nothing is written when the series' space has topics.
"""

from schreibwerkstatt.discussions import services
from schreibwerkstatt.discussions.models import DirectoryEntry
from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.workshops.models import Series

SERIES = "herbst-2026"


def load_demo_discussions(municipalities: dict[str, Municipality], users: dict) -> None:
    series = Series.objects.filter(slug=SERIES).first()
    if series is None:
        return
    space = services.space_of_series(series)
    if space.topics.exists():
        return
    katrin = users["koordination@demo.example"]
    rainer = users["redaktion@demo.example"]
    norbert = users["nachbar@demo.example"]
    bernd = users["beratung@demo.example"]
    anna = users["betrieb@demo.example"]

    survey = services.open_topic(
        space,
        title="Wie habt ihr die Bestandsaufnahme organisiert?",
        text="Wir haben im Kernteam eine Liste aller laufenden Digitalprojekte angelegt – "
        "das hat länger gedauert als gedacht. Wie seid ihr vorgegangen?\n\n"
        "- Wer hat die Projekte gesammelt?\n- Habt ihr die Fachämter befragt?",
        by=katrin,
    )
    services.reply(
        survey,
        text="Im Amt haben wir jede Gemeinde mit einem kurzen Fragebogen angeschrieben. "
        "Die Rücklaufquote war mit **70 %** gut, weil der Amtsdirektor ihn unterschrieben hat.",
        by=norbert,
    )
    services.reply(
        survey,
        text="Ein Tipp aus anderen Kommunen: die Projektliste gleich mit Zuständigkeit und "
        "Stand anlegen, dann ist sie später die Grundlage für die Maßnahmen.",
        by=bernd,
    )
    services.reply(survey, text="Danke, das nehmen wir so mit!", by=katrin)

    funding = services.open_topic(
        space,
        title="Förderprogramme für Breitband und Sensorik",
        text="Kennt jemand ein Förderprogramm, das auch kleine Sensorik-Projekte "
        "(z. B. Pegelmessung) abdeckt?",
        by=rainer,
    )
    services.reply(
        funding,
        text="Wir haben gute Erfahrungen mit dem Landesprogramm gemacht; die Ansprechperson "
        "nenne ich gern im Verzeichnis der Teilnehmenden.",
        by=norbert,
    )

    dates = services.open_topic(
        space,
        title="Termin für das Nachtreffen",
        text="Passt allen der 9. Dezember für ein kurzes Nachtreffen online?",
        by=bernd,
    )
    services.reply(dates, text="Passt für Musterstadt.", by=katrin)
    services.reply(dates, text="Beispielsee ist dabei.", by=norbert)
    services.set_locked(dates, locked=True, by=bernd)  # settled: no more replies

    DirectoryEntry.objects.get_or_create(
        space=space,
        user=rainer,
        defaults={
            "listed": True,
            "function": "Redaktion der Digitalstrategie, Hauptamt",
            "municipality": municipalities["demo"],
            "topics": "Förderprogramme, Online-Dienste, Bürgerbeteiligung",
        },
    )

    statewide = services.statewide_space()
    if not statewide.topics.exists():
        hello = services.open_topic(
            statewide,
            title="Wer arbeitet schon mit einem Open-Data-Portal?",
            text="Wir überlegen, unsere Haushaltsdaten offen bereitzustellen. Welche "
            "Kommune im Land hat dazu schon Erfahrungen?",
            by=norbert,
        )
        services.reply(
            hello,
            text="Musterstadt stellt seit diesem Jahr Daten bereit – gern tauschen wir uns aus.",
            by=katrin,
        )
        services.follow(anna, space=statewide)
