"""Load the seven CICTE networks."""

from django.db import migrations


def load(apps, schema_editor):
    from enlace.directory.data import NETWORKS

    Network = apps.get_model("directory", "Network")
    Program = apps.get_model("workplan", "Program")
    for entry in NETWORKS:
        fields = dict(entry)
        code = fields.pop("program")
        fields["program"] = Program.objects.filter(code=code).first() if code else None
        Network.objects.update_or_create(code=fields.pop("code"), defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_networks_people_designations"), ("workplan", "0002_load_programs")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
