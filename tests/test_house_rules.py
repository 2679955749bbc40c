"""tools/house_rules.py: every rule fails on its bad example and passes its good one, both the
examples in the rule's docstring and the ones here, which also pin the edges of each rule."""

import importlib.util
import re
import textwrap
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location(
    "house_rules", Path(__file__).resolve().parent.parent / "tools" / "house_rules.py"
)
assert _SPEC and _SPEC.loader
house_rules = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(house_rules)


def tree(root: Path, files: dict[str, str]) -> Path:
    """A project under `root` with the given files below schreibwerkstatt/ and an apps.py
    for each app of the layer order and each folder of the files."""
    package = root / "schreibwerkstatt"
    for app in house_rules.LAYER:
        (package / app).mkdir(parents=True, exist_ok=True)
        (package / app / "apps.py").touch()
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        (package / name.split("/")[0] / "apps.py").touch()
    return root


def findings(root: Path, files: dict[str, str], rule: str) -> list[str]:
    return [str(v) for v in house_rules.check(tree(root, files), [rule])]


def messages(root: Path, files: dict[str, str], rule: str) -> list[str]:
    """The findings without their advice in brackets."""
    return [v.split(" (")[0] for v in findings(root, files, rule)]


def docstring_examples(doc: str, kind: str) -> dict[str, str]:
    """The files of the rule docstring's `Bad::` or `Good::` example."""
    block = re.search(rf"^{kind}::\n\n((?:    .*\n|\n)+)", doc + "\n", re.MULTILINE)
    assert block, f"no {kind}:: example"
    files: dict[str, str] = {}
    name = None
    for line in textwrap.dedent(block[1]).splitlines():
        if line.startswith("# file: "):
            name = line.removeprefix("# file: ").strip()
            files[name] = ""
        elif name is not None:
            files[name] += line + "\n"
    assert files, f"the {kind}:: example names no file"
    return files


@pytest.mark.parametrize("rule", sorted(house_rules.RULES))
def test_each_rule_fails_on_the_bad_example_of_its_docstring(rule: str, tmp_path: Path) -> None:
    bad = docstring_examples(house_rules.RULES[rule].doc, "Bad")
    assert findings(tmp_path, bad, rule)


@pytest.mark.parametrize("rule", sorted(house_rules.RULES))
def test_each_rule_passes_the_good_example_of_its_docstring(rule: str, tmp_path: Path) -> None:
    good = docstring_examples(house_rules.RULES[rule].doc, "Good")
    assert findings(tmp_path, good, rule) == []


# HR101: no writes in views modules


def test_a_view_that_saves_deletes_or_updates_a_queryset_is_reported(tmp_path: Path) -> None:
    bad = """
        def edit(request, pk):
            measure = get_measure_for_user(request, pk)
            measure.save()
            Measure.objects.filter(pk=pk).update(title="x")
            Goal.objects.create(title="y")
            Tag.objects.get_or_create(name="z")
            Step.objects.bulk_create([])
            form.save()
            measure.delete()
    """
    result = findings(tmp_path, {"strategies/views.py": bad}, "HR101")
    assert [line.split(": ")[0] for line in result] == [
        f"schreibwerkstatt/strategies/views.py:{n}" for n in range(3, 10)
    ]
    assert result[0].startswith(
        "schreibwerkstatt/strategies/views.py:3: HR101 a view writes to the database (.save) ("
    )


@pytest.mark.parametrize(
    "name", ["strategies/views.py", "strategies/partner_views.py", "strategies/views/goals.py"]
)
def test_every_kind_of_views_module_is_checked(name: str, tmp_path: Path) -> None:
    assert findings(tmp_path, {name: "def v(request):\n    goal.save()\n"}, "HR101")


def test_services_dict_updates_unsaved_forms_cache_and_session_are_no_view_writes(
    tmp_path: Path,
) -> None:
    good = """
        def edit(request, pk):
            context.update(form=form)
            measure = form.save(commit=False)
            cache.delete("key")
            request.session.save()
            rename_measure(measure, by=request.user)
    """
    files = {
        "strategies/views.py": good,
        "strategies/services.py": "def rename_measure(m, by):\n    m.save()\n",
        "strategies/tests/test_views.py": "def test_it():\n    goal.save()\n",
    }
    assert findings(tmp_path, files, "HR101") == []


# HR102: no bare get_object_or_404 in views modules


def test_a_bare_lookup_in_a_view_is_reported_and_the_access_helper_is_not(tmp_path: Path) -> None:
    files = {
        "process/views.py": """
            from django import shortcuts

            def item(request, pk):
                return shortcuts.get_object_or_404(Item, pk=pk)
        """,
        "process/rules.py": """
            def get_item_for_user(request, pk):
                return get_object_or_404(Item, pk=pk, municipality=request.municipality)
        """,
    }
    assert findings(tmp_path, files, "HR102") == [
        "schreibwerkstatt/process/views.py:4: HR102 bare get_object_or_404 in a views module "
        "(look the object up with the model's get_<model>_for_user access helper in the "
        "app's rules.py)"
    ]


# HR201: no includes of another app's partials


def test_another_apps_partial_is_reported_with_its_line(tmp_path: Path) -> None:
    page = '{% load i18n %}\n<main>\n  {% include "jobs/partials/recent.html" with jobs=jobs %}\n'
    result = findings(tmp_path, {"exports/templates/exports/export.html": page}, "HR201")
    assert len(result) == 1
    assert result[0].startswith(
        "schreibwerkstatt/exports/templates/exports/export.html:3: HR201 includes another "
        "app's partial jobs/partials/recent.html ("
    )


def test_extending_another_apps_partial_is_reported_too(tmp_path: Path) -> None:
    page = "{% extends 'strategies/partials/frame.html' %}"
    assert findings(tmp_path, {"roadmap/templates/roadmap/page.html": page}, "HR201")


def test_own_and_shared_partials_pages_and_variables_are_fine(tmp_path: Path) -> None:
    page = """
        {% extends "core/base.html" %}
        {% include "roadmap/partials/chart.html" %}
        {% include "core/partials/inline_field.html" %}
        {% include "strategies/layout_header.html" %}
        {% include template_name %}
    """
    files = {
        "roadmap/templates/roadmap/page.html": page,
        "core/templates/core/partials/inline_field.html": '{% include "core/partials/x.html" %}',
    }
    assert findings(tmp_path, files, "HR201") == []


# HR301: the layer order


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {
                "strategies/check.py": """
                    def gaps():
                        from schreibwerkstatt.process import phases
                """,
                "process/models.py": "from schreibwerkstatt.strategies.models import Strategy\n",
            },
            "schreibwerkstatt/strategies/check.py:2: HR301 strategies imports process, "
            "a higher layer",
            id="an_import_inside_a_function_against_the_layer_order",
        ),
        pytest.param(
            {"roadmap/views/chart.py": "from ...monitoring.models import StatusUpdate\n"},
            "schreibwerkstatt/roadmap/views/chart.py:1: HR301 roadmap imports monitoring, "
            "a sibling layer",
            id="relative_imports_are_resolved_and_siblings_do_not_import_each_other",
        ),
        pytest.param(
            {"guidance/models.py": "from schreibwerkstatt.strategies.models import Strategy\n"},
            "schreibwerkstatt/guidance/apps.py:1: HR301 the app guidance has no place in the "
            "layer order",
            id="an_app_missing_from_the_layer_order",
        ),
    ],
)
def test_a_breach_of_the_layer_order_is_reported(
    tmp_path: Path, files: dict[str, str], expected: str
) -> None:
    assert messages(tmp_path, files, "HR301") == [expected]


def test_tests_and_migrations_may_import_any_app(tmp_path: Path) -> None:
    files = {
        "core/tests/test_demo.py": "from schreibwerkstatt.strategies.models import Strategy\n",
        "strategies/migrations/0009_x.py": "import schreibwerkstatt.exports.formats\n",
        "strategies/tests/conftest.py": "from schreibwerkstatt.exports import formats\n",
    }
    for rule in ("HR301", "HR302", "HR401"):
        assert findings(tmp_path, files, rule) == []


# HR302: no import circle


def test_a_circle_through_three_apps_is_named_on_each_of_its_imports(tmp_path: Path) -> None:
    files = {
        "documents/snapshot.py": "from schreibwerkstatt.exports.formats import FORMATS\n",
        "exports/formats.py": "def f():\n    import schreibwerkstatt.revisions.services\n",
        "revisions/services.py": "from schreibwerkstatt.documents import snapshot\n",
    }
    result = [v.split(" (break")[0] for v in findings(tmp_path, files, "HR302")]
    assert result == [
        "schreibwerkstatt/documents/snapshot.py:1: HR302 documents imports exports, which leads "
        "back to documents (documents → exports → revisions → documents)",
        "schreibwerkstatt/exports/formats.py:2: HR302 exports imports revisions, which leads "
        "back to exports (exports → revisions → documents → exports)",
        "schreibwerkstatt/revisions/services.py:1: HR302 revisions imports documents, which "
        "leads back to revisions (revisions → documents → exports → revisions)",
    ]


def test_a_chain_without_a_circle_passes(tmp_path: Path) -> None:
    files = {
        "exports/formats.py": "from schreibwerkstatt.documents import blocks\n",
        "documents/blocks.py": "from schreibwerkstatt.strategies.models import Strategy\n",
        "strategies/models.py": "from schreibwerkstatt.core.models import Versioned\n",
    }
    assert findings(tmp_path, files, "HR302") == []


# HR401: core imports no feature app


def test_core_importing_a_feature_app_anywhere_is_reported(tmp_path: Path) -> None:
    files = {
        "core/demo.py": """
            import logging

            def load_demo():
                from schreibwerkstatt.strategies.models import Strategy
        """,
        "core/management/commands/worker.py": "from ...cache import x\n",
    }
    assert messages(tmp_path, files, "HR401") == [
        "schreibwerkstatt/core/demo.py:4: HR401 core imports the feature app strategies"
    ]


# The command line


def test_the_command_exits_1_and_prints_one_line_per_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tree(tmp_path, {"core/demo.py": "from schreibwerkstatt.jobs import models\n"})
    assert house_rules.main(["--root", str(tmp_path), "--rule", "HR401"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "schreibwerkstatt/core/demo.py:1: HR401 core imports the feature app jobs "
        "(move the code into jobs (or the demo app), or let jobs register itself with core)"
    ]
    assert "1 house rule violation(s) (HR401: 1)" in err
    assert house_rules.main(["--root", str(tmp_path), "--rule", "HR201"]) == 0


def test_every_rule_is_listed_with_its_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert house_rules.main(["--list"]) == 0
    out = capsys.readouterr().out
    for rule_id in house_rules.RULES:
        assert rule_id in out
    assert out.count("Bad::") == out.count("Good::") == len(house_rules.RULES)
