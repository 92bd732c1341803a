from django.db import migrations

from lamtheo.honours.defaults import add_defaults


class Migration(migrations.Migration):
    dependencies = [("honours", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
