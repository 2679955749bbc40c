"""The default catalogue of fields of action (PRODUCT.md), written for this product."""

from django.db import migrations

CATALOGUE = [
    ("Digitale Verwaltung",
     "Leistungen der Verwaltung online anbieten, interne Abläufe ohne Medienbrüche gestalten und die Beschäftigten mitnehmen.",
     "Die wichtigsten Verwaltungsleistungen sind vollständig online erreichbar.\nAkten werden elektronisch geführt.",
     "Online-Terminvergabe im Bürgeramt\nEinführung der E-Akte in allen Fachbereichen\nDigitaler Posteingang"),
    ("Infrastruktur (Breitband, Mobilfunk, Sensorik)",
     "Schnelles Internet, lückenloser Mobilfunk und eine offene Sensorik bilden die Grundlage aller digitalen Angebote.",
     "Alle Haushalte und Betriebe haben Zugang zu gigabitfähigem Internet.\nÖffentliche Gebäude bieten freies WLAN.",
     "Glasfaserausbau in unterversorgten Ortsteilen begleiten\nÖffentliches WLAN an zentralen Plätzen\nLoRaWAN-Netz für Sensoren aufbauen"),
    ("Daten und Plattformen",
     "Daten der Kommune werden gepflegt, geteilt und als offene Daten veröffentlicht; gemeinsame Plattformen vermeiden Insellösungen.",
     "Die Kommune veröffentlicht ihre wichtigsten Datensätze als offene Daten.\nFachverfahren tauschen Daten über Schnittstellen aus.",
     "Open-Data-Portal einrichten\nDatenkatalog der Verwaltung erstellen\nDigitaler Zwilling für die Stadtplanung"),
    ("Mobilität",
     "Wege im Ort und in die Region werden mit digitalen Angeboten einfacher, klimafreundlicher und besser planbar.",
     "Fahrgastinformationen sind in Echtzeit verfügbar.\nDer Anteil klimafreundlicher Wege steigt.",
     "Echtzeitanzeigen an Haltestellen\nRufbus mit App-Buchung\nDigitales Parkraummanagement"),
    ("Energie, Umwelt und Klima",
     "Digitale Werkzeuge helfen, Energie zu sparen, die Umwelt zu beobachten und die Klimaziele zu erreichen.",
     "Der Energieverbrauch kommunaler Gebäude sinkt messbar.\nUmweltdaten sind öffentlich einsehbar.",
     "Energiemonitoring für kommunale Liegenschaften\nIntelligente Straßenbeleuchtung\nSensoren für Hochwasser- und Trockenheitswarnung"),
    ("Bildung",
     "Schulen, Kitas und Weiterbildung erhalten gute Technik, verlässlichen Support und Unterstützung bei digitalen Kompetenzen.",
     "Alle Schulen sind nach einem Medienentwicklungsplan ausgestattet.\nDer technische Support ist verlässlich organisiert.",
     "Medienentwicklungsplan fortschreiben\nZentraler IT-Support für Schulen\nDigitale Lernangebote der Bibliothek"),
    ("Gesundheit und Pflege",
     "Digitale Angebote erleichtern den Zugang zu Gesundheit und Pflege, besonders im ländlichen Raum.",
     "Ältere Menschen finden Unterstützungsangebote digital und analog.\nTelemedizin ergänzt die Versorgung vor Ort.",
     "Digitaler Wegweiser für Pflegeangebote\nTelemedizin-Sprechstunde im Gemeindezentrum\nDigitalpaten für Seniorinnen und Senioren"),
    ("Wirtschaft, Handel und Tourismus",
     "Betriebe, Handel und Tourismus werden sichtbarer und profitieren von digitalen Werkzeugen und guter Vernetzung.",
     "Örtliche Betriebe sind online auffindbar.\nGründungen werden digital unterstützt.",
     "Digitaler Marktplatz für den örtlichen Handel\nCoworking-Space im Ortskern\nTouristisches Informationsangebot online"),
    ("Gemeinschaft, Ehrenamt und Kultur",
     "Vereine, Ehrenamt und Kultur nutzen digitale Werkzeuge, um sich zu organisieren und mehr Menschen zu erreichen.",
     "Vereine finden Unterstützung bei der Digitalisierung.\nDas Kulturangebot ist gebündelt online zu finden.",
     "Digitale Vereinsplattform\nVeranstaltungskalender für den ganzen Ort\nSchulungen für Ehrenamtliche"),
    ("Beteiligung und Kommunikation",
     "Bürgerinnen und Bürger werden informiert und können sich digital und vor Ort an Entscheidungen beteiligen.",
     "Wichtige Vorhaben werden mit Online-Beteiligung begleitet.\nInformationen der Kommune erreichen alle Generationen.",
     "Beteiligungsplattform einführen\nMängelmelder\nBarrierefreie Website der Kommune"),
    ("Sicherheit",
     "Digitale Werkzeuge unterstützen Brand- und Katastrophenschutz sowie die öffentliche Sicherheit.",
     "Warnungen erreichen die Bevölkerung schnell über mehrere Kanäle.\nDie Feuerwehr arbeitet mit digitalen Einsatzmitteln.",
     "Digitale Alarmierung der Feuerwehr\nWarn-App und Sirenen verknüpfen\nDigitale Einsatzplanung"),
]
CROSS_CUTTING = [
    ("Kompetenzen",
     "Beschäftigte, Gremien und Bevölkerung erwerben die Fähigkeiten, die digitale Angebote voraussetzen.",
     "Alle Beschäftigten haben ein Fortbildungsangebot zu digitalen Themen.",
     "Fortbildungsprogramm Digitalkompetenz\nDigitallotsen in jedem Fachbereich"),
    ("IT-Sicherheit und Datenschutz",
     "Informationssicherheit und Datenschutz sind bei jeder Maßnahme von Anfang an mitgedacht.",
     "Die Kommune hat ein Informationssicherheits-Managementsystem.",
     "Informationssicherheitsbeauftragte benennen\nNotfallplan für IT-Ausfälle"),
    ("Barrierefreiheit",
     "Digitale Angebote sind für alle Menschen nutzbar, auch für Menschen mit Behinderungen.",
     "Alle neuen digitalen Angebote erfüllen die BITV 2.0.",
     "Barrierefreiheit bei Ausschreibungen verankern\nPrüfung der Website nach BITV 2.0"),
]


def create(apps, schema_editor):
    CatalogueField = apps.get_model("strategies", "CatalogueField")
    for cross, entries in ((False, CATALOGUE), (True, CROSS_CUTTING)):
        for position, (title, description, goals, measures) in enumerate(entries):
            CatalogueField.objects.get_or_create(
                title=title,
                defaults={
                    "description": description,
                    "example_goals": goals,
                    "example_measures": measures,
                    "cross_cutting": cross,
                    "position": position,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("strategies", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
