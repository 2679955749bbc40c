"""The inbox (newest first, 25 a page), opening a notification (marks it read and goes to
its page), marking read, and the settings of how each kind reaches the person."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .forms import PageForm, PreferencesForm
from .models import Notification
from .rules import get_notification_for_user

PER_PAGE = 25


@login_required
@require_http_methods(["GET"])
def inbox(request: HttpRequest) -> HttpResponse:
    form = PageForm(request.GET)
    if not form.is_valid():
        return HttpResponse(_("Invalid page number."), status=400)
    notifications = Notification.objects.of(request.user).order_by("-created_at", "-pk")
    page = Paginator(notifications, PER_PAGE).get_page(form.cleaned_data["seite"] or 1)
    context = {
        "page": page,
        "nav_active": "inbox",
    }
    return render(request, "inbox/inbox.html", context)


def _back_to_inbox(request: HttpRequest) -> HttpResponse:
    form = PageForm(request.POST)
    page = form.cleaned_data["seite"] if form.is_valid() else None
    url = reverse("inbox:list")
    return redirect(f"{url}?seite={page}" if page and page > 1 else url)


@login_required
@require_POST
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_notification_for_user(request, pk)
    services.mark_read(notification)
    if not url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect("inbox:list")  # a path only, validated when it was stored
    return redirect(notification.url)


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_notification_for_user(request, pk)
    services.mark_read(notification)
    messages.success(request, _("“%(subject)s” is marked as read.") % {"subject": notification})
    return _back_to_inbox(request)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s notification is marked as read.",
            "%(count)s notifications are marked as read.",
            count,
        )
        % {"count": count},
    )
    return redirect("inbox:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.save_preferences(request.user, form.cleaned_data)
            messages.success(request, _("Your notification settings have been saved."))
            return redirect("inbox:settings")
        status = 400
    else:
        form = PreferencesForm(initial=services.preferences_of(request.user))
    context = {"form": form, "nav_active": "inbox"}
    return render(request, "inbox/settings.html", context, status=status)
