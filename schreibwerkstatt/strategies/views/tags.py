"""Classification axes and their tags."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..forms import TagAxisForm, TagForm
from ..models import Strategy, Tag
from ..rules import get_strategy_for_user, get_tag_axis_for_user, get_tag_for_user
from .common import EDIT, InlineEdit, _context, _go, _url


@login_required
@require_http_methods(["GET", "POST"])
def tags(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy)
    error = ""
    if request.method == "POST":
        if not request.user.has_perm(EDIT, obj.context_municipality):
            raise PermissionDenied
        axis_name = request.POST.get("axis", "").strip()
        tag_name = request.POST.get("tag", "").strip()
        if not axis_name or len(axis_name) > 100 or len(tag_name) > 100:
            error = _(
                "Please give the axis a name of at most 100 characters, and each tag at most 100 characters."
            )
        else:
            services.add_tag(obj, axis_name=axis_name, tag_name=tag_name)
            return _go(obj, "tags")
    axes = obj.tag_axes.prefetch_related(
        Prefetch("tags", queryset=Tag.objects.annotate(n=Count("measures")))
    )
    context = _context(request, obj, axes=axes, error=error, nav_active=5)
    return render(request, "strategies/tags.html", context, status=400 if error else 200)


def _tags_page_context(request: HttpRequest, obj: Strategy) -> dict:
    return _context(request, obj, nav_active=5)


@login_required
@require_http_methods(["GET", "POST"])
def tag_axis_edit(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    axis = get_tag_axis_for_user(request, slug, strategy, pk, EDIT)
    obj = axis.strategy
    return InlineEdit.of_entry(
        request, obj, axis, "tag_axis", make_form=TagAxisForm, back=_url(obj, "tags"),
        title=_("Rename classification axis"), name=axis.name,
        display_template="strategies/partials/tag_axis.html", display=lambda item: {"axis": item},
        context=_tags_page_context(request, obj), saved_message=_("The axis has been renamed."),
        container="div", container_class="sw-tag-axis",
    ).respond()  # fmt: skip


@login_required
@require_POST
def tag_axis_delete(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    """Only an empty axis: its tags may classify measures, so they go one by one, knowingly."""
    axis = get_tag_axis_for_user(request, slug, strategy, pk, EDIT)
    obj = axis.strategy
    if axis.tags.exists():
        messages.error(
            request,
            _("The axis “%(name)s” still has tags. Delete its tags first.") % {"name": axis.name},
        )
    else:
        services.delete_tag_axis(axis)
        messages.success(request, _("The axis “%(name)s” has been deleted.") % {"name": axis.name})
    return _go(obj, "tags")


@login_required
@require_http_methods(["GET", "POST"])
def tag_edit(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    tag = get_tag_for_user(request, slug, strategy, pk, EDIT)
    obj = tag.axis.strategy

    def display(item: Tag) -> dict:
        item.n = tag.n  # a rename keeps the measures
        return {"tag": item}

    return InlineEdit.of_entry(
        request, obj, tag, "tag", make_form=TagForm, back=_url(obj, "tags"), title=_("Rename tag"),
        name=str(tag), display_template="strategies/partials/tag.html", display=display,
        context=_tags_page_context(request, obj), saved_message=_("The tag has been renamed."),
    ).respond()  # fmt: skip


@login_required
@require_POST
def tag_delete(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    """The measures lose this tag and nothing else. A tag in use is deleted only after a
    confirmation naming how many measures lose it (restoring the tag from its history does
    not give it back to them)."""
    tag = get_tag_for_user(request, slug, strategy, pk, EDIT)
    obj = tag.axis.strategy
    if tag.n and request.POST.get("confirm") != "1":
        context = _tags_page_context(request, obj) | {"tag": tag, "back": _url(obj, "tags")}
        return render(request, "strategies/tag_delete.html", context)
    services.delete_tag(tag)
    messages.success(request, _("The tag “%(name)s” has been deleted.") % {"name": str(tag)})
    return _go(obj, "tags")
