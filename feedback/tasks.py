"""Background work for feedback. Each task takes an id and acts on the row as it finds it, so
running one twice, or late, does no harm."""

from celery import shared_task

from feedback import services
from feedback.delivery import TransientDeliveryError

RETRY = {"autoretry_for": (TransientDeliveryError,), "retry_backoff": 30, "retry_backoff_max": 30 * 60,
         "retry_jitter": True, "max_retries": 8}


@shared_task(bind=True, **RETRY)
def send_feedback_request(self, request_id: int) -> str:
    return services.request_send(request_id=request_id)


@shared_task(bind=True, **RETRY)
def send_feedback_reminder(self, request_id: int) -> str:
    return services.reminder_send(request_id=request_id)


@shared_task
def sweep_feedback_requests() -> dict[str, int]:
    return services.requests_sweep()
