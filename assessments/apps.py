from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = "Initial assessments"

    def ready(self) -> None:
        # Registers the initial assessment's events with the family's chronology, and its links
        # on the family's page.
        # Outcome measures: their events and links on the family's pages, their tasks for the
        # worker, and their demo data.
        from assessments import (  # noqa: F401
            events,
            links,
            outcome_demo,
            outcome_events,
            outcome_links,
            outcome_tasks,
        )
