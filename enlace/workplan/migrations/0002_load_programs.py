"""Load the seven programs of the CICTE work plan."""

from django.db import migrations


def load(apps, schema_editor):
    from enlace.workplan.data import PROGRAMS

    Program = apps.get_model("workplan", "Program")
    for position, entry in enumerate(PROGRAMS, start=1):
        fields = dict(entry)
        Program.objects.update_or_create(code=fields.pop("code"), defaults={**fields, "position": position})


class Migration(migrations.Migration):
    dependencies = [("workplan", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
