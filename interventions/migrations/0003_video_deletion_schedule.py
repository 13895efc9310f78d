"""Deletes VIG clips whose deletion date has come, every night at 2:00, London time.

The schedule is a row in django-celery-beat's tables, read by beat started with ``-S django``;
an administrator can move or pause it in the admin (see team migration 0006 for why it is not
in ``CELERY_BEAT_SCHEDULE``).
"""

from django.db import migrations

from piew.beat import schedule_daily, unschedule

TASK_NAME = "VIG clip deletion"
TASK = "interventions.tasks.delete_due_recordings"


def schedule(apps, schema_editor):
    schedule_daily(apps, name=TASK_NAME, task=TASK, hour=2, minute=0,
                   description="Deletes the files of VIG recordings whose deletion date has "
                               "come, and logs each deletion. Never before the date.")


def remove(apps, schema_editor):
    unschedule(apps, name=TASK_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0002_seed_catalogue"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, remove)]
