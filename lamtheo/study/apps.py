from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudyConfig(AppConfig):
    name = "lamtheo.study"
    label = "study"
    verbose_name = _("Study and campaign work")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.SteeringBody,
            models.SteeringMember,
            models.ActionPlan,
            models.StudySession,
            models.Attendance,
            models.Essay,
            models.PropagandaActivity,
            models.PilotUnit,
        ):
            auditlog.register(model)
