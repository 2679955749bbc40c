"""Calendar files: a person's feed behind a secret address, a strategy's roadmap milestones
as a download and as `export-strategy --format ics`. Each file is parsed back with icalendar."""

from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from icalendar import Calendar

from schreibwerkstatt.municipalities.models import Membership, Role
from schreibwerkstatt.personal.models import NotificationSettings
from schreibwerkstatt.personal.services import feed_owner, renew_feed_token, revoke_feed_token
from schreibwerkstatt.strategies.models import Milestone, StrategyPartner
from tests.factories import MembershipFactory

from .conftest import day, make_measure, make_step

pytestmark = pytest.mark.django_db


def events(content: bytes) -> dict[str, dict]:
    """{UID: {summary, start, end, description, categories}} of a parsed calendar."""
    calendar = Calendar.from_ical(content)
    assert calendar["VERSION"] == "2.0" and "PRODID" in calendar
    found = {}
    for event in calendar.walk("VEVENT"):
        assert "DTSTAMP" in event
        found[str(event["UID"])] = {
            "summary": str(event["SUMMARY"]),
            "start": event["DTSTART"].dt,
            "end": event["DTEND"].dt,
            "description": str(event["DESCRIPTION"]),
            "categories": [str(c) for c in event["CATEGORIES"].cats],
            "url": str(event["URL"]),
        }
    return found


def feed_url(token: str) -> str:
    return reverse("personal:calendar_feed", kwargs={"token": token})


@pytest.fixture
def work_in_a_and_b(strategy_a, strategy_b, people):
    """The contributor (member of A only) owns and leads things in A and, formerly, in B."""
    me = people["contributor"]
    measure_a = make_measure(strategy_a, "E-Akte einführen", responsible=me)
    measure_b = make_measure(strategy_b, "Geheim in Birkenwerder", responsible=me)
    return {
        "step_a": make_step(measure_a, "Scanner bestellen", me, 3),
        "undated_a": make_step(measure_a, "Irgendwann", me, None),
        "done_a": make_step(measure_a, "Erledigt", me, -3, done=True),
        "other_a": make_step(measure_a, "Von der Redaktion", people["editor"], 4),
        "step_b": make_step(measure_b, "Geheimer Schritt B", me, 2),
        "milestone_a": Milestone.objects.create(
            strategy=strategy_a, measure=measure_a, title="Pilot abgeschlossen", date=day(30)
        ),
        "milestone_b": Milestone.objects.create(
            strategy=strategy_b, measure=measure_b, title="Geheimer Meilenstein B", date=day(20)
        ),
        "strategy_milestone_a": Milestone.objects.create(
            strategy=strategy_a, title="Beschluss der Stadtverordneten", date=day(60)
        ),
    }


def test_the_feed_holds_due_steps_and_milestones_of_led_measures(
    work_in_a_and_b, people, as_persona
) -> None:
    token = renew_feed_token(people["contributor"])
    response = as_persona("anonymous").get(feed_url(token))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    found = events(response.content)
    step, milestone = work_in_a_and_b["step_a"], work_in_a_and_b["milestone_a"]
    assert set(found) == {f"step-{step.pk}@127.0.0.1", f"milestone-{milestone.pk}@127.0.0.1"}
    entry = found[f"step-{step.pk}@127.0.0.1"]
    assert entry["summary"] == "Scanner bestellen"
    assert (entry["start"], entry["end"]) == (date(2026, 3, 5), date(2026, 3, 6))
    assert "Maßnahme: E-Akte einführen" in entry["description"]
    assert "Kommune: Amtsberg" in entry["description"]
    assert entry["categories"] == ["Projektschritt"]
    assert entry["url"].endswith(
        f"/kommunen/amtsberg/strategien/{step.measure.strategy_id}/massnahmen/{step.measure_id}/"
    )
    entry = found[f"milestone-{milestone.pk}@127.0.0.1"]
    assert (entry["summary"], entry["start"]) == ("Pilot abgeschlossen", date(2026, 4, 1))
    assert entry["categories"] == ["Meilenstein"]


def test_a_token_of_a_member_of_a_never_shows_objects_of_b(
    work_in_a_and_b, people, as_persona
) -> None:
    token = renew_feed_token(people["contributor"])
    content = as_persona("anonymous").get(feed_url(token)).content
    assert b"Birkenwerder" not in content and b"Geheim" not in content

    # Nor a token of B's coordinator anything of A.
    outsider_token = renew_feed_token(people["outsider"])
    content = as_persona("anonymous").get(feed_url(outsider_token)).content
    assert events(content) == {}
    assert b"Amtsberg" not in content


def test_the_feed_follows_memberships(work_in_a_and_b, municipality_b, people, as_persona) -> None:
    me = people["contributor"]
    token = renew_feed_token(me)
    MembershipFactory(user=me, municipality=municipality_b, role=Role.CONTRIBUTOR)
    summaries = {
        e["summary"] for e in events(as_persona("anonymous").get(feed_url(token)).content).values()
    }
    assert "Geheimer Schritt B" in summaries and "Geheimer Meilenstein B" in summaries

    Membership.objects.filter(user=me).delete()
    assert events(as_persona("anonymous").get(feed_url(token)).content) == {}


def test_uids_stay_the_same_when_the_feed_is_fetched_again_or_renewed(
    work_in_a_and_b, people, as_persona
) -> None:
    first = set(
        events(
            as_persona("anonymous").get(feed_url(renew_feed_token(people["contributor"]))).content
        )
    )
    again = set(
        events(
            as_persona("anonymous").get(feed_url(renew_feed_token(people["contributor"]))).content
        )
    )
    assert first == again and len(first) == 2


def test_a_revoked_or_replaced_token_gives_404(work_in_a_and_b, people, as_persona) -> None:
    me = people["contributor"]
    old = renew_feed_token(me)
    new = renew_feed_token(me)
    assert as_persona("anonymous").get(feed_url(old)).status_code == 404
    assert as_persona("anonymous").get(feed_url(new)).status_code == 200

    revoke_feed_token(me)
    response = as_persona("anonymous").get(feed_url(new))
    assert response.status_code == 404
    assert b"Scanner" not in response.content


def test_a_guessed_or_altered_token_gives_404(work_in_a_and_b, people, as_persona) -> None:
    token = renew_feed_token(people["contributor"])
    key = token[:16]
    for guess in [key, key + "x", token[:-1] + ("A" if token[-1] != "A" else "B"), "x" * 60, "x"]:
        assert as_persona("anonymous").get(feed_url(guess)).status_code == 404, guess
    assert feed_owner(token) == people["contributor"]


def test_the_token_of_a_deactivated_person_gives_404(work_in_a_and_b, people, as_persona) -> None:
    token = renew_feed_token(people["contributor"])
    type(people["contributor"]).objects.filter(pk=people["contributor"].pk).update(is_active=False)
    assert as_persona("anonymous").get(feed_url(token)).status_code == 404


def test_only_the_secret_part_is_compared_and_the_key_is_unique(people) -> None:
    a = renew_feed_token(people["contributor"])
    b = renew_feed_token(people["editor"])
    assert len(a) > 16 and a[:16] != b[:16]
    assert feed_owner(a[:16] + b[16:]) is None
    assert feed_owner(a) == people["contributor"] and feed_owner(b) == people["editor"]


def test_the_database_holds_no_usable_secret(people) -> None:
    """A copy of the database does not open the calendar: only the digest is stored."""
    token = renew_feed_token(people["contributor"])
    stored = NotificationSettings.objects.get(user=people["contributor"])
    assert stored.feed_key == token[:16]
    assert token[16:] not in stored.feed_secret and len(stored.feed_secret) == 64
    assert feed_owner(stored.feed_key + stored.feed_secret) is None


def test_the_feed_takes_a_fixed_number_of_queries(
    strategy_a, people, as_persona, django_assert_num_queries
) -> None:
    me = people["contributor"]
    token = renew_feed_token(me)
    measure = make_measure(strategy_a, "Groß", responsible=me)
    for i in range(30):
        make_step(measure, f"Schritt {i}", me, i)
        Milestone.objects.create(strategy=strategy_a, measure=measure, title=f"M{i}", date=day(i))
    # token, memberships, strategies, partnerships, steps, milestones, and the workshop
    # sessions (the calendar source of workshops/ics.py)
    with django_assert_num_queries(7):
        response = as_persona("anonymous").get(feed_url(token))
    assert len(events(response.content)) == 60


# The roadmap milestones of a strategy ------------------------------------------------------


@pytest.fixture
def milestones(strategy_a, people):
    measure = make_measure(strategy_a, "Online-Terminvergabe")
    return [
        Milestone.objects.create(strategy=strategy_a, title="Beschluss", date=date(2026, 6, 30)),
        Milestone.objects.create(
            strategy=strategy_a, measure=measure, title="Start Terminbuchung", date=date(2026, 9, 1)
        ),
    ]


def roadmap_url(strategy, slug: str = "amtsberg") -> str:
    return reverse("personal:roadmap_ics", kwargs={"slug": slug, "strategy": strategy.pk})


def test_members_download_the_roadmap_milestones(strategy_a, milestones, as_persona) -> None:
    response = as_persona("reader").get(roadmap_url(strategy_a))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="meilensteine-amtsberg-{strategy_a.pk}.ics"'
    )
    found = events(response.content)
    assert {uid: (e["summary"], e["start"]) for uid, e in found.items()} == {
        f"milestone-{milestones[0].pk}@127.0.0.1": ("Beschluss", date(2026, 6, 30)),
        f"milestone-{milestones[1].pk}@127.0.0.1": ("Start Terminbuchung", date(2026, 9, 1)),
    }
    assert (
        "Maßnahme: Online-Terminvergabe"
        in found[f"milestone-{milestones[1].pk}@127.0.0.1"]["description"]
    )
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Meilensteine der Roadmap: Digitales Amtsberg 2030"


def test_a_partner_downloads_them_with_links_into_its_own_municipality(
    strategy_a, milestones, municipality_b, as_persona
) -> None:
    StrategyPartner.objects.create(
        strategy=strategy_a, municipality=municipality_b, status="accepted"
    )
    response = as_persona("outsider").get(roadmap_url(strategy_a, "birkenwerder-nord"))
    assert response.status_code == 200
    urls = [e["url"] for e in events(response.content).values()]
    assert all("/kommunen/birkenwerder-nord/" in url for url in urls)


@pytest.mark.parametrize(("persona", "status"), [("outsider", 404), ("anonymous", 302)])
def test_outsiders_get_no_milestones(strategy_a, milestones, as_persona, persona, status) -> None:
    response = as_persona(persona).get(roadmap_url(strategy_a))
    assert response.status_code == status
    assert b"Beschluss" not in response.content


def test_export_strategy_writes_the_milestones_as_ics(strategy_a, milestones, tmp_path) -> None:
    target = tmp_path / "meilensteine.ics"
    call_command("export-strategy", municipality="amtsberg", format="ics", output=str(target))
    found = events(target.read_bytes())
    assert sorted((e["start"], e["summary"]) for e in found.values()) == [
        (date(2026, 6, 30), "Beschluss"),
        (date(2026, 9, 1), "Start Terminbuchung"),
    ]
    assert all(e["end"] - e["start"] == timedelta(days=1) for e in found.values())
    # Exported again: the same UIDs, so a calendar updates the entries instead of doubling them.
    call_command("export-strategy", municipality="amtsberg", format="ics", output=str(target))
    assert set(events(target.read_bytes())) == set(found)


def test_export_strategy_writes_ics_to_stdout(strategy_a, milestones, capsys) -> None:
    call_command("export-strategy", municipality="amtsberg", format="ics", output="-")
    assert len(events(capsys.readouterr().out.encode())) == 2


def test_export_strategy_names_an_unknown_municipality(db) -> None:
    with pytest.raises(CommandError, match="keine Kommune mit dem Kurznamen"):
        call_command("export-strategy", municipality="gibt-es-nicht", format="ics", output="-")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migration_data")
def test_the_migration_keeps_existing_subscriptions_working() -> None:
    """0002 replaces each stored plain secret by its digest: the address people already
    subscribed to still opens their calendar, and the database no longer holds it."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("personal", "0001_initial")], [("personal", "0002_hash_calendar_secrets")]
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(before)
        apps = executor.loader.project_state(before).apps
        user = apps.get_model("accounts", "User").objects.create(email="alt@amtsberg.example")
        apps.get_model("personal", "NotificationSettings").objects.create(
            user=user, feed_key="0123456789abcdef", feed_secret="plain-old-secret"
        )
        apps.get_model("personal", "NotificationSettings").objects.create(
            user=apps.get_model("accounts", "User").objects.create(email="ohne@amtsberg.example")
        )
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        assert feed_owner("0123456789abcdefplain-old-secret").email == "alt@amtsberg.example"
        assert not NotificationSettings.objects.filter(feed_secret__contains="plain").exists()
        assert NotificationSettings.objects.filter(feed_secret="").count() == 1
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
