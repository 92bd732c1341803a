"""The /api/v1/ router, built from one module per domain.

Each module in ENDPOINT_MODULES has `ROUTES = [(prefix, viewset, basename), ...]`. Adding the API
of a new app (contests, honours, inspections, year end) is one module in lamtheo/api/endpoints/
and one line here; its URL names ("api:<basename>-list", …) then need their rows in
tests/test_matrix_api.py.
"""

from __future__ import annotations

import importlib

from rest_framework.routers import DefaultRouter

ENDPOINT_MODULES = [
    "lamtheo.api.endpoints.tree",
    "lamtheo.api.endpoints.campaigns",
    "lamtheo.api.endpoints.notebook",
    "lamtheo.api.endpoints.meetings",
    "lamtheo.api.endpoints.study",
    "lamtheo.api.endpoints.reviews",
    "lamtheo.api.endpoints.sync",
]


def build_router() -> DefaultRouter:
    router = DefaultRouter(trailing_slash=True)
    router.include_root_view = True
    router.include_format_suffixes = False
    for name in ENDPOINT_MODULES:
        for prefix, viewset, basename in importlib.import_module(name).ROUTES:
            router.register(prefix, viewset, basename=basename)
    return router
