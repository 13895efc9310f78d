"""Version 1 of "Your opinion counts": the NHS Friends and Family Test question, agreement
statements, two open questions. The team lead's edits make later versions."""

from django.db import migrations


def seed(apps, schema_editor):
    Questionnaire = apps.get_model("feedback", "Questionnaire")
    Questionnaire.objects.get_or_create(version=1, defaults={
        "fft_question": "Overall, how was your experience of our service?",
        "statements": [
            "I was listened to",
            "I understand my baby’s thoughts and feelings better",
            "I feel more confident as a parent",
            "I would recommend the service to other parents",
        ],
        "went_well_question": "What went well?",
        "could_be_better_question": "What could be better?",
    })


def unseed(apps, schema_editor):
    apps.get_model("feedback", "Questionnaire").objects.filter(version=1, responses__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
