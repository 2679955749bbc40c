"""Operators manage municipalities in the operator area (Django admin)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.process.models import ChecklistItem
from schreibwerkstatt.process.phases import PHASES
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Neustadt an der Dosse",
    "slug": "neustadt-dosse",
    "ags": "12068320",
    "kind": "stadt",
    "state": "12",
    "population": "3400",
    "memberships-TOTAL_FORMS": "0",
    "memberships-INITIAL_FORMS": "0",
}


@pytest.fixture
def operator(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def png(size: tuple[int, int] = (40, 20)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def add(operator, **changes):
    return operator.post(reverse("admin:municipalities_municipality_add"), {**VALID, **changes})


def test_an_operator_creates_a_municipality_with_its_cycle(operator) -> None:
    response = add(operator, logo=png())
    assert response.status_code == 302, response.content.decode()[:2000]
    municipality = Municipality.objects.get(slug="neustadt-dosse")
    assert municipality.logo.name.startswith("logos/")
    # Every default item of the cycle's checklists (PHASES: what software cannot see).
    assert ChecklistItem.objects.filter(municipality=municipality).count() == sum(
        len(info.default_items) for info in PHASES
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ags": "1206832"}, "genau 8 Ziffern"),
        ({"ags": "12O68320"}, "genau 8 Ziffern"),
        ({"ags": "99068320"}, "zwischen 01 und 16"),
        ({"ags": "09068320"}, "passt nicht zum ausgewählten Bundesland"),
        ({"name": "x" * 201}, "höchstens 200 Zeichen"),
    ],
)
def test_it_rejects_bad_municipality_data(operator, changes, message) -> None:
    response = add(operator, **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Municipality.objects.exists()


def test_it_rejects_a_logo_that_is_not_an_image(operator) -> None:
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = add(operator, logo=fake)
    assert response.status_code == 200
    assert not Municipality.objects.exists()


def test_it_rejects_a_logo_that_is_too_large(operator, settings) -> None:
    settings.LOGO_MAX_BYTES = 1000
    response = add(operator, logo=png((600, 600)))
    assert response.status_code == 200
    assert "höchstens" in response.content.decode()
    assert not Municipality.objects.exists()


def test_the_logo_validator_rejects_other_image_formats() -> None:
    from django.core.exceptions import ValidationError

    from schreibwerkstatt.municipalities.validators import validate_logo

    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")
    with pytest.raises(ValidationError):
        validate_logo(SimpleUploadedFile("a.gif", buffer.getvalue()))
