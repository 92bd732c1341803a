"""Inspections and supervision (issue 15)."""

from django.urls import URLPattern, path

from . import views

app_name = "inspections"
urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("node/<int:pk>/new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/team/", views.team, name="team"),
    path("<int:pk>/criteria/", views.criteria, name="criteria"),
    path("<int:pk>/do/<str:action>/", views.change_state, name="state"),
    path("<int:pk>/conclusion/", views.conclusion, name="conclusion"),
    path("<int:pk>/notice.<str:fmt>", views.notice, name="notice"),
    path("criterion/<int:pk>/remove/", views.criterion_remove, name="criterion_remove"),
    path("unit/<int:pk>/", views.unit, name="unit"),
    path("unit/<int:pk>/finding/", views.finding_add, name="finding_add"),
    path("assessment/<int:pk>/", views.assess, name="assess"),
    path("finding/<int:pk>/delete/", views.finding_delete, name="finding_delete"),
    path("requirement/<int:pk>/", views.requirement, name="requirement"),
    path("requirement/<int:pk>/delete/", views.requirement_delete, name="requirement_delete"),
    path("file/<int:pk>/", views.report_file, name="report_file"),
]
