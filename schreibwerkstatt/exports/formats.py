"""The file formats of a strategy: the registry of every export, the document formats and
which version of the document they render.

One place for the command line (`export-strategy --format pdf --revision 2`, through
EXPORT_FORMATS) and the web export page (exports/views.py, as background jobs in
exports/job_kinds.py). The exporters are imported when used: they pull in Typst,
python-docx and odfpy, which the rest of the app does not need.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schreibwerkstatt.documents.blocks import Document
from schreibwerkstatt.personal.calendar import export_roadmap_ics
from schreibwerkstatt.revisions.models import Revision
from schreibwerkstatt.strategies.models import Strategy

Progress = Callable[[int, int], None]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _pdf(document: Document, strategy: Strategy) -> bytes:
    from .pdf import to_pdf

    return to_pdf(document)


def _docx(document: Document, strategy: Strategy) -> bytes:
    """With the Word template the municipality uploaded, if any."""
    from .docx import active_template, to_docx

    return to_docx(document, template=active_template(strategy.municipality))


def _odt(document: Document, strategy: Strategy) -> bytes:
    from .odt import to_odt

    return to_odt(document)


def _md(document: Document, strategy: Strategy) -> bytes:
    from schreibwerkstatt.documents.markdown_export import to_markdown

    return to_markdown(document).encode("utf-8")


@dataclass(frozen=True)
class DocumentFormat:
    key: str
    label: Promise
    content_type: str
    ending: str  # of the file name
    render: Callable[[Document, Strategy], bytes]


DOCUMENT_FORMATS: dict[str, DocumentFormat] = {
    f.key: f
    for f in (
        DocumentFormat(
            "pdf",
            gettext_lazy("PDF (accessible, for print and web)"),
            "application/pdf",
            ".pdf",
            _pdf,
        ),
        DocumentFormat("docx", gettext_lazy("Word (DOCX)"), DOCX, ".docx", _docx),
        DocumentFormat(
            "odt",
            gettext_lazy("OpenDocument (ODT, for LibreOffice)"),
            "application/vnd.oasis.opendocument.text",
            ".odt",
            _odt,
        ),
        DocumentFormat(
            "md", gettext_lazy("Markdown (plain text)"), "text/markdown; charset=utf-8", ".md", _md
        ),
    )
}


class UnknownRevision(LookupError):
    """The strategy has no revision with this number; the message is for people."""


def revision_of(strategy: Strategy, number: int) -> Revision:
    revision = Revision.objects.filter(strategy=strategy, number=number).first()
    if revision is None:
        numbers = list(
            Revision.objects.filter(strategy=strategy)
            .order_by("number")
            .values_list("number", flat=True)
        )
        if numbers:
            raise UnknownRevision(
                _("The strategy “%(title)s” has no revision %(number)s; it has: %(numbers)s.")
                % {
                    "title": strategy.title,
                    "number": number,
                    "numbers": ", ".join(map(str, numbers)),
                }
            )
        raise UnknownRevision(
            _("The strategy “%(title)s” has no revision %(number)s; nothing has been adopted yet.")
            % {"title": strategy.title, "number": number}
        )
    return revision


def adopted_status_line(revision: Revision) -> str:
    """ "Beschlossen am 12.03.2026, Stadtverordnetenversammlung, Drucksache 2026/041"."""
    from schreibwerkstatt.documents.builder import DOCUMENT_LANGUAGE

    with translation.override(DOCUMENT_LANGUAGE):
        parts = [
            _("Adopted on %(date)s") % {"date": _day(revision.adopted_on)},
        ]
        if revision.body:
            parts.append(revision.body)
        if revision.document_number:
            parts.append(_("document no. %(number)s") % {"number": revision.document_number})
        return ", ".join(parts)


def _day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def document_for(strategy: Strategy, revision: Revision | None = None) -> Document:
    """The document of an adopted revision (from its frozen snapshot), otherwise the current
    draft (a revision in preparation has no snapshot yet: it is the current draft)."""
    from schreibwerkstatt.documents.builder import build_document, build_live, municipality_logo

    if revision is None or revision.snapshot is None:
        document = build_live(strategy)
    else:
        logo, logo_name = municipality_logo(strategy)
        document = build_document(
            revision.snapshot,
            logo=logo,
            logo_name=logo_name,
            status_line=adopted_status_line(revision),
            issued=revision.adopted_on,
        )
    return document


def export_beschlussvorlage(
    strategy: Strategy, *, revision: Revision | None = None, progress: Progress | None = None
) -> bytes:
    """The council resolution draft (DOCX) for the current draft or an adopted revision,
    with the municipality's Word template."""
    from .docx import active_template, beschlussvorlage

    template = active_template(strategy.municipality)
    if progress:
        progress(1, 3)
    if revision is None or revision.snapshot is None:
        content = beschlussvorlage(strategy, template=template)
    else:
        content = beschlussvorlage(revision.snapshot, body=revision.body, template=template)
    if progress:
        progress(3, 3)
    return content


def export_document(
    strategy: Strategy,
    fmt: str,
    *,
    revision: Revision | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The file (bytes) of the strategy document in format `fmt` (a key of DOCUMENT_FORMATS)."""
    kind = DOCUMENT_FORMATS[fmt]
    document = document_for(strategy, revision)
    if progress:
        progress(1, 3)
    content = kind.render(document, strategy)
    if progress:
        progress(3, 3)
    return content


def _document_export(fmt: str) -> Callable[..., bytes]:
    def export(strategy: Strategy, progress: Progress | None = None, **options: Any) -> bytes:
        return export_document(strategy, fmt, progress=progress, **options)

    return export


# Every file a strategy can be exported as, by key: `export-strategy --format KEY` and the
# web exports. Each is called as `export(strategy, progress=None)`; the document formats
# also take `revision=`. The exchange app adds its open data (json) and spreadsheets (xlsx,
# csv) when it is ready (exchange/apps.py).
EXPORT_FORMATS: dict[str, Callable[..., bytes]] = {
    "ics": export_roadmap_ics,
    **{fmt: _document_export(fmt) for fmt in ("md", "docx", "odt", "pdf")},
}
