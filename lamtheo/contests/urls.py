"""Contests: set-up, entries, judging, results, documents, forwarding (issue 13)."""

from django.urls import URLPattern, path

from . import views, views_entries

app_name = "contests"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("unit/<int:org_id>/new/", views.contest_form, name="contest_new"),
    path("<int:pk>/", views.contest_detail, name="contest"),
    path("<int:pk>/edit/", views.contest_form, name="contest_edit"),
    path("<int:pk>/rules/", views.contest_rules, name="contest_rules"),
    path("<int:pk>/judges/", views.judges, name="judges"),
    path("judges/<int:pk>/remove/", views.judge_remove, name="judge_remove"),
    path("<int:pk>/start-judging/", views.start_judging, name="start_judging"),
    path("<int:pk>/entries/new/", views_entries.entry_new, name="entry_new"),
    path("entries/<int:pk>/", views_entries.entry_detail, name="entry"),
    path("entries/<int:pk>/edit/", views_entries.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/withdraw/", views_entries.entry_withdraw, name="entry_withdraw"),
    path("entries/<int:pk>/file/", views_entries.entry_file, name="entry_file"),
    path("entries/<int:pk>/certificate.pdf", views_entries.certificate, name="certificate"),
    path("<int:pk>/judging/", views_entries.judging, name="judging"),
    path("entries/<int:pk>/score/", views_entries.score, name="score"),
    path("<int:pk>/lock/", views.lock, name="lock"),
    path("<int:pk>/results/", views.results, name="results"),
    path("entries/<int:pk>/prize/", views_entries.prize_edit, name="prize_edit"),
    path("special/<int:pk>/", views.jury_prize, name="jury_prize"),
    path("<int:pk>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    path("<int:pk>/<str:kind>.<str:fmt>", views.document, name="document"),
    path("<int:pk>/forward/", views.forward, name="forward"),
]
