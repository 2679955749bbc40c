"""Meine Aufgaben, the notification settings and the calendar files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schreibwerkstatt.core.locking import StaleEditError
from schreibwerkstatt.strategies.models import Step
from schreibwerkstatt.strategies.rules import get_step_for_user, get_strategy_for_user

from . import services
from .assignments import flag_due, workload_of
from .calendar import CONTENT_TYPE, person_calendar, roadmap_calendar
from .forms import NotificationSettingsForm, SettingsActionForm, TickForm
from .models import NotificationSettings


def _my_tasks_page(
    request: HttpRequest, *, status: int = 200, conflict: Step | None = None
) -> HttpResponse:
    workload = workload_of(request.user)
    context = {
        "workload": workload,
        "today": workload.today,
        "conflict": conflict,
        "nav_active": "my_tasks",
    }
    return render(request, "personal/my_tasks.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def my_tasks(request: HttpRequest) -> HttpResponse:
    return _my_tasks_page(request)


@login_required
@require_POST
def step_toggle(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    """Tick a step from Meine Aufgaben: the permission of strategies:step_toggle, plus the
    version the person saw (someone else's change in between gives 409, nothing changed)."""
    step = get_step_for_user(request, slug, strategy, pk, "strategies.tick_step")
    form = TickForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Invalid request."), status=400)
    conflict = False
    try:
        updated = services.tick_step(
            step, done=form.cleaned_data["done"], expected_version=form.cleaned_data["version"]
        )
    except StaleEditError as error:
        updated, conflict = error.current, True
    updated.measure = step.measure
    if updated.owner_id == step.owner_id:
        updated.owner = step.owner
    updated.context_municipality = step.context_municipality
    updated.can_tick = True
    today = timezone.localdate()
    flag_due(updated, today)
    status = 409 if conflict else 200
    if request.htmx:
        context = {"step": updated, "today": today, "conflict": conflict}
        return render(request, "personal/partials/step_row.html", context, status=status)
    if conflict:
        return _my_tasks_page(request, status=status, conflict=updated)
    if updated.done:
        messages.success(request, _("“%(title)s” is done.") % {"title": updated.title})
    else:
        messages.success(request, _("“%(title)s” is open again.") % {"title": updated.title})
    return redirect("personal:my_tasks")


NEW_FEED_TOKEN = "personal_new_feed_token"  # noqa: S105 -- a session key, no secret


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    current = services.settings_of(request.user)
    form = NotificationSettingsForm.for_settings(current)
    conflict: NotificationSettings | None = None
    status = 200
    if request.method == "POST":
        action = SettingsActionForm(request.POST)
        if not action.is_valid():
            return HttpResponse(_("Invalid request."), status=400)
        what = action.cleaned_data["action"]
        if what == "renew_feed":
            # Shown once, on the next page; the session forgets it there (see below).
            request.session[NEW_FEED_TOKEN] = services.renew_feed_token(request.user)
            messages.success(
                request,
                _("Your calendar has a new address. An address used before no longer works."),
            )
            return redirect(reverse("personal:notifications") + "#calendar")
        if what == "revoke_feed":
            services.revoke_feed_token(request.user)
            messages.success(request, _("The calendar subscription has been switched off."))
            return redirect(reverse("personal:notifications") + "#calendar")
        form = NotificationSettingsForm(request.POST)
        if form.is_valid():
            try:
                services.save_notification_settings(
                    request.user,
                    reminders=form.cleaned_data["reminders"],
                    weekly_digest=form.cleaned_data["weekly_digest"],
                    expected_version=form.cleaned_data["version"],
                )
            except StaleEditError as error:
                conflict = error.current
                data = request.POST.copy()
                data["version"] = str(error.current.version)
                form = NotificationSettingsForm(data)
                form.is_valid()
                status = 409
            else:
                messages.success(request, _("Your notification settings have been saved."))
                return redirect("personal:notifications")
        else:
            status = 400
    feed_url = ""
    token = request.session.pop(NEW_FEED_TOKEN, "")
    if token and current.feed_key and token.startswith(current.feed_key):
        feed_url = request.build_absolute_uri(
            reverse("personal:calendar_feed", kwargs={"token": token})
        )
    context = {
        "form": form,
        "conflict": conflict,
        "current": current,
        "feed_url": feed_url,
    }
    return render(request, "personal/notifications.html", context, status=status)


@require_http_methods(["GET", "HEAD"])
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's calendar, found by its secret address alone (calendar programs cannot log in)."""
    person = services.feed_owner(token)
    if person is None:
        raise Http404
    response = HttpResponse(person_calendar(person), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="meine-aufgaben.ics"'
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@require_http_methods(["GET"])
def roadmap_ics(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    """The strategy's roadmap milestones as a calendar file, for members who may see it."""
    obj = get_strategy_for_user(request, slug, strategy)
    content = roadmap_calendar(obj, obj.context_municipality)
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="meilensteine-{slug}-{obj.pk}.ics"'
    return response
