"""Exemplars: nominations up the tree, decisions, yearbooks (issue 14)."""

from django.urls import URLPattern, path

from . import views, views_yearbook

app_name = "honours"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("unit/<int:org_id>/", views.unit, name="unit"),
    path("unit/<int:org_id>/new/", views.nomination_new, name="nomination_new"),
    path("unit/<int:org_id>/calls/new/", views.call_new, name="call_new"),
    path("unit/<int:org_id>/yearbooks/new/", views_yearbook.yearbook_new, name="yearbook_new"),
    path("nominations/<int:pk>/", views.nomination, name="nomination"),
    path("nominations/<int:pk>/edit/", views.nomination_edit, name="nomination_edit"),
    path("nominations/<int:pk>/submit/", views.nomination_submit, name="nomination_submit"),
    path("nominations/<int:pk>/decide/", views.decide, name="decide"),
    path("nominations/<int:pk>/links/", views.links, name="links"),
    path("nominations/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("decisions/<int:pk>/", views.commendation, name="commendation"),
    path("decisions/<int:pk>/<str:fmt>/", views.commendation_file, name="commendation_file"),
    path("yearbooks/<int:pk>/", views_yearbook.yearbook, name="yearbook"),
    path("yearbooks/<int:pk>/add/", views_yearbook.yearbook_add, name="yearbook_add"),
    path("yearbooks/<int:pk>/build/", views_yearbook.yearbook_build, name="yearbook_build"),
    path("entries/<int:pk>/", views_yearbook.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/photo/", views_yearbook.entry_photo, name="entry_photo"),
    path("builds/<int:pk>/", views_yearbook.build_status, name="build_status"),
    path("builds/<int:pk>/download/", views_yearbook.build_download, name="build_download"),
]
