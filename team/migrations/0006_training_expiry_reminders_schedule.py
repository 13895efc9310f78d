"""Runs the training expiry reminders every morning at 7:00, London time.

The schedule is a row in django-celery-beat's tables, which is where beat started with
``-S django`` (the DatabaseScheduler, as ``make worker`` and docker-compose start it) reads it
from. A row made here is there on every installation after ``migrate``, and an administrator
can move or pause it in the admin without a deployment. An entry in ``CELERY_BEAT_SCHEDULE``
would reach the same table, but beat writes it back over the row each time it starts, so a
change made in the admin would not last.
"""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "Training expiry reminders"
TASK = "team.tasks.send_training_expiry_reminders"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="7", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Europe/London",
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={"task": TASK, "crontab": crontab, "enabled": True,
                  "description": "Emails people and the team lead 60 days before required "
                                 "training expires. Each record is reminded once."},
    )
    # Tells a running beat that the schedule changed (PeriodicTask.save() does this itself,
    # but the historical model used here has no such method).
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("team", "0005_seed_competencies"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
