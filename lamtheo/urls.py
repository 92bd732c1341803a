from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("lamtheo.core.urls")),
    path("accounts/", include("lamtheo.accounts.urls")),
    path("org/", include("lamtheo.organizations.urls")),
    path("campaign/", include("lamtheo.campaigns.urls")),
    path("notebook/", include("lamtheo.notebook.urls")),
    path("meetings/", include("lamtheo.meetings.urls")),
    path("study/", include("lamtheo.study.urls")),
    path("reviews/", include("lamtheo.reviews.urls")),
    path("contests/", include("lamtheo.contests.urls")),
    path("honours/", include("lamtheo.honours.urls")),
    path("inspections/", include("lamtheo.inspections.urls")),
    path("yearend/", include("lamtheo.yearend.urls")),
    path("api/", include("lamtheo.api.urls")),
    path("", include("lamtheo.webapp.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
# No /media/ route, not even with DEBUG: uploaded files go out only through the scoped views.
