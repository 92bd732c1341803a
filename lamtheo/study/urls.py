"""Study classes, attendance, essays, steering bodies, propaganda and statistics (issue 5)."""

from django.urls import URLPattern, path

from . import views, views_essays, views_sessions, views_stats

app_name = "study"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    # a unit's pages (tabs)
    path("unit/<int:org_id>/", views.unit, name="unit"),
    path("unit/<int:org_id>/steering/", views.steering, name="steering"),
    path("unit/<int:org_id>/propaganda/", views.propaganda, name="propaganda"),
    path("unit/<int:org_id>/stats/", views_stats.stats, name="stats"),
    path("unit/<int:org_id>/stats.xlsx", views_stats.stats_export, name="stats_export"),
    # steering bodies and plans
    path("unit/<int:org_id>/bodies/new/", views.body_form, name="body_new"),
    path("bodies/<int:pk>/edit/", views.body_form, name="body_edit"),
    path("bodies/<int:body_id>/members/new/", views.member_form, name="member_new"),
    path("members/<int:pk>/edit/", views.member_form, name="member_edit"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("unit/<int:org_id>/plans/new/", views.plan_form, name="plan_new"),
    path("plans/<int:pk>/edit/", views.plan_form, name="plan_edit"),
    path("plans/<int:pk>/file/", views.plan_file, name="plan_file"),
    # classes and attendance
    path("unit/<int:org_id>/classes/new/", views_sessions.session_form, name="session_new"),
    path("classes/<int:pk>/", views_sessions.session_detail, name="session"),
    path("classes/<int:pk>/edit/", views_sessions.session_form, name="session_edit"),
    path("classes/<int:pk>/delete/", views_sessions.session_delete, name="session_delete"),
    path("classes/<int:pk>/attendance/", views_sessions.attendance, name="attendance"),
    path(
        "classes/<int:pk>/attendance/<int:person_id>/remove/",
        views_sessions.attendance_remove,
        name="attendance_remove",
    ),
    # essays
    path("mine/", views_essays.mine, name="mine"),
    path("essays/new/", views_essays.essay_form, name="essay_new"),
    path("essays/<int:pk>/", views_essays.essay_detail, name="essay"),
    path("essays/<int:pk>/edit/", views_essays.essay_form, name="essay_edit"),
    path("essays/<int:pk>/file/", views_essays.essay_file, name="essay_file"),
    path("essays/<int:pk>/assess/", views_essays.essay_assess, name="essay_assess"),
    path("cell/<int:org_id>/essays/", views_essays.cell_essays, name="cell_essays"),
    # propaganda and pilot units
    path("unit/<int:org_id>/propaganda/new/", views.propaganda_form, name="propaganda_new"),
    path("propaganda/<int:pk>/edit/", views.propaganda_form, name="propaganda_edit"),
    path("propaganda/<int:pk>/delete/", views.propaganda_delete, name="propaganda_delete"),
    path("unit/<int:org_id>/pilots/new/", views.pilot_form, name="pilot_new"),
    path("pilots/<int:pk>/edit/", views.pilot_form, name="pilot_edit"),
    path("pilots/<int:pk>/delete/", views.pilot_delete, name="pilot_delete"),
]
