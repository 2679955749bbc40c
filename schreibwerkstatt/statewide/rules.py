"""Who may see and change the statewide picture (docs/roles.md): advisers and operators see
it; operators import the directory and switch the public version on or off. Members of
municipalities see it only when it is public, like everybody."""

import rules
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from schreibwerkstatt.municipalities.rules import is_operator

from .models import DirectoryImport


@rules.predicate
def operator(user) -> bool:
    return is_operator(user)


@rules.predicate
def adviser(user) -> bool:
    """An active adviser of the digital agency."""
    return bool(user.is_authenticated and user.is_active and user.is_adviser)


# Checked through these predicates, not User.has_perm, which lets every superuser pass: a
# superuser without the operator area is no operator (municipalities.rules.is_operator).
may_view_picture = adviser | operator
may_manage_directory = operator
rules.add_perm("statewide.view_picture", may_view_picture)
rules.add_perm("statewide.manage_directory", may_manage_directory)


def get_import_for_operator(request: HttpRequest, pk: int) -> DirectoryImport:
    """The directory import; the view has checked the operator already."""
    return get_object_or_404(DirectoryImport.objects.select_related("created_by"), pk=pk)
