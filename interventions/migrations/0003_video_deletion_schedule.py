"""Deletes VIG clips whose deletion date has come, every night at 2:00, London time.

The schedule is a row in django-celery-beat's tables, read by beat started with ``-S django``;
an administrator can move or pause it in the admin (see team migration 0006 for why it is not
in ``CELERY_BEAT_SCHEDULE``).
"""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "VIG clip deletion"
TASK = "interventions.tasks.delete_due_recordings"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="2", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Europe/London",
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={"task": TASK, "crontab": crontab, "enabled": True,
                  "description": "Deletes the files of VIG recordings whose deletion date has "
                                 "come, and logs each deletion. Never before the date."},
    )
    # Tells a running beat that the schedule changed (PeriodicTask.save() does this itself,
    # but the historical model used here has no such method).
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0002_seed_catalogue"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
