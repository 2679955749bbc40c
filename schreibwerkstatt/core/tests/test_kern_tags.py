"""The KERN form filters: kern_check writes each checkbox or radio option itself (a form with
hundreds of options spent most of its time in one template render per option); the markup
must stay exactly what Django's option template renders."""

from django import forms
from django.forms.boundfield import BoundWidget

from schreibwerkstatt.core.templatetags.kern import kern_check


class Choices(forms.Form):
    many = forms.MultipleChoiceField(
        choices=[("1", "Eins"), ('a"<&>', "Zeichen"), ("3", "Drei")],
        widget=forms.CheckboxSelectMultiple(attrs={"data-x": 'q"<', "disabled": True, "hidden": False}),
    )  # fmt: skip
    one = forms.ChoiceField(choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect)


def test_options_are_written_as_django_renders_them_with_the_kern_class() -> None:
    form = Choices(data={"many": ["1", 'a"<&>'], "one": "y"})
    form.add_error("one", "falsch")
    for name, kind in (("many", "checkbox"), ("one", "radio")):
        field = form[name]
        for choice in field:
            css = f"kern-form-check__{kind}" + (
                f" kern-form-check__{kind}--error" if field.errors else ""
            )
            data = {**choice.data, "attrs": {**choice.data["attrs"], "class": css}}
            expected = BoundWidget(choice.parent_widget, data, choice.renderer).tag()
            assert kern_check(choice, field) == expected
    written = [str(kern_check(choice, form["many"])) for choice in form["many"]]
    assert written[1] == (
        '<input type="checkbox" name="many" value="a&quot;&lt;&amp;&gt;" data-x="q&quot;&lt;" '
        'disabled id="id_many_1" checked class="kern-form-check__checkbox">'
    )
    assert "checked" not in written[2]
