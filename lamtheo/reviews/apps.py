from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "lamtheo.reviews"
    label = "reviews"
    verbose_name = _("Reviews")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models, providers

        providers.load()
        for model in (models.Review, models.ReviewRequest):
            auditlog.register(model, exclude_fields=["snapshot"])
