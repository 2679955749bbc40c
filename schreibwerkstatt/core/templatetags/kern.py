from django import template
from django.forms.boundfield import BoundField, BoundWidget
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from schreibwerkstatt.core.field_help import Explanation, explain_label

register = template.Library()

_CLASSES = {"select": "kern-form-input__select", "checkbox": "kern-form-check__checkbox"}


@register.simple_tag(takes_context=True)
def field_explanation(context: template.Context, field: BoundField) -> Explanation | None:
    """The plain explanation of the field's label, if it is a term (core/field_help.py)."""
    return explain_label(field.label, context.get("request"))


@register.filter
def kern_widget(field: BoundField) -> SafeString:
    """Render a widget with KERN's classes and the hint and error tied to it for screen readers."""
    css = _CLASSES.get(field.widget_type, "kern-form-input__input")
    if field.errors:
        css += f" {css}--error"
    described = [f"{field.auto_id}_hint"] if field.help_text else []
    if field.errors:
        described.append(f"{field.auto_id}_error")
    attrs = {"class": css}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def kern_check(choice: BoundWidget, field: BoundField) -> SafeString:
    """One option of a CheckboxSelectMultiple or RadioSelect as a KERN checkbox or radio button.
    The fieldset around the options carries the hint and error (see core/partials/field.html)."""
    kind = "radio" if choice.data["type"] == "radio" else "checkbox"
    css = f"kern-form-check__{kind}"
    if field.errors:
        css += f" {css}--error"
    data = {**choice.data, "attrs": {**choice.data["attrs"], "class": css}}
    if choice.data.get("template_name") in _OPTION_TEMPLATES:
        return _input_tag(data)
    return BoundWidget(choice.parent_widget, data, choice.renderer).tag()


# The option templates of Django's CheckboxSelectMultiple and RadioSelect; without a label
# wrapped around it they are django/forms/widgets/input.html, which _input_tag writes
# directly: a form with a few hundred options (a measure's dependencies) spent most of its
# rendering time in one template render per option.
_OPTION_TEMPLATES = {
    "django/forms/widgets/checkbox_option.html",
    "django/forms/widgets/radio_option.html",
}


def _input_tag(widget: dict) -> SafeString:
    """django/forms/widgets/input.html (with attrs.html) for `widget`, the same markup."""
    parts = [
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
    ]
    if widget["value"] is not None:
        parts.append(f' value="{conditional_escape(str(widget["value"]))}"')
    for name, value in widget["attrs"].items():
        if value is not False:
            parts.append(f" {conditional_escape(name)}")
            if value is not True:
                parts.append(f'="{conditional_escape(str(value))}"')
    parts.append(">")
    return mark_safe("".join(parts))  # every part above is escaped
