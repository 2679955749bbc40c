"""Writing advice: the advisers' note on a municipality, a request for advice and its status.
Views validate the input; these functions assume it is valid."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schreibwerkstatt.core.locking import StaleEditError
from schreibwerkstatt.municipalities.models import Municipality

from . import notices
from .models import AdviceRequest, AdviserNote


def save_note(
    municipality: Municipality, *, text: str, expected_version: int | None, by
) -> AdviserNote:
    """Save the advisers' note on the municipality if nobody saved it since the editor
    loaded it (`expected_version`; None: there was no note yet). Raises StaleEditError with
    the saved note otherwise. Every save is a history record."""
    try:
        with transaction.atomic():
            note = AdviserNote.objects.select_for_update().filter(municipality=municipality).first()
            if note is None:
                if expected_version is not None:
                    raise ValueError("a versioned edit of a note that does not exist")
                return AdviserNote.objects.create(
                    municipality=municipality, text=text, updated_by=by
                )
            if expected_version != note.version:
                raise StaleEditError(note)
            note.text = text
            note.updated_by = by
            note.version += 1
            note.save()
            return note
    except IntegrityError:  # another adviser created the note at the same moment
        raise StaleEditError(AdviserNote.objects.get(municipality=municipality)) from None


def assigned_advisers(municipality: Municipality) -> list:
    return list(municipality.advisers.filter(is_active=True, is_adviser=True).order_by("pk"))


@transaction.atomic
def send_request(
    municipality: Municipality, *, topic: str, text: str, about=None, by, base_url: str
) -> AdviceRequest:
    """Store the request and tell the assigned advisers. Raises ValidationError (German,
    nothing stored) when the municipality has no adviser to ask."""
    advisers = assigned_advisers(municipality)
    if not advisers:
        raise ValidationError(
            _(
                "No adviser accompanies your municipality yet, so nobody could answer. Your "
                "request was not sent. Please ask the digital agency to assign an adviser."
            ),
            code="no_adviser",
        )
    kind = type(about).__name__.lower() if about is not None else ""
    advice = AdviceRequest.objects.create(
        municipality=municipality,
        topic=topic,
        text=text,
        field=about if kind == "fieldofaction" else None,
        goal=about if kind == "goal" else None,
        measure=about if kind == "measure" else None,
        requested_by=by,
    )
    notices.request_sent(advice, advisers, base_url=base_url)
    return advice


@transaction.atomic
def answer_request(
    advice: AdviceRequest, *, status: str, answer: str, expected_version: int, by, base_url: str
) -> AdviceRequest:
    """Set the status and the answer if nobody changed the request since the adviser loaded
    it (StaleEditError otherwise); the person who asked hears of it when anything changed."""
    current = AdviceRequest.objects.select_for_update().get(pk=advice.pk)
    if current.version != expected_version:
        raise StaleEditError(current)
    if current.status == status and current.answer == answer:
        return current
    current.status_changed_at = timezone.now()
    if current.answer != answer:
        current.answered_by = by if answer else None
    current.status = status
    current.answer = answer
    current.version += 1
    current.save()
    current.municipality = advice.municipality
    notices.status_changed(current, base_url=base_url)
    return current
