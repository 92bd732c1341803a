from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotebookConfig(AppConfig):
    name = "lamtheo.notebook"
    label = "notebook"
    verbose_name = _("Notebook")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.Shortcoming,
            models.Registration,
            models.Pledge,
            models.SelfReport,
            models.SelfReportItem,
            models.Evaluation,
            models.Evidence,
        ):
            auditlog.register(model)
