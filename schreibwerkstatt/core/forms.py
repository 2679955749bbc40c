"""Form machinery shared by every app: versioned model forms (optimistic locking), German
amounts and dates, moving a list entry up or down."""

import re

from django import forms
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from .locking import save_versioned
from .mentions import MAX_QUERY as MAX_MENTION_QUERY
from .mentions import audience_keys

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("Please enter a date, for example 31.12.2026.")}

_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def german_amount(value):
    """Read amounts as German people write them: 12.500,00 or 12500,5 or 12500.50."""
    if isinstance(value, str):
        text = value.strip().replace(" ", "").replace("\u00a0", "").replace("€", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif _THOUSANDS.match(text):
            text = text.replace(".", "")
        value = text
    return value


class GermanDecimalField(forms.DecimalField):
    """An amount or a measured value as German people write it (see german_amount).

    A text input (a number input refuses "12.500,00") that shows the stored value localized
    (12500,00) and opens the decimal keyboard on phones. Localized after construction, so the
    widget keeps its number input's `step` (set as a model form's `Meta.field_classes`)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.localize = self.widget.is_localized = True
        self.widget.input_type = "text"
        self.widget.attrs["inputmode"] = "decimal"

    def to_python(self, value):
        return super().to_python(german_amount(value))


class GermanDateField(forms.DateField):
    """A date in the browser's date picker (sent as 2026-12-31; typed as 31.12.2026 where the
    browser has no picker), with a German example in its error message."""

    widget = DATE
    default_error_messages = DATE_ERRORS


class VersionedForm(forms.ModelForm):
    """A model form that carries the version it was loaded with (optimistic locking).

    Date and amount fields are not German by themselves: a form that has them names
    GermanDateField / GermanDecimalField in its `Meta.field_classes`."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_version(self) -> int | None:
        version = self.cleaned_data.get("version")
        if self.instance.pk and version is None:
            # Shown above the form: the hidden field has no place to show its error.
            self.add_error(None, _("The form is incomplete. Please reload the page."))
        return version

    def changes(self) -> tuple[dict, dict]:
        """(plain field values, many-to-many values) for core.locking.save_versioned."""
        plain, m2m = {}, {}
        for name in self._meta.fields or []:
            if name not in self.cleaned_data:
                continue
            model_field = self.instance._meta.get_field(name)
            (m2m if model_field.many_to_many else plain)[name] = self.cleaned_data[name]
        return plain, m2m

    def save_versioned(self):
        plain, m2m = self.changes()
        return save_versioned(
            self.instance, expected_version=self.cleaned_data["version"], changes=plain, m2m=m2m
        )


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("up")), ("down", _("down"))])


class Select(forms.Select):
    """Django's Select for long lists (every member of a municipality as the person
    responsible): the same markup as Django's select.html, written directly instead of through
    one template render per option, which took a page with 300 options 20 ms
    (core/tests/test_select.py compares it with Django's rendering). Named Select so that
    BoundField.widget_type, which the KERN field templates read, stays "select"."""

    def _render(self, template_name: str, context: dict, renderer=None) -> SafeString:
        widget = context["widget"]
        if template_name != _SELECT or any(
            option["template_name"] != _OPTION or not isinstance(option["label"], str | Promise)
            for _name, options, _index in widget["optgroups"]
            for option in options
        ):
            return super()._render(template_name, context, renderer)
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                parts.append(
                    f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                    f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every value above is escaped


_SELECT = "django/forms/widgets/select.html"
_OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {conditional_escape(name)}"
        + ("" if value is True else f'="{conditional_escape(str(value))}"')
        for name, value in attrs.items()
        if value is not False
    )


class MentionQueryForm(forms.Form):
    """The autocomplete's question: which audience ("strategy:12") and the typed letters."""

    audience = forms.RegexField(
        regex=r"^[a-z_]{1,40}:[0-9]{1,12}$",
        error_messages={
            "required": _("The suggestions need an audience."),
            "invalid": _("This is not an audience of mentions."),
        },
    )
    q = forms.CharField(
        required=False,
        max_length=MAX_MENTION_QUERY,
        error_messages={"max_length": _("Type at most %(limit_value)d letters of the name.")},
    )

    def clean_audience(self) -> tuple[str, int]:
        key, ref = self.cleaned_data["audience"].split(":")
        if key not in audience_keys():
            raise forms.ValidationError(_("This is not an audience of mentions."))
        return key, int(ref)
