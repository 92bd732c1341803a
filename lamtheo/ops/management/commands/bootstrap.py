"""`manage.py bootstrap`: start a real installation without demo data.

Creates the root unit (the province or city party committee) and the first administrator, who
holds the administrator role on it and then creates the tree, people and accounts from the pages.
Interactive by default; `--noinput` takes everything from options and LAMTHEO_ADMIN_PASSWORD.
`--check` only says whether the database still needs it (used by `SCALE=none make run`).
"""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from lamtheo.accounts import services as account_services
from lamtheo.accounts.models import User
from lamtheo.organizations import services as org_services
from lamtheo.organizations.models import Organization, OrganizationKind, Role


class Command(BaseCommand):
    help = "Create the root unit and the first administrator of an empty database (no demo data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="only tell whether the database needs bootstrapping")
        parser.add_argument("--noinput", "--no-input", action="store_true", help="ask nothing; take the options")
        parser.add_argument("--name", help="name of the root unit, e.g. 'Tỉnh ủy Nghệ An'")
        parser.add_argument("--code", help="short code of the root unit, e.g. 'NA'")
        parser.add_argument("--username", help="username of the first administrator")
        parser.add_argument("--email", default="", help="e-mail of the first administrator (optional)")
        parser.add_argument(
            "--superuser", action="store_true", help="also make the administrator a Django superuser (/admin/)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            if Organization.objects.exists():
                self.stdout.write("The database holds units: no bootstrap needed.")
            else:
                self.stdout.write(
                    "The database is empty. Create the root unit and the first administrator with:\n"
                    "  .venv/bin/python manage.py bootstrap"
                )
            return
        if Organization.objects.exists():
            raise CommandError("The database already holds units; bootstrap only starts an empty database.")
        interactive = not options["noinput"]
        name = options["name"] or (self._ask("Name of the root unit (e.g. Tỉnh ủy Nghệ An): ") if interactive else "")
        code = options["code"] or (self._ask("Short code of the root unit (e.g. NA): ") if interactive else "")
        username = options["username"] or (self._ask("Username of the first administrator: ") if interactive else "")
        if not (name and code and username):
            raise CommandError("Give --name, --code and --username (or run without --noinput to be asked).")
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"The username {username!r} is already taken.")
        password = self._password(interactive, username)
        with transaction.atomic():
            root = org_services.create_organization(
                parent=None, kind=OrganizationKind.PROVINCE, code=code.strip(), name=name.strip()
            )
            user = User(
                username=username.strip(),
                email=options["email"],
                is_staff=options["superuser"],
                is_superuser=options["superuser"],
            )
            user.set_password(password)
            user.save()
            account_services.assign_role(user=user, organization=root, role=Role.ADMIN)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {root.name} ({root.code}) and the administrator {user.username}. "
                "Log in and add the units, people and accounts from the pages."
            )
        )

    def _ask(self, prompt: str) -> str:
        return input(prompt).strip()

    def _password(self, interactive: bool, username: str) -> str:
        candidate = User(username=username)
        if not interactive:
            password = os.environ.get("LAMTHEO_ADMIN_PASSWORD", "")
            if not password:
                raise CommandError("Set LAMTHEO_ADMIN_PASSWORD to the administrator's password with --noinput.")
            try:
                validate_password(password, candidate)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            return password
        while True:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The two passwords differ. Try again.")
                continue
            try:
                validate_password(password, candidate)
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                continue
            return password
