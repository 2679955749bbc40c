"""The public transparency page, its embeddable variant and the list of published strategies."""

import pytest
from django.utils import timezone

from schreibwerkstatt.strategies.models import (
    FieldOfAction,
    Goal,
    Measure,
    Strategy,
    StrategyPartner,
)
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def test_anonymous_visitors_see_fields_measures_and_their_latest_status(
    strategy, urls, client
) -> None:
    response = client.get(urls["page"])
    assert response.status_code == 200
    text = html(response)
    for shown in [
        "Amtsberg", "Digitales Amtsberg 2030", "Nah dran", "2026–2030", "Digitale Verwaltung",
        "Alle Leistungen auch online.", "80 % der Anträge online", "Bürgerportal einführen",
        "Anträge im Internet stellen", "Ein Portal für alle Anträge.", "In Umsetzung",
        "03/2026 – 06/2027", "<strong>bürgernah</strong>",
    ]:  # fmt: skip
        assert shown in text, shown
    assert '<progress id="progress-1-' in text and 'value="40"' in text
    assert "Fortschritt: 40 %" in text  # the percentage in words, not only the bar
    assert timezone.localdate().strftime("%d.%m.%Y") in text  # last update


def test_it_shows_no_personal_data_comments_steps_or_costs(
    strategy, urls, people, as_persona
) -> None:
    for persona in ["anonymous", "coordinator", "outsider"]:
        text = html(as_persona(persona).get(urls["page"]))
        for person in filter(None, people.values()):
            assert person.email not in text
            assert person.name not in text
        for hidden in ["Vergabe vorbereiten", "Interne Anmerkung", "Hauptamt", "125.000", "125000"]:
            assert hidden not in text, hidden
        assert "csrfmiddlewaretoken" not in text
        assert "Abmelden" not in text  # nothing about the visitor, even when logged in


def test_ideas_are_left_out_but_every_other_status_is_shown(strategy, urls, client) -> None:
    for status in ["idea", "planned", "done", "deferred"]:
        Measure.objects.create(
            strategy=strategy, title=f"Maßnahme im Status {status}", status=status
        )
    text = html(client.get(urls["page"]))
    assert "Maßnahme im Status idea" not in text
    for status in ["planned", "done", "deferred"]:
        assert f"Maßnahme im Status {status}" in text
    assert "Weitere Maßnahmen" in text  # the ones without a field of action


def test_the_vision_is_sanitised(strategy, urls, client) -> None:
    Strategy.objects.filter(pk=strategy.pk).update(
        vision='Gut <script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror="alert(3)">'
    )
    text = html(client.get(urls["page"]))
    assert "<script>alert" not in text
    assert "javascript:" not in text
    assert "onerror" not in text


@pytest.mark.parametrize(
    ("public_page", "status"),
    [
        (False, Strategy.Status.ADOPTED),
        (False, Strategy.Status.IMPLEMENTATION),
        (True, Strategy.Status.DRAFT),
        (True, Strategy.Status.CONSULTATION),
        (True, Strategy.Status.ARCHIVED),
    ],
)
def test_it_is_not_found_unless_switched_on_and_adopted_or_in_implementation(
    public_page, status, strategy, urls, client, as_persona
) -> None:
    Strategy.objects.filter(pk=strategy.pk).update(public_page=public_page, status=status)
    for url in [urls["page"], urls["embed"]]:
        for who in [client, as_persona("coordinator")]:
            response = who.get(url)
            assert response.status_code == 404
            assert "Digitales Amtsberg" not in html(response)
            assert "Cache-Control" not in response or "public" not in response["Cache-Control"]
    assert "Digitales Amtsberg" not in html(client.get(urls["index"]))


@pytest.mark.parametrize("status", [Strategy.Status.ADOPTED, Strategy.Status.IMPLEMENTATION])
def test_adopted_and_implemented_strategies_are_shown(status, strategy, urls, client) -> None:
    Strategy.objects.filter(pk=strategy.pk).update(status=status)
    assert client.get(urls["page"]).status_code == 200
    assert client.get(urls["embed"]).status_code == 200
    assert "Digitales Amtsberg 2030" in html(client.get(urls["index"]))


def test_unknown_municipality_strategy_or_another_municipalitys_address_give_404(
    strategy, urls, client, municipality_b
) -> None:
    assert client.get(f"/transparenz/gibt-es-nicht/{strategy.pk}/").status_code == 404
    assert client.get(f"/transparenz/amtsberg/{strategy.pk + 1000}/").status_code == 404
    assert client.get(f"/transparenz/birkenwerder-nord/{strategy.pk}/").status_code == 404
    assert client.get(f"/transparenz/birkenwerder-nord/{strategy.pk}/einbetten/").status_code == 404


def test_a_joint_strategy_is_shown_under_each_partner_with_all_names(strategy, client) -> None:
    partner = MunicipalityFactory(name="Partnerdorf", slug="partnerdorf", ags="12060099")
    StrategyPartner.objects.create(strategy=strategy, municipality=partner, status="accepted")
    response = client.get(f"/transparenz/partnerdorf/{strategy.pk}/")
    assert response.status_code == 200
    assert "Amtsberg, Partnerdorf" in html(response)


def test_other_methods_than_get_are_refused(strategy, urls, client) -> None:
    for url in [urls["page"], urls["embed"], urls["index"]]:
        assert client.post(url).status_code == 405
    strategy.refresh_from_db()
    assert strategy.public_page is True


def test_the_page_may_be_cached_briefly_by_anybody_but_not_framed(strategy, urls, client) -> None:
    for url in [urls["page"], urls["index"]]:
        response = client.get(url)
        assert "public" in response["Cache-Control"]
        assert "max-age=300" in response["Cache-Control"]
        assert "Set-Cookie" not in response and not response.cookies
        assert response["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_the_embeddable_variant_may_be_framed_by_any_website(strategy, urls, client) -> None:
    response = client.get(urls["embed"])
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors *" in csp
    assert "script-src 'self'" in csp  # the rest of the policy stays strict
    assert "public" in response["Cache-Control"]
    text = html(response)
    assert "Bürgerportal einführen" in text
    assert 'class="sw-header"' not in text and 'class="sw-footer"' not in text
    assert f'href="{urls["page"]}" target="_blank" rel="noopener"' in text


def test_the_list_shows_only_published_strategies_of_every_municipality(
    strategy, urls, client, municipality_b
) -> None:
    Strategy.objects.create(municipality=municipality_b, title="Birkenwerder digital",
                            status=Strategy.Status.IMPLEMENTATION, public_page=True)  # fmt: skip
    Strategy.objects.create(municipality=municipality_b, title="Entwurf Birkenwerder",
                            status=Strategy.Status.DRAFT, public_page=True)  # fmt: skip
    Strategy.objects.create(municipality=municipality_b, title="Nicht freigegeben",
                            status=Strategy.Status.ADOPTED)  # fmt: skip
    text = html(client.get(urls["index"]))
    assert "Digitales Amtsberg 2030" in text
    assert "/transparenz/birkenwerder-nord/" in text and "Birkenwerder digital" in text
    assert "Entwurf Birkenwerder" not in text
    assert "Nicht freigegeben" not in text


def test_the_list_says_so_when_nothing_is_published(client, db) -> None:
    assert "Noch keine Kommune hat eine Strategie veröffentlicht." in html(
        client.get("/transparenz/")
    )


def grow(strategy: Strategy, fields: int, measures_per_field: int) -> None:
    """More fields, goals and measures with progress (bulk inserts)."""
    start = strategy.fields.count()
    new_fields = FieldOfAction.objects.bulk_create(
        FieldOfAction(strategy=strategy, title=f"Feld {start + i}", position=start + i)
        for i in range(fields)
    )
    goals = Goal.objects.bulk_create(
        Goal(strategy=strategy, title=f"Ziel {f.pk}") for f in new_fields
    )
    Goal.fields.through.objects.bulk_create(
        Goal.fields.through(goal_id=g.pk, fieldofaction_id=f.pk) for g, f in zip(goals, new_fields, strict=True)
    )  # fmt: skip
    measures = Measure.objects.bulk_create(
        Measure(strategy=strategy, title=f"Maßnahme {f.pk}-{k}", status="running", progress_percent=k * 10,
                status_updated_at=timezone.now(), is_flagship=k == 0)
        for f in new_fields for k in range(measures_per_field)
    )  # fmt: skip
    Measure.fields.through.objects.bulk_create(
        Measure.fields.through(measure_id=m.pk, fieldofaction_id=new_fields[i // measures_per_field].pk)
        for i, m in enumerate(measures)
    )  # fmt: skip


@pytest.mark.parametrize("page", ["page", "embed", "index"])
@pytest.mark.parametrize("persona", ["anonymous", "reader"])
def test_the_number_of_queries_does_not_grow_with_the_strategy(
    page,
    persona,
    strategy,
    urls,
    as_persona,
    municipality_b,
    django_assert_num_queries,
    django_assert_max_num_queries,
) -> None:
    visitor = as_persona(persona)
    grow(strategy, fields=2, measures_per_field=2)
    visitor.get(urls[page])
    with django_assert_max_num_queries(10) as small:
        assert visitor.get(urls[page]).status_code == 200
    grow(strategy, fields=20, measures_per_field=8)
    for i in range(10):
        other = Strategy.objects.create(municipality=municipality_b, title=f"Strategie {i}",
                                        status=Strategy.Status.ADOPTED, public_page=True)  # fmt: skip
        StrategyPartner.objects.create(
            strategy=other, municipality=strategy.municipality, status="accepted"
        )
    with django_assert_num_queries(len(small.captured_queries)):
        response = visitor.get(urls[page])
    if page != "index":
        assert "Maßnahme" in html(response) and html(response).count("<progress") > 160


def test_anonymous_visitors_need_no_session_or_user_query(
    strategy, urls, client, django_assert_num_queries
) -> None:
    # municipality, strategy, partners, fields, their goals, measures, their fields
    with django_assert_num_queries(7):
        client.get(urls["page"])
    with django_assert_num_queries(1):
        client.get(urls["index"])
