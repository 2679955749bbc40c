"""The boards in other pages' templates, and the addresses on a board's own.

`{% board_url "add_card" board.pk %}` builds the address of a board route in the space the
person reached the board through (spaces.py): the board page, its partials and the live
connection's fragments use it for every link and form, so one template serves a
municipality's members, a session's participants and its organisers.

`{% organiser_session_boards session %}` lists a session's boards on the organisers' session
page (workshops) and offers the advisers running the series to open one;
`{% session_boards session %}` lists them on the participants' registration page, each with
a link through the person's own municipality. The boards of all sessions of a series come
from one query per request, however many sessions the page shows.
"""

from typing import Any

from django import template
from django.urls import reverse

from schreibwerkstatt.municipalities.rules import my_municipalities
from schreibwerkstatt.workshops.models import Session
from schreibwerkstatt.workshops.rules import series_standing

from ..forms import SessionBoardForm
from ..models import Board
from ..spaces import Space

register = template.Library()


@register.simple_tag(takes_context=True)
def board_url(context: template.Context, name: str, pk: int) -> str:
    return context["space"].url(name, pk)


def _boards_of_series(request, series) -> dict[int, list[Board]]:
    """{session id: its boards, oldest first}; cached on the request."""

    def load() -> dict[int, list[Board]]:
        found: dict[int, list[Board]] = {}
        for board in Board.objects.filter(session__series=series).order_by("created_at", "pk"):
            found.setdefault(board.session_id, []).append(board)
        return found

    if request is None:
        return load()
    cache = request.__dict__.setdefault("_session_boards", {})
    if series.pk not in cache:
        cache[series.pk] = load()
    return cache[series.pk]


@register.inclusion_tag("boards/session_boards.html", takes_context=True)
def session_boards(context: template.Context, session: Session) -> dict[str, Any]:
    """The boards of a session with a link for each way the person takes part: through
    each municipality they take part for, and through the series when they run it."""
    user = context["user"]
    series = session.series
    standing = series_standing(user, series)
    spaces = [Space.of_series(series)] if standing.runs else []
    if standing.municipalities:
        spaces += [
            Space.of_municipality(municipality)
            for municipality in my_municipalities(user)  # by name, the memberships cached
            if municipality.pk in standing.municipalities
        ]
    if not spaces:  # who does not take part learns nothing of the boards
        return {"entries": []}
    boards = _boards_of_series(context.get("request"), series).get(session.pk, [])
    entries = [
        {"board": board, "links": [(space, space.url("board", board.pk)) for space in spaces]}
        for board in boards
    ]
    return {"entries": entries, "several": len(spaces) > 1, "session": session}


@register.inclusion_tag("boards/organiser_session_boards.html", takes_context=True)
def organiser_session_boards(
    context: template.Context, session: Session, form: SessionBoardForm | None = None
) -> dict[str, Any]:
    user = context["user"]
    series = session.series
    runs = series_standing(user, series).runs
    space = Space.of_series(series)
    boards = _boards_of_series(context.get("request"), series).get(session.pk, [])
    return {
        "session": session,
        "series": series,
        "boards": [(board, space.url("board", board.pk) if runs else "") for board in boards],
        "runs": runs,
        "form": form or (SessionBoardForm(auto_id="board_%s") if runs else None),
        "action": reverse("boards:open_session_board", args=[series.slug, session.pk]),
        "csrf_token": context.get("csrf_token"),
    }
