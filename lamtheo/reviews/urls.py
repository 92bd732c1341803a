"""Reviews (sơ kết, tổng kết) filled from the data (issue 6)."""

from django.urls import URLPattern, path

from . import views

app_name = "reviews"
urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("org/<int:org_id>/", views.node, name="node"),
    path("org/<int:org_id>/new/", views.create, name="create"),
    path("org/<int:org_id>/ask/", views.request_create, name="request_create"),
    path("org/<int:org_id>/dashboard/", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/check/", views.reconcile, name="reconcile"),
    path("<int:pk>/export/", views.export, name="export"),
    path("export/<int:pk>/", views.export_status, name="export_status"),
    path("export/<int:pk>/download/", views.download, name="download"),
    path("request/<int:pk>/", views.request_detail, name="request"),
]
