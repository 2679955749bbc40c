from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.municipalities.models import Kind, Membership
from schreibwerkstatt.strategies.models import CatalogueField, FieldOfAction, Goal, Measure

from .engines import Filters
from .models import CostBand, SizeClass

MAX_QUERY_LENGTH = 200


ALL = _("All")


def _with_all(choices) -> list:
    return [("", ALL), *choices]


class LibraryForm(forms.Form):
    """The search box and the filters of /bibliothek/ (all optional; GET)."""

    q = forms.CharField(
        label=_("Search term"), required=False, max_length=MAX_QUERY_LENGTH, strip=True,
        widget=forms.TextInput(attrs={"type": "search"}),
        error_messages={"max_length": _("Please enter a shorter search term (at most %(limit_value)d characters).")},
    )  # fmt: skip
    field = forms.ModelChoiceField(
        label=_("Field of action"), required=False, queryset=CatalogueField.objects.all(),
        empty_label=_("All"),
        help_text=_("From the catalogue; fields of action with the same name count too."),
        error_messages={"invalid_choice": _("Please choose a field of action of the list.")},
    )  # fmt: skip
    kind = forms.ChoiceField(
        label=_("Kind of municipality"), required=False, choices=_with_all(Kind.choices)
    )
    size = forms.ChoiceField(
        label=_("Size of the municipality"), required=False, choices=_with_all(SizeClass.choices)
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_with_all(Measure.Status.choices)
    )
    cost = forms.ChoiceField(
        label=_("Costs in the first year"), required=False, choices=_with_all(CostBand.choices)
    )
    tag = forms.CharField(label=_("Tag"), required=False, max_length=100, strip=True,
                          help_text=_("The exact tag, e.g. Sofortmaßnahme."))  # fmt: skip
    page = forms.IntegerField(required=False, min_value=1, max_value=1000)

    def filters(self) -> Filters:
        data = self.cleaned_data
        catalogue = data.get("field")
        return Filters(
            catalogue_id=catalogue.pk if catalogue else None,
            field_title=catalogue.title if catalogue else "",
            kind=data.get("kind", ""), size=data.get("size", ""), status=data.get("status", ""),
            cost=data.get("cost", ""), tag=data.get("tag", ""),
        )  # fmt: skip


class SuggestForm(forms.Form):
    """The title typed so far in a new measure's form (the suggestions' htmx request)."""

    title = forms.CharField(required=False, max_length=300, strip=True)
    strategy = forms.IntegerField(required=False, min_value=1)


class ShareForm(forms.Form):
    contact = forms.ModelChoiceField(
        label=_("Contact person"), required=False, queryset=get_user_model().objects.none(),
        empty_label=_("No contact person"),
        help_text=_("A member of your municipality whom others may ask about the measure. "
                    "The library shows their name and e-mail address."),
        error_messages={"invalid_choice": _("Please choose a member of your municipality.")},
    )  # fmt: skip

    def __init__(self, *args, municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        members = Membership.objects.filter(municipality=municipality, user__is_active=True)
        self.fields["contact"].queryset = (
            get_user_model()
            .objects.filter(pk__in=members.values("user_id"))
            .order_by("name", "email")
        )
        self.fields["contact"].label_from_instance = lambda user: (
            f"{user.name or user.email} ({user.email})"
        )


class AdoptForm(forms.Form):
    """Where a library measure goes: one of the person's editable strategies (value
    "<municipality pk>-<strategy pk>"), a field of action and a goal of that strategy.

    Sent without `field`/`goal` (the first step), it only picks the strategy; the second step
    shows the strategy's fields and goals. Anything not of the chosen strategy, or a strategy
    the person may not edit, is refused with a German message."""

    target = forms.ChoiceField(
        label=_("Into which strategy?"),
        error_messages={"required": _("Please choose one of your strategies."),
                        "invalid_choice": _("You may not add measures to this strategy. Please choose one of your strategies.")},
    )  # fmt: skip
    field = forms.ModelChoiceField(
        label=_("Field of action"), required=False, queryset=FieldOfAction.objects.none(),
        empty_label=_("None"),
        error_messages={"invalid_choice": _("This field of action is not one of the chosen strategy.")},
    )  # fmt: skip
    goal = forms.ModelChoiceField(
        label=_("Goal"), required=False, queryset=Goal.objects.none(), empty_label=_("None"),
        error_messages={"invalid_choice": _("This goal is not one of the chosen strategy.")},
    )  # fmt: skip
    named = forms.BooleanField(
        label=_("The municipality of origin may see that we took the measure over"),
        required=False,
        help_text=_("Without it, it only learns that a municipality took it over, not which."),
    )

    def __init__(self, *args, pairs, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.pairs = {f"{m.pk}-{s.pk}": (m, s) for m, s in pairs}
        self.fields["target"].choices = [
            ("", _("Please choose")),
            *((key, f"{s.title} ({m.name})") for key, (m, s) in self.pairs.items()),
        ]
        key = (
            self.data.get(self.add_prefix("target"))
            if self.is_bound
            else self.initial.get("target")
        )
        if key in self.pairs:
            strategy = self.pairs[key][1]
            self.fields["field"].queryset = FieldOfAction.objects.filter(strategy=strategy)
            self.fields["goal"].queryset = Goal.objects.filter(strategy=strategy)
        else:
            del self.fields["field"], self.fields["goal"], self.fields["named"]

    @property
    def chosen(self):
        """(municipality, strategy) once the target is valid."""
        return self.pairs.get(self.cleaned_data.get("target", ""))
