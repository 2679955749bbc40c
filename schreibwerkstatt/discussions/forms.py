from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TEXT_MAX, TITLE_MAX, DirectoryEntry

# TEXT_MAX in words: a lazy text cannot be filled in at import.
TEXT_HELP = _(
    "Markdown works: **bold**, *italic*, lists with “-” and links. At most 10,000 characters."
)
EMPTY_TEXT = _("Please write some text. Nothing was saved.")


def text_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=TEXT_HELP,
        error_messages={"required": EMPTY_TEXT},
    )


def title_field() -> forms.CharField:
    return forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        error_messages={"required": _("Please give the topic a title. Nothing was saved.")},
    )


class PageForm(forms.Form):
    """The page of a list (?seite=2)."""

    seite = forms.IntegerField(
        min_value=1, required=False, error_messages={"invalid": _("Invalid page number.")}
    )


class TopicForm(forms.Form):
    title = title_field()
    text = text_field(_("Your post"))


class ReplyForm(forms.Form):
    text = text_field(_("Your reply"))


class PostEditForm(forms.Form):
    text = text_field(_("Text"))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, opens_topic: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if opens_topic:
            self.fields = {"title": title_field(), **self.fields}

    def clean_version(self) -> int | None:
        version = self.cleaned_data.get("version")
        if version is None:
            # Shown above the form: the hidden field has no place to show its error.
            self.add_error(None, _("The form is incomplete. Please reload the page."))
        return version


def switch_form(name: str) -> type[forms.Form]:
    """A form of one on/off value posted as "1" or "0" (follow, hide, lock)."""
    field = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )
    return type(f"{name.title()}Form", (forms.Form,), {name: field})


FollowForm = switch_form("follow")
HideForm = switch_form("hidden")
LockForm = switch_form("locked")


class MoveForm(forms.Form):
    space = forms.TypedChoiceField(
        label=_("Move to"),
        coerce=int,
        error_messages={
            "invalid_choice": _("Choose a space from the list. Nothing was moved."),
            "required": _("Choose a space from the list. Nothing was moved."),
        },
    )

    def __init__(self, *args, spaces, current, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.spaces = {space.pk: space for space in spaces if space.pk != current.pk}
        self.fields["space"].choices = [(pk, s.title) for pk, s in self.spaces.items()]

    def clean_space(self):
        return self.spaces[self.cleaned_data["space"]]


class DirectoryEntryForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    class Meta:
        model = DirectoryEntry
        fields = ["listed", "function", "municipality", "topics"]
        widgets = {"topics": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, municipalities, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        field.queryset = municipalities
        field.empty_label = _("none")
        field.error_messages["invalid_choice"] = _("Choose one of your municipalities.")
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
