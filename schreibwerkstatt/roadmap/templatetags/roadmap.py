"""The roadmap on the strategies app's pages, without the strategies app knowing the roadmap's
partials: `{% measure_milestones %}` on the measure page (strategies/measure.html) shows the
measure's milestones and its roadmap actions."""

from django import template

register = template.Library()


@register.inclusion_tag("roadmap/partials/measure_milestones.html", takes_context=True)
def measure_milestones(context: template.Context) -> dict:
    return {
        "measure": context["measure"],
        "can_edit_measure": context.get("can_edit_measure", False),
        "municipality": context["municipality"],
        "strategy": context["strategy"],
        "request": context.get("request"),
    }
