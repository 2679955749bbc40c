"""A hand-made document with every kind of block and hostile text, for exporter tests.

Real documents come from documents.builder; this one does not need a database and
keeps the exporters testable on their own."""

from datetime import date

from schreibwerkstatt.documents.blocks import (
    Chapter,
    Document,
    Facts,
    Figure,
    Heading,
    ListBlock,
    PageBreak,
    Paragraph,
    Run,
    Table,
)

# Text that is markup in one of the output formats; it must come out literally.
HOSTILE = '#panic("x") #set page(paper: "a0") <script>alert(1)</script> {{ x }} \\ $ * _ [link](javascript:alert(1))'
CONTROL = "Steuerzeichen:\x07\x0b\x1f Ende"

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="120" viewBox="0 0 400 120">'
    '<rect x="10" y="20" width="180" height="30" fill="#0b5394"/>'
    '<rect x="120" y="70" width="240" height="30" fill="#6aa84f"/>'
    '<text x="12" y="15" font-size="12">2026</text></svg>'
)


def sample_document(measures: int = 3) -> Document:
    profiles: list = []
    for n in range(1, measures + 1):
        profiles += [
            Heading(2, f"M{n} Digitales Bürgerbüro – Teil {n}", anchor=f"m{n}"),
            Facts(
                (
                    ("Kurzbeschreibung", "Termine online buchen, Anliegen vorab klären."),
                    ("Federführung", "Hauptamt"),
                    ("Zeitraum", "01.2027 – 12.2028"),
                    ("Kosten einmalig", "12.500,00 €"),
                    ("Status", "Geplant"),
                )
            ),
        ]
    chapters = (
        Chapter(
            "vorwort",
            "Vorwort",
            (
                Paragraph(
                    (
                        Run("Liebe Bürgerinnen und Bürger, diese Strategie ist "),
                        Run("gemeinsam", bold=True),
                        Run(" entstanden. Mehr unter "),
                        Run("brandenburg.de", href="https://brandenburg.de"),
                        Run("."),
                    ),
                    anchor="p-vorwort-1",
                ),
                Paragraph((Run(HOSTILE),), anchor="p-vorwort-2"),
                Paragraph((Run(CONTROL, italic=True),), anchor="p-vorwort-3"),
            ),
        ),
        Chapter(
            "handlungsfelder",
            "Handlungsfelder",
            (
                Heading(2, "Verwaltung und Bürgerservice"),
                ListBlock(
                    ((Run("Ziel: 80 % der Anträge online"),), (Run("Ziel: Wartezeit halbieren"),))
                ),
                ListBlock(((Run("Erstens"),), (Run("Zweitens"),)), ordered=True),
                Table(
                    "Indikatoren",
                    ("Indikator", "Ausgangswert", "Zielwert"),
                    (("Online-Quote", "12 % (2025)", "80 % (2030)"), (HOSTILE, "–", "–")),
                    widths=(2.0, 1.0, 1.0),
                ),
            ),
        ),
        Chapter(
            "umsetzung",
            "Umsetzungsprogramm und Roadmap",
            (Figure(SVG, alt="Roadmap: zwei Maßnahmen, 2026 bis 2028.", caption="Roadmap"),),
        ),
        Chapter(
            "anhang",
            "Anhang: Maßnahmensteckbriefe",
            (PageBreak(), *profiles),
        ),
    )
    return Document(
        title="Digitalstrategie Musterstadt 2030",
        subtitle="Gemeinsam digital",
        municipality="Musterstadt an der Havel",
        status_line="Entwurf vom 27.11.2026",
        issued=date(2026, 11, 27),
        chapters=chapters,
        keywords=("Digitalstrategie", "Musterstadt"),
    )
