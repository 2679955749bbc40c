from django import forms
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.core.forms import VersionedForm

from .models import Chapter

TEXT_LIMIT = Chapter._meta.get_field("text").max_length or 200_000


class ChapterTextForm(VersionedForm):
    class Meta:
        model = Chapter
        fields = ["text"]
        labels = {"text": _("Text of the chapter (Markdown)")}
        help_texts = {
            "text": _(
                "Write plain text. Start a paragraph after an empty line. **bold**, *italic*, "
                "a list with “- ” at the start of each line, a heading with “## ”, "
                "a link as [text](https://…)."
            )
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 22, "spellcheck": "true"})}


class ChapterTitleForm(VersionedForm):
    class Meta:
        model = Chapter
        fields = ["title"]
        labels = {"title": _("Title of the chapter")}

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Please enter a title."))
        return title


class PreviewForm(forms.Form):
    text = forms.CharField(required=False, max_length=TEXT_LIMIT, strip=False)


class InsertBlockForm(forms.Form):
    block = forms.CharField(max_length=40)

    def __init__(self, *args, keys: tuple[str, ...], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.keys = keys

    def clean_block(self) -> str:
        key = self.cleaned_data["block"]
        if key not in self.keys:
            raise forms.ValidationError(_("This text building block does not exist."))
        return key


class EnabledForm(forms.Form):
    enabled = forms.TypedChoiceField(
        choices=[("1", _("on")), ("0", _("off"))],
        coerce=lambda value: value == "1",
        error_messages={"required": _("Invalid request."), "invalid_choice": _("Invalid request.")},
    )
