"""Inline editing with htmx, one rendering path for the full page and the fragment.

An element of a list (a step, an indicator, a goal ...) is shown by its display partial.
Its "Edit" link is a real link to the full edit page and, with htmx, fetches the same URL
into the element's place. The edit view renders one form partial
(`core/partials/edit_form.html`): the full page includes it; an htmx request gets it
alone, inside the element's container (`li`, `tr` ...), so lists and tables stay valid.

Answers to htmx: the form (200), the form with errors (422), the form with the other
person's saved values (409, nothing overwritten), the display partial after a save (200,
plus "Saved" into the page's live region) or on "Cancel" (`?anzeige=1`). Focus: into the
form when it opens (`autofocus`), back to the element's edit link after save or cancel.
htmx 2 swaps 409 and 422 through `responseHandling` in base.html. The swaps settle at once
(`settle:0ms`): otherwise Chrome's own autofocus can focus the new form before htmx has
taken it over, and an Enter pressed then would submit it as a full page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .conflicts import save_or_conflict

SHOW = "anzeige"


class ShowForm(forms.Form):
    """The query string of an edit URL: `?anzeige=1` asks for the display partial."""

    anzeige = forms.ChoiceField(
        choices=[("1", gettext_lazy("display"))],
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Invalid request.")},
    )


def is_fragment_request(request: HttpRequest) -> bool:
    """An htmx request for a piece of the page (not htmx restoring a whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def set_autofocus(form: forms.BaseForm) -> None:
    """Focus the first field with an error, else the first visible field."""
    visible = [
        name
        for name, field in form.fields.items()
        if not field.widget.is_hidden and not isinstance(field.widget, forms.CheckboxSelectMultiple)
    ]
    with_errors = [name for name in visible if name in form.errors]
    chosen = (with_errors or visible)[:1]
    for name in chosen:
        form.fields[name].widget.attrs["autofocus"] = True


@dataclass
class InlineEdit:
    """One editable element: how to build its form, show it, and where to go afterwards.

    `context` is the page context (municipality, strategy, can_edit ...). `display` returns
    the display partial's context for the (freshly saved) object. Without htmx the form is
    shown on `page_template`, a page that includes core/partials/edit_form.html, or on the
    page `full_page` renders.
    """

    request: HttpRequest
    instance: models.Model
    make_form: Callable[..., forms.BaseForm]
    dom_id: str
    edit_url: str
    back: str
    title: str
    name: str
    display_template: str
    display: Callable[[Any], dict]
    context: dict
    saved_message: str
    container: str = "li"
    container_class: str = "sw-checklist__item"
    colspan: int = 1
    page_template: str = ""
    delete_url: str = ""
    can_edit: bool = True
    success_url: str = ""
    full_page: Callable[[dict, int], HttpResponse] | None = None
    after_save: Callable[[Any], HttpResponse | None] | None = None
    # How a valid form is saved (a service that also tells someone); else `save_versioned`.
    save: Callable[[forms.BaseForm], Any] | None = None

    def form(self, data=None, instance=None) -> forms.BaseForm:
        return self.make_form(data, instance=instance or self.instance, auto_id=f"{self.dom_id}-%s")

    def respond(self) -> HttpResponse:
        request, fragment = self.request, is_fragment_request(self.request)
        if (request.method == "POST" or fragment) and not self.can_edit:
            raise PermissionDenied
        if request.method == "GET" and request.GET:
            show = ShowForm(request.GET)
            if not show.is_valid():
                return HttpResponse(_("Invalid request."), status=400)
            if show.cleaned_data[SHOW]:
                if not fragment:
                    return redirect(self.back)
                return self.render_display(self.instance, status_message="")
        form = self.form(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            save = (lambda: self.save(form)) if self.save else None
            saved, conflict = save_or_conflict(request, form, self.form, save)
            if conflict is not None:
                return self.render_form(conflict.form, conflict=conflict.rows, status=409)
            if fragment:
                custom = self.after_save(saved) if self.after_save else None
                return custom or self.render_display(saved, status_message=self.saved_message)
            messages.success(request, self.saved_message)
            return redirect(self.success_url or self.back)
        status = (422 if fragment else 400) if form.errors else 200
        return self.render_form(form, status=status)

    def form_context(self, form, conflict=None) -> dict:
        return {
            **self.context,
            "form": form,
            "conflict": conflict,
            "title": self.title,
            "name": self.name,
            "back": self.back,
            "edit_url": self.edit_url,
            "dom_id": self.dom_id,
            "delete_url": self.delete_url,
        }

    def render_form(self, form, *, conflict=None, status: int = 200) -> HttpResponse:
        context = self.form_context(form, conflict)
        if is_fragment_request(self.request):
            set_autofocus(form)
            context |= {"inline": True, "container": self.container,
                        "container_class": self.container_class, "colspan": self.colspan}  # fmt: skip
            response = render(
                self.request, "core/partials/inline_form.html", context, status=status
            )
        elif self.full_page is not None:
            response = self.full_page(context, status)
        else:
            response = render(self.request, self.page_template, context, status=status)
        patch_vary_headers(response, ["HX-Request"])
        return response

    def render_display(self, obj, *, status_message: str) -> HttpResponse:
        context = {
            **self.context,
            **self.display(obj),
            "inline_focus": True,
            "inline_saved": bool(status_message),
            "status_message": status_message,
            "display_template": self.display_template,
        }
        response = render(self.request, "core/partials/inline_display.html", context)
        patch_vary_headers(response, ["HX-Request"])
        return response
