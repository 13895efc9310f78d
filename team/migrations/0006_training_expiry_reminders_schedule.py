"""Runs the training expiry reminders every morning at 7:00, London time.

The schedule is a row in django-celery-beat's tables, which is where beat started with
``-S django`` (the DatabaseScheduler, as ``make worker`` and docker-compose start it) reads it
from. A row made here is there on every installation after ``migrate``, and an administrator
can move or pause it in the admin without a deployment. An entry in ``CELERY_BEAT_SCHEDULE``
would reach the same table, but beat writes it back over the row each time it starts, so a
change made in the admin would not last.
"""

from django.db import migrations

from piew.beat import schedule_daily, unschedule

TASK_NAME = "Training expiry reminders"
TASK = "team.tasks.send_training_expiry_reminders"


def schedule(apps, schema_editor):
    schedule_daily(apps, name=TASK_NAME, task=TASK, hour=7, minute=0,
                   description="Emails people and the team lead 60 days before required "
                               "training expires. Each record is reminded once.")


def remove(apps, schema_editor):
    unschedule(apps, name=TASK_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("team", "0005_seed_competencies"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, remove)]
