"""Notebook URLs: registrations (urls_registrations) and results, evaluations, printing (urls_results)."""

from django.urls import URLPattern

from .urls_registrations import urlpatterns as registration_urls
from .urls_results import urlpatterns as result_urls

app_name = "notebook"
urlpatterns: list[URLPattern] = [*registration_urls, *result_urls]
