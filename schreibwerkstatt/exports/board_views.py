"""The downloads of a workshop board's result: PDF, XLSX or Markdown (exports/board_export.py).

Whoever may open the board page may download its result (boards.rules.get_board_for_user:
the people of the municipality, and an operator's support access, read only and logged);
what the file shows follows board_export (dots, authors, hidden cards). The file is made in
the request: a board is small (see board_export), unlike the strategy document.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from schreibwerkstatt.audit.models import Kind
from schreibwerkstatt.audit.services import record
from schreibwerkstatt.boards.rules import get_board_for_user

from .board_export import BOARD_FORMATS, board_result, export_board, filename


@login_required
@require_GET
def board_export(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    board = get_board_for_user(request, slug, pk)
    kind = BOARD_FORMATS.get(fmt)
    if kind is None:
        message = _("Unknown format. The result can be downloaded as PDF, XLSX or Markdown.")
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    content = export_board(board_result(board, request.user), fmt)
    name = filename(board, kind.ending)
    response = HttpResponse(content, content_type=kind.content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    record(
        Kind.DOWNLOAD,
        request=request,
        municipality=board.municipality,
        obj=board,
        details={"filename": name, "board_export": fmt},
    )
    return response
