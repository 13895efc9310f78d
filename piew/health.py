"""/healthz: is the database, Redis and a Celery worker answering?"""

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from piew.celery import app as celery_app

CELERY_PING_SECONDS = 1.0


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _redis() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    import redis

    redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
    return "ok"


def _celery() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "not configured (tasks run in the web process)"
    replies = celery_app.control.ping(timeout=CELERY_PING_SECONDS)
    if not replies:
        raise Down("no worker answered")
    return "ok"


class Down(Exception):
    """A part is down, for a reason worth saying."""


def _run(check) -> tuple[bool, str]:
    try:
        return True, check()
    except Down as error:
        return False, f"down: {error}"
    except Exception as error:  # noqa: BLE001 - any failure means the part is down
        return False, f"down: {error.__class__.__name__}"


def _checks() -> dict[str, tuple[bool, str]]:
    results = {"database": _run(_database), "redis": _run(_redis)}
    # The worker takes its work from Redis: without Redis there is nothing to ask.
    if results["redis"][0]:
        results["celery"] = _run(_celery)
    else:
        results["celery"] = (False, "down: Redis is down")
    return results


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    results = _checks()
    down = [name for name, (up, _) in results.items() if not up]
    body = {
        "status": "ok" if not down else "down",
        "down": down,
        "checks": {name: state for name, (_, state) in results.items()},
    }
    return JsonResponse(body, status=503 if down else 200)
