"""The registry of history kinds: which objects have a history page and a restore.

django-simple-history records each save (`history = HistoricalRecords()` on the models).
A `HistoryKind` says how to reach one kind of object, who may restore it and which
objects a restored reference may point to. Each app registers its kinds in its own
`<app>/history.py` (found by `autodiscover_modules("history")` in apps.py); the views,
the URL patterns (urls.py) and the `{% history_link %}` tag work from the registry.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.text import capfirst

from schreibwerkstatt.municipalities.models import Municipality

# Bookkeeping columns: never shown, never restored.
ALWAYS_HIDDEN = frozenset({"id", "version", "position", "created_at", "updated_at"})


@dataclass(frozen=True)
class Target:
    """An object whose history is shown, with the municipality of the URL (and, for
    strategy content, the strategy of the URL)."""

    obj: models.Model
    municipality: Municipality
    strategy: Any = None


Choices = Callable[[Target], models.QuerySet]


@dataclass(frozen=True)
class HistoryKind:
    key: str  # URL names history:history_<key> and history:restore_<key>, unique
    slug: str  # German URL segment after "verlauf/"
    model: type[models.Model]
    # The URL before "verlauf/": it carries the slug and, for strategy content, the strategy.
    prefix: str
    # URL kwargs (besides slug) → the object; 404 for other tenants, like the object's pages.
    load: Callable[..., Target]
    may_restore: Callable[[Any, Target], bool]
    back: Callable[[Target], tuple[str, str]]  # (url, label) of the object's page
    url_kwargs: Callable[[models.Model], dict[str, int]]  # kwargs besides slug
    title: Callable[[models.Model], str] = str
    pk_in_url: bool = True  # False: the object is the strategy of the URL
    hidden: frozenset[str] = frozenset()  # not shown (still restored unless kept)
    kept: frozenset[str] = frozenset()  # restore keeps the current value
    # Which objects a restored reference (foreign key or many-to-many) may point to;
    # without an entry: any existing one.
    choices: Mapping[str, Choices] = field(default_factory=dict)
    # Further checks of the values to restore; returns an error message or "".
    check: Callable[[Target, dict[str, Any]], str] | None = None
    # Where objects of this kind are named in another object's history: what their
    # names need loaded along (select_related), and the names of deleted ones from their
    # history records, newest record of each id first ({id: name}); default str(instance).
    name_related: tuple[str, ...] = ()
    deleted_names: Callable[[list[Any]], dict[int, str]] | None = None

    @property
    def label(self) -> str:
        return capfirst(str(self.model._meta.verbose_name))

    def history_url(self, obj: models.Model, slug: str) -> str:
        return reverse(f"history:history_{self.key}", kwargs={"slug": slug, **self.url_kwargs(obj)})

    def restore_url(self, obj: models.Model, slug: str, history_id: int) -> str:
        return reverse(
            f"history:restore_{self.key}",
            kwargs={"slug": slug, "history_id": history_id, **self.url_kwargs(obj)},
        )

    # Fields --------------------------------------------------------------------------

    def _editable(self) -> list[models.Field]:
        return [
            f
            for f in self.model._meta.concrete_fields
            if f.editable and not f.primary_key and f.name not in ALWAYS_HIDDEN
        ]

    def shown_fields(self) -> list[models.Field]:
        return [f for f in self._editable() if f.name not in self.hidden]

    def restored_fields(self) -> list[models.Field]:
        return [f for f in self._editable() if f.name not in self.kept]

    def m2m_fields(self) -> list[models.ManyToManyField]:
        """The many-to-many fields the history records (HistoricalRecords(m2m_fields=...))."""
        tracked = getattr(self.model.history.model, "_history_m2m_fields", [])
        names = {f.name for f in tracked} - self.hidden - self.kept
        return [f for f in self.model._meta.many_to_many if f.name in names]


REGISTRY: dict[type[models.Model], HistoryKind] = {}


def register(*kinds: HistoryKind) -> tuple[HistoryKind, ...]:
    for kind in kinds:
        clash = next((k for k in REGISTRY.values() if k.key == kind.key), None)
        if clash is not None and clash.model is not kind.model:
            raise ValueError(f"History kind {kind.key!r} is registered twice")
        REGISTRY[kind.model] = kind
    return kinds


def kind_for(obj: models.Model) -> HistoryKind | None:
    return REGISTRY.get(type(obj))
