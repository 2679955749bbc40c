import pytest
from django.urls import reverse

from schreibwerkstatt.core.models import SitePage
from schreibwerkstatt.core.text import render_markdown
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_landing_page_explains_the_product_and_links_to_the_login(client) -> None:
    content = client.get("/").content.decode()
    assert 'lang="de"' in content
    assert 'href="#main"' in content and 'id="main"' in content
    assert reverse("accounts:login") in content


def test_the_page_speaks_english_when_asked(client) -> None:
    content = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in content
    assert "Skip to content" in content


@pytest.mark.parametrize(("name", "title"), [
    ("core:imprint", "Impressum"),
    ("core:privacy", "Datenschutzerklärung"),
    ("core:accessibility", "Erklärung zur Barrierefreiheit"),
])  # fmt: skip
def test_legal_pages_ship_with_german_defaults(client, name, title) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert f'<h1 class="kern-heading-large">{title}</h1>' in response.content.decode()


def test_the_accessibility_statement_names_a_feedback_contact(client) -> None:
    content = client.get(reverse("core:accessibility")).content.decode()
    assert 'id="feedback"' in content and "mailto:" in content
    assert "Schlichtungs" in content


def test_the_footer_links_every_legal_page(client) -> None:
    content = client.get("/anmelden/").content.decode()
    for name in ["core:imprint", "core:privacy", "core:accessibility"]:
        assert reverse(name) in content


def test_operators_edit_the_pages_and_markdown_is_sanitised(client) -> None:
    SitePage.objects.filter(key="imprint").update(
        body="**Amt Musterland**\n\n<script>alert(1)</script>\n\n[Klick](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    content = client.get(reverse("core:imprint")).content.decode()
    assert "<strong>Amt Musterland</strong>" in content
    assert (
        "<script>alert" not in content and "javascript:" not in content and "onerror" not in content
    )


def test_render_markdown_keeps_safe_links() -> None:
    html = render_markdown("[KERN](https://www.kern-ux.de)")
    assert 'href="https://www.kern-ux.de"' in html and 'rel="noopener noreferrer"' in html


def test_a_person_with_one_municipality_lands_on_its_dashboard(client, municipality_a) -> None:
    member = MembershipFactory(municipality=municipality_a)
    client.force_login(member.user)
    response = client.get("/")
    assert response.status_code == 302 and response.url == "/kommunen/amtsberg/"


def test_a_person_in_several_municipalities_chooses_and_can_switch(
    client, municipality_a, municipality_b
) -> None:
    user = UserFactory()
    MembershipFactory(user=user, municipality=municipality_a)
    MembershipFactory(user=user, municipality=municipality_b)
    client.force_login(user)
    choose = client.get("/").content.decode()
    assert "Amtsberg" in choose and "Birkenwerder-Nord" in choose
    dashboard = client.get("/kommunen/amtsberg/").content.decode()
    assert "Kommune wechseln" in dashboard and "/kommunen/birkenwerder-nord/" in dashboard


def test_the_health_check_answers(client) -> None:
    assert client.get("/gesundheit/").json()["status"] == "ok"
