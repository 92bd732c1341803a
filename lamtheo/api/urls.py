"""/api/: the versioned REST API (v1), its OpenAPI schema and docs, and the token pages."""

from django.urls import include, path
from django.views.decorators.cache import cache_page
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from . import views
from .router import build_router

app_name = "api"
urlpatterns = [
    path("v1/", include(build_router().urls)),
    # the schema is the same for everyone and costs ~1 s to build: cached for ten minutes
    path("schema/", cache_page(600)(SpectacularAPIView.as_view(permission_classes=[AllowAny])), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", permission_classes=[AllowAny]),
        name="docs",
    ),
    path("tokens/", views.my_tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke, name="token_revoke"),
    path("tokens/account/<int:pk>/", views.account_tokens, name="account_tokens"),
]
