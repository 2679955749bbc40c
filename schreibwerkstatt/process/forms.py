from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.municipalities.models import Municipality, Role


class ItemForm(forms.Form):
    title = forms.CharField(
        label=_("Task"),
        max_length=200,
        error_messages={
            "max_length": _(
                "Please keep the task to at most %(limit_value)d characters (now %(show_value)d)."
            )
        },
    )
    assignee = forms.ModelChoiceField(
        label=_("Responsible"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("nobody yet"),
        error_messages={"invalid_choice": _("Please choose a member of this municipality.")},
    )
    due_date = forms.DateField(
        label=_("Due on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Please enter a date, for example 31.12.2026.")},
    )

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = (
            get_user_model()
            .objects.filter(
                memberships__municipality=municipality,
                memberships__role__in=[Role.COORDINATOR, Role.EDITOR, Role.CONTRIBUTOR],
            )
            .order_by("name", "email")
        )


class EditItemForm(ItemForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ToggleForm(forms.Form):
    done = forms.BooleanField(required=False)
