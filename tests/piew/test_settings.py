"""A production configuration is safe: the deploy checks pass and two-factor cannot be switched off."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def production_environment(**overrides: str) -> dict[str, str]:
    environment = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PIEW_"))
    }
    environment.update({
        "DJANGO_SETTINGS_MODULE": "piew.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "piew.example.org",
        "PIEW_BEHIND_PROXY": "true",
        **overrides,
    })
    return environment


def manage(*args: str, **overrides: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=production_environment(**overrides),
        capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_prints_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_production_refuses_to_start_with_two_factor_switched_off():
    result = manage("check", PIEW_MFA_REQUIRED="false")
    assert result.returncode != 0
    assert "PIEW_MFA_REQUIRED=false is only allowed with DJANGO_DEBUG=true" in result.stderr


def test_the_development_key_fails_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING",
                    DJANGO_SECRET_KEY="django-insecure-piew-development-only-never-use-in-production")
    assert result.returncode != 0
    assert "security.W009" in result.stderr
