"""/healthz tells monitoring whether the database, Redis and a Celery worker answer."""

import pytest

pytestmark = pytest.mark.django_db


def test_without_redis_configured_tasks_run_in_the_web_process(client, settings):
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "down": [],
        "checks": {
            "database": "ok",
            "redis": "not configured",
            "celery": "not configured (tasks run in the web process)",
        },
    }


def test_an_unreachable_redis_is_named_with_503(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["redis", "celery"]
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["redis"] == "down: ConnectionError"
    assert body["checks"]["celery"] == "down: Redis is down"


def test_healthz_needs_no_sign_in_and_is_never_cached(client, settings):
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"]


def test_a_missing_worker_is_named(client, settings):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from piew.celery import app

    if app.control.ping(timeout=0.5):
        pytest.skip("a worker is running")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["celery"] == "down: no worker answered"


def test_all_up_with_a_real_worker(client, settings, celery_worker_process):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok", "celery": "ok"}
