"""“In die Strategie übernehmen”: choose the strategy and the cards or groups (GET and the
step "back"), see what will be created (step "preview", nothing saved), create it (step
"create"). The municipality taking over is the one of the URL (transfer.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from schreibwerkstatt.municipalities.rules import get_municipality_for_user

from . import transfer
from .forms_transfer import StrategyChoiceForm, TransferForm
from .rules import get_board_for_user, may_facilitate

STEPS = {"preview", "create", "back"}


def _page(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, template, {"nav_active": "boards", **context}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def take_over(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    board = get_board_for_user(request, slug, pk)
    municipality = board.municipality or get_municipality_for_user(request, slug)
    if not transfer.may_take_over(request.user, board, municipality):
        raise PermissionDenied
    strategies = transfer.strategies_for(municipality)
    posted = request.method == "POST"
    step = request.POST.get("step") if posted else None
    source = request.POST if posted else request.GET
    if "strategy" not in source and not posted and len(strategies) == 1:
        source = {"strategy": str(strategies[0].pk)}
    chooser = StrategyChoiceForm(source if "strategy" in source or posted else None,
                                 strategies=strategies)  # fmt: skip
    context = {"board": board, "municipality": municipality, "chooser": chooser,
               "strategies": strategies}  # fmt: skip
    if not chooser.is_bound:
        return _page(request, "boards/transfer.html", context)
    if not chooser.is_valid() or (posted and step not in STEPS):
        if posted and step not in STEPS and chooser.is_valid():
            context["error"] = _("Invalid request.")
        return _page(request, "boards/transfer.html", context, status=400)
    strategy = chooser.cleaned_data["strategy"]
    dots_shown = board.votes_revealed or may_facilitate(request.user, board)
    offer = transfer.offer(board, municipality, dots_shown=dots_shown)
    fields = list(strategy.fields.order_by("position", "pk"))
    form = TransferForm(request.POST if posted else None, offer=offer, fields=fields)
    context |= {"strategy": strategy, "offer": offer, "form": form}
    if not posted or step == "back":
        return _page(request, "boards/transfer.html", _with_items(context, form))
    if not form.is_valid():
        return _page(request, "boards/transfer.html", _with_items(context, form), status=400)
    wishes = form.cleaned_data["wishes"]
    if step == "preview":
        field_objects = {f.pk: f for f in fields}
        context["planned"] = transfer.plan(offer, wishes, field_objects)
        return _page(request, "boards/transfer_preview.html", context)
    try:
        created = transfer.take_over(
            board, municipality, strategy, wishes, user=request.user,
            expected_revision=form.cleaned_data["revision"],
        )  # fmt: skip
    except transfer.StaleBoardError:
        form.add_error(
            None, _("The board has changed since the preview. Please check your choice again.")
        )
        return _page(request, "boards/transfer.html", _with_items(context, form), status=409)
    except transfer.TransferError as error:
        form.add_error(None, str(error))
        return _page(request, "boards/transfer.html", _with_items(context, form), status=409)
    messages.success(
        request,
        ngettext(
            "%(count)d entry has been created in the strategy “%(strategy)s”.",
            "%(count)d entries have been created in the strategy “%(strategy)s”.",
            len(created),
        )
        % {"count": len(created), "strategy": strategy.title},
    )
    return redirect("boards:board", slug=slug, pk=board.pk)


def _with_items(context: dict, form: TransferForm) -> dict:
    """Each card and group with its form fields and whether it is ticked."""
    selected = set(form.selected())
    for choice in form.offer.choices():
        choice.kind_field = form[f"kind-{choice.key}"]
        choice.field_field = form[f"field-{choice.key}"]
        choice.checked = choice.key in selected
    return context
