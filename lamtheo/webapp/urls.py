from django.urls import URLPattern, path

from . import views

app_name = "webapp"
urlpatterns: list[URLPattern] = [
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("offline/", views.offline, name="offline"),
]
