"""The operator's pages of the handbook (/plattform/leitfaeden/, /plattform/einstiegsfragen/):
write, edit and delete guides and entry questions, upload and delete attachments, see the
history and restore an older version. Operators only (municipalities.onboarding's
operator_required: anonymous visitors go to the login, everybody else gets 403). Edits carry
the version they were loaded with; a stale one answers 409 with both versions
(core.conflicts.save_or_conflict)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schreibwerkstatt.core.conflicts import save_or_conflict
from schreibwerkstatt.core.forms import MoveForm
from schreibwerkstatt.core.locking import StaleEditError
from schreibwerkstatt.history import services as history
from schreibwerkstatt.history.kinds import HistoryKind
from schreibwerkstatt.municipalities.onboarding import operator_required
from schreibwerkstatt.process.phases import Phase

from . import services
from .forms import AttachmentForm, GuideForm, QuestionForm, RestoreForm
from .models import Guide, Question
from .rules import get_attachment_for_operator, get_guide_for_operator, get_question_for_operator


def _status(form, conflict) -> int:
    return 409 if conflict is not None else 400 if form.errors else 200


# Guides ---------------------------------------------------------------------------------


@operator_required
@require_http_methods(["GET"])
def manage(request: HttpRequest) -> HttpResponse:
    guides = Guide.objects.in_order().defer("body")
    rows = [(g, Phase(g.phase).label if g.phase is not None else "") for g in guides]
    return render(request, "guides/manage/list.html", {"rows": rows})


@operator_required
@require_http_methods(["GET", "POST"])
def add(request: HttpRequest) -> HttpResponse:
    form = GuideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        guide = services.add_guide(form.instance)
        messages.success(request, _("The guide has been created."))
        return redirect("guides:edit", slug=guide.slug)
    context = {"form": form, "title": _("New guide"), "back": reverse("guides:manage")}
    return render(request, "guides/manage/form.html", context, status=_status(form, None))


def _edit_context(guide: Guide, **extra) -> dict:
    attachments = list(guide.attachments.defer("content"))
    for attachment in attachments:
        attachment.guide = guide
    return {
        "guide": guide,
        "attachments": attachments,
        "attachment_form": extra.pop("attachment_form", None) or AttachmentForm(auto_id="att_%s"),
        "title": _("Edit guide"),
        "back": reverse("guides:manage"),
        **extra,
    }


@operator_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    guide = get_guide_for_operator(slug)
    form = GuideForm(request.POST or None, instance=guide)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, stale = save_or_conflict(request, form, GuideForm)
        if stale is None:
            messages.success(request, _("The guide has been saved."))
            return redirect("guides:edit", slug=saved.slug)
        form, conflict = stale.form, stale.rows
        guide = stale.current
    context = _edit_context(guide, form=form, conflict=conflict)
    return render(request, "guides/manage/edit.html", context, status=_status(form, conflict))


@operator_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, slug: str) -> HttpResponse:
    guide = get_guide_for_operator(slug)
    if request.method == "POST":
        services.delete_guide(guide)
        messages.success(request, _("The guide “%(title)s” has been deleted.") % {"title": guide})
        return redirect("guides:manage")
    context = {
        "obj": guide,
        "title": _("Delete guide"),
        "question": _("Delete the guide “%(title)s” with its attachments?") % {"title": guide},
        "note": _("Entry questions that point to it keep their answer, without the guide."),
        "back": reverse("guides:edit", kwargs={"slug": guide.slug}),
    }
    return render(request, "guides/manage/delete.html", context)


@operator_required
@require_POST
def attachment_add(request: HttpRequest, slug: str) -> HttpResponse:
    guide = get_guide_for_operator(slug)
    form = AttachmentForm(request.POST, request.FILES, auto_id="att_%s")
    if form.is_valid() and form.checked is not None:
        services.add_attachment(
            guide,
            title=form.cleaned_data["title"],
            kind=form.cleaned_data["kind"],
            filename=form.checked.filename,
            content_type=form.checked.content_type,
            content=form.data_bytes,
        )
        messages.success(request, _("The attachment has been uploaded."))
        return redirect(reverse("guides:edit", kwargs={"slug": guide.slug}) + "#attachments")
    context = _edit_context(guide, form=GuideForm(instance=guide), attachment_form=form)
    return render(request, "guides/manage/edit.html", context, status=400)


@operator_required
@require_POST
def attachment_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    attachment = get_attachment_for_operator(slug, pk)
    services.delete_attachment(attachment)
    messages.success(
        request, _("The attachment “%(title)s” has been deleted.") % {"title": attachment}
    )
    return redirect(reverse("guides:edit", kwargs={"slug": slug}) + "#attachments")


# History --------------------------------------------------------------------------------


def _history(request: HttpRequest, kind: HistoryKind, obj, restore_name: str, kwargs: dict,
             back: str, back_label: str) -> HttpResponse:  # fmt: skip
    number = request.GET.get("seite", "1")
    if not number.isdigit() or int(number) < 1:
        return HttpResponse(_("Invalid request."), status=400)
    try:
        page = history.history_page(kind, obj, int(number))
    except history.PageOutOfRange:
        return HttpResponse(_("Invalid request."), status=400)
    for entry in page.entries:
        entry.restore_url = reverse(
            restore_name, kwargs={**kwargs, "history_id": entry.record.history_id}
        )
    here = request.path
    context = {
        "obj": obj,
        "kind": kind,
        "page": page,
        "title": str(obj),
        "back_url": back,
        "back_label": back_label,
        "previous_url": f"{here}?seite={page.number - 1}" if page.has_previous else "",
        "next_url": f"{here}?seite={page.number + 1}" if page.has_next else "",
    }
    return render(request, "guides/manage/history.html", context)


def _restore(request: HttpRequest, kind: HistoryKind, obj, history_id: int,
             history_url: str) -> HttpResponse:  # fmt: skip
    record = history.record_of(obj, history_id)
    form = RestoreForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Invalid request."), status=400)
    try:
        services.restore_version(kind, obj, record, expected_version=form.cleaned_data["version"])
    except StaleEditError:
        messages.error(
            request,
            _("Somebody else changed this entry in the meantime, so nothing was restored. "
              "The history below shows the latest changes; please choose again."),
        )  # fmt: skip
        return redirect(history_url)
    except history.NothingToRestore as error:
        messages.info(request, error.message)
        return redirect(history_url)
    except history.RestoreError as error:
        messages.error(request, error.message)
        return redirect(history_url)
    messages.success(
        request, _("The version of %(date)s has been restored.") % {"date": history.when(record)}
    )
    return redirect(history_url)


@operator_required
@require_http_methods(["GET"])
def guide_history(request: HttpRequest, slug: str) -> HttpResponse:
    guide = get_guide_for_operator(slug)
    back = reverse("guides:edit", kwargs={"slug": guide.slug})
    return _history(request, services.GUIDE_HISTORY, guide, "guides:restore",
                    {"slug": guide.slug}, back, guide.title)  # fmt: skip


@operator_required
@require_POST
def guide_restore(request: HttpRequest, slug: str, history_id: int) -> HttpResponse:
    guide = get_guide_for_operator(slug)
    url = reverse("guides:history", kwargs={"slug": guide.slug})
    return _restore(request, services.GUIDE_HISTORY, guide, history_id, url)


# Entry questions ----------------------------------------------------------------------


@operator_required
@require_http_methods(["GET"])
def manage_questions(request: HttpRequest) -> HttpResponse:
    questions = list(Question.objects.select_related("guide").order_by("position", "pk"))
    return render(request, "guides/manage/questions.html", {"questions": questions})


@operator_required
@require_http_methods(["GET", "POST"])
def question_add(request: HttpRequest) -> HttpResponse:
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_question(form.instance)
        messages.success(request, _("The question has been added."))
        return redirect("guides:manage_questions")
    context = {"form": form, "title": _("New entry question"),
               "back": reverse("guides:manage_questions")}  # fmt: skip
    return render(request, "guides/manage/form.html", context, status=_status(form, None))


@operator_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_operator(pk)
    form = QuestionForm(request.POST or None, instance=question)
    conflict = None
    if request.method == "POST" and form.is_valid():
        _saved, stale = save_or_conflict(request, form, QuestionForm)
        if stale is None:
            messages.success(request, _("The question has been saved."))
            return redirect("guides:manage_questions")
        form, conflict = stale.form, stale.rows
    context = {
        "form": form,
        "conflict": conflict,
        "title": _("Edit entry question"),
        "back": reverse("guides:manage_questions"),
        "history_url": reverse("guides:question_history", kwargs={"pk": question.pk}),
        "delete_url": reverse("guides:question_delete", kwargs={"pk": question.pk}),
    }
    return render(request, "guides/manage/form.html", context, status=_status(form, conflict))


@operator_required
@require_POST
def question_move(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_operator(pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Invalid request."), status=400)
    services.move_question(question, up=form.cleaned_data["direction"] == "up")
    return redirect(reverse("guides:manage_questions") + f"#frage-{question.pk}")


@operator_required
@require_http_methods(["GET", "POST"])
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_operator(pk)
    if request.method == "POST":
        services.delete_question(question)
        messages.success(request, _("The question has been deleted."))
        return redirect("guides:manage_questions")
    context = {
        "obj": question,
        "title": _("Delete entry question"),
        "question": _("Delete the entry question “%(title)s”?") % {"title": question},
        "note": "",
        "back": reverse("guides:question_edit", kwargs={"pk": question.pk}),
    }
    return render(request, "guides/manage/delete.html", context)


@operator_required
@require_http_methods(["GET"])
def question_history(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_operator(pk)
    back = reverse("guides:question_edit", kwargs={"pk": question.pk})
    return _history(request, services.QUESTION_HISTORY, question, "guides:question_restore",
                    {"pk": question.pk}, back, question.question)  # fmt: skip


@operator_required
@require_POST
def question_restore(request: HttpRequest, pk: int, history_id: int) -> HttpResponse:
    question = get_question_for_operator(pk)
    url = reverse("guides:question_history", kwargs={"pk": question.pk})
    return _restore(request, services.QUESTION_HISTORY, question, history_id, url)
