"""Production settings are safe, and refuse to start without their secrets."""

import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-like-secret-key-of-sufficient-length-0123456789-abcdef",
    "ALLOWED_HOSTS": "contact.example.org",
    "SECURE_HTTPS": "1",
}


def _manage(*args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECURE_HTTPS"}}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_deploy_check_passes_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _manage("check", **{**PRODUCTION, "ALLOWED_HOSTS": ""})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set when DEBUG is off" in result.stderr


def test_pages_carry_a_strict_content_security_policy(client, people):
    client.force_login(people.staff)
    response = client.get(reverse("monitoring:home"))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"


def test_session_ends_after_thirty_minutes_idle(client, people):
    client.force_login(people.staff)
    client.get(reverse("monitoring:home"))
    assert client.session.get_expiry_age() == 30 * 60


def test_new_passwords_are_hashed_with_argon2():
    code = "from django.contrib.auth.hashers import make_password; print(make_password('pw'))"
    result = _manage("shell", "-c", code, **PRODUCTION)
    assert result.stdout.strip().splitlines()[-1].startswith("argon2$"), result.stderr
