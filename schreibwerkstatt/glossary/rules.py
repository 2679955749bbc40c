"""Who may do what with the glossary (docs/roles.md): everybody reads it, operators edit it."""

import rules
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from schreibwerkstatt.municipalities.rules import is_operator

from .models import Term


@rules.predicate
def operator(user) -> bool:
    return is_operator(user)


rules.add_perm("glossary.change_term", operator)


def get_term_for_operator(request: HttpRequest, pk: int) -> Term:
    """The term to edit; the view has checked the operator already."""
    return get_object_or_404(Term, pk=pk)
