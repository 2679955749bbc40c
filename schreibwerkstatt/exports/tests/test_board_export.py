"""The result of a workshop board as PDF, XLSX and Markdown, downloaded over HTTP: who gets
which file, what it shows (dots, authors, hidden cards), and that card text is data in
every format. The PDF is read back with poppler (pdfinfo, pdftotext), the XLSX with
openpyxl."""

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from schreibwerkstatt.audit.models import AuditEvent
from schreibwerkstatt.boards import services
from schreibwerkstatt.boards.models import Board, Card, Cluster, Guest, GuestLink, Vote

pytestmark = pytest.mark.django_db

POPPLER = shutil.which("pdfinfo") and shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils is not installed")

FORMATS = ["pdf", "xlsx", "md"]
MEMBERS = ["coordinator", "editor", "contributor", "reader", "adviser"]
OUTSIDERS = ["outsider", "operator", "superuser"]
# Card texts that would be markup, code or a formula somewhere if not treated as data.
HOSTILE = [
    '#panic("x") #set page(width: 1cm)',
    "*fett* _kursiv_ $x^2$ @label <ziel> [Link](javascript:alert(1)) `code` \\ ~ |",
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    '=HYPERLINK("http://evil.example","klick")',
    "+49 30 1234",
    "-1+1",
    "@SUM(A1:A2)",
    "# Überschrift",
    "{{ secret }} {% debug %}",
]


def export_url(board: Board, fmt: str, slug: str = "amtsberg") -> str:
    return reverse("exports:board_export", args=[slug, board.pk, fmt])


def dots(card: Card, voters: list, count: int) -> None:
    for n in range(count):
        Vote.objects.create(board=card.board, card=card, voter=voters[n % len(voters)])


@pytest.fixture
def result_board(municipality_a, people) -> Board:
    """A SWOT board of A by the coordinator: four cards of the contributor and the reader,
    two in a cluster, dots 1, 4, 2, 0; in the vote phase, dots not revealed yet."""
    board = services.create_board(
        municipality_a, user=people["coordinator"], title="Werkstatt Bürgerbüro", template="swot"
    )
    strengths, weaknesses = list(board.columns.order_by("position"))[:2]
    texts = [
        (strengths, "Online-Termine klappen gut", "contributor", 1),
        (strengths, "Freundliches Team am Empfang", "reader", 4),
        (weaknesses, "Lange Wartezeiten am Telefon", "contributor", 2),
        (weaknesses, "Formulare nur auf Papier", "reader", 0),
    ]
    cluster = Cluster.objects.create(board=board, column=strengths, title="Service vor Ort")
    voters = [people[p] for p in MEMBERS]
    for column, text, author, count in texts:
        card = services.add_card(board, column, author=people[author], text=text, category="idea")
        dots(card, voters, count)
    Card.objects.filter(board=board, column=strengths).update(cluster=cluster)
    Card.objects.filter(text="Formulare nur auf Papier").update(
        category="concern", note="Vor allem Anträge auf Wohngeld"
    )
    Board.objects.filter(pk=board.pk).update(phase=Board.Phase.VOTE)
    return Board.objects.get(pk=board.pk)


def reveal(board: Board) -> None:
    Board.objects.filter(pk=board.pk).update(votes_revealed=True)


def poppler(tool: str, pdf: bytes, tmp_path: Path, *args: str) -> str:
    path = tmp_path / "board.pdf"
    path.write_bytes(pdf)
    return subprocess.run(  # noqa: S603 - fixed poppler tools, our own file
        [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
        capture_output=True,
        check=True,
        text=True,
    ).stdout


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def workbook(content: bytes):
    return load_workbook(io.BytesIO(content))


def rows(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def download(client, board: Board, fmt: str):
    response = client.get(export_url(board, fmt))
    assert response.status_code == 200, response.content[:300]
    return response


# ---------------------------------------------------------------- files and their types


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("pdf", "application/pdf"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("md", "text/markdown; charset=utf-8"),
    ],
)
def test_each_format_downloads_with_its_type_and_an_ascii_file_name(
    fmt, content_type, result_board, as_persona
):
    response = download(as_persona("contributor"), result_board, fmt)
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="werkstatt-burgerburo-ergebnis.{fmt}"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    event = AuditEvent.objects.get(kind="data.download", object_id=str(result_board.pk))
    assert event.details == {
        "filename": f"werkstatt-burgerburo-ergebnis.{fmt}",
        "board_export": fmt,
    }


def test_a_title_without_letters_still_gives_a_file_name(result_board, as_persona):
    Board.objects.filter(pk=result_board.pk).update(title="«»—☕")
    response = download(as_persona("reader"), result_board, "md")
    assert response["Content-Disposition"] == 'attachment; filename="werkstatt-ergebnis.md"'


@needs_poppler
def test_the_pdf_is_tagged_german_titled_and_ranks_the_cards_with_their_dots(
    result_board, as_persona, tmp_path
):
    reveal(result_board)
    pdf = download(as_persona("contributor"), result_board, "pdf").content
    info = poppler("pdfinfo", pdf, tmp_path)
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    assert re.search(r"^Title:\s+Werkstatt Bürgerbüro$", info, re.MULTILINE)
    assert re.search(r"^Page size:.*\(A4\)$", info, re.MULTILINE)
    meta = poppler("pdfinfo", pdf, tmp_path, "-meta")
    assert "<pdfuaid:part>1</pdfuaid:part>" in meta
    assert "<dc:language><rdf:Bag><rdf:li>de-DE</rdf:li>" in meta
    text = plain(poppler("pdftotext", pdf, tmp_path))
    for fact in ["Amtsberg", "Abstimmen", "aufgedeckt, 7 Punkte insgesamt", "Seite 1 von 1"]:
        assert fact in text
    layout = poppler("pdftotext", pdf, tmp_path, "-layout")
    ranked = [
        ("Freundliches Team am Empfang", 1, 4),
        ("Lange Wartezeiten am Telefon", 2, 2),
        ("Online-Termine klappen gut", 3, 1),
        ("Formulare nur auf Papier", 4, 0),
    ]
    positions = [layout.index(card) for card, _rank, _dots in ranked]
    assert positions == sorted(positions)
    for card, rank, count in ranked:
        line = next(line for line in layout.splitlines() if card in line)
        assert re.match(rf"\s*{rank}\.\s", line), line
        assert re.search(rf"\s{count}\s", line), line
    assert "Vor allem Anträge auf Wohngeld" in text  # the note
    # the cluster table: Service vor Ort with both strength cards and 5 dots
    assert re.search(r"Service vor Ort\s+Stärken\s+2\s+5", layout)


def test_the_xlsx_has_the_ranked_cards_the_clusters_and_what_the_board_is(result_board, as_persona):
    reveal(result_board)
    book = workbook(download(as_persona("contributor"), result_board, "xlsx").content)
    assert book.sheetnames == ["Karten", "Cluster", "Angaben"]
    cards = book["Karten"]
    assert cards.freeze_panes == "A2"
    assert cards.column_dimensions["D"].width == 50  # the card text
    assert [cell.font.b for cell in cards[1]] == [True] * 8
    assert rows(cards) == [
        {
            "Rang": 1,
            "Spalte": "Stärken",
            "Cluster": "Service vor Ort",
            "Karte": "Freundliches Team am Empfang",
            "Notiz": None,
            "Art": "Idee",
            "Punkte": 4,
            "Von": "Reader Amtsberg",
        },
        {
            "Rang": 2,
            "Spalte": "Schwächen",
            "Cluster": None,
            "Karte": "Lange Wartezeiten am Telefon",
            "Notiz": None,
            "Art": "Idee",
            "Punkte": 2,
            "Von": "Contributor Amtsberg",
        },
        {
            "Rang": 3,
            "Spalte": "Stärken",
            "Cluster": "Service vor Ort",
            "Karte": "Online-Termine klappen gut",
            "Notiz": None,
            "Art": "Idee",
            "Punkte": 1,
            "Von": "Contributor Amtsberg",
        },
        {
            "Rang": 4,
            "Spalte": "Schwächen",
            "Cluster": None,
            "Karte": "Formulare nur auf Papier",
            "Notiz": "Vor allem Anträge auf Wohngeld",
            "Art": "Bedenken",
            "Punkte": 0,
            "Von": "Reader Amtsberg",
        },
    ]
    assert rows(book["Cluster"]) == [
        {"Cluster": "Service vor Ort", "Spalte": "Stärken", "Karten": 2, "Punkte": 5}
    ]
    about = dict(book["Angaben"].iter_rows(min_row=2, values_only=True))
    assert about["Titel"] == "Werkstatt Bürgerbüro"
    assert about["Kommune"] == "Amtsberg"
    assert about["Phase"] == "Abstimmen"
    assert about["Punkte"] == "aufgedeckt, 7 Punkte insgesamt"
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4}", about["Wand eröffnet am"])
    assert book.properties.title == "Werkstatt Bürgerbüro"


def test_equal_dots_share_a_rank(result_board, as_persona, people):
    reveal(result_board)
    card = Card.objects.get(text="Online-Termine klappen gut")
    dots(card, [people["editor"]], 1)  # now 2, like "Lange Wartezeiten"
    sheet = workbook(download(as_persona("reader"), result_board, "xlsx").content)["Karten"]
    assert [(row["Rang"], row["Punkte"]) for row in rows(sheet)] == [(1, 4), (2, 2), (2, 2), (4, 0)]


def test_the_markdown_has_a_heading_per_column_and_cluster_and_cards_with_dots(
    result_board, as_persona
):
    reveal(result_board)
    text = download(as_persona("contributor"), result_board, "md").content.decode()
    assert text.startswith("# Werkstatt Bürgerbüro\n")
    assert "- **Kommune:** Amtsberg" in text
    assert "- **Phase:** Abstimmen" in text
    assert "- **Punkte:** aufgedeckt, 7 Punkte insgesamt" in text
    assert re.search(r"- \*\*Wand eröffnet am:\*\* \d\d\.\d\d\.\d{4}", text)
    ranking = text.index("## Karten nach Punkten")
    assert "- **1.** Freundliches Team am Empfang – 4 Punkte (Stärken · Service vor Ort)" in text
    assert text.index("**1.**") > ranking
    strengths = text.index("## Spalte: Stärken")
    cluster = text.index("### Cluster „Service vor Ort“ – 5 Punkte")
    weaknesses = text.index("## Spalte: Schwächen")
    assert strengths < cluster < weaknesses
    assert "- Freundliches Team am Empfang (4 Punkte, Idee, von Reader Amtsberg)" in text
    assert "- Online-Termine klappen gut (1 Punkt, Idee, von Contributor Amtsberg)" in text
    assert (
        "- Formulare nur auf Papier (0 Punkte, Bedenken, von Reader Amtsberg)\n"
        "  Vor allem Anträge auf Wohngeld"
    ) in text
    assert "## Spalte: Chancen\n\nIn dieser Spalte gibt es keine Karten." in text


# ---------------------------------------------------------------- who gets what


@pytest.mark.parametrize("persona", MEMBERS)
def test_everybody_taking_part_downloads_every_format(persona, result_board, as_persona):
    client = as_persona(persona)
    for fmt in ["xlsx", "md"]:  # the PDF: the tests above and the support access below
        download(client, result_board, fmt)


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_operators_and_superusers_get_404(persona, result_board, as_persona):
    client = as_persona(persona)
    for fmt in [*FORMATS, "docx"]:
        response = client.get(export_url(result_board, fmt))
        assert response.status_code == 404
        assert b"Amtsberg" not in response.content and b"Empfang" not in response.content


def test_a_board_of_a_is_404_under_the_address_of_b(result_board, as_persona):
    response = as_persona("outsider").get(export_url(result_board, "md", "birkenwerder-nord"))
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(result_board, as_persona):
    response = as_persona("anonymous").get(export_url(result_board, "pdf"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_an_unknown_format_is_a_400_with_a_german_message(result_board, as_persona):
    response = as_persona("contributor").get(export_url(result_board, "docx"))
    assert response.status_code == 400
    assert "Unbekanntes Format" in response.content.decode()


def test_only_get_is_allowed(result_board, as_persona):
    assert as_persona("coordinator").post(export_url(result_board, "md")).status_code == 405


@needs_poppler
def test_a_support_access_downloads_what_a_participant_sees(
    result_board, people, as_persona, tmp_path
):
    from schreibwerkstatt.municipalities.services import grant_support_access

    Card.objects.filter(text="Lange Wartezeiten am Telefon").update(hidden=True)
    grant_support_access(
        municipality=result_board.municipality,
        operator=people["operator"],
        days=1,
        reason="Export der Werkstatt prüfen",
        granted_by=people["coordinator"],
    )
    pdf = download(as_persona("operator"), result_board, "pdf").content
    text = plain(poppler("pdftotext", pdf, tmp_path))
    assert "Freundliches Team am Empfang" in text
    assert "Lange Wartezeiten" not in text  # hidden: the facilitator's only
    assert "noch nicht aufgedeckt" in text
    assert AuditEvent.objects.filter(kind="support_access.used").exists()


# ---------------------------------------------------------------- dots, authors, hidden cards


def test_dots_that_are_not_revealed_stay_out_of_a_participants_export(result_board, as_persona):
    client = as_persona("contributor")
    text = download(client, result_board, "md").content.decode()
    assert "Die Punkte sind noch nicht aufgedeckt." in text
    assert "- **Punkte:** noch nicht aufgedeckt" in text
    assert "Punkt " not in text.replace("Punkte:", "") and "4 Punkte" not in text
    assert "Karten nach Punkten" not in text
    # board order, not the ranking (which would give the counts away)
    order = ["Online-Termine", "Freundliches Team", "Lange Wartezeiten", "Formulare"]
    positions = [text.index(card) for card in order]
    assert positions == sorted(positions)
    sheet = workbook(download(client, result_board, "xlsx").content)["Karten"]
    header = [cell.value for cell in sheet[1]]
    assert "Punkte" not in header and "Rang" not in header
    assert [row["Karte"] for row in rows(sheet)] == [
        "Online-Termine klappen gut",
        "Freundliches Team am Empfang",
        "Lange Wartezeiten am Telefon",
        "Formulare nur auf Papier",
    ]
    about = dict(workbook(download(client, result_board, "xlsx").content)["Angaben"].values)
    assert about["Punkte"].startswith("noch nicht aufgedeckt")


def test_the_facilitator_sees_the_dots_before_revealing_them(result_board, as_persona):
    text = download(as_persona("coordinator"), result_board, "md").content.decode()
    assert "- **Punkte:** 7 Punkte insgesamt, für die Teilnehmenden noch nicht aufgedeckt" in text
    assert "- **1.** Freundliches Team am Empfang – 4 Punkte" in text


@pytest.mark.parametrize("phase", [Board.Phase.RESULTS, Board.Phase.CLOSED])
def test_in_the_results_and_when_closed_everybody_sees_the_dots(phase, result_board, as_persona):
    Board.objects.filter(pk=result_board.pk).update(phase=phase)
    text = download(as_persona("reader"), result_board, "md").content.decode()
    assert "- **1.** Freundliches Team am Empfang – 4 Punkte" in text
    assert "nicht aufgedeckt" not in text


def test_an_anonymous_board_names_no_author_not_even_to_the_facilitator(result_board, as_persona):
    reveal(result_board)
    Board.objects.filter(pk=result_board.pk).update(anonymous=True)
    for persona in ["coordinator", "contributor"]:
        client = as_persona(persona)
        text = download(client, result_board, "md").content.decode()
        assert "Amtsberg Contributor" not in text and "Contributor Amtsberg" not in text
        assert "Reader Amtsberg" not in text and " von " not in text
        assert "- **Autorinnen und Autoren:** verborgen (anonyme Wand)" in text
        sheet = workbook(download(client, result_board, "xlsx").content)["Karten"]
        assert {row["Von"] for row in rows(sheet)} == {"anonym"}


@needs_poppler
def test_an_anonymous_boards_pdf_has_no_author_column(result_board, as_persona, tmp_path):
    reveal(result_board)
    Board.objects.filter(pk=result_board.pk).update(anonymous=True)
    pdf = download(as_persona("coordinator"), result_board, "pdf").content
    text = plain(poppler("pdftotext", pdf, tmp_path))
    assert "Freundliches Team am Empfang" in text
    assert "Reader Amtsberg" not in text and "Contributor Amtsberg" not in text


def test_a_guests_card_shows_the_display_name(result_board, people, as_persona):
    from django.utils import timezone

    link = GuestLink.objects.create(board=result_board, expires_at=timezone.now())
    guest = Guest.objects.create(board=result_board, link=link, display_name="Frau Gast")
    Card.objects.create(
        board=result_board, column=result_board.columns.first(), text="Idee vom Gast", guest=guest
    )
    text = download(as_persona("reader"), result_board, "md").content.decode()
    assert "Idee vom Gast (Idee, von Frau Gast (Gast))" in text


def test_hidden_cards_only_in_the_facilitators_export_and_marked(result_board, as_persona):
    reveal(result_board)
    Card.objects.filter(text="Lange Wartezeiten am Telefon").update(hidden=True)
    participant = download(as_persona("contributor"), result_board, "md").content.decode()
    assert "Lange Wartezeiten" not in participant and "Ausgeblendet" not in participant
    sheet = workbook(download(as_persona("contributor"), result_board, "xlsx").content)["Karten"]
    assert "Lange Wartezeiten am Telefon" not in [row["Karte"] for row in rows(sheet)]
    assert "Ausgeblendet" not in [cell.value for cell in sheet[1]]

    facilitator = download(as_persona("coordinator"), result_board, "md").content.decode()
    hidden = facilitator.index("## Ausgeblendete Karten")
    assert facilitator.index("Lange Wartezeiten am Telefon (2 Punkte, Idee") > hidden
    assert (
        "Lange Wartezeiten am Telefon (2 Punkte, Idee, von Contributor Amtsberg, ausgeblendet)"
        in facilitator
    )
    sheet = workbook(download(as_persona("coordinator"), result_board, "xlsx").content)["Karten"]
    marked = {row["Karte"]: row["Ausgeblendet"] for row in rows(sheet)}
    assert marked["Lange Wartezeiten am Telefon"] == "ja"
    assert marked["Freundliches Team am Empfang"] == "nein"
    # the hidden card takes no part in the ranking: the visible ones keep ranks 1 to 3
    ranks = [row["Rang"] for row in rows(sheet) if row["Ausgeblendet"] == "nein"]
    assert ranks == [1, 2, 3]


@needs_poppler
def test_the_facilitators_pdf_lists_hidden_cards_under_their_own_heading(
    result_board, as_persona, tmp_path
):
    Card.objects.filter(text="Lange Wartezeiten am Telefon").update(hidden=True)
    pdf = download(as_persona("editor"), result_board, "pdf").content
    text = plain(poppler("pdftotext", pdf, tmp_path))
    assert text.index("Ausgeblendete Karten") < text.index("Lange Wartezeiten am Telefon")


# ---------------------------------------------------------------- card text is data


@pytest.fixture
def hostile_board(result_board, people) -> Board:
    Board.objects.filter(pk=result_board.pk).update(phase=Board.Phase.COLLECT)
    column = result_board.columns.first()
    for text in HOSTILE:
        services.add_card(
            result_board, column, author=people["reader"], text=text, note=text, category="idea"
        )
    Cluster.objects.create(board=result_board, column=column, title="#set text(red) *x*")
    Board.objects.filter(pk=result_board.pk).update(
        phase=Board.Phase.RESULTS, title='Werkstatt #panic("t") *fett*'
    )
    Card.objects.filter(text=HOSTILE[0]).update(
        cluster=Cluster.objects.get(title="#set text(red) *x*")
    )
    return Board.objects.get(pk=result_board.pk)


@needs_poppler
def test_card_text_with_typst_markup_is_printed_literally_in_the_pdf(
    hostile_board, as_persona, tmp_path
):
    pdf = download(as_persona("coordinator"), hostile_board, "pdf").content
    info = poppler("pdfinfo", pdf, tmp_path)
    assert re.search(r'^Title:\s+Werkstatt #panic\("t"\) \*fett\*$', info, re.MULTILINE)
    assert re.search(r"^Page size:.*\(A4\)$", info, re.MULTILINE)
    text = plain(poppler("pdftotext", pdf, tmp_path))
    for card in HOSTILE:
        # pdftotext may break a long card in its table cell; compare without spaces
        assert card.replace(" ", "") in text.replace(" ", ""), card
    assert "#set text(red) *x*" in text


def test_card_text_is_escaped_in_the_markdown(hostile_board, as_persona):
    text = download(as_persona("coordinator"), hostile_board, "md").content.decode()
    assert "<script>" not in text and "<img" not in text
    assert "&lt;script\\>alert(1)&lt;/script\\>&lt;img src=x onerror=alert(1)\\>" in text
    assert "\\[Link\\](javascript:alert(1))" in text
    assert "\\*fett\\* \\_kursiv\\_ \\$x^2\\$" in text
    assert "- \\# Überschrift (0 Punkte, Idee" in text
    assert re.search(r"^# Werkstatt #panic\(\"t\"\) \\\*fett\\\*$", text, re.MULTILINE)
    assert "### Cluster „#set text(red) \\*x\\*“" in text
    assert not re.search(r"^#+ Überschrift", text, re.MULTILINE)


def test_no_cell_of_the_xlsx_is_a_formula(hostile_board, as_persona):
    content = download(as_persona("coordinator"), hostile_board, "xlsx").content
    book = workbook(content)
    texts = {row["Karte"]: row for row in rows(book["Karten"])}
    for card in HOSTILE:
        assert texts[card]["Notiz"] == card
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in package.read(name).decode(), name


def test_control_characters_do_not_break_any_format(result_board, people, as_persona):
    Board.objects.filter(pk=result_board.pk).update(phase=Board.Phase.COLLECT)
    services.add_card(
        result_board,
        result_board.columns.first(),
        author=people["reader"],
        text="Glocke\x07 und\x0b Tab\tEnde \U0001f680 \u202e",
        category="idea",
    )
    for fmt in FORMATS:
        response = as_persona("coordinator").get(export_url(result_board, fmt))
        assert response.status_code == 200, fmt
    sheet = workbook(as_persona("coordinator").get(export_url(result_board, "xlsx")).content)
    assert any(row["Karte"].startswith("Glocke und Tab\tEnde") for row in rows(sheet["Karten"]))


# ---------------------------------------------------------------- size


def _queries(client, href, django_assert_max_num_queries) -> int:
    client.get(href)  # warm caches and session
    with django_assert_max_num_queries(20) as captured:
        assert client.get(href).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("fmt", ["xlsx", "md"])
def test_an_export_asks_as_many_queries_for_many_cards_as_for_few(
    fmt, result_board, people, as_persona, django_assert_max_num_queries
):
    reveal(result_board)
    Card.objects.filter(text="Formulare nur auf Papier").update(hidden=True)
    client = as_persona("coordinator")
    href = export_url(result_board, fmt)
    few = _queries(client, href, django_assert_max_num_queries)
    Board.objects.filter(pk=result_board.pk).update(phase=Board.Phase.COLLECT)
    voters = [people[p] for p in MEMBERS]
    for column in result_board.columns.all():
        cluster = Cluster.objects.create(board=result_board, column=column, title=f"C{column.pk}")
        for n in range(6):
            card = services.add_card(
                result_board, column, author=people["editor"], text=f"Karte {n}", category="idea"
            )
            dots(card, voters, n)
            Card.objects.filter(pk=card.pk).update(cluster=cluster, hidden=n == 5)
    assert _queries(client, href, django_assert_max_num_queries) == few


@needs_poppler
def test_a_board_of_200_cards_becomes_a_pdf_with_every_card(
    municipality_a, people, as_persona, tmp_path
):
    board = services.create_board(
        municipality_a, user=people["coordinator"], title="Große Werkstatt", template="swot"
    )
    columns = list(board.columns.all())
    cards = [
        Card(
            board=board,
            column=columns[n % 4],
            text=f"Idee Nummer {n:03d} für ein digitales Amtsberg mit etwas längerem Text",
            note="Eine Notiz dazu." if n % 3 == 0 else "",
            author=people["contributor"],
            position=n,
        )
        for n in range(200)
    ]
    Card.objects.bulk_create(cards)
    Board.objects.filter(pk=board.pk).update(phase=Board.Phase.RESULTS)
    pdf = download(as_persona("reader"), board, "pdf").content
    text = plain(poppler("pdftotext", pdf, tmp_path))
    assert all(f"Idee Nummer {n:03d}" in text for n in range(200))
    assert re.search(r"^Pages:\s+([5-9]|1\d)$", poppler("pdfinfo", pdf, tmp_path), re.MULTILINE)


# ---------------------------------------------------------------- a workshop session's board


@pytest.fixture
def session_result(municipality_a, people):
    """A board of a session of the series "herbst" run by an adviser; Amtsberg is registered
    (its contributor named). A card of A's contributor with two dots, one of the organiser."""
    from conftest import UserFactory
    from schreibwerkstatt.boards.tests.test_session_boards import make_series, register

    organiser = UserFactory(
        email="organiser@agentur.example", name="Ora Organisatorin", is_adviser=True
    )
    series = make_series("herbst", organiser)
    register(series, municipality_a, [people["contributor"]])
    board = services.create_session_board(
        series.sessions.get(), user=organiser, title="Ideen-Wand", template="free"
    )
    column = board.columns.get()
    card = services.add_card(
        board, column, author=people["contributor"], text="Karte aus Amtsberg",
        category="idea", municipality=municipality_a,
    )  # fmt: skip
    services.add_card(board, column, author=organiser, text="Frage der Beratung", category="idea")
    dots(card, [people["contributor"], organiser], 2)
    Board.objects.filter(pk=board.pk).update(phase=Board.Phase.RESULTS)
    return Board.objects.get(pk=board.pk), organiser


def test_a_sessions_board_exports_through_both_spaces(session_result, people, as_persona):
    from conftest import client_for

    board, organiser = session_result
    organisers = client_for(organiser)
    page = organisers.get(reverse("boards:series_board", args=["herbst", board.pk])).content
    series_md = reverse("exports:series_board_export", args=["herbst", board.pk, "md"])
    assert f'href="{series_md}"'.encode() in page
    text = organisers.get(series_md).content.decode()
    assert "- **Workshop-Durchgang:** Schreibwerkstatt herbst" in text
    assert re.search(r"- \*\*Termin:\*\* Handlungsfelder am \d\d\.\d\d\.\d{4}", text)
    assert "- **1.** Karte aus Amtsberg – 2 Punkte" in text
    assert "(2 Punkte, Idee, von Contributor Amtsberg, Amtsberg)" in text

    participant = as_persona("contributor")
    page = participant.get(reverse("boards:board", args=["amtsberg", board.pk])).content
    own_md = export_url(board, "md")
    assert f'href="{own_md}"'.encode() in page
    assert "Karte aus Amtsberg" in participant.get(own_md).content.decode()


def test_only_who_takes_part_gets_a_sessions_board(session_result, people, as_persona):
    board, _organiser = session_result
    series_md = reverse("exports:series_board_export", args=["herbst", board.pk, "md"])
    for persona in ["editor", "outsider", "operator", "superuser", "adviser"]:
        client = as_persona(persona)
        assert client.get(series_md).status_code == 404, persona
    # B is not registered: its address does not reach the board; A's editor is not named
    assert (
        as_persona("outsider").get(export_url(board, "md", "birkenwerder-nord")).status_code == 404
    )
    assert as_persona("editor").get(export_url(board, "md")).status_code == 404
    assert as_persona("anonymous").get(series_md).status_code == 302
