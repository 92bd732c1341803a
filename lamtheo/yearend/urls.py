"""Year-end URLs: ethics self-reviews, comment rounds (and their public link), grades, evidence sheets."""

from django.urls import URLPattern, path

from . import views, views_public

app_name = "yearend"

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("unit/<int:org_id>/", views.unit, name="unit"),
    path("unit/<int:org_id>/session/add/", views.session_add, name="session_add"),
    path("unit/<int:org_id>/round/add/", views.round_add, name="round_add"),
    path("unit/<int:org_id>/grades/<int:year>/", views.grades, name="grades"),
    path("unit/<int:org_id>/sheets/<int:year>/", views.cell_sheets, name="cell_sheets"),
    path("session/<int:pk>/", views.session, name="session"),
    path("review/<int:pk>/", views.review, name="review"),
    path("review/<int:pk>/write/", views.review_write, name="review_write"),
    path("review/<int:pk>/discuss/", views.review_discuss, name="review_discuss"),
    path("review/<int:pk>/conclude/", views.review_conclude, name="review_conclude"),
    path("round/<int:pk>/", views.round_detail, name="round"),
    path("round/<int:pk>/qr.svg", views.round_qr, name="round_qr"),
    path("round/<int:pk>/enter/", views.round_enter, name="round_enter"),
    path("round/<int:pk>/<str:action>/", views.round_act, name="round_act"),
    path("comment/<int:pk>/moderate/", views.comment_moderate, name="comment_moderate"),
    path("sheet/<int:person_id>/<int:year>/", views.sheet, name="sheet"),
    path("export/<int:pk>/", views.export, name="export"),
    path("export/<int:pk>/file/", views.export_file, name="export_file"),
    path("c/<str:token>/", views_public.public, name="public"),
]
