from django import template

from ..charts import share_text
from ..rules import may_view_picture

register = template.Library()


@register.filter
def share(value: float) -> str:
    """A share in percent as people read it: 4,8 (the % sign follows in the template)."""
    return share_text(value)


@register.inclusion_tag("statewide/partials/start_link.html", takes_context=True)
def statewide_for_organisers(context) -> dict:
    """On the start page of advisers and operators (municipalities/choose.html): the way to
    the statewide picture; nothing for anybody else."""
    request = context.get("request")
    return {"shown": request is not None and may_view_picture(request.user)}
