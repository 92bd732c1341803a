"""The meeting rule of Hướng dẫn 42-HD/BTCTW (28/10/2025), implementing Chỉ thị 50-CT/TW (2025):
a meeting lasts at least 90 minutes, 120 when the thematic and the regular meeting share a
session; documents are posted at least 1 day before. A later rule is added as a new row with
its own dates (and `valid_to` set on this one), never by editing code."""

import datetime as dt

from django.db import migrations


def add_rules(apps, schema_editor):
    MeetingRule = apps.get_model("meetings", "MeetingRule")
    MeetingRule.objects.get_or_create(
        source="42-HD/BTCTW",
        valid_from=dt.date(2025, 10, 28),
        defaults={"min_minutes": 90, "min_minutes_combined": 120, "documents_days_before": 1},
    )


def remove_rules(apps, schema_editor):
    apps.get_model("meetings", "MeetingRule").objects.filter(source="42-HD/BTCTW").delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(add_rules, remove_rules)]
