from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = "Initial assessments"

    def ready(self) -> None:
        # Registers the initial assessment's events with the family's chronology, and its links
        # on the family's page.
        # Outcome measures: their events and links on the family's pages, and their tasks for the worker.
        from assessments import events, links, outcome_events, outcome_links, outcome_tasks  # noqa: F401
