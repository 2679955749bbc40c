from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.core.forms import Select
from schreibwerkstatt.municipalities.models import Kind, Municipality
from schreibwerkstatt.strategies.models import Strategy
from schreibwerkstatt.workshops.models import Registration, Series

from .cockpit import NO_STRATEGY, SORTS
from .models import AdviceRequest

STATUS_CHOICES = [
    ("", _("all")),
    (NO_STRATEGY, _("no strategy yet")),
    *[(value, label) for value, label in Strategy.Status.choices if value != "archived"],
]


class CockpitForm(forms.Form):
    """The cockpit's query string: filters, sorting and the page; anything else is a 400."""

    district = forms.ModelChoiceField(
        label=_("District"), queryset=Municipality.objects.none(), required=False,
        empty_label=_("all"),
    )  # fmt: skip
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("all")), *Kind.choices], required=False
    )
    series = forms.ModelChoiceField(
        label=_("Workshop series"), queryset=Series.objects.none(), required=False,
        empty_label=_("all"),
    )  # fmt: skip
    status = forms.ChoiceField(label=_("Strategy"), choices=STATUS_CHOICES, required=False)
    sort = forms.ChoiceField(
        choices=[(key, key) for name in SORTS for key in (name, f"-{name}")], required=False
    )
    page = forms.IntegerField(min_value=1, required=False)

    def __init__(self, *args, municipalities, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The districts and series that concern the adviser's municipalities.
        self.fields["district"].queryset = Municipality.objects.filter(
            pk__in=municipalities.exclude(parent=None).values("parent")
        ).order_by("name")
        self.fields["series"].queryset = Series.objects.filter(
            pk__in=Registration.objects.filter(municipality__in=municipalities)
            .exclude(status=Registration.Status.CANCELLED)
            .values("series")
        ).order_by("title")
        self.fields["district"].widget = Select(choices=self.fields["district"].choices)
        self.fields["series"].widget = Select(choices=self.fields["series"].choices)


class IdListField(forms.Field):
    """Several ids under one name (?m=1&m=2)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        try:
            ids = [int(item) for item in value]
        except (TypeError, ValueError):
            raise ValidationError(
                _("Choose municipalities from the list."), code="invalid"
            ) from None
        return list(dict.fromkeys(ids))


COMPARE_MAX = 6


class CompareForm(forms.Form):
    m = IdListField(required=False)

    def clean_m(self) -> list[int]:
        ids = self.cleaned_data["m"]
        if len(ids) < 2:
            raise ValidationError(
                _("Tick at least two municipalities to compare them."), code="too_few"
            )
        if len(ids) > COMPARE_MAX:
            raise ValidationError(
                _("Compare at most %(count)s municipalities at once.") % {"count": COMPARE_MAX},
                code="too_many",
            )
        return ids


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Only the advisers assigned to this municipality read these notes, never its members."
        ),
    )
    # Empty while there is no note yet; then the version the editor loaded.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


def about_choices(strategy: Strategy | None) -> list:
    """("", nothing) and the strategy's fields, goals and measures, grouped."""
    choices: list = [("", _("nothing in particular"))]
    if strategy is None:
        return choices
    groups = (
        (_("Fields of action"), "field", strategy.fields.order_by("position", "pk")),
        (_("Goals"), "goal", strategy.goals.all()),
        (_("Measures"), "measure", strategy.measures.all()),
    )
    for label, prefix, queryset in groups:
        options = [(f"{prefix}-{pk}", title) for pk, title in queryset.values_list("pk", "title")]
        if options:
            choices.append((label, options))
    return choices


class AdviceRequestForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    text = forms.CharField(
        label=_("Your question"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What do you need help with? What have you tried so far?"),
    )
    about = forms.ChoiceField(
        label=_("About"),
        required=False,
        help_text=_("Optional: a field of action, goal or measure of your strategy."),
    )

    def __init__(self, *args, strategy: Strategy | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.strategy = strategy
        self.fields["about"].choices = about_choices(strategy)
        self.fields["about"].widget = Select(choices=self.fields["about"].choices)

    def clean_topic(self) -> str:
        return " ".join(self.cleaned_data["topic"].split())

    def clean_about(self):
        """The object chosen: the choices hold only the strategy's own, so it belongs to it."""
        value = self.cleaned_data.get("about")
        if not value:
            return None
        prefix, _sep, pk = value.partition("-")
        related = {
            "field": self.strategy.fields,
            "goal": self.strategy.goals,
            "measure": self.strategy.measures,
        }
        return related[prefix].get(pk=int(pk))


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=AdviceRequest.Status.choices)
    answer = forms.CharField(
        label=_("Short answer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The person who asked reads it on the request and gets it by e-mail."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RequestListForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Show"),
        choices=[
            ("unfinished", _("open and in progress")),
            *AdviceRequest.Status.choices,
            ("all", _("all")),
        ],
        required=False,
    )
    page = forms.IntegerField(min_value=1, required=False)
