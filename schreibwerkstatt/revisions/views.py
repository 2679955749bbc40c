"""Revisions (Fassungen): list, adopt, Fortschreibung, one frozen revision, comparisons; and
the review of the current draft with comments on single paragraphs."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from schreibwerkstatt.core.locking import StaleEditError
from schreibwerkstatt.documents.blocks import Document
from schreibwerkstatt.documents.builder import build_document, live_status_line
from schreibwerkstatt.documents.html import render_html
from schreibwerkstatt.documents.snapshot import take_snapshot
from schreibwerkstatt.strategies.models import Measure, Strategy
from schreibwerkstatt.strategies.rules import get_strategy_for_user

from . import diff, services
from .forms import AdoptForm, BeginForm, CompareForm, ResolveForm, ReviewCommentForm, label
from .models import CompletedMeasure, ReviewComment, Revision
from .open_items import grouped, open_items
from .rendering import pieces
from .review import paragraphs_of, place
from .rules import get_review_comment_for_user, get_revision_for_user, get_revisions_for_user

VIEW = "revisions.view_revision"
ADOPT = "revisions.adopt_revision"
BEGIN = "revisions.begin_revision"
COMMENT = "revisions.add_reviewcomment"
RESOLVE = "revisions.resolve_reviewcomment"


def _url(strategy: Strategy, name: str, **kwargs: Any) -> str:
    slug = strategy.context_municipality.slug
    return reverse(f"revisions:{name}", kwargs={"slug": slug, "strategy": strategy.pk, **kwargs})


def _context(request: HttpRequest, strategy: Strategy, **extra: Any) -> dict[str, Any]:
    municipality = strategy.context_municipality
    return {"municipality": municipality, "strategy": strategy, **extra}


def status_line(revision: Revision) -> str:
    """ "Beschlossen am 12.03.2026, Stadtverordnetenversammlung, Drucksache 2026/041"."""
    if not revision.is_adopted or revision.adopted_on is None:
        return _("In preparation since %(date)s, continues revision %(number)s") % {
            "date": formats.date_format(timezone.localtime(revision.created_at), "d.m.Y"),
            "number": revision.based_on.number if revision.based_on else "–",
        }
    return _("Adopted on %(date)s, %(body)s, document no. %(number)s") % {
        "date": formats.date_format(revision.adopted_on, "d.m.Y"),
        "body": revision.body,
        "number": revision.document_number,
    }


def _draft(strategy: Strategy) -> Document:
    """The current draft document (the live snapshot)."""
    return build_document(take_snapshot(strategy), status_line=live_status_line(strategy))


# Revisions ----------------------------------------------------------------------------------


@login_required
@require_GET
def revision_list(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy, VIEW)
    municipality = obj.context_municipality
    revisions = list(
        Revision.objects.filter(strategy=obj)
        .select_related("adopted_by", "created_by", "based_on")
        .defer("snapshot", "based_on__snapshot")
        .order_by("-number")
    )
    for revision in revisions:
        revision.status_text = status_line(revision)
    newest = revisions[0] if revisions else None
    adopted = [r for r in revisions if r.is_adopted]
    context = _context(
        request,
        obj,
        revisions=revisions,
        may_adopt=newest is None or not newest.is_adopted,
        may_begin=newest is not None and newest.is_adopted,
        can_adopt=request.user.has_perm(ADOPT, municipality),
        can_begin=request.user.has_perm(BEGIN, municipality),
        compare_form=CompareForm(revisions=list(reversed(revisions))) if adopted else None,
        nav_active="revisions",
    )
    return render(request, "revisions/list.html", context)


def _decide(
    request: HttpRequest,
    form: Form,
    *,
    allowed: bool,
    take: Callable[[dict[str, Any]], HttpResponse],
    refresh: Callable[[StaleEditError], Form],
) -> HttpResponse | tuple[Form, int, bool]:
    """A decision on the revisions (adopt, begin), sent: `take` records it and answers (the
    redirect); somebody else's save in between gives the form again from `refresh` (409).
    Otherwise returns (form, status, conflict) for the page (revisions/decision.html)."""
    if request.method != "POST":
        return form, 200, False
    if not allowed:
        return form, 409, False
    if not form.is_valid():
        return form, 400, False
    try:
        return take(form.cleaned_data)
    except StaleEditError as error:
        return refresh(error), 409, True


@login_required
@require_http_methods(["GET", "POST"])
def adopt(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy, ADOPT)
    allowed = services.may_adopt(obj)
    # Judged again on every request: what was open when the page was loaded may be fixed, or
    # something new may be open, by the time the form is sent.
    still_open = open_items(obj, slug) if allowed else []

    def take(data: dict[str, Any]) -> HttpResponse:
        revision = services.adopt(
            obj, adopted_on=data["adopted_on"], body=data["body"],
            document_number=data["document_number"], note=data["note"],
            by=request.user, expected_version=data["version"],
            open_items=[item.as_record() for item in still_open],
            open_items_reason=data.get("open_reason", ""),
        )  # fmt: skip
        messages.success(
            request,
            _("Revision %(number)s has been adopted and frozen.") % {"number": revision.number},
        )
        return redirect(_url(obj, "detail", pk=revision.pk))

    def refresh(error: StaleEditError) -> Form:
        data = request.POST.copy()
        data["version"] = str(error.current.version)
        form = AdoptForm(data, open_items=still_open)
        form.is_valid()
        return form

    form = AdoptForm(request.POST or None, initial={"version": obj.version}, open_items=still_open)
    outcome = _decide(request, form, allowed=allowed, take=take, refresh=refresh)
    if isinstance(outcome, HttpResponse):
        return outcome
    form, status, conflict = outcome
    newest = Revision.objects.filter(strategy=obj).defer("snapshot").order_by("-number").first()
    next_number = 1 if newest is None else newest.number + (0 if allowed else 1)
    context = _context(
        request, obj, form=form, allowed=allowed, conflict=conflict, next_number=next_number,
        open_groups=grouped(still_open), open_count=len(still_open), nav_active="revisions",
    )  # fmt: skip
    return render(request, "revisions/adopt.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def begin(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    """Neue Fortschreibung beginnen: explained first, then confirmed with a button."""
    obj = get_strategy_for_user(request, slug, strategy, BEGIN)
    allowed = services.may_begin_fortschreibung(obj)
    base = services.latest_adopted(obj)

    def take(data: dict[str, Any]) -> HttpResponse:
        draft = services.begin_fortschreibung(
            obj, by=request.user, expected_version=data["version"]
        )
        messages.success(
            request,
            _("Revision %(number)s has begun. The strategy is a draft again.")
            % {"number": draft.number},
        )
        return redirect(_url(obj, "list"))

    def refresh(error: StaleEditError) -> Form:
        return BeginForm(initial={"version": Strategy.objects.get(pk=obj.pk).version})

    form = BeginForm(request.POST or None, initial={"version": obj.version})
    outcome = _decide(request, form, allowed=allowed, take=take, refresh=refresh)
    if isinstance(outcome, HttpResponse):
        return outcome
    form, status, conflict = outcome
    counts = {
        "done": obj.measures.filter(status=Measure.Status.DONE).count(),
        "open": obj.measures.exclude(status=Measure.Status.DONE).count(),
    }
    context = _context(
        request, obj, form=form, allowed=allowed, base=base, conflict=conflict,
        counts=counts, nav_active="revisions",
    )  # fmt: skip
    return render(request, "revisions/begin.html", context, status=status)


@login_required
@require_GET
def detail(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    revision = get_revision_for_user(request, slug, strategy, pk)
    obj = revision.strategy
    html = None
    if revision.is_adopted:
        html = render_html(
            build_document(revision.snapshot or {}, status_line=status_line(revision))
        )
    completed = CompletedMeasure.objects.filter(revision=revision).order_by("title", "pk")
    context = _context(
        request, obj, revision=revision, html=html, status=status_line(revision),
        completed=completed, nav_active="revisions",
    )  # fmt: skip
    return render(request, "revisions/detail.html", context)


@login_required
@require_GET
def compare(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    """The choice of two states to compare (a GET form), sent on to the comparison."""
    obj = get_strategy_for_user(request, slug, strategy, VIEW)
    revisions = list(Revision.objects.filter(strategy=obj).defer("snapshot").order_by("number"))
    form = CompareForm(request.GET or None, revisions=revisions)
    if form.is_bound and form.is_valid():
        first = form.cleaned_data["von"]
        other = form.cleaned_data["mit"]
        if other == CompareForm.DRAFT:
            return redirect(_url(obj, "diff_draft", pk=first.pk))
        return redirect(_url(obj, "diff", pk=first.pk, other=int(other)))
    context = _context(request, obj, compare_form=form, nav_active="revisions")
    return render(request, "revisions/compare.html", context, status=400 if form.errors else 200)


def _diff_page(
    request: HttpRequest, obj: Strategy, old: Revision, new_snapshot: dict[str, Any], **extra: Any
) -> HttpResponse:
    result = diff.compare(old.snapshot or {}, new_snapshot)
    context = _context(
        request, obj, old=old, old_label=label(old), result=result, nav_active="revisions", **extra
    )
    return render(request, "revisions/diff.html", context)


@login_required
@require_GET
def diff_revisions(
    request: HttpRequest, slug: str, strategy: int, pk: int, other: int
) -> HttpResponse:
    first, second = get_revisions_for_user(request, slug, strategy, pk, other)
    obj = first.strategy
    if not (first.is_adopted and second.is_adopted) or first.pk == second.pk:
        raise Http404  # a revision in preparation has no frozen state: compare with the draft
    old, new = (first, second) if first.number < second.number else (second, first)
    return _diff_page(request, obj, old, new.snapshot or {}, new=new, new_label=label(new))


@login_required
@require_GET
def diff_draft(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    old = get_revision_for_user(request, slug, strategy, pk)
    obj = old.strategy
    if not old.is_adopted:
        raise Http404
    return _diff_page(
        request, obj, old, take_snapshot(obj), new=None, new_label=_("the current draft")
    )


# Review -------------------------------------------------------------------------------------


@login_required
@require_GET
def review(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy, VIEW)
    municipality = obj.context_municipality
    document = _draft(obj)
    paragraphs = paragraphs_of(document)
    html = render_html(document, review=True)
    comments = list(ReviewComment.objects.of(obj))
    for comment in comments:
        comment.context_municipality = municipality
        comment.may_resolve = request.user.has_perm(RESOLVE, comment)
    placement = place(comments, paragraphs)
    context = _context(
        request,
        obj,
        pieces=pieces(html, paragraphs, placement),
        moved=placement.moved,
        can_comment=request.user.has_perm(COMMENT, municipality),
        orphaned=placement.orphaned,
        open_count=sum(1 for c in comments if not c.resolved),
        comment_count=len(comments),
        nav_active="review",
    )
    return render(request, "revisions/review.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def comment(request: HttpRequest, slug: str, strategy: int, anchor: str) -> HttpResponse:
    """The form for a comment on one paragraph (works without JavaScript)."""
    obj = get_strategy_for_user(request, slug, strategy, VIEW)
    if not request.user.has_perm(COMMENT, obj.context_municipality):
        raise PermissionDenied
    paragraph = next((p for p in paragraphs_of(_draft(obj)) if p.anchor == anchor), None)
    if paragraph is None:
        raise Http404
    form = ReviewCommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_review_comment(
            obj, chapter_key=paragraph.chapter_key, anchor=paragraph.anchor,
            quote=paragraph.text, text=form.cleaned_data["text"], author=request.user,
        )  # fmt: skip
        messages.success(request, _("Your comment has been saved."))
        return redirect(_url(obj, "review") + f"#{paragraph.anchor}")
    context = _context(
        request, obj, paragraph=paragraph, form=form, back=_url(obj, "review") + f"#{anchor}",
        nav_active="review",
    )  # fmt: skip
    return render(request, "revisions/comment.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def resolve(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    item = get_review_comment_for_user(request, slug, strategy, pk, RESOLVE)
    obj = item.strategy
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Invalid request."), status=400)
    services.set_resolved(item, resolved=form.cleaned_data["resolved"], by=request.user)
    return redirect(_url(obj, "review") + f"#review-comment-{item.pk}")
