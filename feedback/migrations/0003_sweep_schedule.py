"""Runs the feedback sweep every 5 minutes: it re-queues requests a lost task or a killed
worker left queued or sending for more than 10 minutes, and sends the reminders due.

The schedule is a row in django-celery-beat's tables, read by beat started with ``-S django``;
an administrator can pause or move it in the admin without a deployment.
"""

from django.db import migrations

from piew.beat import schedule_every, unschedule

TASK_NAME = "Feedback requests sweep"
TASK = "feedback.tasks.sweep_feedback_requests"


def schedule(apps, schema_editor):
    schedule_every(apps, name=TASK_NAME, task=TASK, minutes=5,
                   description="Re-queues feedback requests left queued or sending for more than "
                               "10 minutes, and sends reminders after 7 days if unanswered.")


def remove(apps, schema_editor):
    unschedule(apps, name=TASK_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0002_seed_questionnaire"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, remove)]
