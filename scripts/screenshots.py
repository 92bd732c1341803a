"""Take the README's screenshots: pages of the demo data at phone width (360 px) in Chromium.

    .venv/bin/python scripts/screenshots.py        # writes docs/screenshots/*.png

Seeds a throw-away SQLite database (var/screenshots.sqlite3) with the commune demo, serves it on a
free port with `runserver`, logs in as the demo accounts and saves one PNG per page.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
DB = ROOT / "var" / "screenshots.sqlite3"
PASSWORD = "demo-2026"
# (file name, demo login, path, then a link or button to click there, if any)
SHOTS: list[tuple[str, str, str, str]] = [
    ("home-member-phone.png", "dangvien", "/", ""),
    ("notebook-phone.png", "dangvien", "/notebook/", ""),
    ("meetings-phone.png", "bithu", "/meetings/", "main a:has-text('Chi bộ')"),
    ("tree-phone.png", "capuy", "/org/", "main :text('đơn vị trực thuộc')"),
    ("study-phone.png", "capuy", "/study/", ""),
    ("reviews-phone.png", "capuy", "/reviews/", "main a:has-text('Đảng ủy xã')"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def login(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state("networkidle")


def main() -> None:
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{DB}", DEBUG="1", DJANGO_SETTINGS_MODULE="lamtheo.settings")
    DB.parent.mkdir(exist_ok=True)
    DB.unlink(missing_ok=True)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "seed_demo", "--scale", "commune"], cwd=ROOT, env=env, check=True)
    port = free_port()
    server = subprocess.Popen([*manage, "runserver", "--noreload", f"127.0.0.1:{port}"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)  # noqa: S310 - our local server
                break
            except OSError:
                time.sleep(0.2)
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 360, "height": 740}, device_scale_factor=2, locale="vi-VN")
            for name, username, path, click in SHOTS:
                login(page, base, username)
                page.goto(base + path)
                if click:
                    page.locator(click).first.click()
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(OUT / name), full_page=False)
                print(f"{OUT / name}")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
