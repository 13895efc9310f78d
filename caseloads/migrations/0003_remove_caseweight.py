"""Case weights move to the interventions catalogue: each saved weight is copied to the
catalogue entry with the same code, then the table goes."""

from django.db import migrations


def copy_weights(apps, schema_editor):
    CaseWeight = apps.get_model("caseloads", "CaseWeight")
    Programme = apps.get_model("interventions", "Programme")
    for code, weight in CaseWeight.objects.values_list("code", "weight"):
        # The "Any other case" weight has no catalogue entry: such a case now weighs 1.
        Programme.objects.filter(code=code).update(caseload_weight=weight)


class Migration(migrations.Migration):

    dependencies = [
        ("caseloads", "0002_consultation_notes"),
        ("interventions", "0002_seed_catalogue"),
    ]

    operations = [
        migrations.RunPython(copy_weights, migrations.RunPython.noop),
        migrations.DeleteModel(name="HistoricalCaseWeight"),
        migrations.DeleteModel(name="CaseWeight"),
    ]
