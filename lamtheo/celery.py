"""Celery application; tasks run inline when CELERY_BROKER_URL is empty."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamtheo.settings")

app = Celery("lamtheo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
