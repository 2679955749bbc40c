"""Joint strategies: a partnership is an invitation until the partner's coordination accepts.

Amtsberg (A) leads the strategy and invites Birkenwerder-Nord (B, whose coordinator is the
persona "outsider"). Until B accepts, neither side sees anything of the other but the
invitation itself; after acceptance everything works as for any partner.
"""

import json

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from schreibwerkstatt.core.locking import save_versioned
from schreibwerkstatt.municipalities.models import Role
from schreibwerkstatt.strategies.models import Measure, Strategy, StrategyPartner
from schreibwerkstatt.strategies.open_data import export_strategy
from tests.factories import MembershipFactory, MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db

B = "birkenwerder-nord"
Status = StrategyPartner.Status


@pytest.fixture
def people_of_b(municipality_b, people):
    """Bea edits in B (so she could be responsible for a measure); the outsider coordinates B."""
    bea = UserFactory(email="bea@birkenwerder.example", name="Bea Birkenwerder")
    MembershipFactory(user=bea, municipality=municipality_b, role=Role.EDITOR)
    return {"coordinator": people["outsider"], "editor": bea}


@pytest.fixture
def chorin(db):
    """A third municipality with its own coordinator."""
    municipality = MunicipalityFactory(name="Chorin", slug="chorin", ags="12060077")
    carla = UserFactory(email="carla@chorin.example", name="Carla Chorin")
    MembershipFactory(user=carla, municipality=municipality, role=Role.COORDINATOR)
    return carla


@pytest.fixture
def measure(strategy):
    return Measure.objects.create(strategy=strategy, title="Geheime Maßnahme aus Amtsberg")


def login(client, user):
    client.force_login(user)
    return client


def strategy_url(name: str, slug: str, strategy: Strategy, **kwargs: int) -> str:
    return reverse(f"strategies:{name}", kwargs={"slug": slug, "strategy": strategy.pk, **kwargs})


def answer_url(name: str, slug: str, partnership: StrategyPartner) -> str:
    return reverse(f"strategies:partnership_{name}", kwargs={"slug": slug, "pk": partnership.pk})


def invite(as_persona, strategy, municipality, capture, label: str = "Nachbarort"):
    with capture(execute=True):
        response = as_persona("coordinator").post(
            strategy_url("partner_add", "amtsberg", strategy),
            {"municipality": municipality.pk, "label": label},
        )
    assert response.status_code == 302
    return StrategyPartner.every_state.get(strategy=strategy, municipality=municipality)


@pytest.fixture
def partnership(as_persona, strategy, municipality_b, django_capture_on_commit_callbacks):
    """A's coordination has invited B to the strategy; B has not answered yet."""
    return invite(as_persona, strategy, municipality_b, django_capture_on_commit_callbacks)


def mention(as_persona, measure, capture) -> list[list[str]]:
    """A's editor mentions Bea of B in a comment; the recipients of the mails sent."""
    mail.outbox.clear()
    with capture(execute=True):
        as_persona("editor").post(
            reverse("comments:add", kwargs={"slug": "amtsberg", "strategy": measure.strategy_id}),
            {
                "target_type": "measure",
                "target_id": measure.pk,
                "text": "Ersetzt die Passwörter: @bea@birkenwerder.example",
            },
        )
    return [m.to for m in mail.outbox]


def text_of(response) -> str:
    return response.content.decode()


def test_an_invitation_shares_nothing_until_the_partner_accepts(
    strategy,
    measure,
    people_of_b,
    as_persona,
    client,
    django_capture_on_commit_callbacks,
    partnership,
) -> None:

    assert partnership.status == Status.INVITED
    assert export_strategy(strategy)["partners"] == []  # open data names partners only
    # A sees none of B's people as possible responsible persons ...
    form = text_of(as_persona("editor").get(strategy_url("measure_add", "amtsberg", strategy)))
    assert "Editor Amtsberg" in form
    assert "Bea Birkenwerder" not in form and "Outsider Birkenwerder" not in form
    # ... and cannot mail them through an @mention.
    assert mention(as_persona, measure, django_capture_on_commit_callbacks) == []
    # B sees the invitation (who invites, which strategy), not the strategy itself.
    b_coordinator = as_persona("outsider")
    listing = text_of(b_coordinator.get(reverse("strategies:list", kwargs={"slug": B})))
    assert "Amtsberg lädt Sie zu „Digitales Amtsberg 2030“ ein" in listing
    assert strategy_url("overview", B, strategy) not in listing
    assert measure.title not in listing
    for user in people_of_b.values():
        response = login(client, user).get(strategy_url("overview", B, strategy))
        assert response.status_code == 404
        assert measure.title not in text_of(response)
    # Published, it is public under A's address only.
    Strategy.objects.filter(pk=strategy.pk).update(public_page=True, status=Strategy.Status.ADOPTED)
    client.logout()
    assert client.get(f"/transparenz/{B}/{strategy.pk}/").status_code == 404
    own = client.get(f"/transparenz/amtsberg/{strategy.pk}/")
    assert own.status_code == 200 and "Birkenwerder-Nord" not in text_of(own)
    assert client.get(f"/transparenz/{B}/{strategy.pk}/einbetten/").status_code == 404


def test_after_acceptance_the_partner_works_on_the_strategy_as_before(
    strategy,
    measure,
    people_of_b,
    as_persona,
    client,
    django_capture_on_commit_callbacks,
    partnership,
) -> None:
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = as_persona("outsider").post(answer_url("accept", B, partnership))

    assert response.status_code == 302 and response.url == strategy_url("overview", B, strategy)
    partnership.refresh_from_db()
    assert partnership.status == Status.ACCEPTED
    assert partnership.answered_by == people_of_b["coordinator"]
    assert partnership.answered_at is not None
    [answer] = mail.outbox  # to A's coordination
    assert answer.to == ["coordinator@amtsberg.example"]
    assert "Birkenwerder-Nord hat die Einladung zu „Digitales Amtsberg 2030“ angenommen" in (
        answer.subject
    )
    bea = login(client, people_of_b["editor"])
    assert measure.title in text_of(bea.get(strategy_url("measures", B, strategy)))
    listing = text_of(bea.get(reverse("strategies:list", kwargs={"slug": B})))
    assert strategy_url("overview", B, strategy) in listing
    form = text_of(as_persona("editor").get(strategy_url("measure_add", "amtsberg", strategy)))
    assert "Bea Birkenwerder" in form
    assert mention(as_persona, measure, django_capture_on_commit_callbacks) == [
        ["bea@birkenwerder.example"]
    ]
    Strategy.objects.filter(pk=strategy.pk).update(public_page=True, status=Strategy.Status.ADOPTED)
    client.logout()
    public = client.get(f"/transparenz/{B}/{strategy.pk}/")
    assert public.status_code == 200 and "Amtsberg, Birkenwerder-Nord" in text_of(public)


def test_a_declined_invitation_shares_nothing_and_cannot_be_accepted_later(
    strategy, measure, people_of_b, as_persona, django_capture_on_commit_callbacks, partnership
) -> None:
    b_coordinator = as_persona("outsider")

    response = b_coordinator.post(answer_url("decline", B, partnership))

    assert response.status_code == 302
    assert response.url == reverse("strategies:partner_invitations", kwargs={"slug": B})
    partnership.refresh_from_db()
    assert (partnership.status, partnership.answered_by) == (
        Status.DECLINED,
        people_of_b["coordinator"],
    )
    assert "Digitales Amtsberg 2030" not in text_of(b_coordinator.get(response.url))
    late = b_coordinator.post(answer_url("accept", B, partnership))
    assert late.status_code == 409
    assert "Diese Einladung ist nicht mehr offen" in text_of(late)
    partnership.refresh_from_db()
    assert partnership.status == Status.DECLINED
    assert b_coordinator.get(strategy_url("overview", B, strategy)).status_code == 404
    assert mention(as_persona, measure, django_capture_on_commit_callbacks) == []
    edit = text_of(as_persona("coordinator").get(strategy_url("edit", "amtsberg", strategy)))
    assert "Birkenwerder-Nord" in edit and "Abgelehnt" in edit


def test_a_withdrawn_invitation_disappears_and_can_no_longer_be_accepted(
    strategy, people_of_b, as_persona, partnership
) -> None:

    response = as_persona("coordinator").post(
        strategy_url("partner_remove", "amtsberg", strategy, pk=partnership.pk)
    )

    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.status == Status.WITHDRAWN
    assert partnership.ended_by.email == "coordinator@amtsberg.example"
    b_coordinator = as_persona("outsider")
    invitations = reverse("strategies:partner_invitations", kwargs={"slug": B})
    assert "Digitales Amtsberg 2030" not in text_of(b_coordinator.get(invitations))
    assert b_coordinator.post(answer_url("accept", B, partnership)).status_code == 409
    partnership.refresh_from_db()
    assert partnership.status == Status.WITHDRAWN
    assert b_coordinator.get(strategy_url("overview", B, strategy)).status_code == 404


def test_an_ended_partnership_is_gone_for_the_partner(
    strategy,
    measure,
    municipality_b,
    people_of_b,
    as_persona,
    client,
    django_capture_on_commit_callbacks,
    partnership,
) -> None:
    as_persona("outsider").post(answer_url("accept", B, partnership))
    Measure.objects.filter(pk=measure.pk).update(responsible=people_of_b["editor"])
    Strategy.objects.filter(pk=strategy.pk).update(public_page=True, status=Strategy.Status.ADOPTED)
    bea = login(client, people_of_b["editor"])
    assert measure.title in text_of(bea.get(reverse("personal:my_tasks")))

    response = as_persona("coordinator").post(
        strategy_url("partner_remove", "amtsberg", strategy, pk=partnership.pk)
    )

    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.status == Status.ENDED
    assert bea.get(strategy_url("overview", B, strategy)).status_code == 404
    assert measure.title not in text_of(bea.get(reverse("personal:my_tasks")))
    assert bea.get(f"/transparenz/{B}/{strategy.pk}/").status_code == 404
    # the lead may invite again; that is a new invitation, not the old partnership
    again = invite(as_persona, strategy, municipality_b, django_capture_on_commit_callbacks)
    assert (again.pk, again.status, again.answered_by) == (partnership.pk, Status.INVITED, None)
    assert bea.get(strategy_url("overview", B, strategy)).status_code == 404


def test_only_the_coordination_of_the_invited_municipality_can_answer(
    strategy, people_of_b, chorin, as_persona, client, partnership
) -> None:
    invitations = reverse("strategies:partner_invitations", kwargs={"slug": B})

    bea = login(client, people_of_b["editor"])  # an editor of the invited municipality
    assert bea.post(answer_url("accept", B, partnership)).status_code == 403
    assert bea.post(answer_url("decline", B, partnership)).status_code == 403
    assert bea.get(invitations).status_code == 403
    assert "Digitales Amtsberg 2030" not in text_of(
        bea.get(reverse("strategies:list", kwargs={"slug": B}))
    )
    carla = login(client, chorin)  # the coordinator of a third municipality
    assert carla.post(answer_url("accept", "chorin", partnership)).status_code == 404
    assert carla.post(answer_url("accept", B, partnership)).status_code == 404
    assert carla.get(invitations).status_code == 404
    # the lead cannot accept for its partner, through its own address or B's
    lead = as_persona("coordinator")
    assert lead.post(answer_url("accept", "amtsberg", partnership)).status_code == 404
    assert lead.post(answer_url("accept", B, partnership)).status_code == 404
    anonymous = as_persona("anonymous").post(answer_url("accept", B, partnership))
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("accounts:login"))
    assert as_persona("outsider").get(answer_url("accept", B, partnership)).status_code == 405
    unknown = reverse("strategies:partnership_accept", kwargs={"slug": B, "pk": 999999})
    assert as_persona("outsider").post(unknown).status_code == 404
    partnership.refresh_from_db()
    assert (partnership.status, partnership.answered_by) == (Status.INVITED, None)


def test_only_the_lead_coordination_invites_and_a_partner_can_only_leave(
    strategy, people_of_b, chorin, as_persona, partnership
) -> None:
    b_coordinator = as_persona("outsider")
    b_coordinator.post(answer_url("accept", B, partnership))
    third = chorin.memberships.get().municipality
    StrategyPartner.objects.create(strategy=strategy, municipality=third, status=Status.ACCEPTED)

    # Neither a partner's coordination nor the lead's editors invite.
    add = {"municipality": third.pk, "label": "x"}
    assert b_coordinator.post(strategy_url("partner_add", B, strategy), add).status_code == 403
    editor = as_persona("editor")
    assert editor.post(strategy_url("partner_add", "amtsberg", strategy), add).status_code == 403
    chorin_row = StrategyPartner.every_state.get(municipality=third)
    # A partner cannot end another partner's partnership ...
    response = b_coordinator.post(strategy_url("partner_remove", B, strategy, pk=chorin_row.pk))
    assert response.status_code == 404
    assert StrategyPartner.every_state.get(pk=chorin_row.pk).status == Status.ACCEPTED
    # ... but may leave itself.
    response = b_coordinator.post(strategy_url("partner_remove", B, strategy, pk=partnership.pk))
    assert response.status_code == 302
    assert response.url == reverse("strategies:list", kwargs={"slug": B})
    assert StrategyPartner.every_state.get(pk=partnership.pk).status == Status.ENDED
    assert b_coordinator.get(strategy_url("overview", B, strategy)).status_code == 404


def test_the_invitation_is_mailed_in_german_to_the_invited_coordination_only(
    strategy, municipality_b, people_of_b, as_persona, django_capture_on_commit_callbacks
) -> None:
    invite(as_persona, strategy, municipality_b, django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert message.to == ["outsider@birkenwerder.example"]  # not Bea, the editor
    assert message.subject == "Amtsberg lädt Birkenwerder-Nord zu einer gemeinsamen Strategie ein"
    assert "„Digitales Amtsberg 2030“" in message.body
    assert "Art der Partnerschaft: Nachbarort" in message.body
    assert f"/kommunen/{B}/strategien/einladungen/" in message.body
    assert "Editor Amtsberg" not in message.body


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        ("self", "Bitte wählen Sie eine Kommune aus der Liste"),
        ("invited", "bereits eingeladen oder Partnerin sind"),
        ("abc", "Bitte wählen Sie eine Kommune aus der Liste"),
        ("", "Dieses Feld ist zwingend erforderlich"),
    ],
)
def test_a_bad_invitation_is_refused_with_a_german_message(
    choice,
    message,
    strategy,
    municipality_a,
    municipality_b,
    people_of_b,
    as_persona,
    django_capture_on_commit_callbacks,
) -> None:
    invite(as_persona, strategy, municipality_b, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    value = {"self": municipality_a.pk, "invited": municipality_b.pk}.get(choice, choice)

    with django_capture_on_commit_callbacks(execute=True):
        response = as_persona("coordinator").post(
            strategy_url("partner_add", "amtsberg", strategy), {"municipality": value}
        )

    assert response.status_code == 400
    assert message in text_of(response)
    assert mail.outbox == []
    assert StrategyPartner.every_state.count() == 1


def test_the_json_import_creates_invitations_only(
    strategy, municipality_b, people_of_b, as_persona, django_capture_on_commit_callbacks
) -> None:
    StrategyPartner.objects.create(
        strategy=strategy, municipality=municipality_b, label="Nachbarort", status=Status.ACCEPTED
    )
    document = export_strategy(strategy)
    assert [p["ags"] for p in document["partners"]] == ["12060002"]
    document["strategy"]["title"] = "Unsere gemeinsame Strategie"
    upload = SimpleUploadedFile("strategie.json", json.dumps(document).encode())
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = as_persona("coordinator").post(
            reverse("exchange:import_strategy", kwargs={"slug": "amtsberg"}), {"file": upload}
        )

    assert response.status_code == 302
    imported = Strategy.objects.get(title="Unsere gemeinsame Strategie")
    [row] = StrategyPartner.every_state.filter(strategy=imported)
    assert (row.municipality, row.status, row.label) == (
        municipality_b,
        Status.INVITED,
        "Nachbarort",
    )
    assert [m.to for m in mail.outbox] == [["outsider@birkenwerder.example"]]
    b_coordinator = as_persona("outsider")
    assert b_coordinator.get(strategy_url("overview", B, imported)).status_code == 404
    listing = text_of(b_coordinator.get(reverse("strategies:list", kwargs={"slug": B})))
    assert "Amtsberg lädt Sie zu „Unsere gemeinsame Strategie“ ein" in listing


def test_the_lead_sees_invitations_by_name_and_the_partner_sees_no_open_ones(
    strategy, people_of_b, as_persona, partnership
) -> None:

    edit = text_of(as_persona("coordinator").get(strategy_url("edit", "amtsberg", strategy)))
    assert "Birkenwerder-Nord" in edit and "Eingeladen" in edit
    assert "Einladung zurückziehen" in edit
    assert "Outsider Birkenwerder" not in edit and "Bea Birkenwerder" not in edit
    overview = text_of(as_persona("reader").get(strategy_url("overview", "amtsberg", strategy)))
    assert "Birkenwerder-Nord" not in overview  # not (yet) a joint strategy
    # after acceptance B's coordination sees the partner list, may end its own partnership only
    as_persona("outsider").post(answer_url("accept", B, partnership))
    b_edit = text_of(as_persona("outsider").get(strategy_url("edit", B, strategy)))
    assert "Partnerschaft beenden" in b_edit
    assert f'action="{strategy_url("partner_add", B, strategy)}"' not in b_edit


@pytest.mark.migration
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migration_data")
def test_the_migration_keeps_existing_partnerships_as_accepted() -> None:
    executor = MigrationExecutor(connection)
    before = [("strategies", "0004_history_of_the_remaining_content")]
    after = [("strategies", "0005_partnership_invitations")]
    try:
        executor.migrate(before)
        apps = executor.loader.project_state(before).apps
        municipality = apps.get_model("municipalities", "Municipality")
        lead = municipality.objects.create(name="Altdorf", slug="altdorf", ags="12000001")
        partner = municipality.objects.create(name="Neudorf", slug="neudorf", ags="12000002")
        strategy = apps.get_model("strategies", "Strategy").objects.create(
            municipality=lead, title="Alt"
        )
        apps.get_model("strategies", "StrategyPartner").objects.create(
            strategy=strategy, municipality=partner, label="Nachbar"
        )
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        row = StrategyPartner.objects.get()
        assert (row.municipality.slug, row.label, row.status) == ("neudorf", "Nachbar", "accepted")
        assert row.answered_at is not None
        assert list(Strategy.objects.filter(partnerships__municipality=row.municipality)) == [
            row.strategy
        ]
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_restoring_a_partnerships_history_never_brings_back_a_state(
    strategy, people_of_b, as_persona, partnership
) -> None:
    as_persona("outsider").post(answer_url("accept", B, partnership))
    partnership = StrategyPartner.objects.get(pk=partnership.pk)
    partnership = save_versioned(
        partnership, expected_version=partnership.version, changes={"label": "Zweckverband"}
    )
    invitation_record = partnership.history.earliest()  # the invitation: state "invited"
    assert (invitation_record.status, invitation_record.label) == (Status.INVITED, "Nachbarort")
    restore = reverse(
        "history:restore_partnership",
        kwargs={"slug": "amtsberg", "strategy": strategy.pk, "pk": partnership.pk,
                "history_id": invitation_record.history_id},
    )  # fmt: skip

    response = as_persona("coordinator").post(restore, {"version": partnership.version})

    assert response.status_code == 302
    partnership = StrategyPartner.every_state.get(pk=partnership.pk)
    assert (partnership.label, partnership.status) == ("Nachbarort", Status.ACCEPTED)
    assert partnership.answered_by == people_of_b["coordinator"]
