"""Onboarding: an operator sets up a municipality and invites its first Koordination."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from schreibwerkstatt.accounts.models import User
from schreibwerkstatt.audit.models import AuditEvent
from schreibwerkstatt.municipalities.models import Invitation, Membership, Municipality, Role
from schreibwerkstatt.process.models import ChecklistItem
from tests.factories import InvitationFactory, MembershipFactory, MunicipalityFactory, UserFactory
from tests.routes import OPERATOR_ROUTES

pytestmark = pytest.mark.django_db

CREATE = reverse("onboarding:create")


@pytest.fixture
def operator(db):
    return User.objects.create_superuser(
        email="betrieb@plattform.example", password="Betrieb-Passwort-42", name="Olga Betrieb"
    )


@pytest.fixture
def as_operator(client, operator):
    client.force_login(operator)
    return client


def good_data(**changes) -> dict:
    data = {
        "name": "Seeblick am Wald",
        "ags": "12065999",
        "state": "12",
        "kind": "gemeinde",
        "parent": "",
        "population": "4200",
        "coordinator_email": "Koordination@Seeblick.example",
    }
    return data | changes


def nothing_was_created() -> bool:
    return not Municipality.objects.filter(name="Seeblick am Wald").exists() and not (
        Invitation.objects.filter(email="koordination@seeblick.example").exists()
    )


def test_the_operator_sets_up_a_municipality_and_the_coordinator_joins(
    as_operator, client, people, django_capture_on_commit_callbacks
) -> None:
    district = MunicipalityFactory(name="Landkreis Wald", kind="landkreis", ags="12065000")
    adviser = people["adviser"]
    data = good_data(parent=str(district.pk), advisers=[str(adviser.pk)])
    with django_capture_on_commit_callbacks(execute=True):
        response = as_operator.post(CREATE, data)
    assert response.status_code == 302
    assert response.url == reverse("core:home")

    municipality = Municipality.objects.get(ags="12065999")
    assert (municipality.name, municipality.slug, municipality.state) == (
        "Seeblick am Wald",
        "seeblick-am-wald",
        "12",
    )
    assert municipality.parent == district
    assert municipality.population == 4200
    assert list(municipality.advisers.all()) == [adviser]
    assert ChecklistItem.objects.filter(municipality=municipality).exists()
    invitation = Invitation.objects.get(municipality=municipality)
    assert (invitation.email, invitation.role) == ("koordination@seeblick.example", "coordinator")
    event = AuditEvent.objects.get(kind="invitation.sent", municipality=municipality)
    assert event.actor.is_staff and event.actor.is_superuser  # the operator who onboarded
    assert event.details["email"] == "koordination@seeblick.example"

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["koordination@seeblick.example"]
    assert "Seeblick am Wald" in message.subject
    link = re.search(r"http://testserver(/einladung/\S+/)", message.body).group(1)

    home = as_operator.get(reverse("core:home")).content.decode()
    assert "Seeblick am Wald ist angelegt" in home
    assert "eingeladen, noch nicht angenommen" in home

    client.logout()
    signup = client.post(
        link,
        {"name": "Kora Koordination", "password1": "Seeblick-2026-Wald", "password2": "Seeblick-2026-Wald"},
    )  # fmt: skip
    assert signup.status_code == 302
    membership = Membership.objects.get(user__email="koordination@seeblick.example")
    assert (membership.municipality, membership.role) == (municipality, Role.COORDINATOR)
    assert client.get(reverse("municipalities:invite", args=[municipality.slug])).status_code == 200


def test_a_second_municipality_of_the_same_name_gets_its_own_address(as_operator) -> None:
    MunicipalityFactory(name="Seeblick am Wald", slug="seeblick-am-wald", ags="12065001")
    response = as_operator.post(CREATE, good_data())
    assert response.status_code == 302
    assert Municipality.objects.get(ags="12065999").slug == "seeblick-am-wald-2"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ags": "1206599"}, "genau 8 Ziffern"),
        ({"ags": "12O65999"}, "genau 8 Ziffern"),
        ({"ags": "13065999"}, "Ein AGS in Brandenburg beginnt mit 12."),
        ({"ags": "99065999"}, "zwischen 01 und 16"),
        ({"name": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"kind": "dorf"}, "keine gültige Auswahl"),
        ({"population": "viele"}, "ganze Zahl"),
        ({"coordinator_email": "koordination-at-seeblick"}, "gültige E-Mail-Adresse"),
        ({"coordinator_email": ""}, "Dieses Feld ist zwingend erforderlich."),
    ],
)
def test_bad_input_gets_a_german_message_and_creates_nothing(as_operator, changes, message) -> None:
    response = as_operator.post(CREATE, good_data(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert nothing_was_created()
    assert len(mail.outbox) == 0


def test_an_ags_that_exists_is_refused_naming_the_municipality(as_operator, municipality_a) -> None:
    response = as_operator.post(CREATE, good_data(ags=municipality_a.ags))
    assert response.status_code == 400
    assert "Es gibt schon eine Kommune mit diesem AGS: Amtsberg." in response.content.decode()
    assert nothing_was_created()


def test_a_district_cannot_belong_to_a_district(as_operator) -> None:
    district = MunicipalityFactory(name="Landkreis Wald", kind="landkreis", ags="12065000")
    response = as_operator.post(CREATE, good_data(kind="landkreis", parent=str(district.pk)))
    assert response.status_code == 400
    assert "gehört zu keinem übergeordneten Landkreis" in response.content.decode()
    assert nothing_was_created()


def test_only_a_district_can_be_chosen_as_parent(as_operator, municipality_a) -> None:
    response = as_operator.post(CREATE, good_data(parent=str(municipality_a.pk)))
    assert response.status_code == 400
    assert nothing_was_created()


def test_a_failing_invitation_leaves_no_municipality_behind(as_operator, monkeypatch) -> None:
    from schreibwerkstatt.municipalities import services

    def broken(**kwargs):
        raise RuntimeError("mail template broken")

    monkeypatch.setattr(services, "invite_member", broken)
    with pytest.raises(RuntimeError):
        as_operator.post(CREATE, good_data())
    assert nothing_was_created()
    assert not ChecklistItem.objects.filter(municipality__ags="12065999").exists()


def test_the_home_page_of_an_operator_lists_every_municipality(
    as_operator, municipality_a, municipality_b, people, django_assert_max_num_queries
) -> None:
    MunicipalityFactory(name="Ohnekoord", slug="ohnekoord", ags="12065002")
    invited = MunicipalityFactory(name="Eingeladen", slug="eingeladen", ags="12065003")
    InvitationFactory(municipality=invited, role=Role.COORDINATOR, email="k@eingeladen.example")
    with django_assert_max_num_queries(8):
        page = as_operator.get(reverse("core:home")).content.decode()
    assert reverse("onboarding:create") in page
    for name in ("Amtsberg", "Birkenwerder-Nord", "Ohnekoord", "Eingeladen"):
        assert name in page
    assert reverse("onboarding:invite_coordinator", args=["ohnekoord"]) in page
    assert reverse("onboarding:invite_coordinator", args=["eingeladen"]) not in page
    assert reverse("onboarding:invite_coordinator", args=["amtsberg"]) not in page
    # Members' content stays hidden: no link into a municipality.
    assert reverse("process:dashboard", args=["amtsberg"]) not in page


def test_the_home_page_of_a_coordinator_has_no_onboarding(people) -> None:
    from conftest import client_for

    second = MunicipalityFactory(name="Zweitort", slug="zweitort", ags="12065004")
    MembershipFactory(user=people["coordinator"], municipality=second, role=Role.COORDINATOR)
    page = client_for(people["coordinator"]).get(reverse("core:home")).content.decode()
    assert "Zweitort" in page
    assert reverse("onboarding:create") not in page
    assert "Kommunen auf der Plattform" not in page


def test_the_operator_invites_a_coordinator_again_after_the_first_invitation_expired(
    as_operator, django_capture_on_commit_callbacks
) -> None:
    from django.utils import timezone

    municipality = MunicipalityFactory(name="Spätstart", slug="spaetstart", ags="12065005")
    InvitationFactory(
        municipality=municipality,
        role=Role.COORDINATOR,
        created_at=timezone.now() - timezone.timedelta(days=8),
    )
    url = reverse("onboarding:invite_coordinator", args=["spaetstart"])
    assert as_operator.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = as_operator.post(url, {"coordinator_email": "neu@spaetstart.example"})
    assert response.status_code == 302
    assert Invitation.objects.pending().get(municipality=municipality).role == Role.COORDINATOR
    assert mail.outbox[0].to == ["neu@spaetstart.example"]
    event = AuditEvent.objects.get(kind="invitation.sent", municipality=municipality)
    assert event.details == {"email": "neu@spaetstart.example", "role": "coordinator"}


def test_a_second_invitation_waits_until_the_open_one_ends(as_operator) -> None:
    municipality = MunicipalityFactory(name="Wartet", slug="wartet", ags="12065006")
    InvitationFactory(municipality=municipality, role=Role.COORDINATOR)
    url = reverse("onboarding:invite_coordinator", args=["wartet"])
    response = as_operator.post(url, {"coordinator_email": "zwei@wartet.example"})
    assert response.status_code == 400
    assert "noch eine Einladung offen" in response.content.decode()
    assert Invitation.objects.filter(municipality=municipality).count() == 1


def test_an_operator_cannot_invite_into_a_municipality_that_has_a_coordination(
    as_operator, municipality_a, people
) -> None:
    url = reverse("onboarding:invite_coordinator", args=["amtsberg"])
    assert as_operator.get(url).status_code == 403
    response = as_operator.post(url, {"coordinator_email": "betrieb@plattform.example"})
    assert response.status_code == 403
    assert not Invitation.objects.filter(email="betrieb@plattform.example").exists()


def test_an_unknown_municipality_is_not_found(as_operator) -> None:
    url = reverse("onboarding:invite_coordinator", args=["gibt-es-nicht"])
    assert as_operator.get(url).status_code == 404


def operator_urls() -> list[str]:
    """The onboarding's operator routes; the other apps' operator pages (the glossary) are
    tested with their own objects in their own tests."""
    return [
        reverse(name, args=["ohnekoord"]) if name == "onboarding:invite_coordinator" else reverse(name)
        for name in sorted(OPERATOR_ROUTES) if name.startswith("onboarding:")
    ]  # fmt: skip


@pytest.mark.parametrize(
    "persona", ["coordinator", "editor", "contributor", "reader", "adviser", "outsider"]
)
def test_nobody_but_operators_may_onboard(persona, people, as_persona) -> None:
    MunicipalityFactory(name="Ohnekoord", slug="ohnekoord", ags="12065002")
    client = as_persona(persona)
    for url in operator_urls():
        assert client.get(url).status_code == 403, url
        data = good_data(coordinator_email=f"{persona}@angriff.example")
        assert client.post(url, data).status_code == 403, url
    assert not Municipality.objects.filter(name="Seeblick am Wald").exists()
    assert not Invitation.objects.filter(email=f"{persona}@angriff.example").exists()


def test_staff_without_superuser_status_may_not_onboard(client) -> None:
    staff = UserFactory(email="staff@plattform.example", is_staff=True)
    client.force_login(staff)
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, good_data()).status_code == 403
    assert nothing_was_created()


def test_anonymous_visitors_are_sent_to_the_login(client) -> None:
    MunicipalityFactory(name="Ohnekoord", slug="ohnekoord", ags="12065002")
    for url in operator_urls():
        response = client.post(url, good_data())
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    assert nothing_was_created()


def test_other_methods_are_refused(as_operator) -> None:
    assert as_operator.delete(CREATE).status_code == 405
    assert as_operator.put(CREATE).status_code == 405
