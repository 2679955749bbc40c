"""The cockpit's column headers: each sorts the whole list on the server, by a link (so the
keyboard and every browser can use it), and says its state with aria-sort."""

from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

# (sort key, column label, descending first: the most interesting end of a number on top)
COLUMNS = (
    ("name", _("Municipality"), False),
    ("status", _("Strategy"), False),
    ("progress", _("Guided path"), True),
    ("activity", _("Last activity"), False),
    ("stale", _("Stale measures"), True),
    ("gaps", _("Check gaps"), True),
    ("comments", _("Comments for you"), True),
    ("requests", _("Open requests"), True),
    ("workshop", _("Next workshop"), False),
)


@dataclass(frozen=True)
class Header:
    key: str
    label: str
    aria_sort: str  # "ascending", "descending" or "" (not sorted by it)
    url: str


def sort_headers(query: QueryDict, sort: str) -> list[Header]:
    """The headers with the link each one sorts by (the other direction when it sorts
    already), keeping the filters of `query` and going back to the first page."""
    current, descending = sort.lstrip("-"), sort.startswith("-")
    headers = []
    for key, label, descending_first in COLUMNS:
        if key == current:
            aria = "descending" if descending else "ascending"
            target = key if descending else f"-{key}"
        else:
            aria = ""
            target = f"-{key}" if descending_first else key
        params = query.copy()
        params["sort"] = target
        params.pop("page", None)
        headers.append(Header(key, str(label), aria, f"?{params.urlencode()}"))
    return headers
