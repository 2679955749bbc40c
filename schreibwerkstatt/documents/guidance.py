"""Help for writing each chapter: guiding questions and text building blocks (Textbausteine).

The guiding questions are part of the interface (translated like every other screen text).
The text building blocks are document content: German sentences for a German council
document, inserted into the chapter's Markdown and then adapted by the team, so they are
kept in German like the demo content. "{kommune}" and "{strategie}" are replaced by the
municipality's name and the strategy's title when a block is inserted; words in square
brackets mark what the team has to fill in.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Building:
    key: str
    title: str  # short German name of the block, shown on its button
    text: str  # Markdown


@dataclass(frozen=True)
class Guidance:
    purpose: object  # what belongs into the chapter (lazy translation)
    questions: tuple[object, ...]  # guiding questions, incl. what councils ask
    blocks: tuple[Building, ...]


GUIDANCE: dict[str, Guidance] = {
    "vorwort": Guidance(
        _(
            "A short personal word from the mayor or the head of administration: why the municipality wants this strategy and who helped to write it."
        ),
        (
            _("Why does the municipality need a digital strategy now?"),
            _("What should change for citizens, businesses and staff?"),
            _("Whom do you want to thank (project group, departments, citizens)?"),
            _(
                "Council members often ask: Who stands behind the strategy, and is the administration's leadership committed to it?"
            ),
        ),
        (
            Building(
                "dank",
                "Einleitung mit Dank",
                "Liebe Bürgerinnen und Bürger,\n\n"
                "die Digitalisierung verändert, wie wir leben, arbeiten und miteinander in "
                "Kontakt treten. Mit der Strategie „{strategie}“ legt {kommune} fest, wie wir "
                "diesen Wandel vor Ort gestalten wollen – für die Menschen, die hier wohnen, "
                "für die Betriebe und für unsere Verwaltung.\n\n"
                "Mein Dank gilt allen, die daran mitgewirkt haben: der Projektgruppe, den "
                "Fachbereichen der Verwaltung, den Mitgliedern der Stadtverordnetenversammlung "
                "und allen, die ihre Ideen in den Werkstätten und in der Online-Beteiligung "
                "eingebracht haben.\n\n"
                "[Name], [Bürgermeisterin / Bürgermeister]",
            ),
            Building(
                "verpflichtung",
                "Bekenntnis der Verwaltungsspitze",
                "Die Strategie ist kein Papier für die Schublade. Die Verwaltungsspitze "
                "übernimmt die Verantwortung für ihre Umsetzung, berichtet regelmäßig über "
                "den Stand und schreibt die Strategie fort, wenn sich die Rahmenbedingungen "
                "ändern.",
            ),
        ),
    ),
    "zusammenfassung": Guidance(
        _(
            "The strategy on one or two pages, for readers who read nothing else: goals, the most important measures, costs and next steps."
        ),
        (
            _("What are the three to five most important statements of the strategy?"),
            _("Which measures start first, and which are flagship projects?"),
            _("What does the strategy cost, and how is it financed?"),
            _("Council members ask: What exactly are we deciding, and what does it commit us to?"),
        ),
        (
            Building(
                "kurzfassung",
                "Kurzfassung in drei Absätzen",
                "Die Strategie „{strategie}“ beschreibt, wie {kommune} die Chancen der "
                "Digitalisierung in den nächsten Jahren nutzen will. Sie bündelt [Anzahl] "
                "Maßnahmen in [Anzahl] Handlungsfeldern.\n\n"
                "Im Mittelpunkt stehen [wichtigste Ziele, z. B. digitale Verwaltungsleistungen, "
                "schnelles Internet in allen Ortsteilen und digitale Bildung].\n\n"
                "Für die Umsetzung sind bis [Jahr] insgesamt [Betrag] Euro eingeplant, davon "
                "[Anteil] aus Fördermitteln.",
            ),
            Building(
                "naechste_schritte",
                "Nächste Schritte",
                "Nach dem Beschluss beginnt die Umsetzung mit den Sofortmaßnahmen. Die "
                "Projektgruppe berichtet dem Lenkungskreis [vierteljährlich] und der "
                "Stadtverordnetenversammlung [einmal im Jahr] über den Fortschritt.",
            ),
        ),
    ),
    "anlass": Guidance(
        _(
            "Why the strategy was written and how: the mandate, the time plan, the project organisation and how staff, citizens and businesses took part."
        ),
        (
            _("Who gave the mandate (council decision, decision of the administration) and when?"),
            _("Which steps did the process have, and how long did it take?"),
            _(
                "How were staff, citizens, businesses and associations involved, and what came of it?"
            ),
            _("Was there funding or external support (e.g. a digital agency or a consultancy)?"),
        ),
        (
            Building(
                "auftrag",
                "Auftrag und Ablauf",
                "Die Stadtverordnetenversammlung hat am [Datum] beschlossen, eine "
                "Digitalstrategie zu erarbeiten (Beschluss-Nr. [Nummer]). Die Erarbeitung "
                "dauerte von [Monat Jahr] bis [Monat Jahr] und folgte fünf Schritten: "
                "Bestandsaufnahme, Leitbild, Handlungsfelder und Ziele, Maßnahmen sowie "
                "Priorisierung und Zeitplan.",
            ),
            Building(
                "beteiligung",
                "Beteiligung",
                "An der Strategie haben viele mitgewirkt: In [Anzahl] Werkstätten haben "
                "Beschäftigte der Verwaltung, Vertreterinnen und Vertreter von Vereinen, "
                "Schulen und Unternehmen Ideen gesammelt und bewertet. Eine Online-Umfrage "
                "mit [Anzahl] Teilnehmenden hat gezeigt, welche digitalen Angebote sich die "
                "Menschen in {kommune} am meisten wünschen.",
            ),
            Building(
                "foerderung",
                "Förderung und Begleitung",
                "Die Erarbeitung wurde durch [Förderprogramm] gefördert und von [Name der "
                "begleitenden Stelle] fachlich begleitet.",
            ),
        ),
    ),
    "ausgangslage": Guidance(
        _(
            "Where the municipality stands today: figures on population and infrastructure, the digital projects that already exist, the self-assessment of maturity and the SWOT analysis. The tables and the radar chart are added automatically from the inventory."
        ),
        (
            _("Which digital services and projects already exist, and which are running?"),
            _("Where is the municipality strong, where does it lag behind?"),
            _(
                "What will change in the coming years (demographics, staff retiring, legal duties such as the Online Access Act)?"
            ),
            _("Council members ask: Where do we stand compared with similar municipalities?"),
        ),
        (
            Building(
                "rahmen",
                "Rahmendaten",
                "{kommune} hat [Einwohnerzahl] Einwohnerinnen und Einwohner in [Anzahl] "
                "Ortsteilen. Die Verwaltung beschäftigt [Anzahl] Mitarbeitende. In den "
                "nächsten zehn Jahren scheidet etwa [Anteil] der Beschäftigten altersbedingt "
                "aus.",
            ),
            Building(
                "bestand",
                "Einordnung der Bestandsaufnahme",
                "Die Bestandsaufnahme zeigt: Viele Grundlagen sind vorhanden, sie sind aber "
                "noch nicht miteinander verbunden. Die folgende Übersicht fasst die Stärken, "
                "Schwächen, Chancen und Risiken zusammen und zeigt, wie weit die "
                "Digitalisierung in den einzelnen Handlungsfeldern schon ist.",
            ),
        ),
    ),
    "vision": Guidance(
        _(
            "The target picture: what the municipality should look like at the end of the strategy period, and the principles that guide every measure. The vision text, the guiding principles and the related plans are added automatically."
        ),
        (
            _(
                "How will a citizen, a business and an employee experience the municipality in ten years?"
            ),
            _(
                "Which values guide the digitalisation (e.g. people first, nobody left behind, data protection)?"
            ),
            _("How does the strategy fit the town development concept and other plans?"),
        ),
        (
            Building(
                "einleitung",
                "Einleitung zum Leitbild",
                "Das Leitbild beschreibt, wie {kommune} am Ende der Laufzeit dieser Strategie "
                "aussehen soll. Es ist der Maßstab, an dem sich alle Handlungsfelder, Ziele "
                "und Maßnahmen ausrichten.",
            ),
            Building(
                "technik_dient",
                "Technik als Mittel zum Zweck",
                "Digitalisierung ist für uns kein Selbstzweck. Eine digitale Lösung setzen "
                "wir dort ein, wo sie das Leben der Menschen einfacher macht, Wege spart oder "
                "die Arbeit der Verwaltung erleichtert. Wer digitale Angebote nicht nutzen "
                "kann oder will, erhält weiterhin persönliche Beratung.",
            ),
        ),
    ),
    "handlungsfelder": Guidance(
        _(
            "The fields of action with their guiding sentence, starting situation, goals, indicators and measures. These parts are added automatically from the strategy; here you write an introduction or comments on how the fields work together."
        ),
        (
            _("Why were exactly these fields of action chosen?"),
            _("Which themes cut across all fields (e.g. skills, IT security, accessibility)?"),
            _("Council members ask: How will we know whether a goal has been reached?"),
        ),
        (
            Building(
                "auswahl",
                "Auswahl der Handlungsfelder",
                "Die Handlungsfelder wurden aus der Bestandsaufnahme und den Ergebnissen der "
                "Beteiligung abgeleitet. Jedes Handlungsfeld enthält einen Leitsatz, die "
                "Ausgangslage, messbare Ziele und die Maßnahmen, mit denen diese Ziele "
                "erreicht werden sollen.",
            ),
            Building(
                "querschnitt",
                "Querschnittsthemen",
                "Einige Themen betreffen alle Handlungsfelder: Datenschutz und "
                "IT-Sicherheit, Barrierefreiheit und die digitalen Kompetenzen der "
                "Beschäftigten. Sie werden bei jeder Maßnahme von Anfang an mitgedacht.",
            ),
        ),
    ),
    "umsetzung": Guidance(
        _(
            "How and when the measures are carried out: priorities, the roadmap, flagship projects and the planned costs per year. The chart and tables are added automatically."
        ),
        (
            _("Which measures start at once, and why?"),
            _("Which measures depend on others?"),
            _("How are the measures financed (budget, funding programmes, own share)?"),
            _(
                "Council members ask: Which costs fall on which budget year, and what follows for the budget?"
            ),
        ),
        (
            Building(
                "priorisierung",
                "Vorgehen bei der Priorisierung",
                "Die Maßnahmen wurden nach ihrem Nutzen, dem nötigen Aufwand und ihrer "
                "Dringlichkeit bewertet. Maßnahmen mit hoher Priorität beginnen sofort, "
                "Maßnahmen mit mittlerer Priorität innerhalb von zwei Jahren und Maßnahmen "
                "mit niedriger Priorität innerhalb von vier Jahren.",
            ),
            Building(
                "haushalt",
                "Haushaltsvorbehalt",
                "Die genannten Kosten sind Schätzungen nach dem heutigen Stand. Die Mittel "
                "werden in den jeweiligen Haushaltsjahren veranschlagt; die Umsetzung "
                "einzelner Maßnahmen steht unter dem Vorbehalt der Bereitstellung im Haushalt "
                "und der Bewilligung von Fördermitteln.",
            ),
        ),
    ),
    "organisation": Guidance(
        _(
            "Who steers and who works: steering committee, project group, the lead of each measure, the reporting rhythm and the resources (staff, money)."
        ),
        (
            _("Who decides on priorities and changes (steering committee, mayor, council)?"),
            _("Who coordinates the implementation, and how much working time is available for it?"),
            _("How do departments, partner municipalities and external partners work together?"),
            _("Council members ask: Who is responsible if a measure does not progress?"),
        ),
        (
            Building(
                "gremien",
                "Lenkungskreis und Projektgruppe",
                "Ein Lenkungskreis unter Leitung [der Bürgermeisterin / des Bürgermeisters] "
                "steuert die Umsetzung. Ihm gehören [Mitglieder] an; er tagt [viermal im "
                "Jahr]. Die Projektgruppe unter Leitung der oder des "
                "Digitalisierungsbeauftragten koordiniert die Maßnahmen und bereitet die "
                "Sitzungen des Lenkungskreises vor.",
            ),
            Building(
                "verantwortung",
                "Verantwortung für Maßnahmen",
                "Für jede Maßnahme ist ein Fachbereich federführend verantwortlich. Er plant "
                "die Projektschritte, meldet den Stand regelmäßig an die Projektgruppe und "
                "weist frühzeitig auf Verzögerungen hin.",
            ),
            Building(
                "ressourcen",
                "Personelle Ressourcen",
                "Für die Koordination der Strategie stehen [Anzahl] Vollzeitstellen zur "
                "Verfügung. Die Fachbereiche stellen für ihre Maßnahmen die nötige "
                "Arbeitszeit bereit.",
            ),
        ),
    ),
    "monitoring": Guidance(
        _(
            "How progress is measured and reported, and when the strategy is revised. The indicator table with traffic lights and the status of the measures are added automatically."
        ),
        (
            _("Who collects the indicator values, and how often?"),
            _("How and how often is the council informed?"),
            _("When and how will the strategy be revised (Fortschreibung)?"),
        ),
        (
            Building(
                "bericht",
                "Berichtswesen",
                "Die Projektgruppe erfasst den Stand der Maßnahmen [vierteljährlich] und die "
                "Werte der Indikatoren [einmal im Jahr]. Einmal jährlich erhält die "
                "Stadtverordnetenversammlung einen Fortschrittsbericht.",
            ),
            Building(
                "fortschreibung",
                "Fortschreibung",
                "Die Strategie wird spätestens nach [drei] Jahren überprüft und "
                "fortgeschrieben. Abgeschlossene Maßnahmen werden ausgewertet, offene "
                "Maßnahmen werden übernommen und neue Vorhaben ergänzt.",
            ),
        ),
    ),
    "anhang": Guidance(
        _(
            "The measure profiles (Steckbriefe) with all filled fields are added automatically. Here you can add notes on reading them or further attachments."
        ),
        (
            _("Are all measure profiles complete (lead, costs, time plan, indicators)?"),
            _("Which further documents belong in the annex (survey results, workshop minutes)?"),
        ),
        (
            Building(
                "lesehilfe",
                "Lesehilfe zu den Steckbriefen",
                "Die folgenden Steckbriefe beschreiben jede Maßnahme mit ihren Zielen, der "
                "Federführung, dem Zeitplan, den Kosten und der Finanzierung. Angegeben sind "
                "nur die Felder, die bereits ausgefüllt sind.",
            ),
            Building(
                "weitere_anlagen",
                "Weitere Anlagen",
                "Weitere Unterlagen zur Strategie, etwa die Ergebnisse der Online-Umfrage und "
                "die Dokumentation der Werkstätten, sind bei [Stelle] erhältlich.",
            ),
        ),
    ),
}


def guidance_for(key: str) -> Guidance:
    return GUIDANCE.get(key, Guidance("", (), ()))


def building_text(block: Building, *, municipality: str, strategy: str) -> str:
    """The block with the names filled in (plain replacement: user names are never a format)."""
    return block.text.replace("{kommune}", municipality).replace("{strategie}", strategy)
