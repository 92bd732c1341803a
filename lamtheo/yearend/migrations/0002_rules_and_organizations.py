"""The grading rules (QĐ 124 and QĐ 366, see shared domain research §3) and the mass organisations,
as data rows that administrators change in the admin when the rules change."""

import datetime as dt

from django.db import migrations

GRADES = [
    {"code": "excellent", "min_score": 90},
    {"code": "good", "min_score": 70},
    {"code": "fulfilled", "min_score": 50},
    {"code": "not_fulfilled", "min_score": 0},
]

RULES = [
    {
        "source": "124-QĐ/TW",
        "valid_from": dt.date(2023, 10, 4),
        "valid_to": dt.date(2025, 8, 29),
        "scale_max": None,
        "grades": [{"code": g["code"], "min_score": 0} for g in GRADES],
        "quarterly": False,
        "cap_percent": 20,
        "cap_base": "good",
        "note": "HD 25-HD/BTCTW; trần 20% số được xếp loại HTTNV (theo HD 21-HD/BTCTW)",
    },
    {
        "source": "366-QĐ/TW",
        "valid_from": dt.date(2025, 8, 30),
        "valid_to": None,
        "scale_max": 100,
        "grades": GRADES,
        "quarterly": True,
        "cap_percent": 20,
        "cap_base": "good",
        "note": "HD 43-HD/BTCTW; thang 100 điểm (30 + 70); trần HTXSNV chưa xác minh, mặc định 20% số HTTNV",
    },
]

ORGANIZATIONS = [
    "Mặt trận Tổ quốc",
    "Hội Liên hiệp Phụ nữ",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Hội Cựu chiến binh",
    "Hội Nông dân",
]


def add_rows(apps, schema_editor):
    rule = apps.get_model("yearend", "GradingRule")
    organization = apps.get_model("yearend", "MassOrganization")
    for row in RULES:
        rule.objects.get_or_create(source=row["source"], valid_from=row["valid_from"], defaults=row)
    for position, name in enumerate(ORGANIZATIONS, start=1):
        organization.objects.get_or_create(name=name, defaults={"position": position})


def remove_rows(apps, schema_editor):
    apps.get_model("yearend", "GradingRule").objects.filter(source__in=[r["source"] for r in RULES]).delete()
    apps.get_model("yearend", "MassOrganization").objects.filter(name__in=ORGANIZATIONS).delete()


class Migration(migrations.Migration):
    dependencies = [("yearend", "0001_initial")]

    operations = [migrations.RunPython(add_rows, remove_rows)]
