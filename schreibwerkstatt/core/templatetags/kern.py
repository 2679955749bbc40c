from django import template
from django.forms.boundfield import BoundField, BoundWidget
from django.utils.safestring import SafeString

register = template.Library()

_CLASSES = {"select": "kern-form-input__select", "checkbox": "kern-form-check__checkbox"}


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
    The fieldset around the options carries the hint and error (see includes/field.html)."""
    kind = "radio" if choice.data["type"] == "radio" else "checkbox"
    css = f"kern-form-check__{kind}"
    if field.errors:
        css += f" {css}--error"
    data = {**choice.data, "attrs": {**choice.data["attrs"], "class": css}}
    return BoundWidget(choice.parent_widget, data, choice.renderer).tag()
