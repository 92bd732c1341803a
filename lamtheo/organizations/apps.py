from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "lamtheo.organizations"
    label = "organizations"
    verbose_name = _("Organisation tree")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Organization)
        auditlog.register(models.Person)
        auditlog.register(models.Membership)
        auditlog.register(models.RoleAssignment)
