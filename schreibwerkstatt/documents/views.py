"""The document editor: the chapter list, the chapter editor with live preview, autosave and
text building blocks, the full preview and the Markdown download.

Writes go through documents/services.py with optimistic locking: a stale save answers 409
with the other person's saved text, and the user's own text stays in the form.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from schreibwerkstatt.core.conflicts import save_or_conflict
from schreibwerkstatt.core.forms import MoveForm
from schreibwerkstatt.core.locking import StaleEditError
from schreibwerkstatt.strategies.models import Strategy
from schreibwerkstatt.strategies.rules import get_strategy_for_user

from . import services
from .blocks import Chapter as ChapterBlock
from .builder import build_live, with_anchors
from .forms import ChapterTextForm, ChapterTitleForm, EnabledForm, InsertBlockForm, PreviewForm
from .guidance import building_text, guidance_for
from .html import render_chapter, render_html
from .markdown_export import to_markdown
from .models import Chapter
from .rules import EDIT, VIEW, get_chapter_for_user
from .text_blocks import markdown_blocks

# Chapters whose content is (partly) generated from the structure, with what is added.
GENERATED_NOTE = {
    "anlass": _("Added automatically after your text: the stakeholders of the inventory."),
    "ausgangslage": _(
        "Added automatically after your text: the SWOT analysis, the maturity radar chart with "
        "its table and the existing digital projects."
    ),
    "vision": _(
        "Added automatically after your text: the vision, the guiding principles and the "
        "related plans."
    ),
    "handlungsfelder": _(
        "Added automatically after your text: every field of action with its guiding sentence, "
        "starting situation, goals, indicators and measures."
    ),
    "umsetzung": _(
        "Added automatically after your text: the framework, the roadmap chart with its table, "
        "the priorities, the flagship projects and the planned costs per year."
    ),
    "organisation": _(
        "Added automatically after your text: the partner municipalities of a joint strategy."
    ),
    "monitoring": _(
        "Added automatically after your text: the indicators with their traffic lights and the "
        "latest status of each measure."
    ),
    "anhang": _("Added automatically after your text: one profile (Steckbrief) per measure."),
}


def _url(strategy: Strategy, name: str, **kwargs: int) -> str:
    slug = strategy.context_municipality.slug
    return reverse(f"documents:{name}", kwargs={"slug": slug, "strategy": strategy.pk, **kwargs})


def _context(request: HttpRequest, strategy: Strategy, **extra) -> dict:
    municipality = strategy.context_municipality
    return {
        "municipality": municipality,
        "strategy": strategy,
        "can_edit": request.user.has_perm(EDIT, municipality),
        "nav_active": "document",
        **extra,
    }


def _preview(chapter: Chapter, text: str):
    block = ChapterBlock(
        chapter.key, chapter.title, with_anchors(chapter.key, markdown_blocks(text))
    )
    return render_chapter(block, level=3)


# Chapter list ----------------------------------------------------------------------------


@login_required
@require_GET
def chapters(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    the_strategy = get_strategy_for_user(request, slug, strategy, VIEW)
    chapter_list = services.ensure_chapters(the_strategy)
    return render(
        request,
        "documents/chapters.html",
        _context(request, the_strategy, chapters=chapter_list),
    )


def _chapter_action(
    request: HttpRequest,
    chapter: Chapter,
    form: forms.Form,
    act: Callable[[dict[str, Any]], None],
) -> HttpResponse:
    """Run a small chapter action posted from the chapters page, then go back to the chapter."""
    if not form.is_valid():
        return HttpResponse(_("Invalid request."), status=400)
    act(form.cleaned_data)
    return redirect(_url(chapter.strategy, "chapters") + f"#chapter-{chapter.pk}")


@login_required
@require_POST
def chapter_toggle(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    chapter = get_chapter_for_user(request, slug, strategy, pk, EDIT)

    def toggle(data: dict[str, Any]) -> None:
        services.set_enabled(chapter, enabled=data["enabled"])
        if data["enabled"]:
            message = _("“%(title)s” is part of the document again.")
        else:
            message = _("“%(title)s” is left out of the document.")
        messages.success(request, message % {"title": chapter.title})

    return _chapter_action(request, chapter, EnabledForm(request.POST), toggle)


@login_required
@require_POST
def chapter_move(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    chapter = get_chapter_for_user(request, slug, strategy, pk, EDIT)

    def move(data: dict[str, Any]) -> None:
        services.move_chapter(chapter, up=data["direction"] == "up")

    return _chapter_action(request, chapter, MoveForm(request.POST), move)


@login_required
@require_http_methods(["GET", "POST"])
def chapter_title(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    chapter = get_chapter_for_user(request, slug, strategy, pk, EDIT)
    back = _url(chapter.strategy, "chapters")
    conflict = None
    if request.method == "POST":
        form = ChapterTitleForm(request.POST, instance=chapter)
        if form.is_valid():
            _saved, stale = save_or_conflict(
                request,
                form,
                ChapterTitleForm,
                lambda: services.save_chapter(
                    chapter,
                    expected_version=form.cleaned_data["version"],
                    changes={"title": form.cleaned_data["title"]},
                ),
                rows=lambda current: [(_("Title of the chapter"), current.title)],
            )
            if stale is not None:
                form, conflict = stale.form, stale.rows
            else:
                messages.success(request, _("The chapter has been renamed."))
                return redirect(back + f"#chapter-{chapter.pk}")
    else:
        form = ChapterTitleForm(instance=chapter)
    status = 409 if conflict else 400 if form.errors else 200
    context = _context(
        request, chapter.strategy, form=form, chapter=chapter, back=back, conflict=conflict
    )
    return render(request, "documents/chapter_title.html", context, status=status)


# Chapter editor --------------------------------------------------------------------------


def _editor_page(
    request: HttpRequest,
    chapter: Chapter,
    form: ChapterTextForm | None,
    *,
    conflict_text: str | None = None,
    status: int = 200,
) -> HttpResponse:
    strategy = chapter.strategy
    text = (
        form.data.get("text", chapter.text) if form is not None and form.is_bound else chapter.text
    )
    guidance = guidance_for(chapter.key)
    context = _context(
        request,
        strategy,
        chapter=chapter,
        form=form,
        guidance=guidance,
        generated_note=GENERATED_NOTE.get(chapter.key, ""),
        preview=_preview(chapter, text),
        conflict_text=conflict_text,
        save_url=_url(strategy, "chapter", pk=chapter.pk),
        autosave_url=_url(strategy, "autosave", pk=chapter.pk),
        preview_url=_url(strategy, "chapter_preview", pk=chapter.pk),
        insert_url=_url(strategy, "insert_block", pk=chapter.pk),
    )
    return render(request, "documents/chapter.html", context, status=status)


def _stale_form(request: HttpRequest, error: StaleEditError, text: str) -> ChapterTextForm:
    """The user's text with the current version: saving again replaces the other's text."""
    data = request.POST.copy()
    data["text"] = text
    data["version"] = str(error.current.version)
    form = ChapterTextForm(data, instance=error.current)
    form.is_valid()
    return form


@login_required
@require_http_methods(["GET", "POST"])
def chapter(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    """Members read the chapter; editors write it (the explicit save, without JavaScript)."""
    if request.method == "GET":
        the_chapter = get_chapter_for_user(request, slug, strategy, pk, VIEW)
        can_edit = request.user.has_perm(EDIT, the_chapter.strategy.context_municipality)
        form = ChapterTextForm(instance=the_chapter) if can_edit else None
        return _editor_page(request, the_chapter, form)
    the_chapter = get_chapter_for_user(request, slug, strategy, pk, EDIT)
    form = ChapterTextForm(request.POST, instance=the_chapter)
    if not form.is_valid():
        return _editor_page(request, the_chapter, form, status=400)
    try:
        services.save_chapter(
            the_chapter,
            expected_version=form.cleaned_data["version"],
            changes={"text": form.cleaned_data["text"]},
        )
    except StaleEditError as error:
        error.current.strategy = the_chapter.strategy
        theirs = error.current.text  # read before the form writes the user's text into it
        stale = _stale_form(request, error, form.cleaned_data["text"])
        return _editor_page(request, error.current, stale, conflict_text=theirs, status=409)
    messages.success(request, _("The chapter has been saved."))
    return redirect(_url(the_chapter.strategy, "chapter", pk=the_chapter.pk))


@login_required
@require_POST
def autosave(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    """htmx: save the text in the background; the new version goes into the form (oob)."""
    the_chapter = get_chapter_for_user(request, slug, strategy, pk, EDIT)
    form = ChapterTextForm(request.POST, instance=the_chapter)
    if not form.is_valid():
        errors = [str(e) for errors in form.errors.values() for e in errors]
        return render(request, "documents/partials/autosave.html", {"errors": errors}, status=422)
    try:
        saved = services.save_chapter(
            the_chapter,
            expected_version=form.cleaned_data["version"],
            changes={"text": form.cleaned_data["text"]},
        )
    except StaleEditError as error:
        context = {"conflict_text": error.current.text}
        return render(request, "documents/partials/autosave.html", context, status=409)
    context = {"saved": saved, "saved_at": timezone.localtime(saved.updated_at)}
    return render(request, "documents/partials/autosave.html", context)


@login_required
@require_POST
def chapter_preview(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    """htmx: the chapter's text as it will appear in the document (sanitised)."""
    the_chapter = get_chapter_for_user(request, slug, strategy, pk, EDIT)
    form = PreviewForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("The text is too long."), status=400)
    return HttpResponse(_preview(the_chapter, form.cleaned_data["text"]))


@login_required
@require_POST
def insert_block(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    """Append a text building block to the text in the form (a versioned save)."""
    the_chapter = get_chapter_for_user(request, slug, strategy, pk, EDIT)
    guidance = guidance_for(the_chapter.key)
    choice = InsertBlockForm(request.POST, keys=tuple(b.key for b in guidance.blocks))
    form = ChapterTextForm(request.POST, instance=the_chapter)
    if not choice.is_valid():
        return HttpResponse(_("This text building block does not exist."), status=400)
    if not form.is_valid():
        return _editor_page(request, the_chapter, form, status=400)
    block = next(b for b in guidance.blocks if b.key == choice.cleaned_data["block"])
    strategy_obj = the_chapter.strategy
    addition = building_text(
        block,
        municipality=strategy_obj.context_municipality.name,
        strategy=strategy_obj.title,
    )
    try:
        services.append_text(
            the_chapter,
            expected_version=form.cleaned_data["version"],
            text=form.cleaned_data["text"],
            addition=addition,
        )
    except StaleEditError as error:
        combined = services.combined_text(form.cleaned_data["text"], addition)
        error.current.strategy = strategy_obj
        theirs = error.current.text  # read before the form writes the user's text into it
        stale = _stale_form(request, error, combined)
        return _editor_page(request, error.current, stale, conflict_text=theirs, status=409)
    messages.success(
        request,
        _(
            "The text building block “%(title)s” has been added at the end. Adapt it to your municipality."
        )
        % {"title": block.title},
    )
    return redirect(_url(strategy_obj, "chapter", pk=the_chapter.pk) + "#id_text")


# The whole document ----------------------------------------------------------------------


@login_required
@require_GET
def preview(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    the_strategy = get_strategy_for_user(request, slug, strategy, VIEW)
    document = build_live(the_strategy)
    context = _context(request, the_strategy, document=document, html=render_html(document))
    return render(request, "documents/preview.html", context)


@login_required
@require_GET
def markdown(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    the_strategy = get_strategy_for_user(request, slug, strategy, VIEW)
    text = to_markdown(build_live(the_strategy))
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    name = slugify(the_strategy.title) or "strategie"
    response["Content-Disposition"] = f'attachment; filename="{name}.md"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
