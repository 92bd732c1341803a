from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lamtheo.core"
    label = "core"
