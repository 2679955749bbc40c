"""A default set of maturity questions per catalogue field, written for this product.

Questions are data (German), answered on the scale 0 (not started) to 4 (fully
implemented). Operators change them in the operator area; a field whose title was changed
before this migration runs is skipped.
"""

from django.db import migrations

QUESTIONS = {
    "Digitale Verwaltung": [
        "Wie weit sind die wichtigsten Verwaltungsleistungen vollständig online beantragbar?",
        "Wie weit ist die elektronische Akte (E-Akte) in den Fachbereichen eingeführt?",
        "Wie weit laufen interne Abläufe (z. B. Posteingang, Rechnungen, Urlaubsanträge) ohne Medienbrüche?",
    ],
    "Infrastruktur (Breitband, Mobilfunk, Sensorik)": [
        "Wie weit haben Haushalte und Betriebe Zugang zu gigabitfähigem Internet?",
        "Wie weit ist die Mobilfunkversorgung im ganzen Gemeindegebiet lückenlos?",
        "Wie weit bieten öffentliche Gebäude und Plätze freies WLAN?",
    ],
    "Daten und Plattformen": [
        "Wie weit gibt es einen Überblick (Datenkatalog) über die Daten, die die Verwaltung erhebt?",
        "Wie weit veröffentlicht die Kommune ihre Daten als offene Daten?",
        "Wie weit tauschen Fachverfahren Daten über Schnittstellen statt von Hand aus?",
    ],
    "Mobilität": [
        "Wie weit sind Fahrplan- und Echtzeitinformationen für Bus und Bahn digital verfügbar?",
        "Wie weit gibt es digitale Mobilitätsangebote wie Rufbus, Carsharing oder Parkraummanagement?",
    ],
    "Energie, Umwelt und Klima": [
        "Wie weit wird der Energieverbrauch kommunaler Gebäude digital erfasst und ausgewertet?",
        "Wie weit werden Umwelt- und Klimadaten (z. B. Pegelstände, Luftqualität) digital gemessen und bereitgestellt?",
    ],
    "Bildung": [
        "Wie weit sind die Schulen nach einem aktuellen Medienentwicklungsplan ausgestattet?",
        "Wie weit ist ein verlässlicher IT-Support für Schulen und Kitas organisiert?",
        "Wie weit bieten Bibliothek und Volkshochschule digitale Lern- und Beratungsangebote?",
    ],
    "Gesundheit und Pflege": [
        "Wie weit finden Menschen Gesundheits- und Pflegeangebote in einem digitalen Wegweiser?",
        "Wie weit ergänzen digitale Angebote (z. B. Telemedizin, Digitalpaten) die Versorgung vor Ort?",
    ],
    "Wirtschaft, Handel und Tourismus": [
        "Wie weit sind örtliche Betriebe und der Handel online sichtbar und auffindbar?",
        "Wie weit unterstützt die Kommune Unternehmen und Gründungen mit digitalen Angeboten?",
        "Wie weit ist das touristische Angebot online zu finden und zu buchen?",
    ],
    "Gemeinschaft, Ehrenamt und Kultur": [
        "Wie weit werden Vereine und Ehrenamtliche bei der Digitalisierung unterstützt?",
        "Wie weit ist das Veranstaltungs- und Kulturangebot gebündelt online zu finden?",
    ],
    "Beteiligung und Kommunikation": [
        "Wie weit bietet die Kommune digitale Beteiligung zu wichtigen Vorhaben an?",
        "Wie weit ist die Website der Kommune aktuell, verständlich und auf dem Smartphone nutzbar?",
        "Wie weit können Bürgerinnen und Bürger Mängel und Anliegen digital melden?",
    ],
    "Sicherheit": [
        "Wie weit arbeiten Feuerwehr und Katastrophenschutz mit digitalen Einsatzmitteln (z. B. digitale Alarmierung)?",
        "Wie weit erreichen Warnungen die Bevölkerung über mehrere digitale und analoge Kanäle?",
    ],
    "Kompetenzen": [
        "Wie weit gibt es ein Fortbildungsangebot zu digitalen Themen für alle Beschäftigten?",
        "Wie weit gibt es in den Fachbereichen Ansprechpersonen für Digitalisierung (Digitallotsen)?",
    ],
    "IT-Sicherheit und Datenschutz": [
        "Wie weit ist ein Informationssicherheits-Managementsystem (z. B. nach BSI IT-Grundschutz) eingeführt?",
        "Wie weit gibt es einen erprobten Notfallplan für IT-Ausfälle und Cyberangriffe?",
        "Wie weit werden Datenschutz und IT-Sicherheit bei neuen Vorhaben von Anfang an geprüft?",
    ],
    "Barrierefreiheit": [
        "Wie weit erfüllen die Website und die Online-Angebote der Kommune die BITV 2.0?",
        "Wie weit ist Barrierefreiheit bei Beschaffungen und Ausschreibungen verankert?",
    ],
}


def create(apps, schema_editor):
    CatalogueField = apps.get_model("strategies", "CatalogueField")
    MaturityQuestion = apps.get_model("inventory", "MaturityQuestion")
    fields = {field.title: field for field in CatalogueField.objects.filter(title__in=QUESTIONS)}
    for title, texts in QUESTIONS.items():
        field = fields.get(title)
        if field is None:
            continue
        for position, text in enumerate(texts):
            MaturityQuestion.objects.get_or_create(
                field=field, text=text, defaults={"position": position}
            )


def remove(apps, schema_editor):
    MaturityQuestion = apps.get_model("inventory", "MaturityQuestion")
    texts = [text for texts in QUESTIONS.values() for text in texts]
    MaturityQuestion.objects.filter(text__in=texts).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0001_initial"),
        ("strategies", "0002_default_catalogue"),
    ]

    operations = [migrations.RunPython(create, remove)]
