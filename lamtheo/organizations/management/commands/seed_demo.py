"""`manage.py seed_demo --scale cell|commune|province [--if-empty] [--seed N] [--no-campaign]`.

Fills an empty database with a Vietnamese demo tree, its members and one login per role, then
(scales cell and commune, unless `--no-campaign`) this year of the campaign: themes, the
notebook, meetings, study and reviews (lamtheo.core.demo_campaign). Prints the demo logins
(also when `--if-empty` finds data and seeds nothing).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lamtheo.core.demo_campaign import seed_campaign_year
from lamtheo.honours.demo import seed_honours
from lamtheo.organizations.demo import DEFAULT_SEED, DEMO_PASSWORD, SCALES, demo_logins, seed
from lamtheo.organizations.models import Organization

CAMPAIGN_SCALES = ("cell", "commune")  # the province scale is for benchmarks


class Command(BaseCommand):
    help = (
        "Fill an empty database with demo data: cell = one cell of 5 members; commune = a commune of about "
        "30 cells and 700 people (plus a small second commune); province = about 3,000 cells and 100,000 people. "
        "The cell and commune scales also get this year of the campaign (themes, notebook, meetings, study, "
        "reviews) unless --no-campaign. Prints the demo logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", choices=SCALES, default="commune", help="size of the data set (default: commune)"
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing (but print the logins) when the database holds units"
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default: {DEFAULT_SEED})")
        parser.add_argument(
            "--no-campaign",
            action="store_true",
            help="only the tree, people and logins: no campaign year (the province scale never gets one)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale: str = options["scale"]
        if Organization.objects.exists():
            if not options["if_empty"]:
                raise CommandError(
                    "The database already holds organisations; seed_demo only fills an empty database. "
                    "Use --if-empty to just print the demo logins, or point DATABASE_URL at a new database."
                )
            self.stdout.write("The database already holds data: nothing seeded.")
        else:
            talk = scale == "province" or options["verbosity"] > 1
            if talk:
                self.stdout.write(f"Seeding the {scale} demo data (seed {options['seed']})…")
            summary = seed(scale=scale, seed=options["seed"], progress=self.stdout.write if talk else None)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Seeded the {scale} demo: {summary.organizations:,} units ({summary.cells:,} of them cells), "
                    f"{summary.people:,} people ({summary.probationary:,} probationary, "
                    f"{summary.officials:,} non-member officials) in {summary.seconds:.1f} s."
                )
            )
            if summary.accounts_skipped:
                self.stdout.write(f"Already existed, left unchanged: {', '.join(summary.accounts_skipped)}.")
            if scale in CAMPAIGN_SCALES and not options["no_campaign"]:
                campaign = seed_campaign_year(
                    year=timezone.localdate().year, seed=options["seed"], progress=self.stdout.write if talk else None
                )
                self.stdout.write(self.style.SUCCESS(campaign.line()))
                for note in campaign.notes:
                    self.stdout.write(f"Campaign: {note}.")
                self.stdout.write(self.style.SUCCESS(seed_honours().line()))
        self.print_logins()

    def print_logins(self) -> None:
        logins = demo_logins()
        if not logins:
            self.stdout.write("No demo logins in this database.")
            return
        rows = [("username", "role", "unit")] + [(x.username, x.role, x.unit) for x in logins]
        widths = [max(len(row[i]) for row in rows) for i in range(2)]
        self.stdout.write("")
        self.stdout.write(f"Demo logins — password: {DEMO_PASSWORD} (unless changed since)")
        for index, (username, role, unit) in enumerate(rows):
            self.stdout.write(f"  {username:<{widths[0]}}  {role:<{widths[1]}}  {unit}")
            if index == 0:
                self.stdout.write(f"  {'-' * widths[0]}  {'-' * widths[1]}  {'-' * 4}")
