"""Load the 35 OAS member states."""

from django.db import migrations


def load(apps, schema_editor):
    from enlace.geo.data import MEMBER_STATES

    MemberState = apps.get_model("geo", "MemberState")
    for entry in MEMBER_STATES:
        fields = dict(entry)
        fields["time_zones"] = list(fields["time_zones"])
        MemberState.objects.update_or_create(iso2=fields.pop("iso2"), defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
