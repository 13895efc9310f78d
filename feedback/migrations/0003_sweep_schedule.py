"""Runs the feedback sweep every 5 minutes: it re-queues requests a lost task or a killed
worker left queued or sending for more than 10 minutes, and sends the reminders due.

The schedule is a row in django-celery-beat's tables, read by beat started with ``-S django``;
an administrator can pause or move it in the admin without a deployment.
"""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "Feedback requests sweep"
TASK = "feedback.tasks.sweep_feedback_requests"


def schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    every, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={"task": TASK, "interval": every, "enabled": True,
                  "description": "Re-queues feedback requests left queued or sending for more than "
                                 "10 minutes, and sends reminders after 7 days if unanswered."},
    )
    # Tells a running beat that the schedule changed.
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0002_seed_questionnaire"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
