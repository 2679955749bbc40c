import html
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.core.mentions import mentioned_in
from schreibwerkstatt.core.templatetags.mention_tags import mention_attrs

from .models import TEXT_MAX, TITLE_MAX, DirectoryEntry
from .rules import audience_of

# TEXT_MAX in words: a lazy text cannot be filled in at import.
TEXT_HELP = _(
    "Markdown works: **bold**, *italic*, lists with “-” and links. Write @ and a name to "
    "mention a person of this space. At most 10,000 characters."
)
EMPTY_TEXT = _("Please write some text. Nothing was saved.")
UNKNOWN_MENTION = _(
    "Nobody in this space is called “%(written)s”, so nobody was notified and nothing was "
    "saved. Choose a person from the suggestions, or write the name without @."
)
SHARED_NAME = _(
    "Several people in this space are called “%(written)s”. Choose the person you mean from "
    "the suggestions: the mention then carries their number, like “@Anna Weber#17”."
)


def mention_widget_attrs(key: str, ref: int) -> dict[str, str]:
    """The autocomplete's data attributes (core's `{% mention_attrs %}`) for a widget."""
    written = mention_attrs(key, ref)
    return {
        name: html.unescape(value) for name, value in re.findall(r'([\w-]+)="([^"]*)"', written)
    }


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


class MentionsForm(forms.Form):
    """A form with a `text` whose @mentions must name people of the space's audience
    (core/mentions.py). A mention of anybody else, or a name two people share without its
    number, is refused with a message quoting only what the author wrote, so it tells
    nothing about whether such a person exists; nothing is stored, nobody told."""

    def __init__(self, *args, space, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.space = space
        self.mentioned: list = []
        self.fields["text"].widget.attrs.update(mention_widget_attrs("discussion", space.pk))

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        found = mentioned_in(text, audience_of(self.space))
        errors = [
            forms.ValidationError(UNKNOWN_MENTION, code="unknown_mention", params={"written": w})
            for w in dict.fromkeys(found.unresolved)
        ] + [
            forms.ValidationError(SHARED_NAME, code="ambiguous_mention", params={"written": w})
            for w in dict.fromkeys(found.ambiguous)
        ]
        if errors:
            raise forms.ValidationError(errors)
        self.mentioned = found.people
        return text


class PageForm(forms.Form):
    """The page of a list (?seite=2)."""

    seite = forms.IntegerField(
        min_value=1, required=False, error_messages={"invalid": _("Invalid page number.")}
    )


class TopicForm(MentionsForm):
    title = title_field()
    text = text_field(_("Your post"))


class ReplyForm(MentionsForm):
    text = text_field(_("Your reply"))


class PostEditForm(MentionsForm):
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
