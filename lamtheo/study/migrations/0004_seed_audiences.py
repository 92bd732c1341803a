"""The usual audiences of study classes, as data (they can be edited and added to in the admin)."""

from django.db import migrations

AUDIENCES = [
    ("can-bo-chu-chot", "Cán bộ chủ chốt"),
    ("dang-vien", "Đảng viên"),
    ("cbccvc", "Cán bộ, công chức, viên chức"),
    ("giao-vien", "Giáo viên"),
    ("doan-vien", "Đoàn viên"),
    ("hoi-vien", "Hội viên các đoàn thể"),
    ("quan-chung", "Quần chúng nhân dân"),
]


def seed(apps, schema_editor):
    audience = apps.get_model("study", "Audience")
    for order, (code, name) in enumerate(AUDIENCES, start=1):
        audience.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("study", "0003_audiences_and_places")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
