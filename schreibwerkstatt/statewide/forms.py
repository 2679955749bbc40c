from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .directory_file import MAX_UPLOAD_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Directory file (XLSX or CSV)"),
        help_text=lazy(
            lambda: (
                gettext(
                    "One row per municipality with the columns AGS, Name and Art; Einwohner and "
                    "Kreis are optional. At most %(max)s MB."
                )
                % {"max": MAX_UPLOAD_BYTES // (1024 * 1024)}
            ),
            str,
        )(),
        error_messages={
            "required": _("Please choose the directory file."),
            "empty": _("The file is empty."),
            "invalid": _("Please choose the directory file."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class ConfirmForm(forms.Form):
    remove_missing = forms.BooleanField(
        label=_("Remove the entries that the file does not list"),
        help_text=_("For example after municipalities merged. Leave it off for a partial file."),
        required=False,
    )


class PublishForm(forms.Form):
    public = forms.ChoiceField(
        choices=[("on", _("on")), ("off", _("off"))],
        error_messages={
            "required": _("Please say whether the picture is to be public."),
            "invalid_choice": _("Please say whether the picture is to be public."),
        },
    )
