from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "lamtheo.inspections"
    label = "inspections"
    verbose_name = _("Inspections and supervision")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from lamtheo.organizations.scoping import register_grant_source

        from . import access, models

        register_grant_source(access.team_grant)
        for model in (
            models.Inspection,
            models.InspectedUnit,
            models.TeamMember,
            models.Criterion,
            models.Assessment,
            models.Finding,
            models.Conclusion,
            models.Requirement,
            models.RequirementReport,
        ):
            auditlog.register(model)
