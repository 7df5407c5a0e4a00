"""Load the expert roster's skills vocabulary."""

from django.db import migrations


def load(apps, schema_editor):
    from enlace.directory.skills import SKILLS

    Skill = apps.get_model("directory", "Skill")
    Program = apps.get_model("workplan", "Program")
    for code, program, en, es, fr, pt in SKILLS:
        Skill.objects.update_or_create(
            code=code,
            defaults={"program": Program.objects.get(code=program), "name_en": en, "name_es": es, "name_fr": fr,
                      "name_pt": pt},
        )


class Migration(migrations.Migration):
    dependencies = [("directory", "0007_expert_roster"), ("workplan", "0002_load_programs")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
