"""`{% transparency_panel %}` on the strategy overview: is the public page on, where is it, and
the switch for editors. Needs `strategy` (with context_municipality) and `request` in the
context; costs no query (roles are cached on the user)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from schreibwerkstatt.transparency import services

register = template.Library()


@register.inclusion_tag("transparency/partials/panel.html", takes_context=True)
def transparency_panel(context: template.Context) -> dict:
    request = context["request"]
    strategy = context["strategy"]
    municipality = strategy.context_municipality
    kwargs = {"slug": municipality.slug, "strategy": strategy.pk}
    embed_url = request.build_absolute_uri(reverse("transparency:embed", kwargs=kwargs))
    return {
        "strategy": strategy,
        "municipality": municipality,
        "published": services.is_published(strategy),
        "can_be_published": services.can_be_published(strategy),
        "can_publish": request.user.has_perm("transparency.publish_strategy", municipality),
        "page_url": request.build_absolute_uri(reverse("transparency:page", kwargs=kwargs)),
        # HTML to copy: escaped once as code, and once more when shown in the textarea.
        "embed_code": format_html(
            '<iframe src="{}" title="{}" width="100%" height="900" loading="lazy"></iframe>',
            embed_url,
            strategy.title,
        ),
        "csrf_token": context.get("csrf_token"),
    }
