from django import forms
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .targets import KINDS


class CommentTextForm(forms.Form):
    """A comment written on the element's own comment page (the URL names the element)."""

    text = forms.CharField(
        label=_("Your comment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Write @ followed by an e-mail address to notify a colleague, e.g. @anna.berg@kommune.de."
        ),
        error_messages={"required": _("Please write a comment.")},
    )


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
