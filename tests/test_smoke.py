import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_requires_login(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_home_speaks_vietnamese_for_a_member(world, client_for):
    response = client_for(world.member).get(reverse("core:home"))
    assert response.status_code == 200
    assert 'lang="vi"' in response.content.decode()
    assert "Chi bộ thôn 1" in response.content.decode()


def test_healthz(client):
    assert client.get(reverse("core:healthz")).json() == {"status": "ok"}
