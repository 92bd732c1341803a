"""`manage.py remove_demo`: take the demo out before real use.

By default removes the demo logins (they all share one published password). An account that
records cannot lose (e.g. it approved something) is disabled instead: no password, inactive,
roles ended. `--everything` empties the whole database and the uploaded files, to start over
with `bootstrap` or an import.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from lamtheo.accounts.models import User
from lamtheo.organizations.demo import DEMO_ACCOUNTS
from lamtheo.organizations.models import RoleAssignment


def remove_demo_accounts() -> tuple[list[str], list[str]]:
    """Delete the demo accounts; disable those that other records still need. Returns both lists."""
    deleted, disabled = [], []
    for user in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).order_by("pk"):
        try:
            with transaction.atomic():
                user.delete()
            deleted.append(user.username)
        except (ProtectedError, RestrictedError, IntegrityError):
            with transaction.atomic():
                user.set_unusable_password()
                user.is_active = user.is_staff = user.is_superuser = False
                user.save(update_fields=["password", "is_active", "is_staff", "is_superuser"])
                RoleAssignment.objects.filter(user=user, ended_on__isnull=True).update(
                    ended_on=timezone.localdate() - dt.timedelta(days=1)
                )
            disabled.append(user.username)
    return deleted, disabled


class Command(BaseCommand):
    help = "Remove the demo logins (default) or, with --everything, all data and uploaded files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--everything", action="store_true", help="empty the database and the uploaded files")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["everything"]:
            if not options["yes"] and input("Delete ALL data and uploaded files? Type yes: ").strip() != "yes":
                raise CommandError("Nothing deleted.")
            call_command("flush", interactive=False, verbosity=0)
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                for child in media.iterdir():
                    shutil.rmtree(child) if child.is_dir() else child.unlink()
            self.stdout.write(self.style.SUCCESS("The database and files are empty. Next: manage.py bootstrap"))
            return
        deleted, disabled = remove_demo_accounts()
        self.stdout.write(self.style.SUCCESS(f"Deleted demo logins: {', '.join(deleted) or 'none'}."))
        if disabled:
            self.stdout.write(f"Disabled (their records are kept): {', '.join(disabled)}.")
