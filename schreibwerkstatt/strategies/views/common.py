"""What the strategy pages share: URLs inside a strategy, the page context, the form
page and the inline edit."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from schreibwerkstatt.core import inline
from schreibwerkstatt.core.forms import MoveForm
from schreibwerkstatt.core.ordering import move

from ..models import Strategy

EDIT = "strategies.change_strategy"


def _url(strategy: Strategy, name: str, **kwargs: int) -> str:
    slug = strategy.context_municipality.slug
    return reverse(f"strategies:{name}", kwargs={"slug": slug, "strategy": strategy.pk, **kwargs})


def _go(strategy: Strategy, name: str, **kwargs: int) -> HttpResponse:
    return redirect(
        f"strategies:{name}",
        slug=strategy.context_municipality.slug,
        strategy=strategy.pk,
        **kwargs,
    )


def _context(request: HttpRequest, strategy: Strategy, **extra) -> dict:
    municipality = strategy.context_municipality
    return {
        "municipality": municipality,
        "strategy": strategy,
        "can_edit": request.user.has_perm(EDIT, municipality),
        **extra,
    }


def _form_page(
    request: HttpRequest,
    strategy: Strategy,
    form,
    *,
    title: str,
    back: str,
    conflict=None,
    delete_url: str = "",
    status: int | None = None,
) -> HttpResponse:
    if status is None:
        status = _status(form, conflict)
    context = _context(
        request,
        strategy,
        form=form,
        title=title,
        back=back,
        conflict=conflict,
        delete_url=delete_url,
    )
    return render(request, "strategies/form.html", context, status=status)


def _add(
    request: HttpRequest,
    strategy: Strategy,
    form,
    add: Callable,
    *,
    to: str | Callable[..., HttpResponse],
    title: str,
    back: str,
    message: str = "",
) -> HttpResponse:
    """An add form of a strategy page. Valid: `add` (a service) saves `form.instance`, the
    message is shown, and the browser goes to the page `to` (or to what `to` makes of the added
    object). Invalid (or not sent): the form page with the errors."""
    if not form.is_valid():
        return _form_page(request, strategy, form, title=title, back=back)
    added = add(form.instance)
    if message:
        messages.success(request, message)
    return to(added) if callable(to) else _go(strategy, to)


def _move(
    request: HttpRequest,
    item,
    siblings,
    strategy: Strategy,
    name: str,
    **kwargs: int,
) -> HttpResponse:
    """The Up/Down buttons of an ordered list: `item` moves one place among `siblings`, then
    the browser goes back to the page `name`; 400 for anything but a direction."""
    form = MoveForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Invalid request."), status=400)
    move(item, siblings, up=form.cleaned_data["direction"] == "up")
    return _go(strategy, name, **kwargs)


@dataclass
class InlineEdit(inline.InlineEdit):
    """An inline edit on a strategy page: without htmx, the form is shown on strategies/form.html."""

    page_template: str = "strategies/form.html"

    @classmethod
    def of_entry(cls, request: HttpRequest, strategy: Strategy, instance, key: str, **given):
        """The inline edit of one entry of a strategy, named alike everywhere by its `key`:
        the URL names <key>_edit and <key>_delete, the DOM id <key with dashes>-<pk>; the
        page context of the strategy unless `given` names another. `given` sets the rest."""
        if "context" not in given:
            given["context"] = _context(request, strategy)
        return cls(
            request=request,
            instance=instance,
            dom_id=f"{key.replace('_', '-')}-{instance.pk}",
            edit_url=_url(strategy, f"{key}_edit", pk=instance.pk),
            delete_url=_url(strategy, f"{key}_delete", pk=instance.pk),
            **given,
        )


def _status(form, conflict) -> int:
    return 409 if conflict is not None else 400 if form.errors else 200


def _first_and_last(siblings, pk: int) -> dict:
    """Where an element stands in its ordered list (its Up and Down buttons depend on it)."""
    order = list(siblings.order_by("position", "pk").values_list("pk", flat=True))
    return {"first": order[:1] == [pk], "last": order[-1:] == [pk]}
