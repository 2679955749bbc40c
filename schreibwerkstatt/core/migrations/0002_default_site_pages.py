"""German default texts for the legal pages; operators adapt them in the operator area."""

from django.db import migrations

PAGES = {
    "imprint": (
        "Impressum",
        "Diese Installation der Schreibwerkstatt wird betrieben von:\n\n"
        "**[Name der betreibenden Stelle]**  \n[Straße und Hausnummer]  \n[PLZ Ort]\n\n"
        "Vertreten durch: [Name der vertretungsberechtigten Person]\n\n"
        "Telefon: [Telefonnummer]  \nE-Mail: [E-Mail-Adresse]\n\n"
        "Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV: [Name, Anschrift]\n\n"
        "Die Inhalte der Digitalstrategien verantworten die jeweiligen Kommunen.\n\n"
        "*Hinweis für den Betrieb: Bitte ersetzen Sie die Angaben in eckigen Klammern im Betriebsbereich "
        "unter „Seiten“.*",
        "",
    ),
    "privacy": (
        "Datenschutzerklärung",
        "## Verantwortliche Stelle\n\n[Name und Anschrift der betreibenden Stelle], "
        "Datenschutzbeauftragte:r: [Kontakt].\n\n"
        "## Welche Daten wir verarbeiten\n\n"
        "- **Konto:** Name, E-Mail-Adresse und ein sicher gespeichertes Passwort (Argon2), "
        "damit Sie sich anmelden und zusammenarbeiten können.\n"
        "- **Mitarbeit:** Ihre Rolle in einer Kommune, Aufgaben, die Ihnen zugeordnet sind, und die "
        "Änderungshistorie (wer hat wann was geändert), damit das Team nachvollziehen kann, wie die "
        "Strategie entstanden ist.\n"
        "- **Sicherheit:** Fehlgeschlagene Anmeldeversuche mit IP-Adresse, um Angriffe auf Konten "
        "abzuwehren.\n\n"
        "Rechtsgrundlage ist Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit den Aufgaben der Kommunen.\n\n"
        "## Keine Weitergabe, keine Tracker\n\n"
        "Die Anwendung lädt keine Inhalte von fremden Servern und verwendet keine Analyse- oder "
        "Werbedienste. Es wird nur ein technisch notwendiges Sitzungs-Cookie gesetzt.\n\n"
        "## Ihre Rechte\n\n"
        "Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung, "
        "Datenübertragbarkeit und Widerspruch sowie das Recht auf Beschwerde bei einer "
        "Datenschutz-Aufsichtsbehörde.",
        "",
    ),
    "accessibility": (
        "Erklärung zur Barrierefreiheit",
        "Die betreibende Stelle ist bemüht, die Schreibwerkstatt im Einklang mit der "
        "Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) barrierefrei zugänglich zu machen.\n\n"
        "## Stand der Vereinbarkeit\n\n"
        "Die Anwendung ist mit den Anforderungen der BITV 2.0 und der WCAG 2.1 auf Stufe AA "
        "**weitgehend vereinbar**. Jede Seite wird bei jeder Änderung automatisch mit axe-core geprüft. "
        "Sie nutzt das KERN-Designsystem der deutschen Verwaltung, ist mit der Tastatur bedienbar und "
        "bietet für Diagramme Tabellen als Alternative.\n\n"
        "## Nicht barrierefreie Inhalte\n\n"
        "Von Kommunen hochgeladene Dokumente und Bilder sind möglicherweise nicht vollständig "
        "barrierefrei.\n\n"
        "## Erstellung dieser Erklärung\n\n"
        "Diese Erklärung beruht auf einer Selbstbewertung der betreibenden Stelle.\n\n"
        "## Feedback und Kontakt\n\n"
        "Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen? Dann schreiben Sie uns bitte an die "
        "unten genannte Adresse. Wir antworten innerhalb von zwei Wochen.\n\n"
        "## Schlichtungsverfahren\n\n"
        "Wenn Sie keine zufriedenstellende Antwort erhalten, können Sie sich an die zuständige "
        "Schlichtungsstelle nach dem Behindertengleichstellungsrecht Ihres Landes wenden, für den Bund "
        "an die Schlichtungsstelle nach § 16 BGG.",
        "barrierefreiheit@example.org",
    ),
}


def create_pages(apps, schema_editor):
    SitePage = apps.get_model("core", "SitePage")
    for key, (title, body, contact) in PAGES.items():
        SitePage.objects.get_or_create(key=key, defaults={"title": title, "body": body, "contact_email": contact})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
