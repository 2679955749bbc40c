"""What a measure's page says about the library (strategies' origin hook, origins.py): on a
measure taken over, where it came from ("Übernommen aus …, Stand …", also after the origin was
deleted); on a measure of the library, how often and by whom it was taken over (only the
municipalities that agreed are named). One query for each, however much there is."""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from schreibwerkstatt.strategies.models import Measure
from schreibwerkstatt.strategies.origins import Origin

from .models import Adoption


def _date(value) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATE_FORMAT")


def reuse_text(adoptions: list[Adoption]) -> str:
    """ "Twice taken over from the library: by Amt Beispielsee and 1 municipality not named"."""
    names = sorted({a.municipality.name for a in adoptions if a.named})
    unnamed = sum(1 for a in adoptions if not a.named)
    count = ngettext(
        "Taken over once from the library",
        "Taken over %(count)s times from the library",
        len(adoptions),
    ) % {"count": len(adoptions)}
    parts = list(names)
    if unnamed:
        parts.append(
            ngettext(
                "%(count)s municipality not named", "%(count)s municipalities not named", unnamed
            )
            % {"count": unnamed}
        )
    return _("%(count)s: by %(who)s.") % {"count": count, "who": ", ".join(parts)}


def adoption_origins(user, municipality, obj) -> list[Origin]:
    if not isinstance(obj, Measure):
        return []
    found = []
    adoption = (
        Adoption.objects.filter(measure=obj)
        .only("origin_id", "origin_label", "origin_title", "origin_stand")
        .first()
    )
    if adoption is not None:
        text = _(
            "Taken over from the measure library: “%(title)s” of %(origin)s, as of %(date)s."
        ) % {
            "title": adoption.origin_title,
            "origin": adoption.origin_label,
            "date": _date(adoption.origin_stand),
        }
        url = (
            reverse("library:measure", kwargs={"pk": adoption.origin_id})
            if adoption.origin_id
            else ""
        )
        found.append(Origin(text, url))
    reuses = list(Adoption.objects.filter(origin=obj).select_related("municipality"))
    if reuses:
        found.append(Origin(reuse_text(reuses)))
    return found
