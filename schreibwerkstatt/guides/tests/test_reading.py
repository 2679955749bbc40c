"""Reading the handbook: the index, a guide, its attachments and the entry questions, for
every persona. Members-only guides answer 404 to visitors and to accounts that belong to
no municipality, so their titles stay unknown outside."""

import pytest
from django.urls import reverse

from schreibwerkstatt.guides import services
from schreibwerkstatt.guides.models import GuideAttachment, Question
from tests.factories import UserFactory
from tests.queries import warm_get_queries

from . import samples
from .conftest import make_guide

pytestmark = pytest.mark.django_db
READERS = ["coordinator", "reader", "adviser", "outsider", "operator"]


def attach(guide, kind="image", filename="karte.png", content=None, content_type="image/png"):
    return services.add_attachment(
        guide, title="Karte", kind=kind, filename=filename, content_type=content_type,
        content=content if content is not None else samples.png(),
    )  # fmt: skip


@pytest.mark.parametrize("persona", [*READERS, "superuser", "anonymous", "contributor"])
def test_everybody_reads_a_public_guide(public_guide, members_guide, as_persona, persona) -> None:
    response = as_persona(persona).get(public_guide.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert public_guide.title in page
    assert '<a class="kern-link" href="#wer-macht-was">Wer macht was?</a>' in page
    assert 'id="wer-macht-was"' in page


@pytest.mark.parametrize("persona", READERS)
def test_people_who_work_with_the_product_read_members_only_guides(
    members_guide, as_persona, persona
) -> None:
    assert as_persona(persona).get(members_guide.get_absolute_url()).status_code == 200
    assert members_guide.title in as_persona(persona).get(reverse("guides:index")).content.decode()


@pytest.mark.parametrize("persona", ["anonymous", "superuser"])
def test_visitors_and_accounts_without_municipality_get_404_for_members_only_guides(
    members_guide, as_persona, persona
) -> None:
    client = as_persona(persona)
    assert client.get(members_guide.get_absolute_url()).status_code == 404
    index = client.get(reverse("guides:index")).content.decode()
    assert members_guide.title not in index and "Geheimtitel" not in index


def test_an_unknown_guide_is_404(no_shipped_handbook, client) -> None:
    assert client.get(reverse("guides:guide", kwargs={"slug": "gibt-es-nicht"})).status_code == 404


def test_the_index_groups_guides_by_phase(public_guide, client) -> None:
    make_guide("ohne-phase", title="Leitfaden ohne Phase")
    page = client.get(reverse("guides:index")).content.decode()
    assert "Phase 0: Vorbereitung" in page
    assert page.index(public_guide.title) < page.index("Weitere Leitfäden")
    assert page.index("Weitere Leitfäden") < page.index("Leitfaden ohne Phase")


def test_only_post_less_methods_are_answered(public_guide, client) -> None:
    assert client.post(reverse("guides:index")).status_code == 405
    assert client.post(public_guide.get_absolute_url()).status_code == 405
    assert client.post(reverse("guides:questions")).status_code == 405


def test_a_picture_is_served_inline_with_its_type_and_nosniff(public_guide, client) -> None:
    image = attach(public_guide)
    response = client.get(image.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="karte.png"'
    assert response.content == bytes(GuideAttachment.objects.get().content)


def test_a_download_is_served_as_a_download(public_guide, client) -> None:
    file = attach(public_guide, "download", "Zeitplan Ämter.pdf", samples.PDF, "application/pdf")
    response = client.get(file.get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''Zeitplan")
    page = client.get(public_guide.get_absolute_url()).content.decode()
    assert file.get_absolute_url() in page and 'href="#downloads"' in page


@pytest.mark.parametrize("persona", ["anonymous", "superuser"])
def test_attachments_of_members_only_guides_are_404_for_visitors(
    members_guide, as_persona, persona, people
) -> None:
    file = attach(members_guide)
    assert as_persona(persona).get(file.get_absolute_url()).status_code == 404
    assert as_persona("outsider").get(file.get_absolute_url()).status_code == 200


def test_an_attachment_under_another_guide_or_name_is_404(public_guide, client) -> None:
    file = attach(public_guide)
    other = make_guide("anderer")
    kwargs = {"slug": other.slug, "pk": file.pk, "filename": file.filename}
    assert client.get(reverse("guides:attachment", kwargs=kwargs)).status_code == 404
    kwargs = {"slug": public_guide.slug, "pk": file.pk, "filename": "anders.png"}
    assert client.get(reverse("guides:attachment", kwargs=kwargs)).status_code == 404


def test_the_entry_questions_link_guide_and_tool_for_visitors_through_the_login(
    public_guide, members_guide, client
) -> None:
    Question.objects.create(
        question="Wo fangen wir an?", answer="Mit dem **Auftrag**.", guide=public_guide,
        tool="strategy_new", position=1,
    )  # fmt: skip
    Question.objects.create(
        question="Was ist intern?", answer="Siehe intern.", guide=members_guide, tool="goals",
        position=2,
    )  # fmt: skip
    page = client.get(reverse("guides:questions")).content.decode()
    assert "<strong>Auftrag</strong>" in page
    assert f'href="{public_guide.get_absolute_url()}"' in page
    assert members_guide.get_absolute_url() not in page and "Geheimtitel" not in page
    assert "/anmelden/?next=%2Feinstiegsfragen%2Fwerkzeug%2Fstrategy_new%2F" in page
    assert page.index("Wo fangen wir an?") < page.index("Was ist intern?")


def test_the_entry_questions_link_tools_in_the_persons_municipality(
    public_guide, strategy, as_persona
) -> None:
    Question.objects.create(question="Ziele?", answer="A", guide=public_guide, tool="goals")
    Question.objects.create(question="Team?", answer="B", guide=public_guide, tool="members")
    page = as_persona("coordinator").get(reverse("guides:questions")).content.decode()
    assert reverse("strategies:goals", kwargs={"slug": "amtsberg", "strategy": strategy.pk}) in page
    assert reverse("municipalities:members", kwargs={"slug": "amtsberg"}) in page
    outsider = as_persona("outsider").get(reverse("guides:questions")).content.decode()
    assert "/kommunen/amtsberg/" not in outsider
    assert reverse("strategies:list", kwargs={"slug": "birkenwerder-nord"}) in outsider


def test_the_tool_address_after_the_login_leads_into_the_municipality(
    no_shipped_handbook, strategy, as_persona
) -> None:
    url = reverse("guides:tool", kwargs={"tool": "inventory"})
    response = as_persona("coordinator").get(url)
    assert response.status_code == 302
    assert response.url == reverse(
        "inventory:overview", kwargs={"slug": "amtsberg", "strategy": strategy.pk}
    )
    anonymous = as_persona("anonymous").get(url)
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("accounts:login"))
    assert as_persona("operator").get(url).url == reverse("core:home")
    unknown = reverse("guides:tool", kwargs={"tool": "gibt-es-nicht"})
    assert as_persona("coordinator").get(unknown).status_code == 404


def test_an_account_that_left_its_municipality_reads_public_guides_only(
    members_guide, public_guide
) -> None:
    from .test_operator import client_of

    lonely = client_of(UserFactory(email="ehemals@amtsberg.example"))
    assert lonely.get(members_guide.get_absolute_url()).status_code == 404
    assert lonely.get(public_guide.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("name", ["guides:index", "guides:questions", "guides:guide"])
def test_the_queries_do_not_grow_with_the_number_of_guides(
    no_shipped_handbook, as_persona, people, name, django_assert_max_num_queries
) -> None:
    def url():
        return reverse(name, kwargs={"slug": "g0"}) if name == "guides:guide" else reverse(name)

    def add(count: int) -> None:
        start = services.Guide.objects.count()
        for number in range(start, start + count):
            guide = make_guide(f"g{number}", phase=number % 11, public=number % 2 == 0)
            attach(guide)
            Question.objects.create(
                question=f"Frage {number}?", answer="A", guide=guide, tool="goals"
            )

    add(2)
    client = as_persona("coordinator")
    small = warm_get_queries(client, url(), django_assert_max_num_queries, 12)
    add(20)
    large = warm_get_queries(client, url(), django_assert_max_num_queries, 12)
    assert large == small
