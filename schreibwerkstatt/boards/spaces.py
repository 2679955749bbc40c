"""Through which address a person reached a board: its space.

A municipality's board lives in that municipality's address space
(`/kommunen/<slug>/werkstatt/…`). A board of a workshop session is reached two ways:

- the participants come through their own municipality's space, so the card they write
  records that municipality (`Card.municipality`) and the page keeps their municipality's
  navigation;
- the organisers running the series come through the series' space
  (`/beratung/termine/<slug>/werkstatt/…`), being members of no participating municipality.

Both spaces have the same routes (urls.py builds them from one list, the series' names
prefixed `series_`), the same views and the same templates: the access helpers of rules.py
put the space on the board (`board.space`), and the templates build every address with
`{% board_url "<route>" pk %}` (templatetags/board_tags.py), which asks the space. The live
connection carries the space in its path too (`/ws/boards/<pk>/<kind>/<slug>/`) and checks
it on connect and for every message.

A guest (guests.py) reaches one board through the signed token of a guest link: the guest's
space (`/werkstatt/gast/<token>/…`, routes named `guest_<name>`, a subset of the board's)
has neither municipality nor series; the live connection of a guest is
`/ws/boards/<pk>/gast/` and finds the guest in the session.
"""

from dataclasses import dataclass

from django.urls import reverse

from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.workshops.models import Series

MUNICIPALITY = "kommunen"
SERIES = "termine"
GUEST = "gast"
KINDS = (MUNICIPALITY, SERIES)
SERIES_ROUTE_PREFIX = "series_"
GUEST_ROUTE_PREFIX = "guest_"


@dataclass(frozen=True)
class Space:
    kind: str
    slug: str
    municipality: Municipality | None = None  # the person's municipality (kind MUNICIPALITY)
    series: Series | None = None  # the series its organisers run (kind SERIES)

    @classmethod
    def of_municipality(cls, municipality: Municipality) -> "Space":
        return cls(MUNICIPALITY, municipality.slug, municipality=municipality)

    @classmethod
    def of_series(cls, series: Series) -> "Space":
        return cls(SERIES, series.slug, series=series)

    @classmethod
    def of_guest_link(cls, token: str) -> "Space":
        """The space of a guest link's guests: `slug` is the link's token (guests.py)."""
        return cls(GUEST, token)

    @property
    def route_prefix(self) -> str:
        return {SERIES: SERIES_ROUTE_PREFIX, GUEST: GUEST_ROUTE_PREFIX}.get(self.kind, "")

    @property
    def key(self) -> dict[str, str]:
        """The URL keyword naming the space: a municipality's or series' slug, a token."""
        return {"token" if self.kind == GUEST else "slug": self.slug}

    def url(self, name: str, pk: int) -> str:
        """The address of the board route `name` (as named in urls.py) for object `pk`."""
        return reverse(f"boards:{self.route_prefix}{name}", args=[self.slug, pk])

    def socket(self, board) -> str:
        """The path of the board's live connection (routing.py)."""
        if self.kind == GUEST:
            return f"/ws/boards/{board.pk}/gast/"
        if board.session_id is None:
            return f"/ws/boards/{board.pk}/"
        return f"/ws/boards/{board.pk}/{self.kind}/{self.slug}/"


def space_of(board) -> Space:
    """The space an access helper put on the board, else its municipality's (a municipality's
    board read without a helper: the demo, tests, services)."""
    space = getattr(board, "space", None)
    if space is None:
        if board.municipality_id is None:
            raise ValueError("A session's board needs the space it was reached through.")
        space = Space.of_municipality(board.municipality)
    return space
