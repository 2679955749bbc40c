"""core.forms.Select writes a select's markup itself (a page with 300 options spent 20 ms in one
template render per option); it must stay exactly what Django's select template renders."""

from django import forms
from django.utils.translation import gettext_lazy

from schreibwerkstatt.core.forms import Select


class Choices(forms.Form):
    flat = forms.ChoiceField(
        choices=[
            ("", "nobody yet"),
            ("1", "Eins"),
            ('a"<&>', 'Zeichen "<&>'),
            ("3", gettext_lazy("up")),
        ],
        required=False,
    )
    grouped = forms.ChoiceField(
        choices=[("Gruppe <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")],
    )
    many = forms.MultipleChoiceField(choices=[("1", "Eins"), ("2", "Zwei"), ("3", "Drei")])


def test_it_writes_what_djangos_select_template_renders() -> None:
    for data in ({}, {"flat": 'a"<&>', "grouped": "y", "many": ["1", "3"]}):
        form = Choices(data=data or None)
        for name, widget_class in (
            ("flat", forms.Select),
            ("grouped", forms.Select),
            ("many", forms.SelectMultiple),
        ):
            field = form[name]
            attrs = {"class": "kern-form-input__select", "aria-describedby": 'h"<', "hidden": False}
            choices = form.fields[name].choices
            expected = field.as_widget(widget=widget_class(choices=choices), attrs=attrs)
            ours = type("Ours", (Select, widget_class), {})(choices=choices)
            assert field.as_widget(widget=ours, attrs=attrs) == expected
            assert "option" in expected


def test_it_escapes_and_marks_the_selected_option() -> None:
    form = Choices(data={"flat": 'a"<&>'})
    written = str(form["flat"].as_widget(widget=Select(choices=form.fields["flat"].choices)))
    assert (
        '<option value="a&quot;&lt;&amp;&gt;" selected>Zeichen &quot;&lt;&amp;&gt;</option>'
        in written
    )
    assert '<option value="1">Eins</option>' in written


def test_options_of_other_templates_go_through_the_renderer() -> None:
    class Special(Select):
        option_template_name = "django/forms/widgets/input.html"

    widget = Special(choices=[("1", "Eins")])
    assert widget.render("x", "1") == forms.Select.render(widget, "x", "1")


def test_the_kern_templates_see_it_as_a_select() -> None:
    form = Choices()
    form.fields["flat"].widget = Select(choices=form.fields["flat"].choices)
    assert form["flat"].widget_type == "select"
