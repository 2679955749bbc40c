"""Who reads and who writes the handbook (docs/roles.md).

Public guides and the entry questions are for everybody. Members-only guides are for the
people who work with the product: members of a municipality, advisers and operators; a
visitor gets 404 for them (not the login), so their titles stay unknown outside. Only
operators (municipalities.rules.is_operator) write: the operator pages ask for that status
explicitly, never has_perm on a municipality.
"""

import rules
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from schreibwerkstatt.municipalities.rules import is_operator, roles_for

from .models import Guide, GuideAttachment, Question


@rules.predicate
def reads_members_only(user) -> bool:
    """Members of a municipality, advisers and operators (one cached query for members)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(user.is_adviser or is_operator(user) or roles_for(user))


rules.add_perm("guides.view_members_only_guides", reads_members_only)
rules.add_perm("guides.manage_handbook", rules.predicate(is_operator))


def guides_for(user) -> QuerySet[Guide]:
    """The guides this person may read."""
    guides = Guide.objects.all()
    return guides if reads_members_only(user) else guides.filter(public=True)


def may_read(user, public: bool) -> bool:
    return public or reads_members_only(user)


def get_guide_for_user(request: HttpRequest, slug: str) -> Guide:
    """The guide if the person may read it; 404 otherwise (also for a members-only guide)."""
    return get_object_or_404(guides_for(request.user), slug=slug)


def get_attachment_for_user(request: HttpRequest, slug: str, pk: int) -> GuideAttachment:
    """An attachment of a guide the person may read (404 otherwise)."""
    attachment = get_object_or_404(
        GuideAttachment.objects.select_related("guide"), pk=pk, guide__slug=slug
    )
    if not may_read(request.user, attachment.guide.public):
        raise Http404
    return attachment


# The operator pages (views/operator.py, behind municipalities.onboarding.operator_required).


def get_guide_for_operator(slug: str) -> Guide:
    return get_object_or_404(Guide, slug=slug)


def get_attachment_for_operator(slug: str, pk: int) -> GuideAttachment:
    return get_object_or_404(
        GuideAttachment.objects.select_related("guide").defer("content"), pk=pk, guide__slug=slug
    )


def get_question_for_operator(pk: int) -> Question:
    return get_object_or_404(Question.objects.select_related("guide"), pk=pk)
