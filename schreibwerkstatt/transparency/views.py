"""The public transparency page of a strategy (anonymous), its embeddable variant, the list of
all published strategies, and the switch editors use on the strategy overview.

The public views render without the request context: no session, user, CSRF token or
messages reach their templates, so nothing personal can show up and a shared cache may keep
the answer for everybody (Cache-Control: public).
"""

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_http_methods, require_POST

from schreibwerkstatt.core.text import render_markdown
from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.strategies.models import Strategy
from schreibwerkstatt.strategies.rules import get_strategy_for_user

from . import services
from .forms import PublishForm

public_cache = cache_control(public=True, max_age=services.CACHE_SECONDS)


def _public_response(template: str, context: dict) -> HttpResponse:
    response = HttpResponse(render_to_string(template, context))
    # The language may come from the language cookie, not only from Accept-Language.
    patch_vary_headers(response, ("Cookie",))
    return response


def _published(slug: str, pk: int) -> Strategy:
    """The published strategy or 404, saying nothing about whether it exists."""
    municipality = Municipality.objects.filter(slug=slug).first()
    strategy = services.published_strategy(municipality, pk) if municipality else None
    if strategy is None:
        raise Http404
    strategy.context_municipality = municipality
    return strategy


def _page_context(strategy: Strategy) -> dict:
    slug = strategy.context_municipality.slug
    kwargs = {"slug": slug, "strategy": strategy.pk}
    return {
        "strategy": strategy,
        "vision": render_markdown(strategy.vision),
        "content": services.public_content(strategy),
        "page_url": reverse("transparency:page", kwargs=kwargs),
        "embed_url": reverse("transparency:embed", kwargs=kwargs),
        "index_url": reverse("transparency:index"),
    }


@require_http_methods(["GET"])
@public_cache
def index(request: HttpRequest) -> HttpResponse:
    strategies = (
        services.published_strategies()
        .select_related("municipality")
        .order_by("municipality__name", "title", "pk")
    )
    return _public_response("transparency/index.html", {"strategies": strategies})


@require_http_methods(["GET"])
@public_cache
def page(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = _published(slug, strategy)
    return _public_response("transparency/page.html", _page_context(obj))


@require_http_methods(["GET"])
@public_cache
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def embed(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    """The same content without header and footer, for an iframe on any website."""
    obj = _published(slug, strategy)
    return _public_response("transparency/embed.html", _page_context(obj))


@login_required
@require_POST
def toggle(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy, "transparency.publish_strategy")
    form = PublishForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Invalid request."), status=400)
    updated = services.set_public_page(obj, public=form.cleaned_data["public"])
    if not updated.public_page:
        messages.success(
            request,
            _(
                "The transparency page is switched off. Browsers and caches may still show "
                "copies of it for up to five minutes."
            ),
        )
    elif services.can_be_published(updated):
        messages.success(
            request, _("The transparency page is switched on. Everybody can see it now.")
        )
    else:
        messages.warning(
            request,
            _(
                "The transparency page is switched on, but stays hidden until the strategy "
                "has the status “Adopted” or “In implementation”."
            ),
        )
    return redirect(obj.url_for(obj.context_municipality) + "#transparency")
