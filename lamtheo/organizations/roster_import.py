"""Import of member rosters: members matched by party card number, officials by staff code.

Existing people and the cells named in the file are fetched in a few bulk queries; rows that
change nothing cost no query at all. See importers.py for what both imports share.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import services
from .importers import (
    Errors,
    ImportResult,
    Rollback,
    Rows,
    Scope,
    check_duplicates,
    check_fields,
    in_chunks,
    parse_rows,
    run_writes,
)
from .models import CELL_KINDS, Organization, Person, PersonKind, YesNo
from .scoping import Capability
from .spreadsheet import COLUMNS, ROSTER, Sheet

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

PERSON_FIELDS = (
    "card_number",
    "staff_code",
    "full_name",
    "gender",
    "birth_date",
    "kind",
    "member_status",
    "admission_date",
    "full_membership_date",
    "position",
    "job",
    "civil_servant",
    "phone",
    "email",
)
PERSON_EXCLUDE = ["cell", "search_name", "version", "created_at", "updated_at"]


def _same(old: Any, new: Any) -> bool:
    return (old or None) == (new or None)  # "" and None mean the same empty value


class RosterImport:
    def __init__(self, user: User, sheet: Sheet) -> None:
        self.sheet = sheet
        self.result = ImportResult()
        self.errors = Errors(COLUMNS[ROSTER], self.result)
        self.scope = Scope(user, Capability.MANAGE_PEOPLE)
        self.cells: dict[str, Organization] = {}
        self.by_card: dict[str, Person] = {}
        self.by_staff: dict[str, Person] = {}
        self.plan: list[tuple[int, Person | None, Organization, dict[str, Any], dt.date | None]] = []

    def run(self) -> ImportResult:
        rows = parse_rows(self.sheet, COLUMNS[ROSTER], self.errors)
        for number, values in rows:
            self._settle_kind(number, values)
        check_duplicates(rows, "card_number", self.errors)
        check_duplicates(rows, "staff_code", self.errors)
        self._load(rows)
        today = timezone.localdate()
        for number, values in rows:
            self._check_row(number, values, today)
        if not self.result.errors:
            run_writes(self.result, self.errors, self._write)
        return self.result

    def _settle_kind(self, number: int, values: dict[str, Any]) -> None:
        """An empty kind means a member when a card number is given; each kind needs its key."""
        card, staff = values.get("card_number"), values.get("staff_code")
        if not values.get("kind"):
            if values.get("kind") is None and "kind" in values:
                return  # the kind itself was unreadable; its error is listed already
            values["kind"] = PersonKind.MEMBER if card or not staff else PersonKind.OFFICIAL
        if values["kind"] == PersonKind.MEMBER and not card:
            self.errors.add(number, "card_number", _("A party member needs a party card number."))
        elif values["kind"] == PersonKind.OFFICIAL:
            if not staff:
                self.errors.add(number, "staff_code", _("A non-member official needs a staff code."))
            if card:
                message = _("A non-member official has no party card: leave it empty or choose “%(kind)s”.")
                self.errors.add(number, "card_number", message % {"kind": PersonKind.MEMBER.label})
            values["member_status"] = ""

    def _load(self, rows: Rows) -> None:
        cards = {v["card_number"] for _, v in rows if v.get("card_number")}
        staff = {v["staff_code"] for _, v in rows if v.get("staff_code")}
        for person in [
            *in_chunks(Person, lambda chunk: Q(card_number__in=chunk), cards, "cell"),
            *in_chunks(Person, lambda chunk: Q(staff_code__in=chunk), staff, "cell"),
        ]:
            if person.card_number:
                self.by_card[person.card_number] = person
            if person.staff_code:
                self.by_staff[person.staff_code] = person
        codes = {v["cell_code"] for _, v in rows if v.get("cell_code")}
        self.cells = {o.code: o for o in in_chunks(Organization, lambda chunk: Q(code__in=chunk), codes)}

    def _check_row(self, number: int, values: dict[str, Any], today: dt.date) -> None:
        """Every check of the row, so that all its mistakes are listed at once."""
        cell = self._cell(number, values.get("cell_code") or "", today)
        ok, person = self._match(number, values)
        admitted, full = values.get("admission_date"), values.get("full_membership_date")
        born = values.get("birth_date")
        if born and born > today:
            self.errors.add(number, "birth_date", _("The date of birth is in the future."))
        if admitted and admitted > today:
            self.errors.add(number, "admission_date", _("The date of admission is in the future."))
        if born and admitted and admitted <= born:
            self.errors.add(number, "admission_date", _("The date of admission is before the date of birth."))
        if admitted and full and full < admitted:
            self.errors.add(number, "full_membership_date", _("The date of full membership is before admission."))
        since = values.get("started_on")
        if since and since > today:
            self.errors.add(number, "started_on", _("The date of joining the cell cannot be in the future."))
        if "civil_servant" in values:
            values["civil_servant"] = values["civil_servant"] == YesNo.YES
        fields = {key: values[key] for key in PERSON_FIELDS if key in values}
        candidate = Person(**{**fields, "card_number": fields.get("card_number") or None})
        check_fields(candidate, number, self.errors, [*PERSON_EXCLUDE, *self.errors.keys_of(number)])
        if cell is not None and ok and number not in self.errors.bad_rows:
            self.plan.append((number, person, cell, fields, since))

    def _cell(self, number: int, code: str, today: dt.date) -> Organization | None:
        if not code:
            return None  # the empty required column is reported already
        cell = self.cells.get(code)
        if cell is None or cell.path not in self.scope:
            message = _("No party cell “%(code)s” was found within your units.")
            self.errors.add(number, "cell_code", message % {"code": code})
        elif cell.kind not in CELL_KINDS:
            message = _("“%(code)s” is a %(kind)s, not a party cell; people belong to a party cell (chi bộ).")
            self.errors.add(number, "cell_code", message % {"code": code, "kind": cell.get_kind_display()})
        elif not cell.is_active_on(today):
            message = _("The party cell “%(code)s” has ended; put the person in a current cell.")
            self.errors.add(number, "cell_code", message % {"code": code})
        else:
            return cell
        return None

    def _match(self, number: int, values: dict[str, Any]) -> tuple[bool, Person | None]:
        """Whether the row may proceed, and its existing person (None for a new one)."""
        card, staff = values.get("card_number"), values.get("staff_code")
        by_card = self.by_card.get(card) if card else None
        by_staff = self.by_staff.get(staff) if staff else None
        if by_card and by_staff and by_card.pk != by_staff.pk:
            self.errors.add(number, "staff_code", _("This staff code already belongs to another person."))
            return False, None
        person = by_card or by_staff
        if person is not None and person.cell.path not in self.scope:
            key, value = ("card_number", card) if by_card else ("staff_code", staff)
            message = _("“%(value)s” belongs to a person outside your units; their own unit must transfer them first.")
            self.errors.add(number, key, message % {"value": value})
            return False, None
        return True, person

    def _write(self) -> None:
        reason = _("Moved by an Excel import")
        for number, person, cell, fields, since in self.plan:
            try:
                if person is None:
                    services.create_person(cell=cell, started_on=since, **fields)
                    self.result.count(created=True)
                    continue
                moved = person.cell_id != cell.pk
                if moved:
                    services.transfer_person(person, to_cell=cell, on=since, reason=reason)
                elif since is not None:
                    services.set_membership_start(person, since)
                changes = {k: v for k, v in fields.items() if not _same(getattr(person, k), v)}
                if changes:
                    services.update_person(person, expected_version=None, **changes)
                self.result.count(moved=moved, changed=bool(changes))
            except ValidationError as exc:
                self.errors.add_validation(number, exc, "full_name", {"cell": "cell_code"})
                raise Rollback from exc
