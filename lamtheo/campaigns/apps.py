from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "lamtheo.campaigns"
    label = "campaigns"
    verbose_name = _("Campaign documents")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Directive)
        auditlog.register(models.Theme)
        auditlog.register(models.EthicalStandard)
        auditlog.register(models.EthicalStandardVersion)
