from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonoursConfig(AppConfig):
    name = "lamtheo.honours"
    label = "honours"
    verbose_name = _("Exemplars and honours")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.Category,
            models.RewardForm,
            models.NominationCall,
            models.Nomination,
            models.Evidence,
            models.Outcome,
            models.Commendation,
            models.Yearbook,
            models.YearbookEntry,
        ):
            auditlog.register(model)
