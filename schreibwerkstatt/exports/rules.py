"""Who may do what with exports (roles: docs/roles.md)."""

import rules
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from schreibwerkstatt.municipalities.rules import get_municipality_for_user, is_coordinator

from .models import WordTemplate

# A municipality's Word templates change every Word export, so only its coordination
# uploads, switches and deletes them.
MANAGE_WORD_TEMPLATES = "exports.manage_word_templates"
rules.add_perm(MANAGE_WORD_TEMPLATES, is_coordinator)


def get_word_template_for_user(
    request: HttpRequest, slug: str, pk: int, *, with_file: bool = False
) -> WordTemplate:
    """A Word template of the municipality of the URL (`template.municipality`), for its
    coordination only (404 when the user may not see the municipality or the template is
    another municipality's, 403 for other roles). Without the file unless `with_file`."""
    municipality = get_municipality_for_user(request, slug, MANAGE_WORD_TEMPLATES)
    templates = WordTemplate.objects.all() if with_file else WordTemplate.objects.for_list()
    template = get_object_or_404(templates, pk=pk, municipality=municipality)
    template.municipality = municipality
    return template
