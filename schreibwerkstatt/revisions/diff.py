"""What changed between two states of a strategy document: pure functions on snapshots.

A snapshot (documents/snapshot.py) holds the chapters' texts and the structure as exported
by strategies.open_data.export_strategy. Chapters are matched by their key, the elements of
the structure (fields of action, goals, measures ...) by their stable exchange ids
("measure-<pk>"), so a renamed measure is one changed measure, not one removed and one added.

Texts are compared line by line (a Markdown paragraph or list item is one line), and
changed lines word by word, with difflib. Nothing here reads the database.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from typing import Any, Literal

from django.db import models
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schreibwerkstatt.strategies.models import (
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    Indicator,
    Measure,
    Milestone,
    Strategy,
)

Kind = Literal["equal", "insert", "delete"]
# Below this similarity a changed line is shown as removed and added, not word by word.
WORD_DIFF_MIN_RATIO = 0.35
# Unchanged lines kept around a change; longer unchanged runs are folded.
CONTEXT_LINES = 1
# Values longer than this (or with line breaks) are compared word by word in the structure.
LONG_TEXT = 80
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Segment:
    kind: Kind
    text: str


@dataclass(frozen=True)
class Line:
    """One line of a text comparison: kept, added, removed, changed (word segments) or a fold
    of `skipped` unchanged lines."""

    kind: Literal["equal", "insert", "delete", "change", "skip"]
    segments: tuple[Segment, ...] = ()
    skipped: int = 0


@dataclass(frozen=True)
class ChapterChange:
    key: str
    title: str
    old_title: str
    state: Literal["changed", "added", "removed"]
    enabled: bool | None  # the new switch state if it changed, else None
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    old: str
    new: str
    segments: tuple[Segment, ...] = ()  # a word comparison for long texts


@dataclass(frozen=True)
class Item:
    id: str
    title: str


@dataclass(frozen=True)
class ItemChange:
    id: str
    title: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class SectionDiff:
    key: str
    label: str
    added: tuple[Item, ...]
    removed: tuple[Item, ...]
    changed: tuple[ItemChange, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True)
class DocumentDiff:
    strategy: tuple[FieldChange, ...]
    chapters: tuple[ChapterChange, ...]
    sections: tuple[SectionDiff, ...]

    @property
    def is_empty(self) -> bool:
        return not self.strategy and not self.chapters and all(s.is_empty for s in self.sections)

    @property
    def changed_sections(self) -> tuple[SectionDiff, ...]:
        return tuple(section for section in self.sections if not section.is_empty)


# Text ---------------------------------------------------------------------------------------


def _merge(segments: Iterable[Segment]) -> tuple[Segment, ...]:
    merged: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if merged and merged[-1].kind == segment.kind:
            merged[-1] = Segment(segment.kind, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return tuple(merged)


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """`old` → `new` as kept, removed and inserted pieces, compared word by word. A mere space
    between two changes joins them, so "Bürgerinnen und Bürger" → "alle Menschen" reads as one
    replacement, not as a word salad."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    steps = [
        (tag, "".join(a[i1:i2]), "".join(b[j1:j2]))
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    ]
    for index in range(1, len(steps) - 1):
        tag, text, _same = steps[index]
        if (
            tag == "equal"
            and text.isspace()
            and "equal" not in (steps[index - 1][0], steps[index + 1][0])
        ):
            steps[index] = ("replace", text, text)
    result: list[Segment] = []
    removed: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        result.extend([Segment("delete", "".join(removed)), Segment("insert", "".join(inserted))])
        removed.clear()
        inserted.clear()

    for tag, before, after in steps:
        if tag == "equal":
            flush()
            result.append(Segment("equal", before))
        else:
            removed.append(before)
            inserted.append(after)
    flush()
    return _merge(result)


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in (text or "").splitlines() if line.strip()]


def _changed_lines(old: Sequence[str], new: Sequence[str]) -> list[Line]:
    """Pairs of replaced lines compared word by word where they are alike enough."""
    lines: list[Line] = []
    for index in range(max(len(old), len(new))):
        before = old[index] if index < len(old) else None
        after = new[index] if index < len(new) else None
        if before is not None and after is not None:
            ratio = SequenceMatcher(None, before, after, autojunk=False).ratio()
            if ratio >= WORD_DIFF_MIN_RATIO:
                lines.append(Line("change", word_diff(before, after)))
                continue
        if before is not None:
            lines.append(Line("delete", (Segment("delete", before),)))
        if after is not None:
            lines.append(Line("insert", (Segment("insert", after),)))
    return lines


def _fold(lines: list[Line], context: int) -> tuple[Line, ...]:
    """Keep `context` unchanged lines around each change; fold the longer unchanged runs."""
    changed = [i for i, line in enumerate(lines) if line.kind != "equal"]
    if not changed:
        return ()
    keep = {j for i in changed for j in range(i - context, i + context + 1)}
    result: list[Line] = []
    skipped = 0
    for index, line in enumerate(lines):
        if index in keep:
            if skipped:
                result.append(Line("skip", skipped=skipped))
                skipped = 0
            result.append(line)
        else:
            skipped += 1
    if skipped:
        result.append(Line("skip", skipped=skipped))
    return tuple(result)


def text_diff(old: str, new: str, *, context: int = CONTEXT_LINES) -> tuple[Line, ...]:
    """The changed lines of a text with a little context; empty when nothing changed."""
    a, b = _lines(old), _lines(new)
    if a == b:
        return ()
    lines: list[Line] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            lines.extend(Line("equal", (Segment("equal", line),)) for line in a[i1:i2])
        elif tag == "delete":
            lines.extend(Line("delete", (Segment("delete", line),)) for line in a[i1:i2])
        elif tag == "insert":
            lines.extend(Line("insert", (Segment("insert", line),)) for line in b[j1:j2])
        else:
            lines.extend(_changed_lines(a[i1:i2], b[j1:j2]))
    return _fold(lines, context)


def chapter_changes(
    old: Sequence[dict[str, Any]], new: Sequence[dict[str, Any]]
) -> tuple[ChapterChange, ...]:
    """Changed, added and removed chapters (title, switch, text), in the new document's order."""
    before = {chapter["key"]: chapter for chapter in old}
    after = {chapter["key"]: chapter for chapter in new}
    order = [chapter["key"] for chapter in new] + [c["key"] for c in old if c["key"] not in after]
    changes: list[ChapterChange] = []
    for key in order:
        a, b = before.get(key), after.get(key)
        if a is None and b is not None:
            changes.append(
                ChapterChange(key, b["title"], "", "added", None, text_diff("", b.get("text", "")))
            )
        elif b is None and a is not None:
            changes.append(
                ChapterChange(
                    key, a["title"], a["title"], "removed", None, text_diff(a.get("text", ""), "")
                )
            )
        elif a is not None and b is not None:
            lines = text_diff(a.get("text", ""), b.get("text", ""))
            switched = bool(a.get("enabled", True)) != bool(b.get("enabled", True))
            if lines or switched or a["title"] != b["title"]:
                changes.append(ChapterChange(
                    key, b["title"], a["title"], "changed",
                    bool(b.get("enabled", True)) if switched else None, lines,
                ))  # fmt: skip
    return tuple(changes)


# Structure ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Section:
    key: str  # list in the exchange document
    label: Any
    model: type[models.Model]
    title_key: str = "title"


SECTIONS = (
    _Section("fields_of_action", gettext_lazy("Fields of action"), FieldOfAction),
    _Section("goals", gettext_lazy("Goals"), Goal),
    _Section("measures", gettext_lazy("Measures"), Measure),
    _Section("indicators", gettext_lazy("Indicators"), Indicator, "name"),
    _Section("milestones", gettext_lazy("Milestones"), Milestone),
    _Section("guiding_principles", gettext_lazy("Guiding principles"), GuidingPrinciple, "text"),
)
# Bookkeeping, not content.
IGNORED = frozenset({"id", "created_at", "updated_at"})
# References to other elements, shown by their titles: key → section the ids point into.
REFERENCES = {
    "parent": None,  # the element's own section
    "goal": "goals",
    "measure": "measures",
    "goals": "goals",
    "fields": "fields_of_action",
    "depends_on": "measures",
}
EXTRA_LABELS = {"tags": gettext_lazy("tags"), "sub_areas": gettext_lazy("sub-areas")}


def _label(model: type[models.Model], name: str) -> str:
    if name in EXTRA_LABELS:
        return capfirst(str(EXTRA_LABELS[name]))
    try:
        return capfirst(str(model._meta.get_field(name).verbose_name))
    except Exception:
        return capfirst(name.replace("_", " "))


def _choices(model: type[models.Model], name: str) -> dict[str, str]:
    try:
        field = model._meta.get_field(name)
    except Exception:
        return {}
    return {str(k): str(v) for k, v in getattr(field, "flatchoices", []) or []}


def _titles(document: dict[str, Any]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for section in SECTIONS:
        for item in document.get(section.key, []) or []:
            titles[item["id"]] = str(item.get(section.title_key) or item["id"])
    for partner in document.get("partners", []) or []:
        titles[str(partner.get("ags"))] = str(partner.get("name") or partner.get("ags"))
    return titles


def _is_date(value: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


def display(model: type[models.Model], name: str, value: Any, titles: dict[str, str]) -> str:
    """A value of the exchange format as people read it (titles for ids, labels for choices)."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name in REFERENCES or name == "partner_municipality":
        refs = value if isinstance(value, list) else [value]
        return ", ".join(titles.get(str(ref), str(ref)) for ref in refs)
    if name == "tags":
        return ", ".join(f"{tag.get('axis', '')}: {tag.get('tag', '')}" for tag in value)
    if isinstance(value, list):
        return ", ".join(str(entry) for entry in value)
    choices = _choices(model, name)
    if str(value) in choices:
        return choices[str(value)]
    if isinstance(value, str) and _is_date(value):
        try:
            return formats.date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    field = _field(model, name)
    if isinstance(field, models.DecimalField):
        try:
            return formats.number_format(Decimal(str(value)), use_l10n=True, force_grouping=True)
        except (InvalidOperation, ValueError):
            return str(value)
    return str(value)


def _field(model: type[models.Model], name: str) -> Any:
    try:
        return model._meta.get_field(name)
    except Exception:
        return None


def field_changes(
    model: type[models.Model],
    old: dict[str, Any],
    new: dict[str, Any],
    titles_old: dict[str, str],
    titles_new: dict[str, str],
) -> tuple[FieldChange, ...]:
    changes: list[FieldChange] = []
    for name in dict.fromkeys([*old, *new]):
        if name in IGNORED or old.get(name) == new.get(name):
            continue
        before = display(model, name, old.get(name), titles_old)
        after = display(model, name, new.get(name), titles_new)
        if before == after:
            continue  # e.g. a reference to an element that was only renamed
        segments: tuple[Segment, ...] = ()
        texts = isinstance(old.get(name), str) and isinstance(new.get(name), str)
        if texts and (max(len(before), len(after)) > LONG_TEXT or "\n" in before + after):
            segments = word_diff(old.get(name) or "", new.get(name) or "")
        changes.append(FieldChange(name, _label(model, name), before, after, segments))
    return tuple(changes)


def structure_changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[SectionDiff, ...]:
    """Elements added, removed and changed (field by field) per section of the structure;
    `old` and `new` are exchange documents (export_strategy)."""
    titles_old, titles_new = _titles(old), _titles(new)
    sections: list[SectionDiff] = []
    for section in SECTIONS:
        before = {item["id"]: item for item in old.get(section.key, []) or []}
        after = {item["id"]: item for item in new.get(section.key, []) or []}
        added = tuple(Item(i, titles_new.get(i, i)) for i in after if i not in before)
        removed = tuple(Item(i, titles_old.get(i, i)) for i in before if i not in after)
        changed = []
        for identifier, item in after.items():
            if identifier in before and before[identifier] != item:
                fields = field_changes(
                    section.model, before[identifier], item, titles_old, titles_new
                )
                if fields:
                    changed.append(
                        ItemChange(identifier, titles_new.get(identifier, identifier), fields)
                    )
        sections.append(
            SectionDiff(section.key, capfirst(str(section.label)), added, removed, tuple(changed))
        )
    return tuple(sections)


def strategy_changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[FieldChange, ...]:
    """Changed fields of the strategy itself (title, motto, period, budget, vision ...)."""
    a = dict(old.get("strategy") or {})
    b = dict(new.get("strategy") or {})
    return field_changes(Strategy, a, b, {}, {})


def compare(old: dict[str, Any], new: dict[str, Any]) -> DocumentDiff:
    """Everything that changed from snapshot `old` to snapshot `new`."""
    structure_old, structure_new = old.get("strategy") or {}, new.get("strategy") or {}
    return DocumentDiff(
        strategy=strategy_changes(structure_old, structure_new),
        chapters=chapter_changes(old.get("chapters") or [], new.get("chapters") or []),
        sections=structure_changes(structure_old, structure_new),
    )
