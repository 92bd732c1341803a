"""Write the demo data fast: treebeard paths computed here, people and memberships in bulk.

`bulk_create` skips `save()`, so this module fills what `save()` would: `search_name` (folded)
and the tree columns `path`, `depth` and `numchild`. Accounts go through `create_user`, with one
password hash computed once and reused.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from lamtheo.accounts.models import User
from lamtheo.core.text import fold
from lamtheo.organizations.models import Membership, Organization, Person, PersonKind, Role, RoleAssignment

from .names import full_name
from .rosters import PROFILES, Serials, draft_people
from .units import TreePlan, UnitPlan, plan_tree

DEMO_PASSWORD = "demo-2026"
DEFAULT_SEED = 2026
SCALES = ("cell", "commune", "province")
BATCH_SIZE = 5000
ROLE_START = dt.date(2025, 7, 1)  # the post-2025 committees took office


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str  # a Role value; "" for a member without role or the superuser
    where: str  # "root", "commune" or "cell": the node the role is held on / the person's cell
    person_index: int | None = None  # which person of the demo cell the account belongs to
    superuser: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("quantri", Role.ADMIN, "root"),
    DemoAccount("tinhuy", Role.COMMITTEE, "root"),
    DemoAccount("capuy", Role.COMMITTEE, "commune"),
    DemoAccount("giupviec", Role.ASSISTANT, "commune"),
    DemoAccount("kiemtra", Role.INSPECTOR, "commune"),
    DemoAccount("giamkhao", Role.JUDGE, "commune"),
    DemoAccount("bithu", Role.SECRETARY, "cell", person_index=0),
    DemoAccount("phobithu", Role.DEPUTY_SECRETARY, "cell", person_index=1),
    DemoAccount("chiuy", Role.CELL_COMMITTEE, "cell", person_index=2),
    DemoAccount("dangvien", "", "cell", person_index=3),
    DemoAccount("admin", "", "root", superuser=True),
)
LINKED_PEOPLE = 1 + max(a.person_index for a in DEMO_ACCOUNTS if a.person_index is not None)


@dataclass
class SeedSummary:
    scale: str
    organizations: int
    cells: int
    people: int
    officials: int
    probationary: int
    accounts_created: list[str]
    accounts_skipped: list[str]  # usernames that already existed and were left alone
    seconds: float


def path_step(index: int) -> str:
    """The `index`-th (1-based) step of a treebeard path: base 36, zero-padded to `steplen`."""
    alphabet, digits = Organization.alphabet, ""
    while index:
        index, rest = divmod(index, len(alphabet))
        digits = alphabet[rest] + digits
    return digits.rjust(Organization.steplen, alphabet[0])


def tree_rows(root: UnitPlan, root_index: int = 1) -> list[tuple[UnitPlan, Organization]]:
    """Unsaved Organization rows for the plan, depth first, with path, depth and numchild set."""
    rows: list[tuple[UnitPlan, Organization]] = []
    stack = [(root, path_step(root_index))]
    while stack:
        node, path = stack.pop()
        org = Organization(
            kind=node.kind,
            code=node.code,
            name=node.name,
            search_name=fold(f"{node.name} {node.code}"),
            block=node.block,
            path=path,
            depth=len(path) // Organization.steplen,
            numchild=len(node.children),
        )
        rows.append((node, org))
        stack.extend((child, path + path_step(i)) for i, child in reversed(list(enumerate(node.children, 1))))
    return rows


def _create_tree(plan: TreePlan) -> dict[int, Organization]:
    rows = tree_rows(plan.root)
    Organization.objects.bulk_create([org for _, org in rows], batch_size=1000)
    if any(org.pk is None for _, org in rows):  # a backend that does not return ids
        ids = dict(Organization.objects.values_list("code", "pk"))
        for _, org in rows:
            org.pk = ids[org.code]
    return {id(node): org for node, org in rows}


def _create_people(
    plan: TreePlan,
    orgs: dict[int, Organization],
    rng: random.Random,
    today: dt.date,
    progress: Callable[[str], None] | None,
) -> tuple[int, list[Person]]:
    """All people with their open membership; returns the count and the demo cell's first people."""
    serials = Serials(rng)
    cells = plan.root.cells()
    total = sum(c.size for c in cells)
    people: list[Person] = []
    starts: list[dt.date] = []
    demo_people: list[Person] = []
    done = 0
    started = time.perf_counter()

    def flush() -> None:
        nonlocal done
        Person.objects.bulk_create(people, batch_size=1000)
        if any(p.pk is None for p in people):
            raise RuntimeError("This database backend does not return ids from bulk inserts.")
        Membership.objects.bulk_create(
            [Membership(person_id=p.pk, cell_id=p.cell_id, started_on=s) for p, s in zip(people, starts, strict=True)],
            batch_size=1000,
        )
        done += len(people)
        people.clear()
        starts.clear()
        if progress:
            progress(f"  people {done:>7,} / {total:,}  ({time.perf_counter() - started:.1f} s)")

    for node in cells:
        org = orgs[id(node)]
        is_demo = node is plan.demo_cell
        drafts = draft_people(
            rng,
            PROFILES[node.profile],
            node.size,
            today=today,
            serials=serials,
            unit_word=node.unit_word,
            full_members_first=LINKED_PEOPLE if is_demo else 0,
        )
        for fields in drafts:
            starts.append(fields.pop("started_on"))
            person = Person(cell_id=org.pk, search_name=fold(fields["full_name"]), **fields)
            people.append(person)
            if is_demo and len(demo_people) < LINKED_PEOPLE:
                demo_people.append(person)
        if len(people) >= BATCH_SIZE:
            flush()
    if people:
        flush()
    return done, demo_people


def _create_accounts(
    plan: TreePlan, orgs: dict[int, Organization], demo_people: list[Person], rng: random.Random, today: dt.date
) -> tuple[list[str], list[str]]:
    hashed = make_password(DEMO_PASSWORD)  # one slow hash, reused by every demo account
    nodes = {"root": plan.root, "commune": plan.demo_commune, "cell": plan.demo_cell}
    existing = set(
        User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).values_list("username", flat=True)
    )
    created, skipped = [], []
    for account in DEMO_ACCOUNTS:
        if account.username in existing:
            skipped.append(account.username)
            continue
        person = demo_people[account.person_index] if account.person_index is not None else None
        name = person.full_name if person else full_name(rng, "male" if rng.random() < 0.6 else "female")
        user = User.objects.create_user(
            username=account.username,
            first_name=name,
            person=person,
            is_staff=account.superuser,
            is_superuser=account.superuser,
        )
        user.password = hashed
        user.save(update_fields=["password"])
        if account.role:
            organization = orgs[id(nodes[account.where])]
            RoleAssignment.objects.create(
                user=user, organization=organization, role=account.role, started_on=min(today, ROLE_START)
            )
        created.append(account.username)
    return created, skipped


def seed(*, scale: str, seed: int = DEFAULT_SEED, progress: Callable[[str], None] | None = None) -> SeedSummary:
    """Fill an empty database with the demo data of `scale`; the same `seed` gives the same data.

    Dates (births, admissions) count back from today, so probationary members stay probationary.
    """
    if scale not in SCALES:
        raise ValueError(f"Unknown scale {scale!r}; choose one of {', '.join(SCALES)}.")
    if not connection.features.can_return_rows_from_bulk_insert:
        raise RuntimeError("The demo seed needs a database that returns ids from bulk inserts (PostgreSQL, SQLite).")
    started = time.perf_counter()
    rng = random.Random(seed)
    today = timezone.localdate()
    plan = plan_tree(scale, rng)
    with transaction.atomic():
        if Organization.objects.exists():
            raise RuntimeError("The database already holds organisations; the demo seed fills an empty one only.")
        orgs = _create_tree(plan)
        if progress:
            progress(f"  units {len(orgs):,} ({len(plan.root.cells()):,} cells)")
        people, demo_people = _create_people(plan, orgs, rng, today, progress)
        created, skipped = _create_accounts(plan, orgs, demo_people, rng, today)
    return SeedSummary(
        scale=scale,
        organizations=len(orgs),
        cells=len(plan.root.cells()),
        people=people,
        officials=Person.objects.filter(kind=PersonKind.OFFICIAL).count(),
        probationary=Person.objects.filter(member_status="probationary").count(),
        accounts_created=created,
        accounts_skipped=skipped,
        seconds=time.perf_counter() - started,
    )
