from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        # Registers referral events with the family's chronology, links on the family's page,
        # and the demo referrals.
        from families.demo import register_demo_step
        from referrals import events, links  # noqa: F401
        from referrals.demo import demo_referrals_create

        register_demo_step(demo_referrals_create)
