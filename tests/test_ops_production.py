"""Running for real (issue 9, items 1 and 3): production mode, secret key, error pages, CSP,
HTTPS settings, sessions on shared devices, the forced password change, `check --deploy`."""

from __future__ import annotations

import os
import re
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.test import Client, RequestFactory
from django.urls import Resolver404, resolve, reverse
from django.views import defaults

from lamtheo.accounts import services as account_services
from lamtheo.ops.secretkey import KNOWN_KEYS, load_secret_key
from tests.conftest import PASSWORD

ROOT = Path(settings.BASE_DIR)
PYTHON = sys.executable
STRONG_KEY = "k" * 20 + "Q7v-2mP_x9Lr4ZtB8wN3cYhJ6sD1fG5aE0uK"


def env_without(*names: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in names}
    return {**env, **extra}


# --- the secret key -----------------------------------------------------------------------------


def test_a_key_is_generated_once_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY_FILE", raising=False)
    first = load_secret_key(var_dir=tmp_path / "var", debug=False)
    path = tmp_path / "var" / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 50 and first not in KNOWN_KEYS
    assert load_secret_key(var_dir=tmp_path / "var", debug=False) == first  # kept across restarts
    path.unlink()
    assert load_secret_key(var_dir=tmp_path / "var", debug=False) != first  # random, not a constant


@pytest.mark.parametrize("key", [*sorted(KNOWN_KEYS), "django-insecure-" + "x" * 50, "short"])
def test_a_published_or_weak_key_is_refused_without_debug(tmp_path, monkeypatch, key):
    monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(ImproperlyConfigured, match="refusing to start"):
        load_secret_key(var_dir=tmp_path, debug=False)
    assert load_secret_key(var_dir=tmp_path, debug=True) == key  # a developer's debug server may


def test_the_application_does_not_start_with_the_old_public_key():
    env = env_without("DEBUG", SECRET_KEY="dev-only-insecure-key-change-me-in-production-0123456789")
    done = subprocess.run(
        [PYTHON, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    assert "refusing to start" in done.stderr


def test_check_deploy_with_production_settings_reports_nothing():
    env = env_without(
        "DEBUG",
        "PLAIN_STATIC",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        SECRET_KEY=STRONG_KEY,
        HTTPS="1",
        ALLOWED_HOSTS="lamtheo.example.vn",
    )
    done = subprocess.run(
        [PYTHON, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout
    printed = subprocess.run(
        [
            PYTHON,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
            "s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "lamtheo.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert printed.stdout.split()[:5] == ["False", "True", "True", "True", "31536000"]
    plain = subprocess.run(
        [PYTHON, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env_without("DEBUG", "HTTPS", SECRET_KEY=STRONG_KEY),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "SECURE_HSTS_SECONDS" in plain.stdout + plain.stderr  # plain HTTP is flagged, not hidden


# --- uploaded files and error pages --------------------------------------------------------------


def test_media_has_no_public_route():
    with pytest.raises(Resolver404):
        resolve("/media/review_exports/2026/12/bao-cao.docx")


@pytest.mark.django_db
def test_error_pages_are_vietnamese_and_never_debug(client, world):
    client.force_login(world.member)
    missing = client.get("/khong-co-trang-nay/")
    assert missing.status_code == 404
    text = missing.content.decode()
    assert "Không tìm thấy trang" in text and "Page not found" not in text and "Traceback" not in text
    request = RequestFactory().get("/")
    assert "Đã xảy ra lỗi" in defaults.server_error(request).content.decode()
    assert "Không được phép" in defaults.permission_denied(request, PermissionDenied()).content.decode()
    assert "Yêu cầu không hợp lệ" in defaults.bad_request(request, Exception()).content.decode()


@pytest.mark.django_db
def test_csrf_failure_page_says_what_to_do(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    text = response.content.decode()
    assert "Biểu mẫu đã hết hạn" in text and "CSRF" not in text


# --- Content-Security-Policy ---------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_carry_a_csp_without_inline_script(client, world):
    client.force_login(world.secretary)
    response = client.get(reverse("core:home"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in directives["script-src"] and "unsafe-eval" not in policy


def test_no_template_has_inline_script_or_event_handlers():
    """The CSP forbids inline script: every script is a static file (<script src=…>)."""
    offenders = []
    for path in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("lamtheo/*/templates/**/*.html")]:
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+\s*=", text):
            offenders.append(str(path.relative_to(ROOT)))
        if "javascript:" in text or "hx-on" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


# --- sessions and passwords ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_shared_device_login_ends_after_idle_minutes(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": "dangvien_an", "password": PASSWORD, "shared_device": "on"}
    )
    assert response.status_code == 302
    assert client.session.get_expiry_age() == settings.SHARED_DEVICE_IDLE_SECONDS == 30 * 60
    assert client.get(reverse("core:home")).status_code == 200
    assert client.session.get_expiry_age() == 30 * 60  # pushed forward by each request
    own = Client()
    own.post(reverse("accounts:login"), {"username": "dangvien_an", "password": PASSWORD})
    assert own.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 7 * 24 * 3600


@pytest.mark.django_db
def test_login_page_offers_the_shared_device_choice(client, world):
    text = client.get(reverse("accounts:login")).content.decode()
    assert 'name="shared_device"' in text and "Thiết bị dùng chung" in text


@pytest.mark.django_db
def test_the_new_password_must_differ_from_the_temporary_one(client, world):
    temporary = account_services.reset_password(user=world.member)
    client.force_login(world.member)
    url = reverse("accounts:password_change")
    same = client.post(url, {"old_password": temporary, "new_password1": temporary, "new_password2": temporary})
    assert same.status_code == 200
    assert "khác mật khẩu hiện tại" in same.content.decode()
    world.member.refresh_from_db()
    assert world.member.must_change_password and world.member.check_password(temporary)
    fresh = "Hoa-sen-nở-2026!"
    changed = client.post(url, {"old_password": temporary, "new_password1": fresh, "new_password2": fresh})
    assert changed.status_code == 302
    world.member.refresh_from_db()
    assert not world.member.must_change_password and world.member.check_password(fresh)


# --- make run: gunicorn in production mode --------------------------------------------------------


def test_make_clean_keeps_var():
    # --no-print-directory: under `make test` this make is nested and would print "Entering directory"
    done = subprocess.run(
        ["make", "--no-print-directory", "-n", "clean"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "rm -rf .venv var/static"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


def test_run_serves_with_gunicorn_debug_off(tmp_path):
    """`scripts/run.sh` (what `make run` calls) on an empty database without demo data."""
    port = free_port()
    env = env_without(
        "DEBUG",
        "PLAIN_STATIC",
        "ALLOWED_HOSTS",
        "SECRET_KEY",
        DATABASE_URL=f"sqlite:///{tmp_path / 'run.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        SECRET_KEY_FILE=str(tmp_path / "secret_key"),
        PORT=str(port),
        SCALE="none",
        WORKERS="1",
    )
    server = subprocess.Popen(
        ["bash", "scripts/run.sh"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 300  # migrate and collectstatic on a busy 2-core machine
        while time.monotonic() < deadline:
            try:
                if fetch(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.3)
        else:
            server.kill()
            pytest.fail(server.stdout.read() if server.stdout else "no output")
        code, headers, body = fetch(f"{base}/no-such-page/")
        assert code == 404 and "Không tìm thấy trang" in body and "URLconf" not in body  # not the debug page
        assert "gunicorn" in headers.get("Server", "")
        code, headers, _body = fetch(f"{base}/static/css/lamtheo.css")
        assert code == 200 and "max-age" in headers.get("Cache-Control", "")  # WhiteNoise
        assert fetch(f"{base}/media/x.pdf")[0] == 404
        assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "manage.py bootstrap" in output  # SCALE=none: how to create the first administrator
