from django.apps import AppConfig


class CaseloadsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "caseloads"
    verbose_name = "Caseloads"

    def ready(self) -> None:
        # Registers allocations with the family's chronology, and the allocation links on the
        # family's page.
        from caseloads import events, links  # noqa: F401
