"""The kinds of contest the seeds name (data: a level may add more in the admin)."""

from django.db import migrations

KINDS = [
    ("storytelling", "Kể chuyện tấm gương đạo đức Hồ Chí Minh", 1),
    ("writing", "Thi viết về những điển hình học tập và làm theo Bác", 2),
    ("other", "Hội thi khác", 9),
]


def add_kinds(apps, schema_editor):
    kind = apps.get_model("contests", "ContestKind")
    for code, name, order in KINDS:
        kind.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("contests", "0001_initial")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
