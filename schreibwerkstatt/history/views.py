"""The history page of each kind of editable object, and the restore of an earlier
version (services.py does the work). Every kind gets the same two URLs (urls.py):
<prefix>verlauf/<kind slug>/<pk>/ and <prefix>verlauf/<kind slug>/<pk>/<history_id>/wiederherstellen/.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from schreibwerkstatt.core.locking import StaleEditError

from . import services as history
from .kinds import HistoryKind


class PageForm(forms.Form):
    seite = forms.IntegerField(
        min_value=1,
        required=False,
        error_messages={
            "invalid": gettext_lazy("Please give the page as a whole number."),
            "min_value": gettext_lazy("Please give the page as a whole number."),
        },
    )


class RestoreForm(forms.Form):
    version = forms.IntegerField(min_value=1)


def _split(kwargs: dict[str, Any]) -> tuple[HistoryKind, dict[str, Any]]:
    kind = kwargs.pop("kind")
    return kind, kwargs


@login_required
@require_GET
def history_page(request: HttpRequest, slug: str, **kwargs: Any) -> HttpResponse:
    kind, ids = _split(kwargs)
    target = kind.load(request, slug, **ids)
    form = PageForm(request.GET)
    if not form.is_valid():
        return HttpResponse(" ".join(form.errors["seite"]), status=400)
    try:
        page = history.history_page(kind, target.obj, form.cleaned_data["seite"] or 1)
    except history.PageOutOfRange:
        return HttpResponse(_("This page of the history does not exist."), status=400)
    for entry in page.entries:
        entry.restore_url = kind.restore_url(target.obj, slug, entry.record.history_id)
    back_url, back_label = kind.back(target)
    base = kind.history_url(target.obj, slug)
    context = {
        "municipality": target.municipality,
        "strategy": target.strategy,
        "kind": kind,
        "obj": target.obj,
        "title": kind.title(target.obj),
        "page": page,
        "can_restore": kind.may_restore(request.user, target),
        "back_url": back_url,
        "back_label": back_label,
        "previous_url": f"{base}?seite={page.number - 1}" if page.has_previous else "",
        "next_url": f"{base}?seite={page.number + 1}" if page.has_next else "",
        "nav_active": "history",
    }
    return render(request, "history/page.html", context)


@login_required
@require_POST
def restore(request: HttpRequest, slug: str, history_id: int, **kwargs: Any) -> HttpResponse:
    kind, ids = _split(kwargs)
    target = kind.load(request, slug, **ids)
    if not kind.may_restore(request.user, target):
        raise PermissionDenied
    record = history.record_of(target.obj, history_id)
    form = RestoreForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Invalid request."), status=400)
    back = redirect(kind.history_url(target.obj, slug))
    try:
        result = history.restore(
            kind, target, record, expected_version=form.cleaned_data["version"]
        )
    except StaleEditError:
        messages.error(
            request,
            _(
                "Somebody else changed this entry in the meantime, so nothing was restored. "
                "The history below shows the latest changes; please choose again."
            ),
        )
        return back
    except history.NothingToRestore as error:
        messages.info(request, error.message)
        return back
    except history.RestoreError as error:
        messages.error(request, error.message)
        return back
    messages.success(
        request,
        _("The version of %(date)s has been restored.") % {"date": history.when(record)},
    )
    for names in result.left_out:
        messages.warning(
            request,
            _(
                "Links to entries that no longer exist were left out: %(names)s. "
                "Please check the links."
            )
            % {"names": names},
        )
    return back
