from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "families"
    verbose_name = "Families"

    def ready(self) -> None:
        # Registers this app's chronology sources.
        from families import events  # noqa: F401
