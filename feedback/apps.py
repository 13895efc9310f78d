from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "feedback"
    verbose_name = "Feedback"

    def ready(self) -> None:
        # Registers feedback requests with the end of an enrolment, and their cancellation
        # with the withdrawal of feedback-contact consent.
        # And the demo's feedback for seed_demo.
        from feedback import demo, hooks  # noqa: F401
