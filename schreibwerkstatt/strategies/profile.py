"""The measure profile as the measure page shows it: every filled field, in the sections of
the measure form (forms.MEASURE_FIELDSETS).

The list of fields comes from the model: a field that is neither in a section nor in
NOT_SHOWN lands in "Further details", so a new field cannot be forgotten on the page.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .forms import MEASURE_FIELDSETS, MEASURE_SECTIONS
from .models import Measure

# Shown elsewhere on the page (the title is its heading) or internal bookkeeping.
NOT_SHOWN = frozenset(
    {"id", "strategy", "title", "version", "position", "created_at", "updated_at"}
)
# Written by status updates (monitoring), not by the form; shown with the basic data.
READ_ONLY = {"grunddaten": ("progress_percent", "status_updated_at")}
# Shown even when empty ("–"): what everybody asks first.
ALWAYS = frozenset({"status", "priority", "goals", "fields", "lead_unit", "start", "end"})
# Long texts with their own inline edit (forms.MEASURE_SECTIONS): field → URL slug.
TEXT_SECTIONS = {
    field_name: (slug, label) for slug, (field_name, label) in MEASURE_SECTIONS.items()
}


@dataclass
class Row:
    name: str
    label: str
    text: str = ""  # plain text, may hold line breaks
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, url)


@dataclass
class TextSection:
    """A long text edited inline (strategies/partials/measure_section.html)."""

    slug: str
    label: str
    text: str


@dataclass
class Section:
    key: str
    legend: str
    rows: list[Row]
    texts: list[TextSection]

    @property
    def has_text(self) -> bool:
        return any(t.text for t in self.texts)


def profile_field_names() -> list[tuple[str, str, list[str]]]:
    """(key, legend, field names) per section: the form's sections, the read-only fields, and
    every other field of the model that is not in NOT_SHOWN, at the end of the last section."""
    sections = [
        (key, str(legend), [n for n in (*names, *READ_ONLY.get(key, ())) if n not in NOT_SHOWN])
        for key, legend, names in MEASURE_FIELDSETS
    ]
    placed = {name for _key, _legend, names in MEASURE_FIELDSETS for name in names}
    placed |= {name for names in READ_ONLY.values() for name in names}
    rest = [
        f.name
        for f in Measure._meta.get_fields()
        if f.concrete and f.name not in placed and f.name not in NOT_SHOWN
    ]
    sections[-1][2].extend(rest)
    return sections


def _plain(value: object, places: int | None = None) -> str:
    if isinstance(value, bool):
        return _("yes") if value else ""
    if isinstance(value, Decimal):
        return formats.number_format(value, places, use_l10n=True, force_grouping=True)
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return "" if value is None else str(value)


def _row(measure: Measure, name: str, url) -> Row:
    model_field = Measure._meta.get_field(name)
    label = capfirst(str(model_field.verbose_name))
    row = Row(name, label)
    if model_field.many_to_many:
        items = list(getattr(measure, name).all())
        if name == "goals":
            row.links = [(g.title, url("goal_edit", pk=g.pk)) for g in items]
        elif name == "depends_on":
            row.links = [(m.title, url("measure", pk=m.pk)) for m in items]
        elif name == "fields":
            row.links = [(f.title, url("field", pk=f.pk)) for f in items]
        else:
            row.text = "; ".join(str(item) for item in items)
    elif name == "parent" and measure.parent_id:
        row.links = [(measure.parent.title, url("measure", pk=measure.parent_id))]
    elif model_field.choices:
        row.text = getattr(measure, f"get_{name}_display")() if getattr(measure, name) else ""
    else:
        row.text = _plain(getattr(measure, name), getattr(model_field, "decimal_places", None))
    return row


def measure_profile(measure: Measure, slug: str) -> list[Section]:
    """The sections of the measure page with their filled rows (and the ALWAYS rows)."""

    def url(name: str, **kwargs: int) -> str:
        return reverse(
            f"strategies:{name}", kwargs={"slug": slug, "strategy": measure.strategy_id, **kwargs}
        )

    result = []
    for key, legend, names in profile_field_names():
        rows, texts = [], []
        for name in names:
            if name in TEXT_SECTIONS:
                section_slug, label = TEXT_SECTIONS[name]
                texts.append(TextSection(section_slug, str(label), getattr(measure, name)))
                continue
            row = _row(measure, name, url)
            if row.text or row.links or name in ALWAYS:
                rows.append(row)
        result.append(Section(key, legend, rows, texts))
    return result
