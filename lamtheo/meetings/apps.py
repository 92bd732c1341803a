from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "lamtheo.meetings"
    label = "meetings"
    verbose_name = _("Cell meetings")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.MeetingRule,
            models.MeetingSettings,
            models.Meeting,
            models.MeetingDocument,
            models.Attendance,
            models.Volunteer,
            models.MemberReport,
            models.ReportComment,
            models.ReportCorrection,
        ):
            auditlog.register(model)
