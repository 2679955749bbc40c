"""One page of search results for a person: the engine's hits with their links, labels and
safe HTML. A fixed number of queries whatever the amount of content: the engine's one query,
at most one for the partner municipality a joint strategy is reached through, and one audit
entry per municipality shown through a support access."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from schreibwerkstatt.audit.models import Kind as AuditKind
from schreibwerkstatt.audit.services import record
from schreibwerkstatt.core.fulltext import words
from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.strategies.models import StrategyPartner

from .engines import MARK_END, MARK_START, Hit, search
from .models import Kind
from .rules import reach_of
from .sources import MUNICIPALITY_PREFIX

PER_PAGE = 20


def marked(text: str) -> SafeString:
    """The text HTML-escaped, with the engine's hit marks as <mark>."""
    return mark_safe(  # escaped first; only our own marks become tags
        escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    )


@dataclass(frozen=True)
class Result:
    kind: str
    kind_label: str
    title: SafeString
    snippet: SafeString
    url: str
    strategy_title: str  # "" for help content
    municipality: Municipality | None


@dataclass(frozen=True)
class Results:
    query: str
    words: list[str]
    results: list[Result]
    total: int
    page: int

    @property
    def first_number(self) -> int:
        return (self.page - 1) * PER_PAGE + 1

    @property
    def previous_query(self) -> str:
        return urlencode({"q": self.query, "page": self.page - 1})

    @property
    def next_query(self) -> str:
        return urlencode({"q": self.query, "page": self.page + 1})

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def find(request: HttpRequest, query: str, page: int) -> Results:
    query_words = words(query)
    reach = reach_of(request.user)
    hits, total = search(query_words, reach.scope, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    through = _municipalities_of(hits, reach.municipalities)
    labels = dict(Kind.choices)
    results = []
    for hit in hits:
        municipality = through.get(hit.strategy_id) if hit.strategy_id else None
        if hit.strategy_id and municipality is None:
            continue  # cannot happen: the engine keeps to the same municipalities
        url = (
            MUNICIPALITY_PREFIX.format(slug=municipality.slug) + hit.path
            if municipality
            else hit.path
        )
        results.append(
            Result(
                kind=hit.kind,
                kind_label=str(labels.get(hit.kind, hit.kind)),
                title=marked(hit.title),
                snippet=marked(hit.snippet),
                url=url,
                strategy_title=hit.strategy_title,
                municipality=municipality,
            )
        )
    _record_support_use(request, reach.supported, results)
    return Results(query=query, words=query_words, results=results, total=total, page=page)


def _municipalities_of(hits: list[Hit], mine: dict[int, Municipality]) -> dict[int, Municipality]:
    """{strategy id: the person's municipality it is reached through}: the owner when it is
    one of theirs, else the partner municipality of theirs (one query, only when needed)."""
    through: dict[int, Municipality] = {}
    joined = set()
    for hit in hits:
        if hit.strategy_id is None:
            continue
        if hit.owner_id in mine:
            through[hit.strategy_id] = mine[hit.owner_id]
        else:
            joined.add(hit.strategy_id)
    if joined:
        partners = StrategyPartner.objects.filter(
            strategy_id__in=joined, municipality_id__in=list(mine)
        ).values_list("strategy_id", "municipality_id")
        for strategy_id, municipality_id in partners:
            through.setdefault(strategy_id, mine[municipality_id])
    return through


def _record_support_use(
    request: HttpRequest, supported: frozenset[int], results: list[Result]
) -> None:
    """An operator saw content of a municipality through its support access: recorded as
    every page opened with it is (municipalities/rules.py)."""
    shown = {r.municipality.pk: r.municipality for r in results if r.municipality}
    for pk in sorted(supported & set(shown)):
        record(
            AuditKind.SUPPORT_USED,
            municipality=shown[pk],
            request=request,
            details={"method": request.method, "path": request.path[:500], "refused": False},
        )
