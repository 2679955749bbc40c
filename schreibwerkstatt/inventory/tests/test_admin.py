import pytest
from django.urls import reverse

from schreibwerkstatt.inventory.models import MaturityQuestion
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_operators_maintain_the_maturity_questions(client) -> None:
    operator = UserFactory(email="betrieb@example.org", is_staff=True, is_superuser=True)
    client.force_login(operator)
    response = client.get(reverse("admin:inventory_maturityquestion_changelist"))
    assert response.status_code == 200
    assert MaturityQuestion.objects.first().text in response.content.decode()
    add = client.get(reverse("admin:inventory_maturityquestion_add"))
    assert add.status_code == 200
