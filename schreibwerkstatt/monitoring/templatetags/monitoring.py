"""Monitoring on the strategies app's pages, without the strategies app knowing monitoring's
partials.

`{% status_timeline %}` on the measure page (strategies/measure.html): the measure's dated
status updates, newest first, with who wrote them and what changed, and the form for a new
update for those who may edit the measure. `{% latest_state measure %}` in lists of measures:
its status, progress and date.
"""

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

from schreibwerkstatt.monitoring.charts import plain_decimal
from schreibwerkstatt.monitoring.forms import StatusUpdateForm
from schreibwerkstatt.monitoring.rules import DELETE_STATUS, RECORD_STATUS

register = template.Library()


@register.inclusion_tag("monitoring/partials/timeline.html", takes_context=True)
def status_timeline(context: template.Context, form: StatusUpdateForm | None = None) -> dict:
    measure = context["measure"]
    user = context["request"].user
    updates = list(measure.status_updates.select_related("author"))
    # Oldest first, to tell which update changed the status.
    previous = None
    for update in reversed(updates):
        update.changed_from = (
            previous.get_status_display() if previous and previous.status != update.status else ""
        )
        previous = update
    can_record = user.has_perm(RECORD_STATUS, measure)
    if form is None and can_record:
        form = StatusUpdateForm(measure=measure)
    return {
        "measure": measure,
        "municipality": context["municipality"],
        "strategy": context["strategy"],
        "updates": updates,
        "form": form,
        "can_record": can_record,
        "can_delete": user.has_perm(DELETE_STATUS, measure),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("monitoring/partials/latest_state.html")
def latest_state(measure: Any) -> dict:
    return {"measure": measure}


@register.simple_tag
def status_badge_class(status: str) -> str:
    """KERN badge modifier of a measure status; the status name is always written out."""
    return {"done": "success", "deferred": "warning"}.get(status, "info")


@register.filter
def number(value):
    """A measured number as Germans read it, without trailing zeros: 1.250,5."""
    if value is None or value == "":
        return "–"
    return number_format(plain_decimal(Decimal(value)), use_l10n=True, force_grouping=True)
