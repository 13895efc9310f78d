"""Raises practitioners' reminders and emails the counts, every morning at 6:30, London time.

The schedule is a row in django-celery-beat's tables, read by beat started with ``-S django``;
an administrator can move or pause it in the admin (see team migration 0006 for why it is not
in ``CELERY_BEAT_SCHEDULE``).
"""

from django.db import migrations

from piew.beat import schedule_daily, unschedule

TASK_NAME = "Practitioner reminders"
TASK = "interventions.tasks.raise_and_send_reminders"


def schedule(apps, schema_editor):
    schedule_daily(apps, name=TASK_NAME, task=TASK, hour=6, minute=30,
                   description="Raises reminders for attendance not recorded and enrolments "
                               "with no recent session, and emails each practitioner the "
                               "counts once, with no personal details.")


def remove(apps, schema_editor):
    unschedule(apps, name=TASK_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0003_video_deletion_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, remove)]
