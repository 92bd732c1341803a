"""Results, evaluations, printing and the cell overview (see views_results)."""

from django.urls import URLPattern, path

from . import views_results as views

urlpatterns: list[URLPattern] = [
    path("results/<int:registration_id>/<str:period>/", views.self_report, name="self_report"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("evaluation/<int:person_id>/<int:year>/", views.evaluation, name="evaluation"),
    path("print/<int:person_id>/<int:year>/", views.print_notebook, name="print"),
    path("overview/<int:org_id>/", views.overview, name="overview"),
]
