"""The choice on the export page: which file, of which version of the document."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.revisions.models import Revision

from .formats import DOCUMENT_FORMATS
from .job_kinds import BESCHLUSSVORLAGE

FORMAT_ORDER = ("pdf", "docx", "odt", "md")
FORMAT_HINTS = {
    "pdf": _("For printing, the council papers and the website; accessible (PDF/UA)."),
    "docx": _("For further editing in Word, with your municipality's Word template."),
    "odt": _("For further editing in LibreOffice or OpenOffice."),
    "md": _("Plain text with simple formatting, e.g. for a website or a wiki."),
    BESCHLUSSVORLAGE: _(
        "A draft of the council resolution with decision proposal, reasoning, financial "
        "effects from the measures' costs and the list of attachments, as Word file."
    ),
}


class DocumentExportForm(forms.Form):
    fmt = forms.ChoiceField(
        label=_("File"),
        widget=forms.RadioSelect(attrs={"class": "kern-form-check__radio"}),
        error_messages={
            "required": _("Please choose a file format."),
            "invalid_choice": _("Please choose one of the offered file formats."),
        },
    )
    revision = forms.TypedChoiceField(
        label=_("Version of the document"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "kern-form-check__radio"}),
        error_messages={
            "invalid_choice": _("This revision does not exist (any more). Please choose again."),
        },
    )

    def __init__(self, *args: Any, revisions: Iterable[Revision], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"fmt": "pdf", "revision": ""})
        super().__init__(*args, **kwargs)
        self.fields["fmt"].choices = [
            (key, DOCUMENT_FORMATS[key].label) for key in FORMAT_ORDER
        ] + [(BESCHLUSSVORLAGE, _("Draft council resolution (Beschlussvorlage, DOCX)"))]
        self.fields["revision"].choices = [("", _("Current draft, as of today"))] + [
            (str(revision.number), revision_label(revision)) for revision in revisions
        ]

    @property
    def format_options(self) -> list[tuple[Any, Any]]:
        """(radio, hint) for each file format, so that each hint is tied to its radio."""
        return [(radio, FORMAT_HINTS[radio.data["value"]]) for radio in self["fmt"]]


def revision_label(revision: Revision) -> str:
    values = {
        "number": revision.number,
        "date": revision.adopted_on.strftime("%d.%m.%Y") if revision.adopted_on else "",
        "body": revision.body,
    }
    if revision.body:
        return _("Revision %(number)s, adopted on %(date)s (%(body)s)") % values
    return _("Revision %(number)s, adopted on %(date)s") % values
