from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running lamtheo for real: error pages, session rules, backup and restore, start and demo removal."""

    name = "lamtheo.ops"
    label = "ops"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deploy checks)
