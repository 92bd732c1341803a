"""Writes on the tree and the rosters. Each function is atomic; auditlog records the changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lamtheo.core.versioning import save_versioned

from .models import CELL_KINDS, Membership, Organization, Person, PersonKind


def _check_parent(kind: str, parent: Organization | None) -> None:
    if parent is not None and parent.is_cell:
        raise ValidationError({"parent": _("A party cell cannot have subordinate units.")})
    if parent is None and kind in CELL_KINDS:
        raise ValidationError({"parent": _("A party cell must belong to a higher unit.")})


@transaction.atomic
def create_organization(*, parent: Organization | None, **fields: Any) -> Organization:
    _check_parent(fields.get("kind", ""), parent)
    if parent is None:
        return Organization.add_root(**fields)
    parent.refresh_from_db()  # treebeard needs the current numchild
    return parent.add_child(**fields)


@transaction.atomic
def update_organization(org: Organization, *, expected_version: int | None, **fields: Any) -> Organization:
    new_kind = fields.get("kind", org.kind)
    if new_kind in CELL_KINDS and org.get_children_count():
        raise ValidationError({"kind": _("A unit with subordinate units cannot become a party cell.")})
    if new_kind not in CELL_KINDS and org.people.exists():
        raise ValidationError({"kind": _("This unit has members; only a party cell can hold members.")})
    for key, value in fields.items():
        setattr(org, key, value)
    save_versioned(org, expected_version=expected_version)
    return org


@transaction.atomic
def move_subtree(org: Organization, *, new_parent: Organization) -> Organization:
    """Move `org` with everything under it below `new_parent`."""
    org.refresh_from_db()
    new_parent.refresh_from_db()
    if new_parent.pk == org.pk or new_parent.path.startswith(org.path):
        raise ValidationError({"new_parent": _("A unit cannot be moved under itself or its own subordinate units.")})
    _check_parent(org.kind, new_parent)
    org.move(new_parent, pos="sorted-child")
    org.refresh_from_db()
    return org


@transaction.atomic
def end_organization(org: Organization, *, on: dt.date, successor: Organization | None = None) -> int:
    """Close a node (e.g. a 2025 merge); its members move to `successor`. Returns people moved."""
    org.refresh_from_db()
    if org.is_cell and org.people.exists() and (successor is None or not successor.is_cell):
        raise ValidationError({"successor": _("Choose the party cell that takes over this cell's members.")})
    if successor is not None and successor.pk == org.pk:
        raise ValidationError({"successor": _("A unit cannot be its own successor.")})
    moved = 0
    if successor is not None and org.is_cell:
        for person in list(org.people.all()):
            reason = _("Unit merged into %(name)s") % {"name": successor.name}
            transfer_person(person, to_cell=successor, on=on, reason=reason)
            moved += 1
    org.valid_to = on
    org.successor = successor
    org.save()
    return moved


def _check_cell(cell: Organization) -> None:
    if not cell.is_cell:
        raise ValidationError({"cell": _("People can only belong to a party cell.")})
    if not cell.is_active_on():
        raise ValidationError({"cell": _("This party cell has ended; choose a current one.")})


def _clean_person(fields: dict[str, Any]) -> None:
    for key in ("card_number", "staff_code"):
        if key in fields and not fields[key]:
            fields[key] = None
    if fields.get("kind", PersonKind.MEMBER) != PersonKind.MEMBER:
        fields["member_status"] = ""


@transaction.atomic
def create_person(*, cell: Organization, started_on: dt.date | None = None, **fields: Any) -> Person:
    _check_cell(cell)
    _clean_person(fields)
    person = Person(cell=cell, **fields)
    person.full_clean()
    person.save()
    Membership.objects.create(person=person, cell=cell, started_on=started_on or default_start(person))
    return person


def default_start(person: Person) -> dt.date:
    """When nothing is said, a member has been in the cell since admission; anyone else since today."""
    if person.kind == PersonKind.MEMBER and person.admission_date:
        return person.admission_date
    return timezone.localdate()


def set_membership_start(person: Person, started_on: dt.date) -> None:
    """Back-date (or correct) the start of the person's current cell membership; history stays ordered."""
    current = Membership.objects.select_for_update().filter(person=person, ended_on__isnull=True).first()
    if current is None or current.started_on == started_on:
        return
    earlier_end = (
        Membership.objects.filter(person=person, ended_on__isnull=False)
        .exclude(pk=current.pk)
        .order_by("-ended_on")
        .values_list("ended_on", flat=True)
        .first()
    )
    if earlier_end is not None and started_on < earlier_end:
        raise ValidationError(
            {
                "started_on": _("The person left the previous cell on %(day)s; the start cannot be earlier.")
                % {"day": earlier_end.strftime("%d/%m/%Y")}
            }
        )
    current.started_on = started_on
    current.save(update_fields=["started_on"])


@transaction.atomic
def update_person(person: Person, *, expected_version: int | None, **fields: Any) -> Person:
    fields.pop("cell", None)  # moving between cells goes through transfer_person
    started_on = fields.pop("started_on", None)
    if started_on is not None:
        set_membership_start(person, started_on)
    _clean_person(fields)
    for key, value in fields.items():
        setattr(person, key, value)
    person.full_clean()
    save_versioned(person, expected_version=expected_version)
    return person


@transaction.atomic
def transfer_person(person: Person, *, to_cell: Organization, on: dt.date | None = None, reason: str = "") -> Person:
    """Move a person to another cell, closing the current membership (history kept)."""
    on = on or timezone.localdate()
    _check_cell(to_cell)
    if person.cell_id == to_cell.pk:
        return person
    Membership.objects.filter(person=person, ended_on__isnull=True).update(ended_on=on)
    Membership.objects.create(person=person, cell=to_cell, started_on=on, reason=reason)
    person.cell = to_cell
    person.version += 1
    person.save()
    return person


# --- places (thôn, bản, tổ dân phố) ----------------------------------------------------------------


@transaction.atomic
def import_places(rows: list[dict[str, Any]]) -> tuple[int, list[str]]:
    """Create or update the places of the communes named by code: each row has "unit_code", "name"
    and an optional "kind" (a PlaceKind value or label). All or nothing: (count, []) or (0, errors)."""
    from django.utils.translation import gettext as gettext_now

    from .models import Place, PlaceKind

    labels = {value: value for value in PlaceKind.values}
    for language in ("vi", "en"):  # a kind is read by its label in either language, or by code
        with translation.override(language):
            labels.update({str(label).casefold(): value for value, label in PlaceKind.choices})
    codes = {str(r.get("unit_code") or "").strip() for r in rows}
    units = {o.code: o for o in Organization.objects.filter(code__in=codes)}
    errors: list[str] = []
    plan = []
    for number, row in enumerate(rows, start=2):
        code, name = str(row.get("unit_code") or "").strip(), " ".join(str(row.get("name") or "").split())
        kind_text = str(row.get("kind") or "").strip().casefold()
        unit = units.get(code)
        if unit is None:
            errors.append(gettext_now("Row %(row)s: no unit with the code “%(code)s”.") % {"row": number, "code": code})
            continue
        if unit.is_cell:
            errors.append(
                gettext_now("Row %(row)s: “%(code)s” is a party cell; places belong to a commune.")
                % {"row": number, "code": code}
            )
            continue
        if not name:
            errors.append(gettext_now("Row %(row)s: the name of the place is empty.") % {"row": number})
            continue
        kind = labels.get(kind_text, PlaceKind.VILLAGE if not kind_text else None)
        if kind is None:
            errors.append(
                gettext_now("Row %(row)s: “%(value)s” is not a kind of place.") % {"row": number, "value": row["kind"]}
            )
            continue
        plan.append((unit, name[:150], kind))
    if errors:
        return 0, errors
    for unit, name, kind in plan:
        Place.objects.update_or_create(organization=unit, name=name, defaults={"kind": kind})
    return len(plan), []
