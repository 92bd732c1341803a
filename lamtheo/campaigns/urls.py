from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("", views.home, name="home"),
    path("<int:org>/", views.node, name="node"),
    path("<int:org>/themes/", views.themes, name="themes"),
    path("<int:org>/themes/new/", views.theme_create, name="theme_create"),
    path("<int:org>/standards/", views.standards, name="standards"),
    path("<int:org>/standards/new/", views.standard_create, name="standard_create"),
    path("<int:org>/documents/", views.directives, name="directives"),
    path("<int:org>/documents/new/", views.directive_create, name="directive_create"),
    path("theme/<int:pk>/", views.theme, name="theme"),
    path("theme/<int:pk>/edit/", views.theme_edit, name="theme_edit"),
    path("standard/<int:pk>/", views.standard, name="standard"),
    path("standard/<int:pk>/edit/", views.standard_edit, name="standard_edit"),
    path("standard/<int:pk>/adapt/", views.standard_adapt, name="standard_adapt"),
    path("standard/<int:pk>/publish/", views.standard_publish, name="standard_publish"),
    path("standard/<int:pk>/history/", views.standard_history, name="standard_history"),
    path("document/<int:pk>/", views.directive, name="directive"),
    path("document/<int:pk>/edit/", views.directive_edit, name="directive_edit"),
    path("document/<int:pk>/file/", views.directive_file, name="directive_file"),
]
