"""Import of the organisation tree and of member rosters from Excel.

Every row is checked first, with the existing records fetched in bulk (a few queries whatever
the number of rows); only a file without any error is written, in one transaction, through
the services. A row that matches an existing record by its code (units), party card number
(members) or staff code (officials) updates it; a person whose cell changed is transferred,
which keeps their cell history. Everything touched or referenced must be inside the user's
subtree for the capability (MANAGE_TREE for units, MANAGE_PEOPLE for people).

This module holds what both imports share and the tree import; roster_import.py the rosters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from . import services
from .models import CELL_KINDS, Organization, Person
from .scoping import Capability, scope_roots
from .spreadsheet import (
    COLUMNS,
    ROSTER,
    TREE,
    Column,
    FormulaCell,
    Sheet,
    choice_lookup,
    code_value,
    export_value,
    find_sheet,
    is_blank,
    parse_choice,
    parse_date,
    phone_value,
    text_value,
)

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

M = TypeVar("M", bound=models.Model)
CHUNK = 500  # values per IN (…) lookup: well under SQLite's limit on query parameters


@dataclass
class RowError:
    row: int  # 0: the file as a whole
    column: str
    message: str


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    moved: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, *, created: bool = False, moved: bool = False, changed: bool = False) -> None:
        if created:
            self.created += 1
        elif moved:
            self.moved += 1
        elif changed:
            self.updated += 1
        else:
            self.unchanged += 1


class Rollback(Exception):
    """Leaves the write transaction when a service refuses a row."""


class Errors:
    """Row errors, named by the column titles of the file."""

    def __init__(self, columns: list[Column], result: ImportResult) -> None:
        self.titles = {c.key: str(c.title) for c in columns}
        self.result = result
        self.bad_rows: set[int] = set()
        self.keys: dict[int, set[str]] = {}

    def add(self, row: int, key: str, message: str) -> None:
        self.result.errors.append(RowError(row, self.titles.get(key, ""), message))
        self.bad_rows.add(row)
        self.keys.setdefault(row, set()).add(key)

    def keys_of(self, row: int) -> list[str]:
        """Columns of `row` that already have an error (not checked again)."""
        return sorted(self.keys.get(row, ()))

    def add_validation(self, row: int, exc: ValidationError, default_key: str, aliases: dict[str, str]) -> None:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                key = aliases.get(name, name if name in self.titles else default_key)
                for error in errors:
                    self.add(row, key, " ".join(error.messages))
        else:
            self.add(row, default_key, " ".join(exc.messages))


class Scope:
    """Whether a tree path lies inside the user's subtree for a capability (no query per check)."""

    def __init__(self, user: User, capability: Capability) -> None:
        self.everything = bool(user.is_superuser)
        self.roots = [] if self.everything else scope_roots(user, capability)

    def __contains__(self, path: object) -> bool:
        return self.everything or any(str(path).startswith(root) for root in self.roots)


def in_chunks(model: type[M], build: Callable[[list[str]], Q], values: Iterable[str], *related: str) -> list[M]:
    """Objects matching `values`, in bounded IN lookups (one query per CHUNK values)."""
    items = sorted(set(values))
    found: list[M] = []
    for start in range(0, len(items), CHUNK):
        qs = model._default_manager.filter(build(items[start : start + CHUNK]))
        found.extend(qs.select_related(*related) if related else qs)
    return found


Rows = list[tuple[int, dict[str, Any]]]


def _typed(column: Column, raw: Any, lookups: dict[str, dict[str, str]]) -> Any:
    if column.choices is not None:
        return parse_choice(raw, column.choices, lookups[column.key])
    if column.is_date:
        return parse_date(raw)
    if column.key == "phone":
        return phone_value(raw)
    if column.is_text_code:
        return code_value(raw)
    return text_value(raw)


def parse_rows(sheet: Sheet, columns: list[Column], errors: Errors) -> Rows:
    """Typed values per row (choice codes, dates) for the columns the file has.

    The template's example row is skipped, so a filled-in template may keep it.
    """
    present = [c for c in columns if c.key in sheet.positions]
    lookups = {c.key: choice_lookup(c.choices) for c in present if c.choices is not None}
    example = {c.key: text_value(export_value(c, c.example)) for c in present}
    rows: Rows = []
    for number, raw_row in sheet.rows:
        raws = {c.key: raw_row[i] if (i := sheet.positions[c.key]) < len(raw_row) else None for c in present}
        if all(text_value(raws[key]) == value for key, value in example.items()):
            continue
        errors.result.rows += 1
        values: dict[str, Any] = {}
        for column in present:
            raw = raws[column.key]
            if isinstance(raw, FormulaCell):
                values[column.key] = None if column.is_date else ""
                errors.add(
                    number,
                    column.key,
                    _(
                        "This cell holds a formula whose result is not saved in the file. Type the value itself, "
                        "or open the file in Excel and save it again."
                    ),
                )
                continue
            if is_blank(raw):
                values[column.key] = None if column.is_date else ""
                if column.required:
                    errors.add(number, column.key, _("This column is required; fill it in."))
                continue
            try:
                values[column.key] = _typed(column, raw, lookups)
            except ValueError as exc:
                values[column.key] = None
                errors.add(number, column.key, str(exc))
        rows.append((number, values))
    if not rows and not errors.result.errors:
        errors.add(0, "", _("The file has no rows to import below the header row."))
    return rows


def check_duplicates(rows: Rows, key: str, errors: Errors) -> None:
    seen: dict[str, int] = {}
    for number, values in rows:
        value = values.get(key)
        if not value:
            continue
        if value in seen:
            message = _("“%(value)s” is already on row %(row)s of this file; each may appear only once.")
            errors.add(number, key, message % {"value": value, "row": seen[value]})
        else:
            seen[value] = number


def check_fields(instance: models.Model, row: int, errors: Errors, exclude: list[str]) -> None:
    """The model's field rules (lengths, e-mail, choices), without touching the database."""
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as exc:
        errors.add_validation(row, exc, "", {})


def run_writes(result: ImportResult, errors: Errors, write: Callable[[], None]) -> None:
    """Run `write` in one transaction; a row refused by a service rolls everything back."""
    try:
        with transaction.atomic():
            write()
    except Rollback:
        pass
    except IntegrityError:
        errors.add(0, "", _("Another change was saved at the same time. Nothing was imported; upload the file again."))
    if result.errors:
        result.created = result.updated = result.moved = result.unchanged = 0


TREE_FIELDS = ("name", "kind", "block", "valid_from", "valid_to")
TREE_ALIASES = {"parent": "parent_code", "new_parent": "parent_code", "successor": "parent_code"}
TREE_EXCLUDE = ["path", "depth", "numchild", "search_name", "successor", "version"]


class TreeImport:
    """Units matched by code; a parent may be earlier or later in the file, or an existing unit."""

    def __init__(self, user: User, sheet: Sheet) -> None:
        self.sheet = sheet
        self.result = ImportResult()
        self.errors = Errors(COLUMNS[TREE], self.result)
        self.scope = Scope(user, Capability.MANAGE_TREE)
        self.file: dict[str, tuple[int, dict[str, Any]]] = {}  # code → its (first) row
        self.db: dict[str, Organization] = {}  # existing units named in the file, and their ancestors
        self.by_path: dict[str, Organization] = {}
        self.parent_of: dict[str, str | None] = {}  # code → parent code after the import
        self.depth: dict[str, int] = {}

    def run(self) -> ImportResult:
        rows = parse_rows(self.sheet, COLUMNS[TREE], self.errors)
        check_duplicates(rows, "code", self.errors)
        for number, values in rows:
            if values.get("code"):
                self.file.setdefault(values["code"], (number, values))
        self._load(rows)
        for code, (number, values) in self.file.items():
            self._check_row(code, number, values)
        self._check_tree()
        if not self.result.errors:
            run_writes(self.result, self.errors, self._write)
        return self.result

    def _load(self, rows: Rows) -> None:
        codes = set(self.file) | {v["parent_code"] for _, v in rows if v.get("parent_code")}
        named = in_chunks(Organization, lambda chunk: Q(code__in=chunk), codes)
        step = Organization.steplen
        paths = {org.path[: i * step] for org in named for i in range(1, org.depth)}
        for org in [*in_chunks(Organization, lambda chunk: Q(path__in=chunk), paths), *named]:
            self.by_path[org.path] = org
            self.db[org.code] = org

    def _db_parent(self, org: Organization) -> str | None:
        parent = self.by_path.get(org.path[: -Organization.steplen]) if org.depth > 1 else None
        return parent.code if parent is not None else None

    def _check_row(self, code: str, number: int, values: dict[str, Any]) -> None:
        node = self.db.get(code)
        if node is not None and node.path not in self.scope:
            message = _("The code “%(code)s” belongs to a unit outside your units; use another code.")
            self.errors.add(number, "code", message % {"code": code})
            return
        parent_code = values.get("parent_code") or ""
        if not parent_code:
            if node is not None:
                self.parent_of[code] = self._db_parent(node)
            elif self.scope.everything:
                self.parent_of[code] = None
            else:
                self.errors.add(number, "parent_code", _("Enter the code of the unit directly above this new unit."))
        elif parent_code == code:
            self.errors.add(number, "parent_code", _("A unit cannot be placed under itself."))
        elif parent_code in self.file or self._reachable(parent_code, node):
            self.parent_of[code] = parent_code
        else:
            message = _("No unit “%(code)s” was found within your units or in this file.")
            self.errors.add(number, "parent_code", message % {"code": parent_code})
        start, end = values.get("valid_from"), values.get("valid_to")
        if start and end and end < start:
            self.errors.add(number, "valid_to", _("The end date is before the start date."))
        exclude = [*TREE_EXCLUDE, *self.errors.keys_of(number)]
        check_fields(Organization(code=code, **self._fields(values)), number, self.errors, exclude)

    def _reachable(self, parent_code: str, node: Organization | None) -> bool:
        parent = self.db.get(parent_code)
        if parent is None:
            return False
        # Keeping a unit under its current parent touches nothing outside the user's units.
        return parent.path in self.scope or (node is not None and self._db_parent(node) == parent_code)

    @staticmethod
    def _fields(values: dict[str, Any]) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        for key in TREE_FIELDS:
            # An empty name or kind is a row error; an empty block keeps the unit's (Other if new).
            if key not in values or (key in ("name", "kind", "block") and not values[key]):
                continue
            fields[key] = values[key]
        return fields

    def _kind(self, code: str) -> str:
        row = self.file.get(code)
        if row is not None and row[1].get("kind"):
            return str(row[1]["kind"])
        org = self.db.get(code)
        return org.kind if org is not None else ""

    def _final_parent(self, code: str) -> str | None:
        if code in self.parent_of:
            return self.parent_of[code]
        org = self.db.get(code)
        return self._db_parent(org) if org is not None else None

    def _check_tree(self) -> None:
        """Cycles, depth after the import (parents are written first), and the rules of cells."""
        to_unit: list[int] = []  # cells becoming other units: they must have no members
        ending: list[int] = []  # cells given an end date: their members must move first
        for code, parent_code in self.parent_of.items():
            number, values = self.file[code]
            chain: list[str] = [code]
            parent = parent_code
            while parent is not None and parent not in chain:
                chain.append(parent)
                parent = self._final_parent(parent)
            if parent is not None:
                loop = " → ".join([*chain[chain.index(parent) :], parent])
                message = _("This would put the unit under itself (%(loop)s).")
                self.errors.add(number, "parent_code", message % {"loop": loop})
                continue
            self.depth[code] = len(chain)
            kind = values.get("kind") or ""
            if parent_code is not None and self._kind(parent_code) in CELL_KINDS:
                message = _("“%(code)s” is a party cell; a cell cannot have units under it.")
                self.errors.add(number, "parent_code", message % {"code": parent_code})
            if parent_code is None and kind in CELL_KINDS:
                self.errors.add(number, "kind", _("A party cell must belong to a higher unit."))
            node = self.db.get(code)
            if node is None:
                continue
            if kind in CELL_KINDS and node.numchild:
                self.errors.add(number, "kind", _("This unit has units under it, so it cannot become a party cell."))
            if kind and kind not in CELL_KINDS and node.kind in CELL_KINDS:
                to_unit.append(node.pk)
            if node.kind in CELL_KINDS and node.valid_to is None and values.get("valid_to"):
                ending.append(node.pk)
        self._check_members(to_unit, ending)

    def _check_members(self, to_unit: list[int], ending: list[int]) -> None:
        """One query for the cells that must be empty of members."""
        if not to_unit and not ending:
            return
        people = Person.objects.filter(cell_id__in=[*to_unit, *ending]).order_by()
        occupied = set(people.values_list("cell_id", flat=True).distinct())
        for node in self.db.values():
            if node.pk not in occupied:
                continue
            number = self.file[node.code][0]
            if node.pk in to_unit:
                self.errors.add(number, "kind", _("This unit has members; only a party cell can hold members."))
            if node.pk in ending:
                message = _(
                    "This party cell still has members. End it on its own page, which moves its members "
                    "to the cell that takes them over."
                )
                self.errors.add(number, "valid_to", message)

    def _write(self) -> None:
        objects = dict(self.db)
        for code in sorted(self.parent_of, key=lambda c: (self.depth[c], self.file[c][0])):
            number, values = self.file[code]
            parent_code = self.parent_of[code]
            parent = objects[parent_code] if parent_code else None
            fields = self._fields(values)
            try:
                node = self.db.get(code)
                if node is None:
                    objects[code] = services.create_organization(parent=parent, code=code, **fields)
                    self.result.count(created=True)
                    continue
                moved = parent is not None and parent_code != self._db_parent(node)
                changes = {k: v for k, v in fields.items() if getattr(node, k) != v}
                if moved or changes:
                    node.refresh_from_db()  # earlier rows may have shifted its path or child count
                if moved and parent is not None:
                    node = services.move_subtree(node, new_parent=parent)
                if changes:
                    services.update_organization(node, expected_version=None, **changes)
                objects[code] = node
                self.result.count(moved=moved, changed=bool(changes))
            except ValidationError as exc:
                self.errors.add_validation(number, exc, "code", TREE_ALIASES)
                raise Rollback from exc


def import_workbook(*, user: User, kind: str, workbook: Any) -> ImportResult:
    """Import the sheet of `kind` (TREE or ROSTER); FileError when no sheet fits."""
    sheet = find_sheet(workbook, kind)
    if kind == ROSTER:
        from .roster_import import RosterImport  # it builds on this module

        result = RosterImport(user, sheet).run()
    else:
        result = TreeImport(user, sheet).run()
    order = {str(c.title): i for i, c in enumerate(COLUMNS[kind])}
    result.errors.sort(key=lambda e: (e.row, order.get(e.column, -1)))
    return result
