from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.core.forms import GermanDateField, GermanDecimalField, VersionedForm
from schreibwerkstatt.municipalities.models import Municipality, Role

from . import services
from .models import (
    CatalogueField,
    ChecklistTemplate,
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    Indicator,
    Measure,
    PlanLink,
    PriorityCriterion,
    ProgrammePhase,
    Step,
    Strategy,
    StrategyPartner,
    Tag,
    TagAxis,
)


def members_who_can_lead(strategy: Strategy):
    """People of the strategy's municipalities who may be responsible for something."""
    municipalities = [
        strategy.municipality_id,
        *strategy.partnerships.values_list("municipality_id", flat=True),
    ]
    return (
        get_user_model()
        .objects.filter(
            memberships__municipality_id__in=municipalities,
            memberships__role__in=[Role.COORDINATOR, Role.EDITOR, Role.CONTRIBUTOR],
        )
        .distinct()
        .order_by("name", "email")
    )


class StrategyForm(VersionedForm):
    class Meta:
        model = Strategy
        fields = [
            "title", "motto", "period_start", "period_end", "status", "budget", "funding_programme",
            "own_share_amount", "own_share_percent", "goal_layer_names",
        ]  # fmt: skip
        field_classes = {
            "period_start": GermanDateField, "period_end": GermanDateField,
            "budget": GermanDecimalField, "own_share_amount": GermanDecimalField,
            "own_share_percent": GermanDecimalField,
        }  # fmt: skip


class VisionForm(VersionedForm):
    class Meta:
        model = Strategy
        fields = ["vision"]
        widgets = {"vision": forms.Textarea(attrs={"rows": 8})}


class PrincipleForm(VersionedForm):
    class Meta:
        model = GuidingPrinciple
        fields = ["text"]


class _UniqueNameForm(VersionedForm):
    """Renames an axis or a tag; the name must stay unique among its siblings. The database
    would refuse a duplicate too, but the form says so in words."""

    taken_message = ""

    def siblings(self):
        raise NotImplementedError

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if self.siblings().filter(name=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(self.taken_message % {"name": name})
        return name


class TagAxisForm(_UniqueNameForm):
    taken_message = _("This strategy already has an axis named “%(name)s”.")

    class Meta:
        model = TagAxis
        fields = ["name"]

    def siblings(self):
        return TagAxis.objects.filter(strategy_id=self.instance.strategy_id)


class TagForm(_UniqueNameForm):
    taken_message = _("This axis already has a tag named “%(name)s”.")

    class Meta:
        model = Tag
        fields = ["name"]

    def siblings(self):
        return Tag.objects.filter(axis_id=self.instance.axis_id)


class PlanLinkForm(VersionedForm):
    url = forms.URLField(
        label=PlanLink._meta.get_field("url").verbose_name,
        required=False,
        assume_scheme="https",
        max_length=200,
    )

    class Meta:
        model = PlanLink
        fields = ["title", "url", "note"]


class ProgrammePhaseForm(VersionedForm):
    class Meta:
        model = ProgrammePhase
        fields = ["name", "start", "end"]
        field_classes = {"start": GermanDateField, "end": GermanDateField}


class PartnerForm(forms.Form):
    """Invite a municipality; it becomes a partner only when its coordination accepts."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        error_messages={
            "invalid_choice": _(
                "Please choose a municipality from the list. Municipalities that are already "
                "invited or partners cannot be invited again."
            ),
        },
    )
    label = forms.CharField(label=_("Kind of partnership"), max_length=100, required=False)

    def __init__(self, *args, strategy: Strategy, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Invited or accepted ones are taken; after a refusal or an end one may invite again.
        taken = StrategyPartner.every_state.filter(
            strategy=strategy,
            status__in=[StrategyPartner.Status.INVITED, StrategyPartner.Status.ACCEPTED],
        ).values("municipality_id")
        self.fields["municipality"].queryset = Municipality.objects.exclude(
            pk=strategy.municipality_id
        ).exclude(pk__in=taken)


class CatalogueChoiceForm(forms.Form):
    entries = forms.ModelMultipleChoiceField(
        label=_("Fields of action from the catalogue"),
        queryset=CatalogueField.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please select at least one field of action.")},
    )

    def __init__(self, *args, strategy: Strategy, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        used = strategy.fields.exclude(catalogue_entry=None).values_list(
            "catalogue_entry_id", flat=True
        )
        self.fields["entries"].queryset = CatalogueField.objects.exclude(pk__in=used)


class FieldForm(VersionedForm):
    class Meta:
        model = FieldOfAction
        fields = ["title", "guiding_sentence", "starting_situation", "sub_areas", "responsible"]
        widgets = {
            "starting_situation": forms.Textarea(attrs={"rows": 5}),
            "sub_areas": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, strategy: Strategy, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = members_who_can_lead(strategy)
        self.fields["responsible"].error_messages["invalid_choice"] = _(
            "Please choose a member of this municipality."
        )


class GoalForm(VersionedForm):
    class Meta:
        model = Goal
        fields = ["title", "description", "parent", "fields"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "fields": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, strategy: Strategy, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = strategy.goals.all()
        self.fields["parent"].empty_label = _("none – a top-level goal")
        self.fields["fields"].queryset = strategy.fields.all()

    def clean_parent(self) -> Goal | None:
        parent = self.cleaned_data.get("parent")
        if not services.goal_parent_is_valid(self.instance, parent):
            raise forms.ValidationError(
                _("A goal cannot be placed below itself or below one of its sub-goals.")
            )
        return parent


class IndicatorForm(VersionedForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit",
            "kind",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
        ]
        field_classes = {
            "baseline_value": GermanDecimalField, "baseline_date": GermanDateField,
            "target_value": GermanDecimalField, "target_date": GermanDateField,
        }  # fmt: skip
        error_messages = {
            "baseline_value": {"invalid": _("Please enter a number, e.g. 12,5.")},
            "target_value": {"invalid": _("Please enter a number, e.g. 12,5.")},
        }

    def __init__(self, *args, **kwargs) -> None:
        kwargs.pop("strategy", None)
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        data = super().clean()
        # Without the date of the baseline the traffic light can never judge the progress.
        if (
            data.get("baseline_value") is not None
            and data.get("baseline_date") is None
            and "baseline_date" not in self.errors
        ):
            self.add_error(
                "baseline_date",
                _(
                    "Please enter the date of the baseline value: without it, "
                    "progress cannot be assessed."
                ),
            )
        return data


# The measure form in sections, the essentials first. The measure page shows the same
# sections (strategies/profile.py), so a field is found in the same place on both.
MEASURE_FIELDSETS: tuple[tuple[str, object, tuple[str, ...]], ...] = (
    ("grunddaten", _("Basic data"), (
        "title", "short_name", "plain_name", "status", "priority", "is_flagship", "summary",
        "goals", "fields", "parent",
    )),
    ("wirkung", _("Effect"), ("problem", "expected_effect", "target_group")),
    ("verantwortung", _("Responsibility"), (
        "lead_unit", "responsible", "partner_municipality", "partners_internal",
        "partners_external",
    )),
    ("kosten", _("Costs and financing"), (
        "cost_one_off", "cost_running", "financing", "funding_programme", "funding_share_percent",
    )),
    ("zeit", _("Time and dependencies"), ("start", "end", "duration_months", "depends_on")),
    ("weitere", _("Further details"), (
        "risks", "location", "tags", "maturity", "reusability", "data_protection_notes",
        "accessibility_notes",
    )),
)  # fmt: skip


class MeasureForm(VersionedForm):
    # A new measure's page shows similar measures of the library (strategies/form.html).
    suggest_similar = True

    class Meta:
        model = Measure
        fields = [name for _key, _legend, names in MEASURE_FIELDSETS for name in names]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in [
                "summary", "problem", "expected_effect", "partners_internal", "partners_external", "risks",
                "reusability", "data_protection_notes", "accessibility_notes",
            ]
        } | {"goals": forms.CheckboxSelectMultiple, "fields": forms.CheckboxSelectMultiple,
             "tags": forms.CheckboxSelectMultiple, "depends_on": forms.CheckboxSelectMultiple}  # fmt: skip
        field_classes = {
            "cost_one_off": GermanDecimalField, "cost_running": GermanDecimalField,
            "funding_share_percent": GermanDecimalField, "start": GermanDateField,
            "end": GermanDateField,
        }  # fmt: skip

    def sections(self) -> list[tuple[str, object, list[forms.BoundField]]]:
        """(key, legend, bound fields) per fieldset, for core/partials/form_sections.html."""
        return [
            (key, legend, [self[name] for name in names if name in self.fields])
            for key, legend, names in MEASURE_FIELDSETS
        ]

    def __init__(self, *args, strategy: Strategy, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.strategy = strategy
        others = (
            strategy.measures.exclude(pk=self.instance.pk)
            if self.instance.pk
            else strategy.measures.all()
        )
        self.fields["parent"].queryset = others
        self.fields["parent"].empty_label = _("none – an independent measure")
        self.fields["depends_on"].queryset = others
        self.fields["goals"].queryset = strategy.goals.all()
        self.fields["fields"].queryset = strategy.fields.all()
        self.fields["tags"].queryset = Tag.objects.filter(axis__strategy=strategy).select_related(
            "axis"
        )
        self.fields["responsible"].queryset = members_who_can_lead(strategy)
        self.fields["responsible"].error_messages["invalid_choice"] = _(
            "Please choose a member of this municipality."
        )
        self.fields["partner_municipality"].queryset = Municipality.objects.filter(
            pk__in=strategy.partnerships.values_list("municipality_id", flat=True)
        )
        for name in ["cost_one_off", "cost_running", "funding_share_percent"]:
            self.fields[name].error_messages["invalid"] = _(
                "Please enter an amount, e.g. 12.500,00."
            )

    def clean_parent(self) -> Measure | None:
        parent = self.cleaned_data.get("parent")
        if not services.measure_parent_is_valid(self.instance, parent):
            raise forms.ValidationError(
                _("A measure cannot be part of itself or of one of its parts.")
            )
        return parent

    def clean(self) -> dict:
        data = super().clean()
        prerequisites = data.get("depends_on")
        if self.instance.pk and prerequisites:
            cycle = services.dependency_cycle(self.instance, prerequisites)
            if cycle:
                chain = " → ".join(m.title for m in [*cycle, cycle[0]])
                self.add_error(
                    "depends_on",
                    _("These dependencies would form a cycle: %(chain)s.") % {"chain": chain},
                )
        return data


# The text sections of the measure profile, each edited on its own on the measure page:
# URL slug -> (model field, heading).
MEASURE_SECTIONS = {
    "kurzbeschreibung": ("summary", _("Short description")),
    "ausgangslage": ("problem", _("Problem and starting point")),
    "wirkung": ("expected_effect", _("Expected effect")),
    "risiken": ("risks", _("Risks")),
}


def measure_section_form(field: str) -> type[VersionedForm]:
    return forms.modelform_factory(
        Measure,
        form=VersionedForm,
        fields=[field],
        widgets={field: forms.Textarea(attrs={"rows": 6})},
    )


class StepForm(VersionedForm):
    class Meta:
        model = Step
        fields = ["title", "owner", "due_date"]
        field_classes = {"due_date": GermanDateField}

    def __init__(self, *args, strategy: Strategy, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members_who_can_lead(strategy)
        self.fields["owner"].empty_label = _("nobody yet")
        self.fields["owner"].error_messages["invalid_choice"] = _(
            "Please choose a member of this municipality."
        )


class ApplyTemplateForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Checklist template"), queryset=ChecklistTemplate.objects.none()
    )

    def __init__(self, *args, strategy: Strategy, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from django.db.models import Q

        self.fields["template"].queryset = ChecklistTemplate.objects.filter(
            Q(strategy=None) | Q(strategy=strategy)
        )


MAX_TEMPLATE_STEPS = 50
MAX_STEP_LENGTH = Step._meta.get_field("title").max_length  # 300


class ChecklistTemplateForm(VersionedForm):
    """A strategy's own checklist template: a name and its steps, one per line."""

    class Meta:
        model = ChecklistTemplate
        fields = ["name", "steps"]
        widgets = {"steps": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "steps": _("One step per line, at most 50 steps of at most 300 characters each.")
        }
        error_messages = {"steps": {"required": _("Please enter at least one step.")}}

    def clean_steps(self) -> str:
        lines = [line.strip() for line in self.cleaned_data.get("steps", "").splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            raise forms.ValidationError(_("Please enter at least one step."))
        if len(lines) > MAX_TEMPLATE_STEPS:
            raise forms.ValidationError(
                _("A template may hold at most %(max)s steps; this one has %(count)s.")
                % {"max": MAX_TEMPLATE_STEPS, "count": len(lines)}
            )
        too_long = [n for n, line in enumerate(lines, 1) if len(line) > MAX_STEP_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _("Each step may have at most %(max)s characters. Too long: step %(steps)s.")
                % {"max": MAX_STEP_LENGTH, "steps": ", ".join(str(n) for n in too_long)}
            )
        return "\n".join(lines)


class CriterionForm(forms.ModelForm):
    class Meta:
        model = PriorityCriterion
        fields = ["name", "weight", "scale_max", "role"]


class ToggleForm(forms.Form):
    done = forms.BooleanField(required=False)


class MeasureFilterForm(forms.Form):
    field = forms.ModelChoiceField(
        label=_("Field of action"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        empty_label=_("all"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("all")), *Measure.Status.choices], required=False
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=[("", _("all")), *Measure.Priority.choices], required=False
    )

    def __init__(self, *args, strategy: Strategy, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = strategy.fields.all()


class PriorityRowForm(forms.Form):
    """One measure's row of the priority list (all rows are saved with one button): its
    start-horizon priority and a value per criterion. `state` is the row's
    priorities.row_state when the page was loaded (optimistic locking per measure)."""

    state = forms.CharField(
        widget=forms.HiddenInput,
        max_length=2000,
        error_messages={"required": _("The form is incomplete. Please reload the page.")},
    )
    # Short labels keep the table narrow; the page's introduction explains the horizons.
    priority = forms.ChoiceField(
        label=_("Priority"),
        choices=[
            ("", "–"),
            (Measure.Priority.HIGH, _("High")),
            (Measure.Priority.MEDIUM, _("Medium")),
            (Measure.Priority.LOW, _("Low")),
        ],
        required=False,
        error_messages={"invalid_choice": _("Please choose one of the listed priorities.")},
    )

    def __init__(self, *args, measure: Measure, criteria, **kwargs) -> None:
        super().__init__(*args, prefix=f"m{measure.pk}", **kwargs)
        self.measure = measure
        self.criteria = list(criteria)
        for criterion in self.criteria:
            message = _("%(criterion)s: please enter a whole number from 0 to %(max)s.") % {
                "criterion": criterion.name,
                "max": criterion.scale_max,
            }
            self.fields[f"c{criterion.pk}"] = forms.IntegerField(
                label=criterion.name,
                min_value=0,
                max_value=criterion.scale_max,
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                error_messages={"invalid": message, "min_value": message, "max_value": message},
            )

    def row(self) -> "services.AssessmentRow":
        data = self.cleaned_data
        values = {c: data[f"c{c.pk}"] for c in self.criteria if data.get(f"c{c.pk}") is not None}
        return services.AssessmentRow(self.measure, data["state"], data["priority"], values)


class PrioritySortForm(forms.Form):
    sort = forms.ChoiceField(
        choices=[
            ("score", _("score")),
            ("priority", _("priority")),
            ("title", _("title")),
            ("start", _("start")),
        ],
        required=False,
    )
