from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YearendConfig(AppConfig):
    name = "lamtheo.yearend"
    label = "yearend"
    verbose_name = _("Year end")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.MassOrganization,
            models.GradingRule,
            models.EthicsSession,
            models.EthicsReview,
            models.EthicsComment,
            models.EthicsCorrection,
            models.CommentRound,
            models.RoundSubject,
            models.QuarterGrade,
        ):
            auditlog.register(model)
        # The hashes that enforce the limits never reach the audit trail.
        auditlog.register(models.MassComment, exclude_fields=["device_hash", "ip_hash"])
