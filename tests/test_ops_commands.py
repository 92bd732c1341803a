"""A real start without demo data, taking the demo out, backup and restore (issue 9, items 4 and 5)."""

from __future__ import annotations

import io
import os
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from lamtheo.accounts.models import User
from lamtheo.ops.backup import media_files, row_counts
from lamtheo.organizations.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from lamtheo.organizations.models import Organization, Person, Role, RoleAssignment
from lamtheo.organizations.scoping import Capability, has_capability

DEMO_USERNAMES = [a.username for a in DEMO_ACCOUNTS]


def run(*args: str, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=out, **options)
    return out.getvalue()


# --- bootstrap ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_bootstrap_creates_the_root_and_the_first_administrator(monkeypatch):
    assert "manage.py bootstrap" in run("bootstrap", "--check")
    monkeypatch.setenv("LAMTHEO_ADMIN_PASSWORD", "Sen-vang-quê-Bác-2026")
    output = run("bootstrap", "--noinput", "--name", "Tỉnh ủy Nghệ An", "--code", "NA", "--username", "quantri_na")
    assert "Tỉnh ủy Nghệ An" in output
    root = Organization.objects.get()
    assert (root.code, root.kind, root.depth) == ("NA", "province", 1)
    admin = User.objects.get(username="quantri_na")
    assert admin.check_password("Sen-vang-quê-Bác-2026") and not admin.must_change_password
    assert RoleAssignment.objects.get(user=admin).role == Role.ADMIN
    assert has_capability(admin, Capability.MANAGE_ACCOUNTS) and has_capability(admin, Capability.MANAGE_TREE)
    assert "no bootstrap needed" in run("bootstrap", "--check")
    with pytest.raises(CommandError, match="already holds units"):
        run("bootstrap", "--noinput", "--name", "X", "--code", "X", "--username", "other")


@pytest.mark.django_db
def test_bootstrap_refuses_a_weak_password_and_missing_answers(monkeypatch):
    monkeypatch.setenv("LAMTHEO_ADMIN_PASSWORD", "12345678")
    with pytest.raises(CommandError):
        run("bootstrap", "--noinput", "--name", "Tỉnh ủy", "--code", "T", "--username", "qt")
    with pytest.raises(CommandError, match="--name"):
        run("bootstrap", "--noinput", "--code", "T", "--username", "qt")
    assert not Organization.objects.exists() and not User.objects.exists()


@pytest.mark.django_db
def test_bootstrap_asks_interactively(monkeypatch):
    answers = iter(["Thành ủy Vinh", "VINH", "quantri"])
    passwords = iter(["khong-khop-1", "khong-khop-2", "Hoa-ban-trang-2026", "Hoa-ban-trang-2026"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(passwords))
    output = run("bootstrap")
    assert "The two passwords differ" in output  # asked again, then accepted
    assert User.objects.get(username="quantri").check_password("Hoa-ban-trang-2026")


# --- remove_demo --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_remove_demo_takes_out_the_shared_password_logins():
    run("seed_demo", "--scale", "cell", "--no-campaign")
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="bithu", password=DEMO_PASSWORD) is not None
    real = User.objects.create_user(username="nguoithat", password="Mat-khau-that-2026")
    people = Person.objects.count()
    output = run("remove_demo")
    assert "bithu" in output
    assert not User.objects.filter(username__in=DEMO_USERNAMES, is_active=True).exists()
    for username in DEMO_USERNAMES:
        assert authenticate(request, username=username, password=DEMO_PASSWORD) is None
    assert User.objects.filter(pk=real.pk).exists() and Person.objects.count() == people  # data stays


@pytest.mark.django_db(transaction=True)  # flush truncates tables: not inside a test's transaction
def test_remove_demo_everything_empties_database_and_files(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    run("seed_demo", "--scale", "cell", "--no-campaign")
    default_storage.save("meetings/2026/12/tai-lieu.pdf", ContentFile(b"%PDF-1.4"))
    monkeypatch.setattr("builtins.input", lambda prompt="": "no")
    with pytest.raises(CommandError, match="Nothing deleted"):
        run("remove_demo", "--everything")
    assert Organization.objects.exists()
    run("remove_demo", "--everything", "--yes")
    assert not Organization.objects.exists() and not User.objects.exists()
    assert list((tmp_path / "media").iterdir()) == []


# --- backup and restore -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_backup_restore_round_trip(world_tx, settings, tmp_path):
    """Database and files come back exactly: row counts of every table and file checksums."""
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    default_storage.save("meetings/2026/12/bien-ban.pdf", ContentFile(b"%PDF-1.4 bien ban"))
    default_storage.save("evidence/2026/anh.jpg", ContentFile(os.urandom(2048)))
    archive = tmp_path / "backups" / "lamtheo.tar.gz"
    assert "Backed up" in run("backup", "--out", str(archive))
    assert oct(archive.stat().st_mode & 0o777) == "0o600"  # every member's data: owner only
    rows, files = row_counts(), media_files(media)
    assert rows["organizations_person"] == 5 and len(files) == 2
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert {"manifest.json", "media/meetings/2026/12/bien-ban.pdf"} <= names

    # Life goes on after the backup: rows deleted and added, a file lost, another added.
    Person.objects.filter(pk=world_tx.dung.pk).delete()
    Organization.objects.filter(pk=world_tx.cell_b.pk).update(name="Đổi tên sau sao lưu")
    User.objects.create_user(username="sau_sao_luu")
    (media / "evidence/2026/anh.jpg").unlink()
    default_storage.save("evidence/2026/moi.jpg", ContentFile(b"new"))

    assert "all checked" in run("restore", str(archive), "--yes")
    assert row_counts() == rows
    assert media_files(media) == files
    assert Person.objects.filter(full_name="Đỗ Văn Dũng").exists()
    assert Organization.objects.get(pk=world_tx.cell_b.pk).name == "Chi bộ thôn 2"
    assert not User.objects.filter(username="sau_sao_luu").exists()
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="bithu_a", password="Matkhau-2026!") is not None  # the app works on


@pytest.mark.django_db
def test_restore_refuses_what_is_not_a_backup(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="not a lamtheo backup"):
        run("restore", str(junk), "--yes")
    empty = tmp_path / "empty.tar.gz"
    with tarfile.open(empty, "w:gz"):
        pass
    with pytest.raises(CommandError, match="no manifest"):
        run("restore", str(empty), "--yes")
    with pytest.raises(CommandError, match="No such file"):
        run("restore", str(tmp_path / "missing.tar.gz"), "--yes")


@pytest.mark.django_db(transaction=True)
def test_backup_dir_keeps_the_newest(world_tx, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = tmp_path / "backups"
    for stamp in ("20260101-020000", "20260102-020000"):
        (folder / f"lamtheo-{stamp}.tar.gz").parent.mkdir(parents=True, exist_ok=True)
        (folder / f"lamtheo-{stamp}.tar.gz").write_bytes(b"old")
    run("backup", "--dir", str(folder), "--keep", "2")
    kept = sorted(p.name for p in Path(folder).iterdir())
    assert len(kept) == 2 and kept[0] == "lamtheo-20260102-020000.tar.gz"
