from django import template

from schreibwerkstatt.municipalities.rules import is_operator

register = template.Library()


@register.inclusion_tag("public/partials/operator_link.html", takes_context=True)
def site_pages_for_operators(context) -> dict:
    """On the operator's start page (municipalities/choose.html): the way to edit the site
    pages; nothing for anybody else."""
    request = context.get("request")
    return {"shown": request is not None and is_operator(request.user)}
