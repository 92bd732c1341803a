"""The Vietnamese catalogue is complete and the pages speak Vietnamese.

`test_catalogue_is_complete` runs the same `makemessages -l vi` as a maintainer would, on a copy
of the project (the real locale/ is untouched), and lists every msgid of our code and templates
that has no Vietnamese translation or is still marked fuzzy.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# Each app may keep its own catalogue in lamtheo/<app>/locale/ (makemessages routes its msgids there).
CATALOGUES = [PO, *sorted((ROOT / "lamtheo").glob("*/locale/vi/LC_MESSAGES/django.po"))]
IGNORED = ["tests", "bench", "var", ".venv"]  # as in: makemessages -l vi --ignore=… for each
NOT_COPIED = {".git", ".venv", "var", "tests", "bench", "node_modules", "__pycache__", ".mypy_cache", ".ruff_cache"}
NOT_COPIED |= {".pytest_cache", "test-results", "docs", "static"}


def parse_po(text: str) -> list[dict]:
    """Entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (list), fuzzy, obsolete."""
    entries: list[dict] = []
    entry: dict = {}
    key = None

    def flush() -> None:
        nonlocal entry
        if "msgid" in entry:
            entries.append(entry)
        entry = {}

    for raw in [*text.splitlines(), ""]:
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            entry["obsolete"] = True
        if not line:
            flush()
            key = None
        elif line.startswith("#,"):
            if "msgid" in entry:
                flush()
            entry["fuzzy"] = "fuzzy" in line
        elif line.startswith("#"):
            if "msgid" in entry and not obsolete:
                flush()
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if key == "msgstr":
                entry["msgstr"][-1] += value
            elif key:
                entry[key] += value
        else:
            word, _, rest = line.partition(" ")
            if word.startswith("msgstr"):
                entry.setdefault("msgstr", []).append(ast.literal_eval(rest))
                key = "msgstr"
            else:
                if word == "msgctxt" and "msgid" in entry:
                    flush()
                entry[word] = ast.literal_eval(rest)
                key = word
    return entries


def untranslated(po_text: str) -> list[str]:
    missing = []
    for e in parse_po(po_text):
        if e.get("obsolete") or e["msgid"] == "":
            continue
        if e.get("fuzzy") or not all(e.get("msgstr", [""])):
            label = f"{e['msgctxt']} | {e['msgid']}" if "msgctxt" in e else e["msgid"]
            missing.append(label + ("  (fuzzy)" if e.get("fuzzy") else ""))
    return missing


def test_po_parser_reads_flags_plurals_and_context():
    po = (
        'msgid ""\nmsgstr ""\n"Language: vi\\n"\n\n'
        '#: a.py:1\nmsgid "Done"\nmsgstr "Xong"\n\n'
        '#, fuzzy\n#| msgid "Old"\nmsgid "New"\nmsgstr "Cũ"\n\n'
        'msgctxt "menu"\nmsgid "Open"\nmsgstr ""\n\n'
        'msgid "one file"\nmsgid_plural "%(n)s files"\nmsgstr[0] ""\n"%(n)s tệp"\n\n'
        'msgid ""\n"Long "\n"text"\nmsgstr ""\n\n'
        '#~ msgid "Gone"\n#~ msgstr ""\n'
    )
    assert untranslated(po) == ["New  (fuzzy)", "menu | Open", "Long text"]


def test_catalogue_is_complete(tmp_path):
    """Every msgid of lamtheo's code and templates has a checked Vietnamese translation."""
    if not shutil.which("xgettext") or not shutil.which("msgmerge"):
        pytest.fail("gettext is not installed: run `make system` (scripts/system-deps.sh) to install it")
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=lambda d, names: [n for n in names if n in NOT_COPIED or n.endswith(".mo")])
    ignores = [f"--ignore={name}" for name in IGNORED]
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-location", *ignores],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "lamtheo.settings", "LANG": "C.UTF-8"},
    )
    assert result.returncode == 0, result.stderr
    problems = []
    for po in sorted(copy.rglob("locale/vi/LC_MESSAGES/django.po")):
        missing = untranslated(po.read_text(encoding="utf-8"))
        if missing:
            problems.append(f"{po.relative_to(copy)}: {len(missing)} msgid(s)\n    " + "\n    ".join(missing))
    assert not problems, (
        "msgids lack a Vietnamese translation. Run "
        "`manage.py makemessages -l vi --ignore=.venv --ignore=var --ignore=tests --ignore=bench`, translate, "
        "remove the fuzzy flags, then `make messages`:\n  " + "\n  ".join(problems)
    )


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_real_catalogue_has_no_fuzzy_or_empty_entries(po):
    assert untranslated(po.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_is_current(po):
    """The .mo (git-ignored) is built by `make messages`, which `make test` and `make run` run."""
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo.relative_to(ROOT)} is missing: run `make messages`"
    stale = f"{mo.relative_to(ROOT)} is older than its .po: run `make messages`"
    assert mo.stat().st_mtime >= po.stat().st_mtime, stale


@pytest.mark.django_db
def test_login_page_speaks_vietnamese(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html
    assert "Tên đăng nhập" in html
    assert "Học tập và làm theo" in html
    assert "Log in" not in html


@pytest.mark.django_db
def test_menu_labels_are_vietnamese(world, client_for):
    html = client_for(world.admin).get(reverse("core:home")).content.decode()
    for label in ["Trang chủ", "Tổ chức đảng", "Cán bộ, đảng viên", "Nhập dữ liệu", "Tài khoản"]:
        assert label in html
    for label in ["Nhật ký thay đổi", "Mật khẩu", "Đăng xuất", "Chuyển đến nội dung chính", "Xin chào"]:
        assert label in html
    for english in ["Home", "Log out", "Audit trail", "Organisations"]:
        assert f">{english}<" not in html


@pytest.mark.django_db
def test_role_names_are_vietnamese(world, client_for):
    html = client_for(world.secretary).get(reverse("core:home")).content.decode()
    assert "Bí thư" in html
    assert "Chi bộ của tôi" in html


@pytest.mark.django_db
def test_language_switch_to_english_and_back(world, client_for):
    client = client_for(world.member)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get(reverse("core:home")).content.decode()
    assert '<html lang="en">' in html
    assert "Log out" in html
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert "Đăng xuất" in client.get(reverse("core:home")).content.decode()


@pytest.mark.django_db
def test_django_messages_missing_from_djangos_catalogue_are_translated(world, client_for):
    """lamtheo/core/vendor_msgids.py keeps these in our catalogue."""
    from tests.conftest import PASSWORD

    data = {"old_password": PASSWORD, "new_password1": "Ab1!x", "new_password2": "Ab1!x"}
    html = client_for(world.member).post(reverse("accounts:password_change"), data).content.decode()
    assert "This password is too short" not in html
    assert "quá ngắn" in html


def test_words_shared_between_apps_keep_their_own_meaning():
    """Django takes the first app's translation of a msgid that several catalogues hold; words
    whose meaning differs in a later app carry a context, so they are not read as the earlier
    app translated them ("Good" of an inspection is not the study grade "Khá")."""
    from django.template import Context, Template
    from django.utils import translation

    from lamtheo.inspections.forms import PlanForm, TeamForm
    from lamtheo.inspections.models import Grade

    with translation.override("vi"):
        assert str(Grade.GOOD.label) == "Tốt"
        assert str(PlanForm.base_fields["subject"].label) == "Nội dung"
        assert str(TeamForm.base_fields["members"].label) == "Thành viên"
        html = Template('{% load i18n %}{% translate "Member" context "year-end grade" %}').render(Context())
        assert html == "Đảng viên"
        assert translation.gettext("The decision is recorded.") == "Đã ghi quyết định."
