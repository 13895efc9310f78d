from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "interventions"
    verbose_name = "Interventions"

    def ready(self) -> None:
        # Registers what happens to VIG clips when a parent withdraws consent, and the link to
        # the family's interventions on its page; its events in the chronology, and its demo data.
        from interventions import consent_hooks, demo, events, links  # noqa: F401

        # Registers the promotion from a group's waiting list when an enrolment on it ends.
        from interventions.services import groups  # noqa: F401
