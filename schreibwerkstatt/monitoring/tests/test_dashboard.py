"""The implementation dashboard ("Umsetzung"): its figures, the lists each figure links to,
and the setting of when a measure counts as stale."""

import re
from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from schreibwerkstatt.monitoring.models import IndicatorValue
from schreibwerkstatt.strategies.models import FieldOfAction, Indicator, Measure, Step, Strategy

pytestmark = pytest.mark.django_db

RUNNING, PLANNED, DONE, IDEA = "running", "planned", "done", "idea"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel("2026-06-15 09:00 +0200", tick=False):
        yield


def moment(day: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(day))


@pytest.fixture
def plan(strategy, goal, people):
    """Two fields, six measures, steps, costs and four indicators (see each line)."""
    f1 = FieldOfAction.objects.create(strategy=strategy, title="Verwaltung", position=0)
    f2 = FieldOfAction.objects.create(strategy=strategy, title="Bildung", position=1)

    def measure(title, status, fields=(), **extra):
        m = Measure.objects.create(strategy=strategy, title=title, status=status, **extra)
        m.fields.set(fields)
        return m

    m = {
        # fresh: updated two weeks ago
        "e-akte": measure("E-Akte", RUNNING, [f1], status_updated_at=moment("2026-06-01"),
                          cost_one_off=Decimal(12000), cost_running=Decimal(1200),
                          start=date(2026, 7, 1), end=date(2027, 6, 30)),
        # stale: running, never updated, created in January; in two fields
        "portal": measure("Portal", RUNNING, [f1, f2]),
        # stale: planned, started, newest update 2026-02-01
        "tablets": measure("Tablets", PLANNED, [f2], start=date(2026, 1, 1),
                           status_updated_at=moment("2026-02-01"), cost_running=Decimal(1000)),
        # not stale: planned, but starts only next year
        "wlan": measure("WLAN", PLANNED, [f2], start=date(2027, 1, 1), duration_months=18,
                        cost_running=Decimal(2400)),
        # not stale: done / an idea; no field of action
        "termine": measure("Termine", DONE, cost_one_off=Decimal(500)),
        "app": measure("App", IDEA),
    }  # fmt: skip
    Measure.objects.update(created_at=moment("2026-01-10"))
    Step.objects.bulk_create([
        Step(measure=m["e-akte"], title="Ausschreibung", done=True),
        Step(measure=m["e-akte"], title="Zuschlag", done=True),
        Step(measure=m["e-akte"], title="Schulung", due_date=date(2026, 6, 1)),  # overdue
        Step(measure=m["e-akte"], title="Rollout", due_date=date(2026, 9, 1)),
        Step(measure=m["portal"], title="Konzept", due_date=date(2026, 5, 1)),  # overdue
        Step(measure=m["portal"], title="Start", due_date=date(2026, 6, 15)),  # due today
        Step(measure=m["app"], title="Idee prüfen", done=True, due_date=date(2026, 1, 1)),
    ])  # fmt: skip

    def indicator(name, value, **extra):
        # From 0 (2026-01-01) to 100 (2027-01-01): on 2026-07-02 50 % is expected.
        plan = {"baseline_value": 0, "baseline_date": date(2026, 1, 1), "target_value": 100,
                "target_date": date(2027, 1, 1)} | extra  # fmt: skip
        i = Indicator.objects.create(strategy=strategy, goal=goal, name=name, unit="%", **plan)
        if value is not None:
            IndicatorValue.objects.create(indicator=i, date=date(2026, 7, 2), value=value)
        return i

    with time_machine.travel("2026-07-03", tick=False):
        indicators = {
            "on": indicator("Auf Kurs", 50),
            "risk": indicator("Wackelt", 35),
            "off": indicator("Hinkt", 10),
            "none": indicator("Ohne Wert", None),
        }
    return {"fields": (f1, f2), "measures": m, "indicators": indicators}


def links(html: str, fragment: str) -> str:
    return html[html.index(fragment) :]


def test_the_dashboard_counts_measures_steps_and_indicators(plan, field, url, as_persona) -> None:
    response = as_persona("reader").get(url("monitoring:dashboard"))
    assert response.status_code == 200
    data = response.context["data"]
    f1, f2 = plan["fields"]
    rows = {row.key: row for row in data.rows}
    assert list(rows) == [str(field.pk), str(f1.pk), str(f2.pk), "none"]
    assert rows[str(field.pk)].measures == 0  # the goal's field, without measures
    assert dict(rows[str(f1.pk)].by_status) == {
        IDEA: 0,
        PLANNED: 0,
        RUNNING: 2,
        DONE: 0,
        "deferred": 0,
    }
    assert dict(rows[str(f2.pk)].by_status) == {
        IDEA: 0,
        PLANNED: 2,
        RUNNING: 1,
        DONE: 0,
        "deferred": 0,
    }
    assert dict(rows["none"].by_status) == {IDEA: 1, PLANNED: 0, RUNNING: 0, DONE: 1, "deferred": 0}
    assert (rows[str(f1.pk)].steps_done, rows[str(f1.pk)].steps_total) == (2, 6)
    assert (rows[str(f2.pk)].steps_done, rows[str(f2.pk)].steps_total) == (0, 2)
    # The portal measure is in both fields but counts once in the total.
    assert data.total.measures == 6
    assert (data.total.steps_done, data.total.steps_total) == (3, 7)
    assert data.overdue_steps == 2
    assert data.stale_measures == 2
    assert dict(data.levels) == {"on_track": 1, "at_risk": 1, "off_track": 1, "none": 1}
    assert [i.name for i in data.off_track] == ["Hinkt"]


def test_planned_costs_per_year_follow_the_documented_rule(plan, url, as_persona) -> None:
    html = as_persona("reader").get(url("monitoring:dashboard")).content.decode()
    rows = dict(
        re.findall(r'data-year="(\d+)">.*?</th>\s*<td[^>]*>[^<]*</td>\s*<td[^>]*>[^<]*</td>\s*'
                   r'<td[^>]*>([^<]*)</td>', html, re.S)
    )  # fmt: skip
    # 2026: E-Akte one-off 12,000 + six months running 600 + Tablets 1,000 (no end, no
    # duration, no strategy period: to the end of its start year)
    # 2027: E-Akte six months 600 + WLAN twelve months 2,400; 2028: WLAN six months 1,200
    assert rows == {"2026": "13.600,00", "2027": "3.000,00", "2028": "1.200,00"}
    assert "1 Maßnahme mit Kosten (500,00 €) hat keinen Beginn" in html


def test_each_figure_links_to_the_list_of_what_it_counts(plan, url, as_persona) -> None:
    client = as_persona("reader")
    html = client.get(url("monitoring:dashboard")).content.decode()
    f1, f2 = plan["fields"]

    def listed(href: str, marker: str) -> set[str]:
        page = client.get(href.replace("&amp;", "&"))
        assert page.status_code == 200, href
        return set(re.findall(marker, page.content.decode()))

    def href(pattern: str) -> str:
        return re.search(pattern, html).group(1)

    measures = url("monitoring:measures")
    titles = (
        r'<th scope="row" class="kern-table__cell"><a class="kern-link" href="[^"]+">([^<]+)</a>'
    )
    assert listed(href(r'href="([^"]+)" id="figure-stale"'), titles) == {"Portal", "Tablets"}
    assert listed(
        href(r'href="([^"]+)" id="figure-overdue"'),
        r'<th scope="row" class="kern-table__cell">([^<]+)</th>',
    ) == {"Schulung", "Konzept"}
    assert listed(
        href(r'href="([^"]+)" id="figure-off_track"'), r'data-indicator="\d+" data-level="(\w+)"'
    ) == {"off_track"}
    assert listed(f"{measures}?field={f2.pk}&status=planned", titles) == {"Tablets", "WLAN"}
    assert f'href="{measures}?field={f2.pk}&amp;status=planned"' in html
    assert listed(f"{measures}?field=none", titles) == {"Termine", "App"}
    assert f'href="{measures}?field=none"' in html
    assert listed(f"{measures}?year=2028", titles) == {"WLAN"}
    assert f'href="{measures}?year=2028"' in html
    assert listed(f"{measures}?undated=1", titles) == {"Termine"}
    steps = url("monitoring:steps")
    assert f'href="{steps}?field={f1.pk}"' in html
    assert len(listed(f"{steps}?field={f1.pk}", r'data-step="(\d+)"')) == 6


def test_the_lists_refuse_bad_filters_in_german(plan, url, as_persona) -> None:
    client = as_persona("reader")
    for page, query, message in [
        ("monitoring:measures", "?field=999999", "angebotenen Handlungsfelder"),
        ("monitoring:measures", "?year=zwanzig", "Bitte geben Sie ein Jahr ein"),
        ("monitoring:measures", "?status=fertig", "gültige Auswahl"),
        ("monitoring:steps", "?state=bald", "gültige Auswahl"),
    ]:
        response = client.get(url(page) + query)
        assert response.status_code == 400, (page, query)
        assert message in response.content.decode()


def test_the_number_of_days_decides_what_is_stale(plan, strategy, url, as_persona) -> None:
    client = as_persona("editor")
    response = client.post(url("monitoring:stale_settings"),
                           {"stale_after_days": "150", "version": strategy.version})  # fmt: skip
    assert response.status_code == 302
    strategy.refresh_from_db()
    assert strategy.stale_after_days == 150
    data = client.get(url("monitoring:dashboard")).context["data"]
    assert (
        data.stale_measures == 1
    )  # the portal (created 156 days ago); the tablets' update is 134 days old


@pytest.mark.parametrize("typed", ["5", "731", "neunzig", "", "90,5"])
def test_a_bad_number_of_days_is_refused(strategy, url, as_persona, typed) -> None:
    response = as_persona("editor").post(url("monitoring:stale_settings"),
                                         {"stale_after_days": typed, "version": strategy.version})  # fmt: skip
    assert response.status_code == 400
    assert "Anzahl von Tagen zwischen 7 und 730" in response.content.decode()
    strategy.refresh_from_db()
    assert (strategy.stale_after_days, strategy.version) == (90, 1)


def test_a_stale_setting_form_does_not_overwrite_a_newer_save(strategy, url, as_persona) -> None:
    Strategy.objects.filter(pk=strategy.pk).update(version=2, stale_after_days=60)
    response = as_persona("editor").post(url("monitoring:stale_settings"),
                                         {"stale_after_days": "120", "version": "1"})  # fmt: skip
    assert response.status_code == 409
    html = response.content.decode()
    assert "Gespeichert sind jetzt 60 Tage" in html
    assert 'name="version" value="2"' in html
    strategy.refresh_from_db()
    assert strategy.stale_after_days == 60


@pytest.mark.parametrize(
    ("persona", "status"),
    [("contributor", 403), ("reader", 403), ("adviser", 403), ("outsider", 404)],
)
def test_only_editors_change_the_setting(strategy, url, as_persona, persona, status) -> None:
    response = as_persona(persona).post(url("monitoring:stale_settings"),
                                        {"stale_after_days": "30", "version": "1"})  # fmt: skip
    assert response.status_code == status
    strategy.refresh_from_db()
    assert strategy.stale_after_days == 90


def test_readers_see_the_dashboard_without_the_setting(strategy, url, as_persona) -> None:
    html = as_persona("reader").get(url("monitoring:dashboard")).content.decode()
    assert "Noch keine Maßnahmen." in html
    assert 'id="settings"' not in html
    assert 'id="settings"' in as_persona("editor").get(url("monitoring:dashboard")).content.decode()


def test_the_strategy_navigation_links_the_dashboard(strategy, url, as_persona) -> None:
    html = as_persona("reader").get(url("strategies:overview")).content.decode()
    assert f'href="{url("monitoring:dashboard")}"' in html
    assert ">Umsetzung</a>" in html
