"""Cell meetings, reporter rotation, member reports, minutes (issue 4)."""

from django.urls import URLPattern, path

from . import views, views_reports

app_name = "meetings"
urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("mine/", views.mine, name="mine"),
    path("cell/<int:pk>/", views.cell, name="cell"),
    path("cell/<int:pk>/settings/", views.settings_page, name="settings"),
    path("cell/<int:pk>/<int:year>/generate/", views.generate, name="generate"),
    path("cell/<int:pk>/add/", views.meeting_add, name="meeting_add"),
    path("overview/<int:pk>/", views.overview, name="overview"),
    path("<int:pk>/", views.meeting, name="meeting"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/documents/", views.document_add, name="document_add"),
    path("<int:pk>/reporters/", views.assign, name="assign"),
    path("<int:pk>/volunteers/", views.volunteers, name="volunteers"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/minutes/", views.minutes_page, name="minutes"),
    path("<int:pk>/minutes.<str:fmt>", views.export, name="export"),
    path("document/<int:pk>/", views.document, name="document"),
    path("document/<int:pk>/delete/", views.document_delete, name="document_delete"),
    path("report/<int:pk>/", views_reports.report, name="report"),
    path("report/<int:pk>/edit/", views_reports.report_edit, name="report_edit"),
    path("report/<int:pk>/do/<str:action>/", views_reports.report_act, name="report_act"),
    path("report/<int:pk>/review/", views_reports.report_review, name="report_review"),
    path("report/<int:pk>/comments/", views_reports.report_comments, name="report_comments"),
    path("report/<int:pk>/conclude/", views_reports.report_conclude, name="report_conclude"),
    path("report/<int:pk>/move/", views_reports.report_move, name="report_move"),
]
