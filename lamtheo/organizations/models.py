"""Organisation tree, people, their cell history and the roles held on nodes."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from treebeard.mp_tree import MP_Node

from lamtheo.core.text import fold


class OrganizationKind(models.TextChoices):
    PROVINCE = "province", _("Provincial/city party committee")
    DISTRICT = "district", _("District party committee (before 2025)")
    BASE = "base", _("Grassroots party committee")
    PARTIAL = "partial", _("Partial party committee")
    BASE_CELL = "base_cell", _("Grassroots party cell")
    CELL = "cell", _("Subordinate party cell")


CELL_KINDS = frozenset({OrganizationKind.BASE_CELL, OrganizationKind.CELL})


class Block(models.TextChoices):
    AGENCY = "agency", _("Agencies")
    COMMUNE = "commune", _("Communes and wards (rural)")
    ARMED_FORCES = "armed_forces", _("Armed forces")
    EDUCATION = "education", _("Education")
    ENTERPRISE = "enterprise", _("Enterprises")
    HEALTH = "health", _("Health")
    OTHER = "other", _("Other")


class Organization(MP_Node):
    """A node of the party tree, of any depth. Cells (chi bộ) are the leaves where members meet."""

    SCOPE_PATH: ClassVar[str] = "path"

    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    search_name = models.CharField(max_length=255, editable=False, db_index=True)
    block = models.CharField(_("block"), max_length=20, choices=Block.choices, default=Block.OTHER)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor: models.ForeignKey[Organization | None, Organization | None] = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )
    version: models.PositiveIntegerField[int, int] = models.PositiveIntegerField(default=1, editable=False)
    updated_at: models.DateTimeField[dt.datetime, dt.datetime] = models.DateTimeField(auto_now=True)

    node_order_by: ClassVar[list[str]] = ["code"]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(fields=["path"], name="org_path_like", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_name = fold(f"{self.name} {self.code}")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_cell(self) -> bool:
        return self.kind in CELL_KINDS

    def is_active_on(self, day: dt.date | None = None) -> bool:
        day = day or timezone.localdate()
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_to and day > self.valid_to)

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        """A member with no role still sees their own cell."""
        cell_id = getattr(getattr(user, "person", None), "cell_id", None)
        return Q(pk=cell_id) if cell_id else None


class PersonKind(models.TextChoices):
    MEMBER = "member", _("Party member")
    OFFICIAL = "official", _("Non-member official")


class MemberStatus(models.TextChoices):
    FULL = "full", _("Full member")
    PROBATIONARY = "probationary", _("Probationary member")


class YesNo(models.TextChoices):
    """A yes/no column of the Excel files (read by label in any language or by code)."""

    YES = "yes", pgettext_lazy("yes/no column", "Yes")
    NO = "no", pgettext_lazy("yes/no column", "No")


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Person(models.Model):
    """A party member or a non-member official. Belongs to exactly one current cell."""

    SCOPE_PATH: ClassVar[str] = "cell__path"

    full_name = models.CharField(_("full name"), max_length=150)
    search_name = models.CharField(max_length=150, editable=False, db_index=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=PersonKind.choices, default=PersonKind.MEMBER)
    member_status = models.CharField(_("member status"), max_length=15, choices=MemberStatus.choices, blank=True)
    admission_date = models.DateField(_("date of admission"), null=True, blank=True)
    full_membership_date = models.DateField(_("date of full membership"), null=True, blank=True)
    card_number = models.CharField(_("party card number"), max_length=20, unique=True, null=True, blank=True)
    staff_code = models.CharField(_("staff code"), max_length=30, unique=True, null=True, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    job = models.CharField(_("job"), max_length=150, blank=True)
    # "Cán bộ, công chức, viên chức": an attribute of the job, independent of party membership (the
    # reports count members and non-members who are civil servants together).
    civil_servant = models.BooleanField(
        _("cadre, civil servant or public employee"),
        default=False,
        help_text=_("Cán bộ, công chức, viên chức — whether or not a party member."),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    cell = models.ForeignKey(Organization, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="people")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["search_name", "pk"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_member(self) -> bool:
        return self.kind == PersonKind.MEMBER

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        person_id = getattr(user, "person_id", None)
        return Q(pk=person_id) if person_id else None


class Membership(models.Model):
    """One stay of a person in a cell; the open one matches Person.cell."""

    SCOPE_PATH: ClassVar[str] = "person__cell__path"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    cell = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="memberships")
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("cell membership")
        verbose_name_plural = _("cell memberships")
        ordering = ["person", "-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(ended_on__isnull=True), name="one_open_membership_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.cell}"

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        person_id = getattr(user, "person_id", None)
        return Q(person_id=person_id) if person_id else None


class PlaceKind(models.TextChoices):
    VILLAGE = "village", _("Village (thôn)")
    HAMLET = "hamlet", _("Hamlet (bản)")
    HOUSING = "housing", _("Residential group (tổ dân phố)")
    OTHER = "other", _("Other place (ấp, khu phố…)")


class Place(models.Model):
    """A village, hamlet or residential group of a commune: where classes are held, what the reviews
    count ("117/160 thôn, bản tổ chức học tập")."""

    SCOPE_PATH: ClassVar[str] = "organization__path"

    organization = models.ForeignKey(
        Organization, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="places"
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=10, choices=PlaceKind.choices, default=PlaceKind.VILLAGE)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("village or residential group")
        verbose_name_plural = _("villages and residential groups")
        ordering = ["organization__path", "name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="one_place_name_per_unit")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    CELL_COMMITTEE = "cell_committee", _("Cell committee member")
    COMMITTEE = "committee", _("Party committee member")
    ASSISTANT = "assistant", _("Assisting unit")
    INSPECTOR = "inspector", _("Inspector")
    JUDGE = "judge", _("Contest judge")
    ADMIN = "admin", _("Administrator")


class RoleAssignment(models.Model):
    """A role held by a user on a node; it reaches the node's whole subtree."""

    SCOPE_PATH: ClassVar[str] = "organization__path"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    started_on = models.DateField(_("from"), default=timezone.localdate)
    ended_on = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"],
                condition=Q(ended_on__isnull=True),
                name="one_open_role_per_user_node",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} – {self.organization}"

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return Q(user_id=user.pk) if getattr(user, "pk", None) else None
