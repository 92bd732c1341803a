"""Reads for the registration pages: a person's notebook, one registration, a cell's list.

Every read of user data goes through `visible_to`. One deliberate exception is documented at
`near_copy_pool`: the quality check compares an item with the other items of the same cell and
year, which the member may not read; only an anonymous flag reaches them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.campaigns.models import EthicalStandard, Theme
from lamtheo.organizations.models import Organization, Person, RoleAssignment
from lamtheo.organizations.scoping import ROLE_CAPABILITIES, Capability, visible_to
from lamtheo.organizations.selectors import reaches

from . import workflow
from .models import (
    Pledge,
    Registration,
    RegistrationEvent,
    RegistrationState,
    Shortcoming,
    ShortcomingStatus,
)
from .quality import NEAR_COPY, VAGUE_CODES, NearCopyIndex
from .quality.check import MESSAGES

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

FIRST_YEAR = 2006  # Chỉ thị 06-CT/TW started the campaign
EDITABLE_STATES = {RegistrationState.DRAFT, RegistrationState.RETURNED}
STEP = 4  # treebeard's steplen for Organization paths


# --- years ----------------------------------------------------------------------------------------


def this_year() -> int:
    return timezone.localdate().year


def valid_year(year: int) -> bool:
    return FIRST_YEAR <= year <= this_year() + 1


def year_from(value: Any) -> int:
    """The year asked for in ?year=, or this year when missing or not a sensible year."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return this_year()
    return year if valid_year(year) else this_year()


# --- who may do what ------------------------------------------------------------------------------


def roles_on(user: User, *, person: Person | None, organization: Organization) -> set[workflow.Role]:
    """The workflow roles `user` holds on a registration of `person` (or of the unit) in `organization`.

    No query: the user's role roots are cached for the request.
    """
    roles: set[workflow.Role] = set()
    if not getattr(user, "is_authenticated", False):
        return roles
    if person is not None:
        if getattr(user, "person_id", None) == person.pk:
            roles.add(workflow.Role.OWNER)
        elif reaches(user, organization, Capability.EVALUATE):
            roles.add(workflow.Role.PROXY)
    elif reaches(user, organization, Capability.REVIEW) or reaches(user, organization, Capability.EVALUATE):
        roles.add(workflow.Role.OWNER)  # a unit's committee writes the unit's collective registration
    if reaches(user, organization, Capability.REVIEW):
        roles.add(workflow.Role.REVIEWER)
    return roles


def can_see_copy_owners(user: User, organization: Organization) -> bool:
    """Whose item a near-copy resembles is for the cell committee only."""
    return reaches(user, organization, Capability.REVIEW)


def duty_of(person: Person | None) -> str:
    if person is None:
        return ""
    return " ".join(part for part in (person.position, person.job) if part).strip()


# --- quality advice -------------------------------------------------------------------------------

SHORT_LABELS = {
    "generic": gettext_lazy("Still general"),
    "not_measurable": gettext_lazy("Not measurable"),
    "too_short": gettext_lazy("Too short"),
    "not_tied_to_duty": gettext_lazy("Not tied to the duty"),
    NEAR_COPY: gettext_lazy("Like another item"),
}


@dataclass(frozen=True)
class Advice:
    code: str
    label: str
    message: str
    similar: str = ""  # for near copies: whose item it resembles, or an anonymous sentence

    @property
    def makes_vague(self) -> bool:
        return self.code in VAGUE_CODES


def advice_from(reasons: Iterable[dict[str, Any]], *, show_owner: bool) -> list[Advice]:
    """Readable advice from stored or fresh reasons; the near-copy owner only when `show_owner`."""
    found: list[Advice] = []
    for reason in reasons:
        code = str(reason.get("code", ""))
        if code not in MESSAGES:
            continue
        similar = ""
        if code == NEAR_COPY:
            data = reason.get("data") or {}
            if show_owner and data.get("owner"):
                similar = _("Similar to the item of %(owner)s: “%(text)s”") % {
                    "owner": data["owner"],
                    "text": str(data.get("text", ""))[:300],
                }
            else:
                similar = _("Similar to another registered item in the cell.")
        found.append(Advice(code, str(SHORT_LABELS.get(code, code)), str(MESSAGES[code]), similar))
    return found


def stored_reasons(reasons: Iterable[Any]) -> list[dict[str, Any]]:
    """What is kept on a Pledge: codes and data, never the message (it is translated when shown)."""
    kept: list[dict[str, Any]] = []
    for reason in reasons:
        entry: dict[str, Any] = {"code": reason.code}
        if reason.data:
            entry["data"] = reason.data
        kept.append(entry)
    return kept


def near_copy_pool(
    *, organization: Organization, year: int, exclude: Registration | None, person: Person | None
) -> NearCopyIndex:
    """The other current items of the same cell and year, labelled with their owner.

    Not scoped to the user on purpose: a member's item is compared with colleagues' items the
    member cannot read. The caller shows the owner only to the committee (`can_see_copy_owners`).
    """
    qs = Pledge.objects.filter(
        registration__organization=organization, registration__year=year, registration__is_current=True
    )
    if exclude is not None:
        qs = qs.exclude(registration=exclude)
    if person is not None:
        qs = qs.exclude(registration__person=person)
    rows = qs.values_list("registration__person__full_name", "registration__organization__name", "text")
    return NearCopyIndex((owner or unit, text) for owner, unit, text in rows)


# --- choices for the item form --------------------------------------------------------------------


def ancestor_paths(path: str) -> list[str]:
    return [path[:i] for i in range(STEP, len(path) + 1, STEP)]


def theme_choices(user: User, organization: Organization, year: int) -> QuerySet[Theme]:
    """Themes set by the unit or a level above it that cover `year`."""
    qs = Theme.objects.filter(
        organization__path__in=ancestor_paths(organization.path), year_from__lte=year, year_to__gte=year
    )
    return visible_to(qs, user).order_by("-year_from", "title")


def standard_choices(user: User, organization: Organization, year: int) -> QuerySet[EthicalStandard]:
    qs = EthicalStandard.objects.filter(organization__path__in=ancestor_paths(organization.path), year_from__lte=year)
    qs = qs.filter(Q(year_to__isnull=True) | Q(year_to__gte=year))
    return visible_to(qs, user).order_by("-organization__depth", "title")


def shortcoming_choices(user: User, person: Person | None, keep: Iterable[int] = ()) -> QuerySet[Shortcoming]:
    """The person's shortcomings still to remedy, and any already linked (`keep`)."""
    if person is None:
        return Shortcoming.objects.none()
    qs = Shortcoming.objects.filter(person=person).filter(~Q(status=ShortcomingStatus.REMEDIED) | Q(pk__in=list(keep)))
    return visible_to(qs, user).order_by("-year", "pk")


# --- registrations --------------------------------------------------------------------------------


def current_registration(*, person: Person | None, organization: Organization | None, year: int) -> Registration | None:
    """The current version for a person (or a unit's collective one), unscoped: callers check roles."""
    qs = Registration.objects.select_related("organization", "person")
    owner = Q(person=person) if person is not None else Q(person__isnull=True, organization=organization)
    return qs.filter(owner, year=year, is_current=True).first()


def display_name(user: Any) -> str:
    if user is None:
        return ""
    person = getattr(user, "person", None) if getattr(user, "person_id", None) else None
    if person is not None:
        return str(person.full_name)
    return str(user.get_full_name() or user.username)


@dataclass
class RegistrationView:
    """One registration version with what the page needs (all read in a bounded number of queries)."""

    registration: Registration
    pledges: list[Pledge]
    events: list[RegistrationEvent]
    proxies: list[str]  # "Bí thư Lê Văn Thư", who entered on the member's behalf
    roles: set[workflow.Role]
    actions: set[workflow.Action]
    show_owner: bool
    versions: list[Registration] = field(default_factory=list)

    @property
    def editable(self) -> bool:
        return workflow.Action.SAVE in self.actions

    @property
    def vague_count(self) -> int:
        return sum(1 for p in self.pledges if p.verdict == "vague")

    @property
    def too_many(self) -> bool:
        return len(self.pledges) > WARN_ITEMS

    @property
    def reviewer(self) -> str:
        return display_name(self.registration.reviewed_by)

    @property
    def newer(self) -> Registration | None:
        return next((v for v in self.versions if v.number > self.registration.number and v.is_current), None)


WARN_ITEMS = 5
MAX_ITEMS = 20


def _proxy_labels(events: list[RegistrationEvent], organization: Organization) -> list[str]:
    """Who entered on the member's behalf, with their role in the unit ("Bí thư Lê Văn Thư")."""
    actors: dict[int, Any] = {}
    for event in events:
        if event.on_behalf and event.actor_id and event.actor_id not in actors:
            actors[event.actor_id] = event.actor
    if not actors:
        return []
    writing_roles = [role for role, caps in ROLE_CAPABILITIES.items() if Capability.EVALUATE in caps]
    today = timezone.localdate()
    titles: dict[int, str] = {}
    assignments = (
        RoleAssignment.objects.filter(
            user_id__in=list(actors),
            role__in=writing_roles,
            organization__path__in=ancestor_paths(organization.path),
            started_on__lte=today,
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .order_by("-organization__depth")
    )
    for assignment in assignments:
        titles.setdefault(assignment.user_id, str(assignment.get_role_display()))
    labels = []
    for actor_id, actor in actors.items():
        name = display_name(actor)
        labels.append(f"{titles[actor_id]} {name}" if actor_id in titles else name)
    return labels


def registration_view(
    user: User, registration: Registration, *, versions: list[Registration] | None = None
) -> RegistrationView:
    pledges = list(registration.pledges.select_related("theme", "standard", "shortcoming").order_by("position", "pk"))
    events = list(registration.events.select_related("actor__person").order_by("at", "pk"))
    show_owner = can_see_copy_owners(user, registration.organization)
    for pledge in pledges:
        pledge.advice = advice_from(pledge.reasons or [], show_owner=show_owner)  # type: ignore[attr-defined]
    for event in events:
        event.actor_name = display_name(event.actor)  # type: ignore[attr-defined]
    roles = roles_on(user, person=registration.person, organization=registration.organization)
    actions = workflow.available_actions(registration.state, roles) if registration.is_current else set()
    if versions is None:
        versions = version_list(user, registration)
    return RegistrationView(
        registration=registration,
        pledges=pledges,
        events=events,
        proxies=_proxy_labels(events, registration.organization),
        roles=roles,
        actions=actions,
        show_owner=show_owner,
        versions=versions,
    )


def version_list(user: User, registration: Registration) -> list[Registration]:
    """Every version of the same registration (same owner and year) the user may read, newest first."""
    qs = Registration.objects.filter(year=registration.year)
    if registration.person_id:
        qs = qs.filter(person_id=registration.person_id)
    else:
        qs = qs.filter(person__isnull=True, organization_id=registration.organization_id)
    return list(visible_to(qs, user).order_by("-number"))


# --- a person's notebook --------------------------------------------------------------------------


@dataclass
class Notebook:
    person: Person
    year: int
    years: list[int]
    current: RegistrationView | None
    shortcomings: list[Shortcoming]
    roles: set[workflow.Role]
    can_add_shortcoming: bool

    @property
    def can_start(self) -> bool:
        return self.current is None and bool(self.roles & workflow.WRITERS)

    @property
    def is_proxy(self) -> bool:
        return workflow.Role.OWNER not in self.roles and workflow.Role.PROXY in self.roles


def notebook(user: User, person: Person, year: int) -> Notebook:
    """The person's registration for `year` (current version), history, versions and shortcomings.

    `person` comes from a scoped lookup, with its cell loaded.
    """
    regs = visible_to(Registration.objects.filter(person=person), user)
    years = sorted({*regs.order_by().values_list("year", flat=True).distinct(), this_year(), year}, reverse=True)
    versions = list(
        regs.filter(year=year)
        .select_related("organization", "person", "entered_by__person", "reviewed_by__person")
        .order_by("-number")
    )
    current = next((v for v in versions if v.is_current), None)
    view = registration_view(user, current, versions=versions) if current is not None else None
    shortcomings = list(
        visible_to(Shortcoming.objects.filter(person=person), user)
        .filter(Q(year=year) | (Q(year__lt=year) & ~Q(status=ShortcomingStatus.REMEDIED)))
        .select_related("recorded_by")
        .order_by("status", "-year", "pk")
    )
    organization = current.organization if current is not None else person.cell
    roles = roles_on(user, person=person, organization=organization)
    return Notebook(
        person=person,
        year=year,
        years=years,
        current=view,
        shortcomings=shortcomings,
        roles=roles,
        can_add_shortcoming=can_record_shortcoming(user, person),
    )


# --- shortcomings ---------------------------------------------------------------------------------


def can_record_shortcoming(user: User, person: Person) -> bool:
    """The member records their own (from self-criticism); the cell committee records any."""
    return getattr(user, "person_id", None) == person.pk or reaches(user, person.cell, Capability.REVIEW)


def is_committee_for(user: User, person: Person) -> bool:
    return reaches(user, person.cell, Capability.REVIEW)


def shortcoming_rights(user: User, shortcoming: Shortcoming) -> tuple[bool, bool]:
    """(may change the status and remedy note, may change the wording and source)."""
    committee = reaches(user, shortcoming.person.cell, Capability.REVIEW)
    own = getattr(user, "person_id", None) == shortcoming.person_id
    own_wording = own and shortcoming.recorded_by_id == user.pk
    return committee or own, committee or own_wording


def shortcomings_of(user: User, person: Person) -> list[Shortcoming]:
    qs = visible_to(Shortcoming.objects.filter(person=person), user)
    return list(qs.select_related("recorded_by__person").order_by("status", "-year", "pk"))


# --- a cell's registrations -----------------------------------------------------------------------


@dataclass
class CellRow:
    person: Person | None
    registration: Registration | None
    items: int = 0
    vague: int = 0
    copied: int = 0

    @property
    def state(self) -> str:
        return self.registration.state if self.registration is not None else ""


@dataclass
class CellList:
    organization: Organization
    year: int
    rows: list[CellRow]
    collective: CellRow
    counts: dict[str, int]
    can_review: bool
    can_proxy: bool
    can_collective: bool


def cell_registrations(user: User, organization: Organization, year: int, state: str = "") -> CellList:
    """Each member of the cell with their current registration for `year`, flags counted per item.

    Three queries whatever the size of the cell: people, registrations, items.
    """
    people = list(visible_to(Person.objects.filter(cell=organization), user).order_by("search_name", "pk"))
    regs = list(
        visible_to(Registration.objects.filter(year=year, is_current=True), user)
        .filter(Q(organization=organization) | Q(person__cell=organization))
        .order_by("pk")
    )
    by_person: dict[int | None, Registration] = {}
    collective: Registration | None = None
    for reg in regs:
        if reg.person_id is None:
            if reg.organization_id == organization.pk:
                collective = reg
        else:
            by_person[reg.person_id] = reg
    flags: dict[int, list[int]] = {reg.pk: [0, 0, 0] for reg in regs}
    for reg_id, verdict, reasons in Pledge.objects.filter(registration_id__in=list(flags)).values_list(
        "registration_id", "verdict", "reasons"
    ):
        counter = flags[reg_id]
        counter[0] += 1
        counter[1] += verdict == "vague"
        counter[2] += any(isinstance(r, dict) and r.get("code") == NEAR_COPY for r in reasons or [])

    def row(person: Person | None, reg: Registration | None) -> CellRow:
        items, vague, copied = flags.get(reg.pk, [0, 0, 0]) if reg is not None else (0, 0, 0)
        return CellRow(person, reg, items, vague, copied)

    rows = [row(p, by_person.get(p.pk)) for p in people]
    counts = {"all": len(rows), "none": sum(1 for r in rows if r.registration is None)}
    for value in RegistrationState.values:
        counts[value] = sum(1 for r in rows if r.state == value)
    if state == "none":
        rows = [r for r in rows if r.registration is None]
    elif state in RegistrationState.values:
        rows = [r for r in rows if r.state == state]
    return CellList(
        organization=organization,
        year=year,
        rows=rows,
        collective=row(None, collective),
        counts=counts,
        can_review=reaches(user, organization, Capability.REVIEW),
        can_proxy=reaches(user, organization, Capability.EVALUATE),
        can_collective=reaches(user, organization, Capability.REVIEW)
        or reaches(user, organization, Capability.EVALUATE),
    )


def review_cells(user: User) -> list[Organization]:
    """The units where the user reviews registrations (for links on the notebook page)."""
    from lamtheo.organizations.scoping import active_assignments

    found: list[Organization] = []
    for assignment in active_assignments(user):
        reviews = Capability.REVIEW in ROLE_CAPABILITIES.get(assignment.role, frozenset())
        if reviews and assignment.organization not in found:
            found.append(assignment.organization)
    return found


def deadline_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
