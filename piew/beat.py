"""Periodic tasks as rows in django-celery-beat's tables, for data migrations to create.

Beat started with ``-S django`` (the DatabaseScheduler, as ``make worker`` and docker-compose
start it) reads its schedule from these rows. A row made by a migration is there on every
installation after ``migrate``, and an administrator can move or pause it in the admin without
a deployment. An entry in ``CELERY_BEAT_SCHEDULE`` would reach the same table, but beat writes
it back over the row each time it starts, so a change made in the admin would not last.

The functions take the migration's ``apps`` (historical models), never the real ones.
"""

from django.utils import timezone


def _add(apps, *, name: str, task: str, description: str, **when) -> None:
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    PeriodicTask.objects.get_or_create(
        name=name, defaults={"task": task, "enabled": True, "description": description, **when})
    # Tells a running beat that the schedule changed (PeriodicTask.save() does this itself, but
    # the historical model a migration uses has no such method).
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def schedule_daily(apps, *, name: str, task: str, hour: int, minute: int, description: str) -> None:
    """Run the task every day at hour:minute, London time."""
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute=str(minute), hour=str(hour), day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Europe/London")
    _add(apps, name=name, task=task, description=description, crontab=crontab)


def schedule_every(apps, *, name: str, task: str, minutes: int, description: str) -> None:
    """Run the task every so many minutes."""
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    every, _ = IntervalSchedule.objects.get_or_create(every=minutes, period="minutes")
    _add(apps, name=name, task=task, description=description, interval=every)


def unschedule(apps, *, name: str) -> None:
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=name).delete()
