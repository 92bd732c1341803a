"""Writes on directives, themes and ethical standards.

Every function is keyword-only and atomic, checks that the actor manages the campaign on the
issuing node (MANAGE_CAMPAIGN; the pages answer 404 before that), validates with Vietnamese
messages and leaves the audit trail to auditlog. Edits are optimistic-locked (`save_versioned`);
each save of a set of standards also stores an EthicalStandardVersion row.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from lamtheo.core.versioning import save_versioned
from lamtheo.organizations.models import Organization

from . import selectors
from .files import check_document, stored_name
from .models import Directive, DirectiveKind, EthicalStandard, EthicalStandardVersion, Theme, ThemeScope

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

MAX_ITEMS = 60
ITEM_LIMIT = 600
MAX_TERM_YEARS = 10


def _require_manage(user: User, organization: Organization) -> None:
    if not selectors.can_manage(user, organization):
        raise PermissionDenied


def _check_year(value: Any, field: str, errors: dict[str, list[str]]) -> None:
    if value is not None and not (selectors.MIN_YEAR <= int(value) <= selectors.MAX_YEAR):
        errors.setdefault(field, []).append(
            _("Enter a year between %(min)s and %(max)s.") % {"min": selectors.MIN_YEAR, "max": selectors.MAX_YEAR}
        )


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


# --- directives ----------------------------------------------------------------------------------

DIRECTIVE_FIELDS = ("kind", "number", "issued_on", "issuer", "title", "summary", "valid_from", "valid_to")


def _clean_directive(organization: Organization, fields: dict[str, Any], *, instance: Directive | None) -> None:
    errors: dict[str, list[str]] = {}
    for key in ("number", "issuer", "title", "summary"):
        fields[key] = " ".join(str(fields.get(key) or "").split()) if key != "summary" else str(fields.get(key) or "")
        fields[key] = fields[key].strip()
    if fields.get("kind") not in DirectiveKind.values:
        errors["kind"] = [_("Choose a kind of document from the list.")]
    for key, message in (
        ("number", _("Enter the document's number, e.g. 05-CT/TW.")),
        ("issuer", _("Enter who issued the document.")),
        ("title", _("Enter the document's title.")),
    ):
        if not fields[key]:
            errors.setdefault(key, []).append(message)
    issued_on = fields.get("issued_on")
    if not isinstance(issued_on, dt.date):
        errors["issued_on"] = [_("Enter the date the document was issued.")]
    valid_from, valid_to = fields.get("valid_from"), fields.get("valid_to")
    if valid_from and valid_to and valid_to < valid_from:
        errors["valid_to"] = [_("The end of validity must not be before its start.")]
    if fields["number"] and isinstance(issued_on, dt.date):
        # Compared in Python: SQLite's iexact folds ASCII only ("đu" vs "ĐU").
        same = Directive.objects.filter(organization=organization, issued_on__year=issued_on.year)
        if instance is not None:
            same = same.exclude(pk=instance.pk)
        wanted = fields["number"].casefold()
        if any(number.casefold() == wanted for number in same.values_list("number", flat=True)):
            errors.setdefault("number", []).append(
                _("This unit already recorded a document numbered %(number)s in %(year)s.")
                % {"number": fields["number"], "year": issued_on.year}
            )
    _raise(errors)


def _attach(directive: Directive, upload: UploadedFile | None) -> None:
    if upload is None:
        return
    try:
        check_document(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    directive.file.save(stored_name(directive.number, upload.name or ""), upload, save=False)


def _delete_file_later(name: str) -> None:
    if not name:
        return
    storage = Directive._meta.get_field("file").storage  # type: ignore[union-attr]
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def create_directive(
    *, organization: Organization, user: User, file: UploadedFile | None = None, **fields: Any
) -> Directive:
    """Record a guiding document on `organization` (it may have been issued higher up)."""
    _require_manage(user, organization)
    unknown = set(fields) - set(DIRECTIVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    _clean_directive(organization, fields, instance=None)
    directive = Directive(organization=organization, **fields)
    directive.full_clean(exclude=["file"])
    _attach(directive, file)
    directive.save()
    return directive


@transaction.atomic
def update_directive(
    directive: Directive,
    *,
    user: User,
    expected_version: int | None,
    file: UploadedFile | None = None,
    remove_file: bool = False,
    **fields: Any,
) -> Directive:
    """Change a directive; a new `file` replaces the old one, `remove_file` drops it."""
    _require_manage(user, directive.organization)
    unknown = set(fields) - set(DIRECTIVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    merged = {key: getattr(directive, key) for key in DIRECTIVE_FIELDS} | fields
    _clean_directive(directive.organization, merged, instance=directive)
    old_file = directive.file.name or ""
    for key, value in merged.items():
        setattr(directive, key, value)
    directive.full_clean(exclude=["file"])
    if file is not None:
        _attach(directive, file)
    elif remove_file:
        directive.file = None  # type: ignore[assignment]
    try:
        save_versioned(directive, expected_version=expected_version)
    except ValidationError:
        if file is not None and directive.file.name and directive.file.name != old_file:
            directive.file.storage.delete(directive.file.name)
            directive.file.name = old_file
        raise
    if old_file and old_file != (directive.file.name or ""):
        _delete_file_later(old_file)
    return directive


# --- themes --------------------------------------------------------------------------------------

THEME_FIELDS = ("scope", "title", "year_from", "year_to", "description", "directive")


def _clean_theme(organization: Organization, fields: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    fields["title"] = " ".join(str(fields.get("title") or "").split())
    fields["description"] = str(fields.get("description") or "").strip()
    if not fields["title"]:
        errors["title"] = [_("Enter the theme's title.")]
    scope = fields.get("scope")
    if scope not in ThemeScope.values:
        errors["scope"] = [_("Choose whether the theme is for a year or for the whole term.")]
    year_from, year_to = fields.get("year_from"), fields.get("year_to")
    if year_from is None:
        errors["year_from"] = [_("Enter the first year of the theme.")]
    if year_to is None and scope == ThemeScope.YEAR:
        fields["year_to"] = year_to = year_from
    elif year_to is None:
        errors["year_to"] = [_("Enter the last year of the term.")]
    _check_year(year_from, "year_from", errors)
    _check_year(year_to, "year_to", errors)
    if not errors and year_from is not None and year_to is not None:
        if year_to < year_from:
            errors["year_to"] = [_("The last year must not be before the first year.")]
        elif scope == ThemeScope.YEAR and year_to != year_from:
            errors["year_to"] = [
                _("A theme of the year covers one year. Choose “Theme of the whole term” for several years.")
            ]
        elif year_to - year_from >= MAX_TERM_YEARS:
            errors["year_to"] = [_("A term covers at most %(n)s years.") % {"n": MAX_TERM_YEARS}]
    directive = fields.get("directive")
    if directive is not None and not organization.path.startswith(directive.organization.path):
        errors["directive"] = [_("Choose a document recorded by this unit or a level above it.")]
    _raise(errors)


@transaction.atomic
def create_theme(*, organization: Organization, user: User, **fields: Any) -> Theme:
    """Set a theme (chuyên đề năm / toàn khóa) for `organization` and its subtree."""
    _require_manage(user, organization)
    fields = {"scope": ThemeScope.YEAR, "year_to": None, "description": "", "directive": None} | fields
    if set(fields) - set(THEME_FIELDS):
        raise TypeError(f"unknown fields: {sorted(set(fields) - set(THEME_FIELDS))}")
    _clean_theme(organization, fields)
    theme = Theme(organization=organization, **fields)
    theme.full_clean()
    theme.save()
    return theme


@transaction.atomic
def update_theme(theme: Theme, *, user: User, expected_version: int | None, **fields: Any) -> Theme:
    _require_manage(user, theme.organization)
    if set(fields) - set(THEME_FIELDS):
        raise TypeError(f"unknown fields: {sorted(set(fields) - set(THEME_FIELDS))}")
    merged = {key: getattr(theme, key) for key in THEME_FIELDS} | fields
    _clean_theme(theme.organization, merged)
    for key, value in merged.items():
        setattr(theme, key, value)
    theme.full_clean()
    save_versioned(theme, expected_version=expected_version)
    return theme


# --- ethical standards ---------------------------------------------------------------------------


def normalize_body(body: str) -> str:
    """One standard per line: trimmed, inner spaces collapsed, empty lines dropped."""
    return "\n".join(" ".join(line.split()) for line in str(body or "").splitlines() if line.strip())


def _clean_standard(organization: Organization, fields: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    fields["title"] = " ".join(str(fields.get("title") or "").split())
    fields["body"] = normalize_body(fields.get("body") or "")
    if not fields["title"]:
        errors["title"] = [_("Enter a title for the set of standards.")]
    items = fields["body"].splitlines()
    if not items:
        errors["body"] = [_("Write at least one standard, one per line.")]
    elif len(items) > MAX_ITEMS:
        errors["body"] = [_("Write at most %(max)s standards.") % {"max": MAX_ITEMS}]
    else:
        too_long = [n for n, line in enumerate(items, start=1) if len(line) > ITEM_LIMIT]
        if too_long:
            errors["body"] = [
                _("Line %(n)s is too long: keep each standard under %(max)s characters.")
                % {"n": too_long[0], "max": ITEM_LIMIT}
            ]
    year_from, year_to = fields.get("year_from"), fields.get("year_to")
    if year_from is None:
        errors["year_from"] = [_("Enter the first year the standards apply.")]
    _check_year(year_from, "year_from", errors)
    _check_year(year_to, "year_to", errors)
    if year_from is not None and year_to is not None and year_to < year_from and "year_to" not in errors:
        errors["year_to"] = [_("The last year must not be before the first year.")]
    if fields.get("is_model") and organization.is_cell:
        errors["is_model"] = [_("A party cell has no subordinate units to adapt a model.")]
    _raise(errors)


def _snapshot(standard: EthicalStandard, user: User) -> EthicalStandardVersion:
    return EthicalStandardVersion.objects.create(
        standard=standard, version=standard.version, title=standard.title, body=standard.body, saved_by=user
    )


@transaction.atomic
def create_standard(
    *,
    organization: Organization,
    user: User,
    title: str,
    body: str,
    year_from: int,
    year_to: int | None = None,
    is_model: bool = False,
) -> EthicalStandard:
    """A unit's own set of standards (or, with `is_model`, a model for the units below)."""
    _require_manage(user, organization)
    fields: dict[str, Any] = {
        "title": title,
        "body": body,
        "year_from": year_from,
        "year_to": year_to,
        "is_model": is_model,
    }
    _clean_standard(organization, fields)
    standard = EthicalStandard(organization=organization, **fields)
    standard.full_clean()
    standard.save()
    _snapshot(standard, user)
    return standard


@transaction.atomic
def update_standard(
    standard: EthicalStandard,
    *,
    user: User,
    expected_version: int | None,
    title: str,
    body: str,
    year_from: int,
    year_to: int | None,
) -> EthicalStandard:
    """Save a new version of the set (the previous ones stay in the history)."""
    _require_manage(user, standard.organization)
    fields: dict[str, Any] = {
        "title": title,
        "body": body,
        "year_from": year_from,
        "year_to": year_to,
        "is_model": standard.is_model,
    }
    _clean_standard(standard.organization, fields)
    for key, value in fields.items():
        setattr(standard, key, value)
    standard.full_clean()
    save_versioned(standard, expected_version=expected_version)
    _snapshot(standard, user)
    return standard


@transaction.atomic
def publish_standard(
    standard: EthicalStandard, *, user: User, expected_version: int | None, publish: bool = True
) -> EthicalStandard:
    """Publish the set as a model for lower levels to adapt (or withdraw it: copies keep their link)."""
    _require_manage(user, standard.organization)
    if publish and standard.organization.is_cell:
        raise ValidationError({"is_model": _("A party cell has no subordinate units to adapt a model.")})
    standard.is_model = publish
    save_versioned(standard, expected_version=expected_version)
    _snapshot(standard, user)
    return standard


@transaction.atomic
def adapt_standard(
    *,
    model: EthicalStandard,
    organization: Organization,
    user: User,
    title: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> EthicalStandard:
    """Copy a model set published above into `organization`, keeping the link and the model's version.

    The copy starts at version 1 with the model's text; the unit then edits it like its own.
    """
    _require_manage(user, organization)
    model = EthicalStandard.objects.select_for_update().select_related("organization").get(pk=model.pk)
    if not model.is_model:
        raise ValidationError(_("This set of standards is not published as a model."), code="not_model")
    if organization.pk == model.organization_id or not organization.path.startswith(model.organization.path):
        raise ValidationError(
            {"organization": _("Only a unit below %(unit)s can adapt its model.") % {"unit": model.organization}}
        )
    if not EthicalStandardVersion.objects.filter(standard=model, version=model.version).exists():
        _snapshot(model, user)  # a model saved outside the services: keep the version the copy cites
    if year_from is None:
        year_from = max(model.year_from, selectors.current_year())
        if model.year_to is not None:
            year_from = min(year_from, model.year_to)
        year_to = model.year_to
    fields: dict[str, Any] = {
        "title": title or model.title,
        "body": model.body,
        "year_from": year_from,
        "year_to": year_to,
        "is_model": False,
    }
    _clean_standard(organization, fields)
    copy = EthicalStandard(organization=organization, adapted_from=model, adapted_from_version=model.version, **fields)
    copy.full_clean()
    copy.save()
    _snapshot(copy, user)
    return copy
