"""Writes of the exports app: a municipality's Word templates (exports/models.py)."""

from django.db import transaction

from schreibwerkstatt.accounts.models import User
from schreibwerkstatt.municipalities.models import Municipality

from .models import WordTemplate


@transaction.atomic
def add_word_template(
    municipality: Municipality,
    *,
    name: str,
    filename: str,
    content: bytes,
    uploaded_by: User | None,
    activate: bool,
) -> WordTemplate:
    """Store a checked template (exports.templates_check); if `activate`, it replaces the
    active one."""
    if activate:
        WordTemplate.objects.filter(municipality=municipality, is_active=True).update(
            is_active=False
        )
    return WordTemplate.objects.create(
        municipality=municipality,
        name=name,
        filename=filename,
        content=content,
        size=len(content),
        uploaded_by=uploaded_by,
        is_active=activate,
    )


@transaction.atomic
def set_word_template_active(template: WordTemplate, active: bool) -> None:
    """Use this template for Word exports (and no other), or go back to the default."""
    WordTemplate.objects.filter(municipality_id=template.municipality_id, is_active=True).update(
        is_active=False
    )
    if active:
        WordTemplate.objects.filter(pk=template.pk).update(is_active=True)


def delete_word_template(template: WordTemplate) -> None:
    template.delete()


def active_template(municipality: Municipality) -> bytes | None:
    """The active Word template's file, or None: then the default template is used."""
    content = (
        WordTemplate.objects.filter(municipality=municipality, is_active=True)
        .values_list("content", flat=True)
        .first()
    )
    return None if content is None else bytes(content)
