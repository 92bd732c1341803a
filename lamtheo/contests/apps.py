from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "lamtheo.contests"
    label = "contests"
    verbose_name = _("Contests")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.Contest,
            models.ContestJudge,
            models.Criterion,
            models.PrizeTier,
            models.SpecialPrize,
            models.Entry,
            models.EntryAuthor,
            models.Score,
            models.PrizeChange,
        ):
            auditlog.register(model)
