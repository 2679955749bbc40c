from django import template
from django.forms import BoundField
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
