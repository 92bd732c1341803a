"""Permission matrix of the web app URLs (issue 18): the service worker, the manifest and the offline
page hold no user data, so every role and anonymous visitors get them (200), and they refuse POST
(405). There is no object, so no target inside or outside a subtree. Expected codes are written by
hand. A separate check: the service worker answers the same to everyone (nothing of the user in it)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "secretary", "commune_officer", "inspector", "judge", "admin", "outsider", "superuser"]

# kind: (url name, method, expected code for every role)
KINDS = {
    "service_worker": ("webapp:service_worker", "get", 200),
    "manifest": ("webapp:manifest", "get", 200),
    "offline": ("webapp:offline", "get", 200),
    "service_worker_post": ("webapp:service_worker", "post", 405),
    "manifest_post": ("webapp:manifest", "post", 405),
    "offline_post": ("webapp:offline", "post", 405),
}
EXPECTED = {(role, kind): code for role in ROLES for kind, (_name, _method, code) in KINDS.items()}

COVERED_URLS = {name for name, _method, _code in KINDS.values()}


def client_of(world, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_matrix(world, role):
    client = client_of(world, role)
    got = {}
    for kind, (name, method, _code) in KINDS.items():
        got[(role, kind)] = getattr(client, method)(reverse(name)).status_code
    assert got == {key: code for key, code in EXPECTED.items() if key[0] == role}


def test_service_worker_is_the_same_for_everyone(world):
    bodies = {client_of(world, role).get(reverse("webapp:service_worker")).content for role in ROLES}
    assert len(bodies) == 1
