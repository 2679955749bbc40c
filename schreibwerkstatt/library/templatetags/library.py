"""Template tags other apps' pages use to show the library (a `{% load %}` is not an import):
`{% similar_measures strategy %}` under a new measure's title, `{% library_box measure %}` on
a measure's page."""

from django import template

from schreibwerkstatt.transparency.services import HIDDEN_MEASURE_STATUSES, is_published

from ..models import Share

register = template.Library()


@register.inclusion_tag("library/partials/similar.html", takes_context=True)
def similar_measures(context, strategy) -> dict:
    user = context["request"].user
    return {"strategy": strategy, "show": user.has_perm("library.view_library")}


@register.inclusion_tag("library/partials/measure_box.html", takes_context=True)
def library_box(context, measure) -> dict:
    municipality = context["municipality"]
    user = context["request"].user
    share = Share.objects.filter(measure=measure).select_related("contact").first()
    return {
        "measure": measure,
        "municipality": municipality,
        "share": share,
        "published": is_published(measure.strategy)
        and measure.status not in HIDDEN_MEASURE_STATUSES,
        "can_share": user.has_perm("library.share_measure", municipality),
        "csrf_token": context.get("csrf_token"),
    }
