from django import forms
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.strategies.models import Strategy

from .services import find_mentions
from .targets import KINDS

MENTION_HINT = _(
    "Write @ and a name to notify a colleague who can read the strategy, e.g. @Anna Weber. "
    "Suggestions appear as you type."
)


class CommentTextForm(forms.Form):
    """A comment written on the element's own comment page (the URL names the element).

    Its @mentions must name people who may read the strategy: a mention of anybody else is
    refused with a message that quotes only what the author wrote, so it tells nothing about
    whether such a person exists (docs/decisions.md, "@mentions by name")."""

    text = forms.CharField(
        label=_("Your comment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=MENTION_HINT,
        error_messages={"required": _("Please write a comment.")},
    )

    def __init__(self, *args, strategy: Strategy, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.strategy = strategy

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        found = find_mentions(self.strategy, text)
        errors = [
            forms.ValidationError(
                _(
                    "Nobody who can read this strategy is called “%(written)s”, so nobody was "
                    "notified and the comment was not saved. Choose a person from the "
                    "suggestions, or write the name without @."
                ),
                code="unknown_mention",
                params={"written": written},
            )
            for written in dict.fromkeys(found.unresolved)
        ] + [
            forms.ValidationError(
                _(
                    "Several people who can read this strategy are called “%(written)s”. "
                    "Choose the person you mean from the suggestions: the mention then "
                    "carries their number, like “@Anna Weber#17”."
                ),
                code="ambiguous_mention",
                params={"written": written},
            )
            for written in dict.fromkeys(found.ambiguous)
        ]
        if errors:
            raise forms.ValidationError(errors)
        return text


class CommentForm(CommentTextForm):
    """A comment sent from any page: the hidden fields name the element."""

    target_type = forms.ChoiceField(choices=[(k, k) for k in KINDS], widget=forms.HiddenInput)
    target_id = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ResolveForm(forms.Form):
    resolved = forms.BooleanField(required=False)


class NextForm(forms.Form):
    """Where to go after a comment or a resolve: a path on this site, nothing else.

    `redirect()` takes a string without "/" or "." for a URL name and raises NoReverseMatch
    (a 500) when there is none, so only an absolute path is accepted; CharField already refuses
    NUL bytes. Anything else falls back to the strategy overview."""

    next = forms.CharField(max_length=2000, required=False)

    def __init__(self, data, *, host: str, https: bool) -> None:
        super().__init__(data)
        self.host, self.https = host, https

    def clean_next(self) -> str:
        target = self.cleaned_data["next"]
        if not target:
            return ""
        local = (
            target.startswith("/")
            and not target.startswith(("//", "/\\"))
            and not any(ord(char) < 32 or ord(char) == 127 for char in target)
        )
        if not local or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.host}, require_https=self.https
        ):
            raise forms.ValidationError(_("This is not an address on this site."))
        return target
