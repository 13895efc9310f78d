from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        # Registers referral events with the family's chronology.
        from referrals import events  # noqa: F401
