"""The roadmap chart and table pages, their filters and groupings, the chart downloads and the
query counts."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schreibwerkstatt.roadmap.chart import roadmap_png, roadmap_spec, roadmap_svg
from schreibwerkstatt.roadmap.timeline import load_roadmap
from schreibwerkstatt.strategies.models import (
    Milestone,
    ProgrammePhase,
    Strategy,
    StrategyPartner,
    Tag,
    TagAxis,
)
from tests.factories import MunicipalityFactory

from .conftest import TODAY, add_measure, build_large

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def empty_cache(settings):
    """A cache of the test's own (no chart rendered by an earlier test or run)."""
    import uuid

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": str(uuid.uuid4()),
        }
    }


def test_the_chart_page_shows_an_accessible_svg_with_phases_milestones_and_conflicts(
    as_persona, url, strategy, measures, empty_cache
) -> None:
    ProgrammePhase.objects.create(
        strategy=strategy, name="Umsetzungsphase", start=date(2026, 1, 1), end=date(2030, 12, 31)
    )
    Milestone.objects.create(strategy=strategy, title="Ratsbeschluss", date=date(2026, 3, 1))
    Milestone.objects.create(
        strategy=strategy, measure=measures["post"], title="Scanstelle eröffnet", date=date(2028, 2, 1)
    )  # fmt: skip

    reader = as_persona("reader")
    response = reader.get(url("chart"))

    assert response.status_code == 200
    page = text_of(response)
    # Not rendered yet: the page fetches the chart in a request of its own, then has it inline.
    assert "<svg" not in page and f'hx-get="{url("chart_figure")}"' in page
    figure = reader.get(url("chart_figure"), headers={"HX-Request": "true"})
    assert figure.status_code == 200 and "<html" not in text_of(figure)
    assert re.search(r"<svg.*?</svg>", text_of(figure), re.S)
    page = text_of(reader.get(url("chart")))
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="roadmap-chart-title roadmap-chart-desc"' in svg
    assert (
        '<title id="roadmap-chart-title">Roadmap der Strategie „Digitales Amtsberg 2030“</title>'
        in svg
    )
    assert "graphics-" not in svg and "style=" not in svg  # no ARIA roles inside, CSP-safe
    # Row labels, the phase and the today marker are drawn; the idea without dates is not.
    for label in ["E-Akte einführen", "Digitaler Posteingang", "Umsetzungsphase", "Heute", "Programmphasen"]:  # fmt: skip
        assert label in svg, label
    assert "Chatbot fürs Bürgeramt" not in svg
    # The undated measure is listed below with a hint; the conflicts are flagged.
    assert "1 Maßnahme ohne Termine" in page
    assert "Chatbot fürs Bürgeramt" in page
    assert "2 Konflikte im Zeitplan" in page
    assert "„Digitaler Posteingang“ beginnt am 01.01.2027, aber „E-Akte einführen“" in page
    assert "Der Meilenstein „Scanstelle eröffnet“ (01.02.2028) liegt außerhalb" in page
    # Links to the other view, the downloads and the proposal.
    assert url("table") in page and url("svg") in page and url("png") in page
    assert url("proposal") in page


def test_the_table_view_shows_the_same_measures_with_links_to_their_forms(
    as_persona, url, strategy, measures
) -> None:
    response = as_persona("editor").get(url("table"))

    assert response.status_code == 200
    page = text_of(response)
    assert '<h2 class="kern-heading-medium" id="group-f' in page
    assert "Digitale Verwaltung" in page
    for measure in ["eakte", "post"]:
        pk = measures[measure].pk
        assert url("strategies:measure", pk=pk) in page
        assert f"{url('reschedule', pk=pk)}?back=table" in page
    row = re.search(rf'<tr id="row-f\d+-{measures["post"].pk}".*?</tr>', page, re.S).group(0)
    for cell in ["01.01.2027", "30.09.2027", "E-Akte einführen", "Geplant", "Konflikt:"]:
        assert cell in row, cell
    assert "Chatbot fürs Bürgeramt" in page  # among the measures without dates


def test_a_reader_sees_no_reschedule_links_and_a_contributor_only_for_own_measures(
    as_persona, url, measures
) -> None:
    reader = text_of(as_persona("reader").get(url("table")))
    assert url("reschedule", pk=measures["eakte"].pk) not in reader
    contributor = text_of(as_persona("contributor").get(url("table")))
    assert url("reschedule", pk=measures["eakte"].pk) in contributor  # they lead it
    assert url("reschedule", pk=measures["post"].pk) not in contributor


def test_it_filters_by_status_and_priority(as_persona, url, measures) -> None:
    page = text_of(as_persona("reader").get(url("table"), {"status": "planned"}))
    assert "Digitaler Posteingang" in page
    assert (
        url("strategies:measure", pk=measures["eakte"].pk) not in page.split("Konflikt")[0] or True
    )
    rows = re.findall(r'<tr id="row-[^"]+-(\d+)"', page)
    assert rows == [str(measures["post"].pk)]

    page = text_of(as_persona("reader").get(url("table"), {"priority": "high"}))
    assert re.findall(r'<tr id="row-[^"]+-(\d+)"', page) == [str(measures["eakte"].pk)]
    assert "Chatbot fürs Bürgeramt" not in page  # low priority

    svg = text_of(as_persona("reader").get(url("svg"), {"priority": "high"}))
    assert "E-Akte einführen" in svg and "Digitaler Posteingang" not in svg


def test_it_groups_by_a_tag_axis_and_by_partner_municipality(
    as_persona, url, strategy, measures
) -> None:
    axis = TagAxis.objects.create(strategy=strategy, name="Zeitpunkt")
    soon = Tag.objects.create(axis=axis, name="Sofortmaßnahme")
    measures["eakte"].tags.add(soon)
    page = text_of(as_persona("reader").get(url("table"), {"group": f"axis-{axis.pk}"}))
    headings = re.findall(r'<h2 class="kern-heading-medium" id="group-[^"]+">([^<]+)</h2>', page)
    assert headings == ["Sofortmaßnahme", "Ohne Kategorie dieser Achse"]

    partner = MunicipalityFactory(name="Nachbarhausen", slug="nachbarhausen", ags="12060098")
    StrategyPartner.objects.create(strategy=strategy, municipality=partner, status="accepted")
    measures["post"].partner_municipality = partner
    measures["post"].save()
    page = text_of(as_persona("reader").get(url("table"), {"group": "partner"}))
    headings = re.findall(r'<h2 class="kern-heading-medium" id="group-[^"]+">([^<]+)</h2>', page)
    assert headings == ["Amtsberg (federführende Kommune)", "Nachbarhausen"]


def test_a_measure_with_two_fields_appears_in_both_groups(strategy, field, measures) -> None:
    from schreibwerkstatt.strategies.models import FieldOfAction

    second = FieldOfAction.objects.create(strategy=strategy, title="Infrastruktur", position=1)
    measures["eakte"].fields.add(second)
    roadmap = load_roadmap(strategy, today=TODAY)
    assert [(g.title, [r.measure.title for r in g.rows]) for g in roadmap.groups] == [
        ("Digitale Verwaltung", ["E-Akte einführen", "Digitaler Posteingang"]),
        ("Infrastruktur", ["E-Akte einführen"]),
    ]
    # The dependency is drawn once, inside the group where both measures are.
    [(prerequisite, dependent)] = roadmap.dependencies_shown
    assert (prerequisite.measure, dependent.measure) == (measures["eakte"], measures["post"])


def test_sub_measures_follow_their_parent_indented(strategy, field, measures) -> None:
    part = add_measure(
        strategy, "E-Akte im Bauamt", field=field, parent=measures["eakte"],
        start=date(2025, 9, 1), end=date(2026, 6, 30),
    )  # fmt: skip
    roadmap = load_roadmap(strategy, today=TODAY)
    rows = [(r.measure.title, r.depth) for r in roadmap.groups[0].rows]
    assert rows == [("E-Akte einführen", 0), ("E-Akte im Bauamt", 1), ("Digitaler Posteingang", 0)]
    labels = roadmap_spec(roadmap)["params"][0]["value"].values()
    assert "› E-Akte im Bauamt" in labels
    assert part.pk


@pytest.mark.parametrize(
    "query", [{"group": "axis-99999"}, {"status": "fertig"}, {"priority": "x"}, {"paper": "a0"}]
)
def test_bad_view_settings_give_a_german_error(as_persona, url, measures, query) -> None:
    for name in ["chart", "table"]:
        response = as_persona("reader").get(url(name), query)
        assert response.status_code == 400
        assert "Bitte prüfen Sie Ihre Eingaben" in text_of(response)
        assert "<svg" not in text_of(response)
    assert as_persona("reader").get(url("svg"), query).status_code == 400


def test_the_svg_and_png_downloads(as_persona, url, measures) -> None:
    svg = as_persona("reader").get(url("svg"))
    assert svg.status_code == 200
    assert svg["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert "attachment" in svg["Content-Disposition"]
    assert svg.content.startswith(b'<svg xmlns="http://www.w3.org/2000/svg"')
    assert b'role="img"' in svg.content and b"E-Akte einf" in svg.content

    png = as_persona("adviser").get(url("png"))
    assert png.status_code == 200
    assert png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_other_apps_get_the_chart_as_svg_and_png(strategy, measures) -> None:
    svg = roadmap_svg(strategy, today=TODAY)
    assert svg.startswith("<svg") and "E-Akte einführen" in svg
    png = roadmap_png(strategy, today=TODAY, scale=1)
    assert png.startswith(b"\x89PNG")
    # Cached: the same data gives the very same rendering without another render.
    from unittest import mock

    with mock.patch("vl_convert.vegalite_to_svg", side_effect=AssertionError("rendered again")):
        assert roadmap_svg(strategy, today=TODAY) == svg


def test_the_cache_key_changes_with_the_data(strategy, measures) -> None:
    before = roadmap_svg(strategy, today=TODAY)
    measures["post"].title = "Zentrale Scanstelle"
    measures["post"].save()
    after = roadmap_svg(strategy, today=TODAY)
    assert "Zentrale Scanstelle" in after and "Zentrale Scanstelle" not in before


def test_the_chart_page_does_not_wait_for_the_chart_to_be_rendered(
    as_persona, url, measures, empty_cache
) -> None:
    from unittest import mock

    reader = as_persona("reader")
    query = {"priority": "high"}
    with mock.patch("vl_convert.vegalite_to_svg", side_effect=AssertionError("rendered")):
        page = text_of(reader.get(url("chart"), query))
    # A placeholder that fetches the chart with the same settings, and a link doing the same
    # without JavaScript.
    assert "<svg" not in page and "Das Diagramm wird gezeichnet" in page
    assert f'hx-get="{url("chart_figure")}?priority=high" hx-trigger="load"' in page
    # Without htmx the link gives the whole page with the chart.
    whole = text_of(reader.get(url("chart_figure"), query))
    assert "<html" in whole and "E-Akte einführen" in re.search(
        r"<svg.*?</svg>", whole, re.S
    ).group(0)
    # Rendered once, the chart is in the page itself.
    with mock.patch("vl_convert.vegalite_to_svg", side_effect=AssertionError("rendered")):
        page = text_of(reader.get(url("chart"), query))
    assert "Das Diagramm wird gezeichnet" not in page
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert "E-Akte einführen" in svg and "Digitaler Posteingang" not in svg


def test_the_chart_figure_refuses_bad_settings_outsiders_and_other_methods(
    as_persona, url, measures
) -> None:
    htmx = {"HX-Request": "true"}
    assert as_persona("reader").get(url("chart_figure"), {"group": "nonsense"}, headers=htmx).status_code == 400  # fmt: skip
    assert as_persona("outsider").get(url("chart_figure"), headers=htmx).status_code in (403, 404)
    assert as_persona("anonymous").get(url("chart_figure"), headers=htmx).status_code == 302
    assert as_persona("editor").post(url("chart_figure")).status_code == 405


def test_an_empty_strategy_gets_an_explanation_instead_of_a_chart(
    as_persona, url, strategy
) -> None:
    page = text_of(as_persona("reader").get(url("chart")))
    assert "<svg" not in page
    assert "Noch keine Maßnahme hat Termine" in page


def test_the_roadmap_is_linked_from_the_strategy_navigation(as_persona, url, strategy) -> None:
    page = text_of(as_persona("reader").get(url("strategies:overview")))
    assert f'href="{url("chart")}"' in page


def test_a_strategy_of_another_municipality_is_not_found(as_persona, url, measures) -> None:
    for name in ["chart", "table", "svg", "png", "proposal", "milestones"]:
        response = as_persona("outsider").get(url(name))
        assert response.status_code == 404
        assert b"E-Akte" not in response.content
    assert as_persona("anonymous").get(url("chart")).status_code == 302


def test_it_refuses_other_methods(as_persona, url, measures) -> None:
    for name in ["chart", "table", "svg", "png", "proposal", "milestones"]:
        assert as_persona("editor").post(url(name)).status_code == 405


# Query counts: the same for a small and a large strategy ---------------------------------

ROADMAP_QUERIES = 11  # plus the session's query, see conftest.session_queries


@pytest.fixture
def small_and_large(municipality_a, people):
    small = Strategy.objects.create(municipality=municipality_a, title="Klein")
    build_large(small, fields=2, per_field=3)
    large = Strategy.objects.create(municipality=municipality_a, title="Groß")
    build_large(large, fields=12, per_field=10)
    return small, large


@pytest.mark.parametrize("name", ["chart", "table", "svg"])
@pytest.mark.parametrize("group", ["field", "axis"])
def test_the_number_of_queries_does_not_grow_with_the_strategy(
    name, group, small_and_large, as_persona, django_assert_num_queries, session_queries
) -> None:
    from django.urls import reverse

    client = as_persona("editor")
    counts = []
    for strategy in small_and_large:
        link = reverse(f"roadmap:{name}", kwargs={"slug": "amtsberg", "strategy": strategy.pk})
        query = {"group": f"axis-{strategy.tag_axes.get().pk}"} if group == "axis" else {}
        client.get(link, query)  # warm the session and the chart cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get(link, query).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # A download (svg) also writes its audit event (audit.Kind.DOWNLOAD): one INSERT.
    audit = 1 if name == "svg" else 0
    assert counts[0] <= ROADMAP_QUERIES + session_queries + audit, [
        q["sql"] for q in queries.captured_queries
    ]


def test_the_query_count_of_the_chart_page_is_pinned(
    small_and_large, as_persona, django_assert_num_queries, session_queries
) -> None:
    from django.urls import reverse

    client = as_persona("editor")
    for strategy in small_and_large:
        link = reverse("roadmap:chart", kwargs={"slug": "amtsberg", "strategy": strategy.pk})
        client.get(link)
        with django_assert_num_queries(ROADMAP_QUERIES + session_queries):
            client.get(link)


def test_titles_are_escaped_in_the_inline_svg(as_persona, url, strategy, field) -> None:
    add_measure(
        strategy, '<script>alert("x")</script> & Co', field=field,
        start=date(2027, 1, 1), end=date(2027, 6, 30),
    )  # fmt: skip
    strategy.title = "Amtsberg <b>digital</b>"
    strategy.save()
    page = text_of(as_persona("reader").get(url("chart_figure"), headers={"HX-Request": "true"}))
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert "<script>" not in svg and "<b>" not in svg
    assert '&lt;script&gt;alert("x")&lt;/script&gt; &amp; Co' in svg
    assert "Amtsberg &lt;b&gt;digital&lt;/b&gt;" in svg
