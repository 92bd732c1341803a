"""Registrations: the notebook, items, review, versions, shortcomings, a cell's list (see views)."""

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("", views.mine, name="mine"),
    path("person/<int:pk>/", views.person, name="person"),
    path("person/<int:pk>/<int:year>/edit/", views.edit, name="edit"),
    path("person/<int:pk>/<int:year>/check/", views.check, name="check"),
    path("person/<int:pk>/shortcomings/", views.shortcomings, name="shortcomings"),
    path("unit/<int:pk>/<int:year>/edit/", views.unit_edit, name="unit_edit"),
    path("unit/<int:pk>/<int:year>/check/", views.unit_check, name="unit_check"),
    path("registration/<int:pk>/", views.registration, name="registration"),
    path("registration/<int:pk>/submit/", views.submit, name="submit"),
    path("registration/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("registration/<int:pk>/review/", views.review, name="review"),
    path("registration/<int:pk>/new-version/", views.new_version, name="new_version"),
    path("shortcoming/<int:pk>/edit/", views.shortcoming_edit, name="shortcoming_edit"),
    path("cell/<int:pk>/", views.cell, name="cell"),
]
