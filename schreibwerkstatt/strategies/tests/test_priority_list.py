"""The priority list is one form for all measures: one save, all or nothing, optimistic
locking per measure. The effort/benefit matrix numbers its dots and names them in a legend."""

import re

import pytest

from schreibwerkstatt.core.locking import save_versioned
from schreibwerkstatt.strategies import services
from schreibwerkstatt.strategies.models import Measure, MeasureScore, PriorityCriterion
from schreibwerkstatt.strategies.tests.conftest import priority_list_data

pytestmark = pytest.mark.django_db
DE = {"HTTP_ACCEPT_LANGUAGE": "de"}


@pytest.fixture
def criteria(strategy):
    benefit = PriorityCriterion.objects.create(strategy=strategy, name="Nutzen", scale_max=5)
    effort = PriorityCriterion.objects.create(
        strategy=strategy, name="Aufwand", scale_max=5, role="effort"
    )
    return benefit, effort


@pytest.fixture
def benefit(criteria):
    """The benefit criterion, the one most tests score."""
    return criteria[0]


@pytest.fixture
def measures(strategy, people):
    return [
        Measure.objects.create(strategy=strategy, title="E-Akte", position=0),
        Measure.objects.create(strategy=strategy, title="Bürgerportal", position=1),
        Measure.objects.create(
            strategy=strategy, title="WLAN", position=2, responsible=people["contributor"]
        ),
    ]


def values(measure: Measure) -> dict[str, int]:
    return {s.criterion.name: s.value for s in measure.scores.select_related("criterion")}


def test_the_page_has_one_form_for_the_whole_list(
    strategy, criteria, measures, as_persona, url
) -> None:
    content = as_persona("editor").get(url("priorities")).content.decode()

    forms = re.findall(r'<form method="post" action="([^"]+)"', content)
    assert forms.count(url("priorities_save")) == 1
    page_forms = [f for f in forms if "/prioritaeten/" in f and "kriterien" not in f]
    assert page_forms == [url("priorities_save")]  # besides the criterion forms
    assert content.count('type="submit" class="kern-btn kern-btn--primary"') == 1
    for m in measures:  # every input is labelled with its criterion and measure
        assert (
            f'<label class="sw-sr-only" for="id_m{m.pk}-c{criteria[0].pk}">Nutzen – {m.title}</label>'
            in content
        )
    assert 'role="region" aria-labelledby="priority-list" tabindex="0"' in content


def test_one_save_stores_every_changed_row(
    strategy, criteria, measures, people, as_persona, url
) -> None:
    benefit, effort = criteria
    akte, portal, wlan = measures
    client = as_persona("editor")
    data = priority_list_data(
        client, url,
        **{str(akte.pk): {benefit.pk: 5, effort.pk: 1, "priority": "high"},
           str(portal.pk): {benefit.pk: 2, "priority": "low"}},
    )  # fmt: skip

    response = client.post(url("priorities_save"), data, **DE)

    assert response.status_code == 302
    assert response["Location"].endswith(url("priorities") + "#priority-list")
    for measure in measures:
        measure.refresh_from_db()
    assert (akte.priority, values(akte)) == ("high", {"Nutzen": 5, "Aufwand": 1})
    assert (portal.priority, values(portal)) == ("low", {"Nutzen": 2})
    assert (wlan.priority, values(wlan), wlan.version) == ("", {}, 1)  # untouched, unrecorded
    assert akte.history.first().history_user == people["editor"]


def test_a_stale_row_gives_a_conflict_naming_the_measure_and_nothing_is_lost(
    strategy, benefit, measures, as_persona, url
) -> None:
    akte, portal, _wlan = measures
    client = as_persona("editor")
    data = priority_list_data(
        client, url, **{str(akte.pk): {benefit.pk: 4}, str(portal.pk): {benefit.pk: 1}}
    )
    services.set_scores(akte, {benefit: 2})  # a colleague, meanwhile

    response = client.post(url("priorities_save"), data, **DE)

    content = response.content.decode()
    assert response.status_code == 409
    assert (
        "Jemand anderes hat diese Maßnahmen inzwischen geändert. Nichts wurde gespeichert."
        in content
    )
    conflict = content.split('id="priority-conflict"')[1].split("</div>\n</div>")[0]
    assert "Jetzt gespeichert für „E-Akte“" in conflict and "Bürgerportal" not in conflict
    assert values(akte) == {"Nutzen": 2} and values(portal) == {}  # nothing saved
    # The typed input is still there, now carrying the current state: saving again wins.
    assert f'name="m{akte.pk}-c{benefit.pk}" value="4"' in content
    assert f'name="m{portal.pk}-c{benefit.pk}" value="1"' in content
    again = {name: str(value) for name, value in _form_values(response).items()}
    assert client.post(url("priorities_save"), again).status_code == 302
    assert values(akte) == {"Nutzen": 4} and values(portal) == {"Nutzen": 1}


def _form_values(response) -> dict[str, object]:
    data = {}
    for item in response.context["items"]:
        if item.form is not None:
            for field in item.form:
                data[field.html_name] = field.value() if field.value() is not None else ""
    return data


def test_a_row_changed_elsewhere_but_not_here_is_no_conflict(
    strategy, benefit, measures, as_persona, url
) -> None:
    akte, portal, _wlan = measures
    client = as_persona("editor")
    data = priority_list_data(client, url, **{str(portal.pk): {benefit.pk: 3}})
    save_versioned(akte, expected_version=akte.version, changes={"title": "E-Akte 2"})

    assert client.post(url("priorities_save"), data).status_code == 302
    assert values(portal) == {"Nutzen": 3}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"benefit": "6"}, "E-Akte: Nutzen: Bitte geben Sie eine ganze Zahl von 0 bis 5 ein."),
        ({"benefit": "viel"}, "E-Akte: Nutzen: Bitte geben Sie eine ganze Zahl von 0 bis 5 ein."),
        ({"priority": "sofort"}, "E-Akte: Bitte wählen Sie eine der aufgeführten Prioritäten."),
    ],
)
def test_a_bad_value_is_refused_with_its_measure_and_nothing_is_saved(
    row, message, strategy, benefit, measures, as_persona, url
) -> None:
    akte, portal, _wlan = measures
    client = as_persona("editor")
    change = {benefit.pk if key == "benefit" else key: value for key, value in row.items()}
    data = priority_list_data(
        client, url, **{str(akte.pk): change, str(portal.pk): {benefit.pk: 2}}
    )

    response = client.post(url("priorities_save"), data, **DE)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not MeasureScore.objects.exists()
    assert Measure.objects.get(pk=portal.pk).version == 1


def test_an_empty_or_outdated_request_is_refused(
    strategy, criteria, measures, as_persona, url
) -> None:
    client = as_persona("editor")
    assert client.post(url("priorities_save"), {}).status_code == 400
    data = priority_list_data(client, url)
    data[f"m{measures[0].pk}-state"] = ""
    assert client.post(url("priorities_save"), data).status_code == 400
    data = priority_list_data(client, url, **{str(measures[0].pk): {"priority": "high"}})
    Measure.objects.filter(pk=measures[1].pk).delete()
    response = client.post(url("priorities_save"), data, **DE)
    assert response.status_code == 409
    assert "inzwischen gelöscht" in response.content.decode()
    assert Measure.objects.get(pk=measures[0].pk).priority == ""


def test_a_contributor_assesses_only_the_measure_they_lead(
    strategy, benefit, measures, as_persona, url
) -> None:
    akte, _portal, wlan = measures
    client = as_persona("contributor")
    page = client.get(url("priorities"))
    editable = [item.measure.pk for item in page.context["items"] if item.form]
    assert editable == [wlan.pk]
    data = priority_list_data(client, url, **{str(wlan.pk): {benefit.pk: 4}})
    assert client.post(url("priorities_save"), data).status_code == 302
    assert values(wlan) == {"Nutzen": 4}

    data[f"m{akte.pk}-state"] = "1"
    data[f"m{akte.pk}-c{benefit.pk}"] = "5"
    assert client.post(url("priorities_save"), data).status_code == 403
    assert values(akte) == {}


@pytest.mark.parametrize(
    ("persona", "status"), [("reader", 403), ("adviser", 403), ("outsider", 404)]
)
def test_others_cannot_save_the_list(
    persona, status, strategy, criteria, measures, as_persona, url
) -> None:
    data = priority_list_data(
        as_persona("editor"), url, **{str(measures[0].pk): {"priority": "high"}}
    )
    assert as_persona(persona).post(url("priorities_save"), data).status_code == status
    assert as_persona(persona).post(url("priorities_save"), {}).status_code == status
    assert "priority-form" not in as_persona("reader").get(url("priorities")).content.decode()
    assert Measure.objects.get(pk=measures[0].pk).priority == ""


def test_anonymous_is_sent_to_login_and_get_is_not_allowed(
    strategy, measures, as_persona, url
) -> None:
    response = as_persona("anonymous").post(url("priorities_save"), {})
    assert response.status_code == 302 and "/anmelden/" in response["Location"]
    assert as_persona("editor").get(url("priorities_save")).status_code == 405


def test_the_matrix_numbers_its_dots_and_names_them_in_a_legend(
    strategy, criteria, measures, as_persona, url
) -> None:
    benefit, effort = criteria
    akte, portal, wlan = measures
    for measure, (b, e) in [(akte, (5, 1)), (portal, (2, 4)), (wlan, (2, 4))]:
        services.set_scores(measure, {benefit: b, effort: e})

    content = as_persona("reader").get(url("priorities") + "?sort=title", **DE).content.decode()

    svg = content.split("<svg")[1].split("</svg>")[0]
    labels = re.findall(r"<text [^>]*font-weight=\"bold\"[^>]*>([^<]+)</text>", svg)
    assert sorted(labels) == ["1", "2, 3"]  # two measures on one spot share a dot
    legend = content.split('id="matrix-legend"')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td[^>]*>(\d+)</td><th[^>]*><a[^>]*>([^<]+)</a>", legend)
    assert rows == [("1", "E-Akte"), ("2", "Bürgerportal"), ("3", "WLAN")]  # list order, not sort


def test_the_page_costs_the_same_queries_for_more_measures(
    strategy,
    criteria,
    measures,
    as_persona,
    url,
    django_assert_num_queries,
    django_assert_max_num_queries,
) -> None:
    client = as_persona("editor")
    client.get(url("priorities"))
    with django_assert_max_num_queries(30) as small:
        client.get(url("priorities"))
    for i in range(10):
        measure = Measure.objects.create(strategy=strategy, title=f"Mehr {i}")
        services.set_scores(measure, {criteria[0]: 2, criteria[1]: 3})
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url("priorities"))


def test_the_list_of_the_largest_strategy_an_import_accepts_can_be_saved(
    strategy, criteria, as_persona, url
) -> None:
    """500 measures with two criteria are 2000 inputs, more than Django takes by default."""
    from schreibwerkstatt.exchange.spreadsheets import MAX_MEASURES

    Measure.objects.bulk_create(
        Measure(strategy=strategy, title=f"Maßnahme {k}", position=k) for k in range(MAX_MEASURES)
    )
    last = strategy.measures.order_by("position").last()
    client = as_persona("editor")
    data = priority_list_data(
        client, url, **{str(last.pk): {"priority": "high", criteria[0].pk: "4"}}
    )
    assert len(data) >= 4 * MAX_MEASURES

    response = client.post(url("priorities_save"), data)

    assert response.status_code == 302
    last.refresh_from_db()
    assert last.priority == "high" and values(last) == {"Nutzen": 4}


def test_rows_sent_unchanged_are_still_checked_against_the_criteria(
    strategy, benefit, measures, as_persona, url
) -> None:
    """Rows sent as stored skip their form; one whose stored value no longer fits the
    criterion's scale is refused as before, and a value spelt otherwise is no change."""
    akte, portal, _wlan = measures
    services.save_assessments(
        [services.AssessmentRow(akte, "1", "", {benefit: 5}), services.AssessmentRow(portal, "1", "", {benefit: 3})]
    )  # fmt: skip
    client = as_persona("editor")
    data = priority_list_data(client, url)
    data[f"m{portal.pk}-c{benefit.pk}"] = " 3"
    before = MeasureScore.objects.get(measure=portal).version
    assert client.post(url("priorities_save"), data).status_code == 302
    assert MeasureScore.objects.get(measure=portal).version == before  # no change
    PriorityCriterion.objects.filter(pk=benefit.pk).update(scale_max=4)
    data = priority_list_data(client, url, **{str(portal.pk): {"priority": "low"}})

    response = client.post(url("priorities_save"), data, **DE)

    assert response.status_code == 400
    assert "E-Akte" in response.content.decode()
    assert Measure.objects.get(pk=portal.pk).priority == ""
