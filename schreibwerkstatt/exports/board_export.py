"""The result of a workshop board as PDF, XLSX or Markdown (issue 15, item 7).

`board_result` reads what one person may see of the board's result (boards/results.py),
and the three writers render that alike:

- dots only when they are revealed, the board shows its results or is closed, or for the
  facilitator; otherwise the files say the dots are not revealed yet, and the cards keep
  the board's order (a ranking would give the hidden counts away);
- authors never on an anonymous board, the facilitator included; a guest by display name;
- hidden cards only in the facilitator's file, marked as hidden.

User text is data in every format: JSON for Typst (printed literally, pdf.py), escaped
Markdown (documents/markdown_export.py), and string cells in XLSX (never a formula, also
when a card starts with "=", "+", "-" or "@").

A board PDF is small (200 cards, 9 pages: 1.1–4 s on the loaded 2-core machine, 0.35–1 s
of it the start of the child process that Typst runs in, pdf.py; docs/decisions.md), so the
download is made in the request, unlike the strategy document, which is a background job.
At most two are set at once per web process (PDF_SLOTS); a third request waits for a slot.
"""

import io
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count
from django.utils import formats, timezone, translation
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from schreibwerkstatt.boards.models import Board, Card, Column
from schreibwerkstatt.boards.results import ranked
from schreibwerkstatt.boards.rules import may_facilitate
from schreibwerkstatt.documents.markdown_export import escape_md

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Each board PDF runs Typst in a child process of its own (pdf.py): bound them per process.
PDF_SLOTS = threading.BoundedSemaphore(2)


@dataclass
class CardRow:
    text: str
    note: str
    column: str
    cluster: str
    category: str
    author: str  # "" when the board is anonymous
    dots: int | None  # None: not revealed to this person
    rank: int | None = None  # equal dots, equal rank; None without dots
    hidden: bool = False
    column_id: int = 0
    cluster_id: int | None = None


@dataclass
class ClusterRow:
    title: str
    column: str
    cards: int
    dots: int | None


@dataclass
class ColumnGroup:
    """A column with its clusters (title, cards) and the cards outside any cluster."""

    title: str
    clusters: list[tuple[str, list[CardRow]]] = field(default_factory=list)
    loose: list[CardRow] = field(default_factory=list)


@dataclass
class BoardResult:
    title: str
    municipality: str  # the board's municipality, or the series of a session's board
    workshop: str  # a session's board: its session and date; "" for a municipality's board
    opened: datetime
    exported: datetime
    phase: str
    template: str
    anonymous: bool
    dots_shown: bool
    votes_revealed: bool
    for_facilitator: bool
    cards: list[CardRow]  # visible cards, ranked by dots (or in board order without dots)
    clusters: list[ClusterRow]
    columns: list[ColumnGroup]
    hidden: list[CardRow]  # the facilitator's export only

    @property
    def total_dots(self) -> int:
        return sum(card.dots or 0 for card in self.cards)


def dots_visible(board: Board, user) -> bool:
    return (
        board.votes_revealed
        or board.phase in {Board.Phase.RESULTS, Board.Phase.CLOSED}
        or may_facilitate(user, board)
    )


def _author(card: Card, board: Board) -> str:
    """The author as the board names them; on a session's board with their municipality."""
    if board.anonymous:
        return ""
    if card.guest_id is not None:
        return _("%(name)s (guest)") % {"name": card.guest.display_name}
    name = card.author.name if card.author else _("former member")
    if board.session_id is not None and card.municipality is not None:
        return _("%(name)s, %(municipality)s") % {
            "name": name,
            "municipality": card.municipality.name,
        }
    return name


def _board_order(card: Card) -> tuple:
    return (card.column.position, card.column_id, card.position, card.pk)


def _row(card: Card, board: Board, show_dots: bool) -> CardRow:
    return CardRow(
        text=card.text,
        note=card.note,
        column=card.column.title,
        cluster=card.cluster.title if card.cluster else "",
        category=str(Card.Category(card.category).label)
        if card.category in Card.Category.values
        else card.category,
        author=_author(card, board),
        dots=card.dots if show_dots else None,
        hidden=card.hidden,
        column_id=card.column_id,
        cluster_id=card.cluster_id,
    )


def _with_ranks(rows: list[CardRow]) -> list[CardRow]:
    """Competition ranking: 5, 3, 3, 1 dots are ranks 1, 2, 2, 4."""
    for index, row in enumerate(rows):
        previous = rows[index - 1] if index else None
        row.rank = previous.rank if previous and previous.dots == row.dots else index + 1
    return rows


def board_result(board: Board, user) -> BoardResult:
    """What `user` may see of the board's result. Four queries however big the board
    (ranked cards, columns, hidden cards for the facilitator, plus the role lookup)."""
    facilitator = may_facilitate(user, board)
    show_dots = dots_visible(board, user)
    result = ranked(board)
    visible = result.cards if show_dots else sorted(result.cards, key=_board_order)
    cards = [_row(card, board, show_dots) for card in visible]
    if show_dots:
        _with_ranks(cards)
    groups = result.clusters
    if not show_dots:
        groups = sorted(
            groups, key=lambda g: (_board_order(g.cards[0])[:2], g.cluster.position, g.cluster.pk)
        )
    clusters = [
        ClusterRow(
            title=group.cluster.title,
            column=group.cards[0].column.title,
            cards=len(group.cards),
            dots=group.dots if show_dots else None,
        )
        for group in groups
    ]
    hidden: list[CardRow] = []
    if facilitator:
        hidden_cards = (
            Card.objects.filter(board=board, hidden=True)
            .select_related("column", "cluster", "author", "guest", "municipality")
            .annotate(dots=Count("votes"))
            .order_by("column__position", "column_id", "position", "pk")
        )
        hidden = [_row(card, board, show_dots) for card in hidden_cards]
    return BoardResult(
        title=board.title,
        municipality=board.session.series.title
        if board.session_id is not None
        else board.municipality.name,
        workshop=_workshop(board),
        opened=timezone.localtime(board.created_at),
        exported=timezone.localtime(),
        phase=board.get_phase_display(),
        template=board.get_template_display(),
        anonymous=board.anonymous,
        dots_shown=show_dots,
        votes_revealed=board.votes_revealed,
        for_facilitator=facilitator,
        cards=cards,
        clusters=clusters,
        columns=_columns(board, cards, [group.cluster.pk for group in groups]),
        hidden=hidden,
    )


def _workshop(board: Board) -> str:
    if board.session_id is None:
        return ""
    session = board.session
    return _("%(session)s on %(date)s") % {
        "session": session.title,
        "date": _day(timezone.localtime(session.starts)),
    }


def _columns(board: Board, cards: list[CardRow], cluster_order: list[int]) -> list:
    """Every column of the board in order with its clusters and loose cards; clusters in the
    order of the cluster list (most dots first when shown), cards in the order of `cards`."""
    columns = list(Column.objects.filter(board=board).order_by("position", "pk"))
    groups = {column.pk: ColumnGroup(column.title) for column in columns}
    rank_of_cluster = {pk: index for index, pk in enumerate(cluster_order)}
    clustered: dict[tuple[int, int], list[CardRow]] = {}
    for card in cards:
        group = groups.get(card.column_id)
        if group is None:
            continue
        if card.cluster_id is None:
            group.loose.append(card)
        else:
            clustered.setdefault((card.column_id, card.cluster_id), []).append(card)
    for (column_id, _cluster), rows in sorted(
        clustered.items(), key=lambda item: rank_of_cluster.get(item[0][1], len(rank_of_cluster))
    ):
        groups[column_id].clusters.append((rows[0].cluster, rows))
    return [groups[column.pk] for column in columns]


# ---------------------------------------------------------------- shared words


def _day(value: datetime) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _moment(value: datetime) -> str:
    return formats.date_format(value, "SHORT_DATETIME_FORMAT")


def _dots_word(count: int) -> str:
    return ngettext("%(count)s dot", "%(count)s dots", count) % {"count": count}


def _facts(result: BoardResult) -> list[tuple[str, str]]:
    """Title, municipality, date, phase and the state of the dots, for every format."""
    if not result.dots_shown:
        dots = _("not revealed yet: the facilitator reveals them")
    elif result.votes_revealed or not result.for_facilitator:
        dots = _("revealed, %(dots)s in total") % {"dots": _dots_word(result.total_dots)}
    else:
        dots = _("%(dots)s in total, not yet revealed to the participants") % {
            "dots": _dots_word(result.total_dots)
        }
    if result.workshop:
        place = [
            (capfirst(_("workshop series")), result.municipality),
            (_("Session"), result.workshop),
        ]
    else:
        place = [(_("Municipality"), result.municipality)]
    facts = [
        *place,
        (_("Board opened on"), _day(result.opened)),
        (_("Phase"), result.phase),
        (_("Template"), result.template),
        (_("Dots"), dots),
        (_("Authors"), _("hidden (anonymous board)") if result.anonymous else _("shown")),
        (_("Exported on"), _moment(result.exported)),
    ]
    if result.for_facilitator and result.hidden:
        facts.append((_("Hidden cards"), _("listed at the end (facilitator's export)")))
    return facts


NOT_REVEALED = gettext_lazy(
    "The dots are not revealed yet. The cards are listed in the order of the board."
)


def filename(board: Board, ending: str) -> str:
    """ASCII only: "werkstatt-burgerburo-ergebnis.pdf"."""
    return f"{slugify(board.title)[:60].strip('-') or 'werkstatt'}-ergebnis{ending}"


def _language() -> str:
    language = (translation.get_language() or "de").split("-")[0].lower()
    return language if re.fullmatch(r"[a-z]{2,3}", language) else "de"


# ---------------------------------------------------------------- PDF (Typst)


def to_pdf(result: BoardResult) -> bytes:
    from .pdf import clean, compile_template

    def text(value: str) -> str:
        return clean(value).strip()

    def card(row: CardRow) -> dict[str, Any]:
        return {
            "rank": "" if row.rank is None else f"{row.rank}.",
            "text": text(row.text),
            "note": text(row.note),
            "place": " · ".join(text(part) for part in (row.column, row.cluster) if part),
            "category": row.category,
            "dots": "" if row.dots is None else str(row.dots),
            "author": text(row.author),
        }

    language = _language()

    def data(families: list[str]) -> tuple[dict[str, Any], dict[str, bytes]]:
        return {
            "title": text(result.title) or _("Workshop board"),
            "municipality": text(result.municipality),
            "issued": [result.exported.year, result.exported.month, result.exported.day],
            "lang": language,
            "region": "DE" if language == "de" else None,
            "fonts": families,
            "preline": _("Result of the workshop board"),
            "facts": [[label, text(value)] for label, value in _facts(result)],
            "dots-shown": result.dots_shown,
            "authors-shown": not result.anonymous,
            "not-revealed": str(NOT_REVEALED),
            "cards": [card(row) for row in result.cards],
            "clusters": [
                {
                    "title": text(row.title),
                    "column": text(row.column),
                    "cards": str(row.cards),
                    "dots": "" if row.dots is None else str(row.dots),
                }
                for row in result.clusters
            ],
            "hidden": [card(row) for row in result.hidden],
            "labels": {
                "page": _("Page %(page)s of %(pages)s"),
                "ranking": _("Cards by dots") if result.dots_shown else _("Cards"),
                "clusters": _("Clusters"),
                "hidden": _("Hidden cards"),
                "hidden-note": _("Only the facilitator sees these cards; they take no part."),
                "rank": _("Rank"),
                "card": _("Card"),
                "place": _("Column · cluster"),
                "category": _("Category"),
                "dots": _("Dots"),
                "author": _("By"),
                "cluster": pgettext("group of cards", "Cluster"),
                "column": _("Column"),
                "count": _("Cards"),
                "no-cards": _("The board has no cards yet."),
                "no-clusters": _("No cards have been grouped into clusters."),
            },
        }, {}

    with PDF_SLOTS:
        return compile_template("board.typ", data)


# ---------------------------------------------------------------- XLSX


def _cell_text(value: str) -> str:
    """openpyxl refuses control characters (IllegalCharacterError): they are dropped."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _sheet(workbook: Workbook, title: str, header: list[tuple[str, int]], rows: list[list]):
    sheet = workbook.create_sheet(title[:31])
    sheet.append([label for label, _width in header])
    for row in rows:
        sheet.append([_cell_text(v) if isinstance(v, str) else v for v in row])
    for index, (_label, width) in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(row=1, column=index).font = Font(bold=True)
    for excel_row in sheet.iter_rows(min_row=2):
        for cell in excel_row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str):
                # A card "=HYPERLINK(…)" stays text: never a formula (formula injection).
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    return sheet


def to_xlsx(result: BoardResult) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = _cell_text(result.title)
    workbook.properties.creator = "Schreibwerkstatt"
    workbook.properties.language = _language()
    header: list[tuple[str, int]] = []
    if result.dots_shown:
        header.append((_("Rank"), 7))
    header += [
        (_("Column"), 22),
        (pgettext("group of cards", "Cluster"), 22),
        (_("Card"), 50),
        (_("Note"), 40),
        (_("Category"), 13),
    ]
    if result.dots_shown:
        header.append((_("Dots"), 8))
    header.append((_("By"), 22))
    if result.for_facilitator and result.hidden:
        header.append((_("Hidden"), 12))

    def row(card: CardRow) -> list:
        values: list[Any] = [card.rank] if result.dots_shown else []
        values += [card.column, card.cluster, card.text, card.note, card.category]
        if result.dots_shown:
            values.append(card.dots)
        values.append(card.author or _("anonymous"))
        if result.for_facilitator and result.hidden:
            values.append(_("yes") if card.hidden else _("no"))
        return values

    _sheet(workbook, _("Cards"), header, [row(card) for card in [*result.cards, *result.hidden]])
    cluster_header = [
        (pgettext("group of cards", "Cluster"), 30),
        (_("Column"), 24),
        (_("Cards"), 8),
    ]
    if result.dots_shown:
        cluster_header.append((_("Dots"), 8))
    _sheet(
        workbook,
        _("Clusters"),
        cluster_header,
        [
            [c.title, c.column, c.cards, *([c.dots] if result.dots_shown else [])]
            for c in result.clusters
        ],
    )
    about = [[_("Title"), result.title], *map(list, _facts(result))]
    if not result.dots_shown:
        about.append([_("Note"), str(NOT_REVEALED)])
    info = _sheet(
        workbook, _("Details of the board"), [(_("Information"), 24), (_("Value"), 70)], about
    )
    info.auto_filter.ref = None
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- Markdown


def _md_card(card: CardRow) -> list[str]:
    details = [escape_md(card.category)]
    if card.dots is not None:
        details.insert(0, _dots_word(card.dots))
    if card.author:
        details.append(_("by %(name)s") % {"name": escape_md(card.author)})
    if card.hidden:
        details.append(_("hidden"))
    line = f"- {escape_md(card.text) or '–'} ({', '.join(details)})"
    note = escape_md(card.note)
    return [line, f"  {note}"] if note else [line]


def _md_heading(level: int, text: str) -> list[str]:
    return [f"{'#' * level} {escape_md(text)}", ""]


def to_markdown(result: BoardResult) -> str:
    out = [f"# {escape_md(result.title)}", "", escape_md(_("Result of the workshop board")), ""]
    out += [f"- **{escape_md(label)}:** {escape_md(value)}" for label, value in _facts(result)]
    out.append("")
    if not result.dots_shown:
        out += [f"*{escape_md(str(NOT_REVEALED))}*", ""]
    if result.dots_shown and result.cards:
        out += _md_heading(2, _("Cards by dots"))
        for card in result.cards:
            place = " · ".join(escape_md(part) for part in (card.column, card.cluster) if part)
            out.append(
                f"- **{card.rank}.** {escape_md(card.text) or '–'} – {_dots_word(card.dots or 0)}"
                f" ({place})"
            )
        out.append("")
    for column in result.columns:
        out += _md_heading(2, _("Column: %(title)s") % {"title": column.title})
        if not column.clusters and not column.loose:
            out += [escape_md(_("No cards in this column.")), ""]
        for title, cards in column.clusters:
            heading = _("Cluster “%(title)s”") % {"title": title}
            if result.dots_shown:
                heading += f" – {_dots_word(sum(card.dots or 0 for card in cards))}"
            out += _md_heading(3, heading)
            for card in cards:
                out += _md_card(card)
            out.append("")
        if column.loose:
            if column.clusters:
                out += _md_heading(3, _("Not in a cluster"))
            for card in column.loose:
                out += _md_card(card)
            out.append("")
    if result.hidden:
        out += _md_heading(2, _("Hidden cards"))
        out += [escape_md(_("Only the facilitator sees these cards; they take no part.")), ""]
        for card in result.hidden:
            out += _md_card(card)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


@dataclass(frozen=True)
class BoardFormat:
    content_type: str
    ending: str


# The board page links each by its key (boards/templates/boards/board.html).
BOARD_FORMATS: dict[str, BoardFormat] = {
    "pdf": BoardFormat("application/pdf", ".pdf"),
    "xlsx": BoardFormat(XLSX, ".xlsx"),
    "md": BoardFormat("text/markdown; charset=utf-8", ".md"),
}


def export_board(result: BoardResult, fmt: str) -> bytes:
    if fmt == "pdf":
        return to_pdf(result)
    if fmt == "xlsx":
        return to_xlsx(result)
    return to_markdown(result).encode("utf-8")
