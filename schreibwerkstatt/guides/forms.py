"""The operator's forms for guides, attachments and entry questions."""

from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schreibwerkstatt.core.forms import VersionedForm

from .models import Guide, GuideAttachment, Question
from .uploads import KIND_HINT, MAX_SIZE, CheckedFile, check_attachment

URL_NAME = r"[a-z_]+(:[a-z_]+)?"


@cache
def known_url_names() -> frozenset[str]:
    """Every named page of the project ("namespace:name")."""

    def walk(patterns, namespace: str):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or ""
                yield from walk(
                    pattern.url_patterns,
                    f"{namespace}:{inner}" if namespace and inner else inner or namespace,
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return frozenset(walk(get_resolver().url_patterns, ""))


class PagesField(forms.CharField):
    """URL names, one a line, as a list; each must name a page of the project."""

    widget = forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "autocapitalize": "off"})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        names = []
        for line in text.replace(",", "\n").splitlines():
            name = line.strip()
            if name and name not in names:
                names.append(name)
        return names

    def validate(self, value: list[str]) -> None:
        if len(value) > 30:
            raise ValidationError(_("Please name at most 30 pages."), code="too_many")
        unknown = [name for name in value if name not in known_url_names()]
        if unknown:
            raise ValidationError(
                _("These pages do not exist: %(names)s. Page names look like "
                  "“strategies:goals”.")
                % {"names": ", ".join(name[:60] for name in unknown[:5])},
                code="unknown",
            )  # fmt: skip


class GuideForm(VersionedForm):
    pages = PagesField(
        label=gettext_lazy("Help on these pages"),
        required=False,
        help_text=gettext_lazy(
            "Names of the pages where this guide is shown as “Help on this page”, one per "
            "line, e.g. “strategies:goals”. The page of its phase gets it without being named."
        ),
    )

    class Meta:
        model = Guide
        fields = ["title", "slug", "summary", "body", "phase", "public", "pages"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 24}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase"].empty_label = _("No phase")  # type: ignore[attr-defined]
        self.fields["slug"].widget.attrs.update(autocapitalize="off", spellcheck="false")


class AttachmentForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=200,
        help_text=gettext_lazy(
            "For a picture: what it shows, read out by screen readers (its text alternative)."
        ),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=GuideAttachment.Kind.choices,
        initial=GuideAttachment.Kind.DOWNLOAD,
        widget=forms.RadioSelect,
        help_text=KIND_HINT,
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        error_messages={
            "required": gettext_lazy("Please choose a file."),
            "empty": gettext_lazy("The file is empty."),
            "invalid": gettext_lazy("Please choose a file."),
        },
    )

    checked: CheckedFile | None = None
    data_bytes: bytes = b""

    def clean(self):
        cleaned = super().clean()
        upload, kind = cleaned.get("file"), cleaned.get("kind")
        if upload is None or kind is None:
            return cleaned
        if upload.size > MAX_SIZE:
            self.add_error(
                "file", _("The file is larger than 10 MB. Please upload a smaller file.")
            )
            return cleaned
        data = upload.read(MAX_SIZE + 1)
        try:
            self.checked = check_attachment(data, upload.name or "", kind)
        except ValidationError as error:
            self.add_error("file", error)
            return cleaned
        self.data_bytes = data
        return cleaned


class QuestionForm(VersionedForm):
    class Meta:
        model = Question
        fields = ["question", "answer", "guide", "tool"]
        widgets = {
            "question": forms.TextInput,
            "answer": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["guide"].queryset = Guide.objects.in_order().only("pk", "title")
        self.fields["guide"].empty_label = _("No guide")
        self.fields["tool"].choices = [("", _("No tool")), *self.fields["tool"].choices[1:]]

    def clean_question(self) -> str:
        question = self.cleaned_data["question"].strip()
        taken = Question.objects.filter(question=question).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("This question is already in the list."), code="unique")
        return question


class RestoreForm(forms.Form):
    version = forms.IntegerField(min_value=1)
