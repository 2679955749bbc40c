import pytest
from django.core import mail
from django.urls import reverse

from schreibwerkstatt.municipalities.models import Invitation, Membership, Role
from schreibwerkstatt.municipalities.tests.helpers import object_url
from tests.factories import InvitationFactory, MembershipFactory, UserFactory
from tests.rows import rows_as_includes

pytestmark = pytest.mark.django_db


def members_url(m) -> str:
    return reverse("municipalities:members", kwargs={"slug": m.slug})


def invite_url(m) -> str:
    return reverse("municipalities:invite", kwargs={"slug": m.slug})


def post_role(client, membership, role, version=None):
    """The role form for `membership`, sent with its current version unless one is given."""
    version = membership.version if version is None else version
    return client.post(object_url("change_role", membership), {"role": role, "version": version})


def test_members_see_the_member_list_with_roles(municipality_a, people, as_persona) -> None:
    response = as_persona("reader").get(members_url(municipality_a))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Coordinator Amtsberg" in content and "Koordination" in content
    assert "Person einladen" not in content  # readers cannot invite


def test_the_member_list_has_a_fixed_number_of_queries(
    municipality_a, people, as_persona, django_assert_num_queries, django_assert_max_num_queries
) -> None:
    client = as_persona("coordinator")
    client.get(members_url(municipality_a))  # warm up (session, translations)
    with django_assert_max_num_queries(6) as small:
        client.get(members_url(municipality_a))
    for _ in range(30):
        MembershipFactory(municipality=municipality_a)
        InvitationFactory(municipality=municipality_a)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(members_url(municipality_a))
    assert response.content.decode().count("<tr>") == 1 + 34


@pytest.mark.parametrize("persona", ["coordinator", "reader"])
def test_the_member_list_shows_each_member_as_the_row_template_does(
    municipality_a, people, as_persona, monkeypatch, persona
) -> None:
    for role in Role.values:
        MembershipFactory(
            municipality=municipality_a,
            role=role,
            user=UserFactory(name=f'"{role}" <b>& Co</b>', email=f"neu-{role}@amtsberg.example"),
        )
    with rows_as_includes(monkeypatch) as checked:
        content = as_persona(persona).get(members_url(municipality_a)).content.decode()
    assert checked == [Membership.objects.filter(municipality=municipality_a).count()]
    assert "&quot;editor&quot; &lt;b&gt;&amp; Co&lt;/b&gt;" in content


def test_a_coordinator_invites_by_email(
    municipality_a, people, as_persona, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = as_persona("coordinator").post(
            invite_url(municipality_a), {"email": "Neu@Amtsberg.example", "role": Role.EDITOR}
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "neu@amtsberg.example",
        Role.EDITOR,
        people["coordinator"],
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["neu@amtsberg.example"]
    assert "Amtsberg" in message.subject
    assert "/einladung/" in message.body and "7 Tage" in message.body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "kein-mail", "role": Role.EDITOR}, "gültige E-Mail-Adresse"),
        ({"email": "reader@amtsberg.example", "role": Role.EDITOR}, "bereits Mitglied"),
        ({"email": "x@amtsberg.example", "role": "kaiser"}, "gültige Auswahl"),
        (
            {"email": ("a" * 250) + "@amtsberg.example", "role": Role.EDITOR},
            "höchstens 254 Zeichen",
        ),
    ],
)
def test_it_rejects_bad_invitations(municipality_a, people, as_persona, data, message) -> None:
    response = as_persona("coordinator").post(invite_url(municipality_a), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Invitation.objects.exists()


def test_it_rejects_a_second_open_invitation_for_the_same_address(
    municipality_a, people, as_persona
) -> None:
    InvitationFactory(municipality=municipality_a, email="doppelt@amtsberg.example")
    response = as_persona("coordinator").post(
        invite_url(municipality_a), {"email": "Doppelt@amtsberg.example", "role": Role.READER}
    )
    assert response.status_code == 400
    assert "offene Einladung" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_a_withdrawn_invitation_can_be_sent_again(municipality_a, people, as_persona) -> None:
    old = InvitationFactory(municipality=municipality_a, email="wieder@amtsberg.example")
    client = as_persona("coordinator")
    client.post(
        reverse(
            "municipalities:revoke_invitation", kwargs={"slug": municipality_a.slug, "pk": old.pk}
        )
    )
    old.refresh_from_db()
    assert old.revoked_at is not None
    response = client.post(
        invite_url(municipality_a), {"email": "wieder@amtsberg.example", "role": Role.READER}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("persona", ["editor", "contributor", "reader", "adviser"])
def test_only_coordinators_invite(municipality_a, people, as_persona, persona) -> None:
    response = as_persona(persona).post(
        invite_url(municipality_a), {"email": "x@amtsberg.example", "role": Role.READER}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_a_coordinator_changes_a_role(municipality_a, people, as_persona) -> None:
    membership = Membership.objects.get(user=people["reader"])
    response = post_role(as_persona("coordinator"), membership, Role.EDITOR)
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.EDITOR
    assert membership.history.count() == 2  # created + changed, with who did it
    assert membership.history.first().history_user == people["coordinator"]


def test_a_stale_role_change_is_refused_and_shows_the_current_role(
    municipality_a, people, as_persona
) -> None:
    membership = Membership.objects.get(user=people["reader"])
    stale_version = membership.version
    post_role(as_persona("coordinator"), membership, Role.EDITOR, stale_version)
    response = post_role(as_persona("coordinator"), membership, Role.CONTRIBUTOR, stale_version)
    assert response.status_code == 409
    assert "Redaktion" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.EDITOR


def test_the_last_coordinator_cannot_give_up_the_role(municipality_a, people, as_persona) -> None:
    membership = Membership.objects.get(user=people["coordinator"])
    response = post_role(as_persona("coordinator"), membership, Role.READER)
    assert response.status_code == 400
    assert "braucht mindestens eine Person mit der Rolle" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.COORDINATOR


def test_the_last_coordinator_cannot_be_removed(municipality_a, people, as_persona) -> None:
    membership = Membership.objects.get(user=people["coordinator"])
    response = as_persona("coordinator").post(object_url("remove_member", membership))
    assert response.status_code == 400
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_with_a_second_coordinator_one_can_leave(municipality_a, people, as_persona) -> None:
    MembershipFactory(municipality=municipality_a, role=Role.COORDINATOR, user=UserFactory())
    membership = Membership.objects.get(user=people["coordinator"])
    response = as_persona("coordinator").post(object_url("remove_member", membership))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_a_coordinator_removes_a_member_after_confirming(
    municipality_a, people, as_persona
) -> None:
    membership = Membership.objects.get(user=people["contributor"])
    client = as_persona("coordinator")
    confirm = client.get(object_url("remove_member", membership))
    assert "Contributor Amtsberg" in confirm.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert client.post(object_url("remove_member", membership)).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_an_invalid_role_is_rejected(municipality_a, people, as_persona) -> None:
    membership = Membership.objects.get(user=people["reader"])
    response = post_role(as_persona("coordinator"), membership, "admin", "x")
    assert response.status_code == 400
    membership.refresh_from_db()
    assert membership.role == Role.READER


def test_a_membership_of_another_municipality_is_not_found(
    municipality_a, municipality_b, people, as_persona
) -> None:
    foreign = Membership.objects.get(user=people["outsider"])
    url = reverse(
        "municipalities:change_role", kwargs={"slug": municipality_a.slug, "pk": foreign.pk}
    )
    response = as_persona("coordinator").post(
        url, {"role": Role.READER, "version": foreign.version}
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.role == Role.COORDINATOR
