"""@mentions by name: the parser, the suggestions and the rendering, for any app's texts.

A mention is "@" and a person's full name as the account has it ("@Anna Weber"), written
where a word may start (not inside an address like "info@kommune.de"). It is resolved
against an *audience*, the people who may read the text; the caller gives it, core knows no
feature app. When two people of the audience share a name, the mention carries the
account's number ("@Anna Weber#17"); the suggestions insert it only then. An older mention
by e-mail address ("@anna.weber@kommune.de") still resolves within the audience.

Apps register their audiences (`register_audience`: who may ask for suggestions in which
audience, core's endpoint `core:mention_suggestions` asks them) and their texts with
mentions (`register_mentioning`: privacy's erasure replaces a person's mentions there) from
their `apps.ready`, as docs/architecture.md describes for registries.
"""

import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.functions import Lower
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

from .text import render_markdown

MAX_SUGGESTIONS = 8
MAX_QUERY = 60  # longer than any name someone types before picking it

# "@" where a word may start, followed by a letter: "info@x.de" and "@ 5 Uhr" are no mentions.
START = re.compile(r"(?<![\w@.+-])@(?=[^\W\d_])")
ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
WORD = re.compile(r"[^\W\d_]+")
# A name ends where no letter or digit follows, nor a hyphen or apostrophe going on with one
# ("@Anna Weber-Schulz" is not "@Anna Weber"); punctuation and spaces end it.
END = r"(?![\w]|[-'’]\w)"
ENDS = re.compile(END)
PIN = re.compile(r"#(\d{1,12})" + END)
REST = re.compile(r"[\w'’-]*")


def normal(text: str) -> str:
    """Composed Unicode (an "ä" typed as "a" + diaeresis equals "ä")."""
    return unicodedata.normalize("NFC", text or "")


def name_key(name: str) -> str:
    """What two names must share to be the same name: case and spacing do not count."""
    return " ".join(normal(name).split()).casefold()


def written(person: Any, *, pinned: bool = False) -> str:
    """How a mention of the person is written; `pinned` when the name is not unique."""
    name = " ".join(normal(person.name).split())
    return f"@{name}#{person.pk}" if pinned else f"@{name}"


# The audiences --------------------------------------------------------------------------

# key → resolve(user, ref) giving the audience's people, or None when the user may not see
# it (or it does not exist: the same answer, so that nothing is revealed).
Resolver = Callable[[Any, int], "models.QuerySet | None"]
_AUDIENCES: dict[str, Resolver] = {}


def register_audience(key: str, resolve: Resolver) -> None:
    """Called from an app's `ready()`: "strategy" → people_of(strategy) if the user is one."""
    _AUDIENCES[key] = resolve


def audience_keys() -> list[str]:
    return sorted(_AUDIENCES)


def audience_for(user: Any, key: str, ref: int):
    """The people of the audience if `user` may see it, else None. KeyError: no such key."""
    return _AUDIENCES[key](user, ref)


# The texts that hold mentions -------------------------------------------------------------


@dataclass(frozen=True)
class Mentioning:
    model: type[models.Model]
    text_field: str
    people_field: str  # the many-to-many to the mentioned people


_MENTIONING: list[Mentioning] = []


def register_mentioning(model: type[models.Model], text_field: str, people_field: str) -> None:
    entry = Mentioning(model, text_field, people_field)
    if entry not in _MENTIONING:
        _MENTIONING.append(entry)


def mentioning() -> list[Mentioning]:
    return list(_MENTIONING)


# Parsing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    person: Any | None  # None: names nobody of the audience
    ambiguous: bool = False


@dataclass
class Found:
    """The mentions of a text: who is mentioned, and what could not be resolved."""

    text: str
    spans: list[Span] = field(default_factory=list)

    @property
    def people(self) -> list[Any]:
        seen: dict[int, Any] = {}
        for span in self.spans:
            if span.person is not None:
                seen.setdefault(span.person.pk, span.person)
        return list(seen.values())

    @property
    def unresolved(self) -> list[str]:
        """What the author wrote after "@" where it names nobody of the audience."""
        return [
            self.text[s.start : s.end] for s in self.spans if s.person is None and not s.ambiguous
        ]

    @property
    def ambiguous(self) -> list[str]:
        return [self.text[s.start : s.end] for s in self.spans if s.ambiguous]


def candidates_query(text: str) -> models.Q | None:
    """A filter that keeps the people of an audience who might be mentioned in `text` (by the
    first word of their name or by address), so a large audience is not read whole."""
    text = normal(text)
    query = models.Q()
    for match in START.finditer(text):
        address = ADDRESS.match(text, match.end())
        if address:
            query |= models.Q(email__iexact=address.group())
        word = WORD.match(text, match.end())
        if word:
            query |= models.Q(name__istartswith=word.group())
    return query or None


def candidates(audience: models.QuerySet, text: str) -> list[Any]:
    query = candidates_query(text)
    if query is None:
        return []
    return list(audience.filter(query).exclude(name="", email=""))


def _names_pattern(people: Sequence[Any]) -> re.Pattern[str] | None:
    keys = sorted({name_key(p.name) for p in people if p.name.strip()}, key=len, reverse=True)
    if not keys:
        return None
    alternatives = [r"\s+".join(re.escape(part) for part in key.split(" ")) for key in keys]
    return re.compile("(" + "|".join(alternatives) + ")", re.IGNORECASE)


def find_mentions(text: str, people: Iterable[Any]) -> Found:
    """The mentions in `text` of the given people (the audience, or the part of it that
    `candidates` read). The longest name the text goes on with decides, and it must end
    there: "@Anna Weber" is never "@Anna", and "@Anna Webers" names nobody (not "@Anna").
    A name two of the people share resolves only with the number ("@Anna Weber#17")."""
    text = normal(text)
    people = list(people)
    by_name: dict[str, list[Any]] = {}
    for person in people:
        if person.name.strip():
            by_name.setdefault(name_key(person.name), []).append(person)
    by_address = {p.email.lower(): p for p in people if p.email}
    names = _names_pattern(people)
    found = Found(text)
    position = 0
    for start in START.finditer(text):
        at = start.start()
        if at < position:
            continue  # inside the mention before
        after = start.end()
        address = ADDRESS.match(text, after)
        if address:
            person = by_address.get(address.group().lower())
            found.spans.append(Span(at, address.end(), person))
            position = address.end()
            continue
        name = names.match(text, after) if names else None
        if name:
            same = by_name[name_key(name.group(1))]
            pin = PIN.match(text, name.end())
            if pin:
                chosen = [p for p in same if str(p.pk) == pin.group(1)]
                found.spans.append(Span(at, pin.end(), chosen[0] if chosen else None))
                position = pin.end()
            elif not ENDS.match(text, name.end()):
                end = REST.match(text, name.end()).end()
                found.spans.append(Span(at, end, None))
                position = end
            elif len(same) == 1:
                found.spans.append(Span(at, name.end(), same[0]))
                position = name.end()
            else:
                found.spans.append(Span(at, name.end(), None, ambiguous=True))
                position = name.end()
            continue
        # Names nobody: keep what was written up to the end of the next two words.
        words = re.match(r"[\w'’-]+(?:[ \t]+[\w'’-]+)?", text[after:])
        end = after + (words.end() if words else 0)
        found.spans.append(Span(at, end, None))
        position = end
    return found


def mentioned_in(text: str, audience: models.QuerySet) -> Found:
    """Parse `text` against an audience, reading only the people it might name."""
    return find_mentions(text, candidates(audience, text))


# Suggestions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    pk: int
    name: str
    insert: str  # what the autocomplete writes, "@" included


def suggestions(audience: models.QuerySet, query: str, *, exclude: Any = None) -> list[Suggestion]:
    """At most MAX_SUGGESTIONS people of the audience whose name, or a part of it, starts
    with `query`; two queries however large the audience."""
    query = " ".join(normal(query).lstrip("@").split())
    people = audience.exclude(name="")
    if exclude is not None:
        people = people.exclude(pk=exclude.pk)
    if query:
        people = people.filter(
            models.Q(name__istartswith=query)
            | models.Q(name__icontains=f" {query}")
            | models.Q(name__icontains=f"-{query}")
        )
    found = list(people.order_by("name", "pk")[:MAX_SUGGESTIONS])
    shared = _shared_names(audience, [p.name for p in found])
    return [Suggestion(p.pk, p.name, written(p, pinned=name_key(p.name) in shared)) for p in found]


def _shared_names(audience: models.QuerySet, names: list[str]) -> set[str]:
    """The names among `names` that two or more people of the audience have."""
    if not names:
        return set()
    users = get_user_model().objects.filter(pk__in=audience.values("pk"))
    rows = (
        users.annotate(lowered=Lower("name"))
        .filter(lowered__in={n.lower() for n in names})
        .values("lowered")
        .annotate(n=models.Count("pk"))
        .filter(n__gt=1)
        .values_list("lowered", flat=True)
    )
    return {name_key(name) for name in rows}


# Rendering --------------------------------------------------------------------------------

MARK = '<strong class="sw-mention">{}</strong>'


def _marked(text: str, people: Sequence[Any]) -> str:
    """`text` escaped, with the mentions of `people` marked."""
    found = find_mentions(text, people)
    parts, position = [], 0
    for span in found.spans:
        if span.person is None:
            continue
        parts.append(escape(found.text[position : span.start]))
        parts.append(MARK.format(escape(found.text[span.start : span.end])))
        position = span.end
    parts.append(escape(found.text[position:]))
    return "".join(parts)


def render_mentions(text: str, people: Iterable[Any]) -> SafeString:
    """A plain text for display: escaped, paragraphs and line breaks kept, the mentions of
    the given people (those stored with the text) marked in bold with their "@"."""
    return mark_safe(linebreaks(mark_safe(_marked(text, list(people)))))


def render_mentions_inline(text: str, people: Iterable[Any]) -> SafeString:
    """As render_mentions, with line breaks as <br> and no paragraphs."""
    return mark_safe(_marked(text, list(people)).replace("\n", "<br>"))


_TAG = re.compile(r"(<[^>]*>)")
_SKIP = {"a", "code", "pre"}


def render_markdown_mentions(text: str, people: Iterable[Any]) -> SafeString:
    """Markdown rendered and sanitised (core.text.render_markdown), then the mentions of
    the given people marked in its text, not inside links or code."""
    people = list(people)
    clean = render_markdown(text)
    if not people:
        return clean
    out, skipping = [], 0
    for piece in _TAG.split(clean):
        if piece.startswith("<"):
            tag = re.match(r"</?\s*([a-zA-Z0-9]+)", piece)
            if tag and tag.group(1).lower() in _SKIP:
                skipping += -1 if piece.startswith("</") else 1
            out.append(piece)
        elif piece and not skipping:
            out.append(_marked(html.unescape(piece), people))
        else:
            out.append(piece)
    return mark_safe("".join(out))


def replace_mentions_of(text: str, person: Any, replacement: str) -> str:
    """`text` with each mention of `person` (by name, numbered or by address) written as
    "@" + replacement: for erasure."""
    found = find_mentions(text, [person])
    parts, position = [], 0
    for span in found.spans:
        if span.person is None:
            continue
        parts.append(found.text[position : span.start])
        parts.append(f"@{replacement}")
        position = span.end
    if not parts:
        return text
    parts.append(found.text[position:])
    return "".join(parts)
