"""Reads of the audit trail (django-auditlog), scoped to the reader's subtree.

An entry is shown when its object is reachable with VIEW_AUDIT: for each audited model the
allowed ids are a `visible_to` subquery, so the page costs the same few queries whatever
the size of the log. Entries of deleted objects are therefore visible to superusers only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.organizations.scoping import Capability, has_capability, visible_to

if TYPE_CHECKING:
    from .models import User

# Bookkeeping columns that change on every save and mean nothing to a reader.
HIDDEN_FIELDS = frozenset({"search_name", "version", "updated_at", "created_at", "path", "depth", "numchild"})
OBJECT_URLS = {
    "organizations.organization": "organizations:detail",
    "organizations.person": "organizations:person",
    "accounts.user": "organizations:account",
}

# Fields and models declared without a verbose name (their default English name would show):
# named here, so the trail reads in Vietnamese without a migration of those apps.
FIELD_LABELS = {
    "cell": gettext_lazy("cell"),
    "created_at": gettext_lazy("created at"),
    "created_by": gettext_lazy("created by"),
    "email": gettext_lazy("email"),
    "entered_by": gettext_lazy("entered by"),
    "file_name": gettext_lazy("file name"),
    "meeting": gettext_lazy("meeting"),
    "organization": gettext_lazy("unit"),
    "person": gettext_lazy("person"),
    "pledge": gettext_lazy("pledge"),
    "position": gettext_lazy("position in the text"),
    "recorded_at": gettext_lazy("recorded at"),
    "recorded_by": gettext_lazy("recorded by"),
    "registration": gettext_lazy("registration"),
    "report": gettext_lazy("report"),
    "session": gettext_lazy("class"),
    "size": gettext_lazy("size (bytes)"),
    "submitted_at": gettext_lazy("submitted at"),
    "updated_at": gettext_lazy("updated at"),
    "uploaded_at": gettext_lazy("uploaded at"),
    "uploaded_by": gettext_lazy("uploaded by"),
    "user": gettext_lazy("account"),
}
MODEL_LABELS = {
    "notebook.selfreportitem": (gettext_lazy("self-report item"), gettext_lazy("self-report items")),
}


def field_label(model: type[Model] | None, name: str) -> str:
    field = _field(model, name)
    verbose = getattr(field, "verbose_name", None)
    if verbose is None or str(verbose) == name.replace("_", " "):
        verbose = FIELD_LABELS.get(name, verbose or name)
    return str(verbose).capitalize()


def model_label(model: type[Model], *, plural: bool = False) -> str:
    fallback = MODEL_LABELS.get(model._meta.label_lower)
    if fallback:
        return str(fallback[plural]).capitalize()
    return str(model._meta.verbose_name_plural if plural else model._meta.verbose_name).capitalize()


def _action_labels() -> dict[int, str]:
    return {
        LogEntry.Action.CREATE: _("Created"),
        LogEntry.Action.UPDATE: _("Changed"),
        LogEntry.Action.DELETE: _("Deleted"),
        LogEntry.Action.ACCESS: _("Viewed"),
    }


def audited_models() -> dict[str, type[Model]]:
    """Audited models that know their place in the tree (SCOPE_PATH), keyed by model name."""
    found = {m._meta.model_name: m for m in auditlog.get_models() if hasattr(m, "SCOPE_PATH")}
    return {key: found[key] for key in sorted(found) if key}


def model_choices() -> list[tuple[str, str]]:
    return [(key, model_label(model, plural=True)) for key, model in audited_models().items()]


def audit_entries(user: User, model_key: str = "") -> QuerySet[LogEntry]:
    """Log entries about objects `user` reaches with VIEW_AUDIT, newest first."""
    models = audited_models()
    chosen = {model_key: models[model_key]} if model_key in models else models
    content_types = ContentType.objects.get_for_models(*chosen.values())
    qs = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    if user.is_superuser:
        return qs.filter(content_type__in=content_types.values()) if model_key in models else qs
    condition = Q(pk__in=[])
    for model in chosen.values():
        allowed = visible_to(model._default_manager.all(), user, Capability.VIEW_AUDIT).values("pk")
        condition |= Q(content_type=content_types[model], object_id__in=allowed)
    return qs.filter(condition)


@dataclass
class Change:
    field: str
    old: str | None  # None for a new record
    new: str


def _raw_changes(entry: LogEntry) -> dict[str, Any]:
    changes = entry.changes
    if isinstance(changes, str):  # stored as text by old versions
        return entry.changes_dict  # type: ignore[no-any-return]
    return changes if isinstance(changes, dict) else {}


def _pair(values: Any) -> tuple[Any, Any]:
    if isinstance(values, list | tuple) and len(values) == 2:
        return values[0], values[1]
    return "", values


def _show(field: Any, value: Any, names: dict[tuple[type[Model], str], str]) -> str:
    text = "" if value is None else str(value)
    if text in ("", "None", "null"):
        return "—"
    if field is None:
        return text
    if field.is_relation and (field.many_to_one or field.one_to_one):
        return names.get((field.related_model, text), _("(outside your units)"))
    if field.get_internal_type() == "JSONField":
        return _("(saved content, not shown here)")
    if field.choices:
        return str(dict(field.flatchoices).get(text, text))
    internal = field.get_internal_type()
    if internal == "BooleanField":
        return _("yes") if text == "True" else _("no")
    if internal == "DateTimeField":
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return text
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, dt.UTC)
        return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
    if internal == "DateField":
        try:
            return date_format(dt.date.fromisoformat(text), "SHORT_DATE_FORMAT")
        except ValueError:
            return text
    return text


def describe(entries: list[LogEntry], *, viewer: User) -> list[LogEntry]:
    """Attach `.rows` (field, old → new) and `.url` (when `viewer` may open it) to each entry.

    Related objects named in the changes are fetched in one query per related model.
    """
    wanted: dict[type[Model], set[str]] = defaultdict(set)
    parsed: list[tuple[LogEntry, type[Model] | None, dict[str, Any]]] = []
    for entry in entries:
        model = entry.content_type.model_class()
        changes = {k: v for k, v in _raw_changes(entry).items() if _shown(model, k)}
        parsed.append((entry, model, changes))
        for name, values in changes.items():
            field = _field(model, name)
            if field is not None and field.is_relation and field.related_model is not None:
                wanted[field.related_model].update(str(v) for v in _pair(values) if str(v).isdigit())
    names: dict[tuple[type[Model], str], str] = {}
    user_model = get_user_model()
    for related, pks in wanted.items():
        found = related._default_manager.filter(pk__in=[int(pk) for pk in pks if len(pk) < 19])
        if hasattr(related, "SCOPE_PATH") and related is not user_model:
            # Name only what the viewer may see: a unit or person of another subtree stays unnamed.
            found = visible_to(found, viewer, Capability.VIEW)
        for obj in found:
            names[(related, str(obj.pk))] = str(obj)
    labels = _action_labels()
    urls = dict(OBJECT_URLS)
    if not has_capability(viewer, Capability.MANAGE_ACCOUNTS):
        urls.pop("accounts.user")
    for entry, model, changes in parsed:
        created = entry.action == LogEntry.Action.CREATE
        rows = []
        for name, values in changes.items():
            field = _field(model, name)
            label = field_label(model, name)
            old, new = (_show(field, v, names) for v in _pair(values))
            if created and new == "—":
                continue  # a new record: list only the fields that were filled in
            rows.append(Change(label, None if created else old, new))
        entry.rows = rows  # type: ignore[attr-defined]
        entry.action_label = labels.get(entry.action, "")  # type: ignore[attr-defined]
        entry.model_label = model_label(model) if model else ""  # type: ignore[attr-defined]
        url_name = urls.get(model._meta.label_lower if model else "")
        has_url = url_name and entry.object_id is not None and entry.action != LogEntry.Action.DELETE
        entry.url = reverse(url_name, args=[entry.object_id]) if has_url else ""  # type: ignore[attr-defined, arg-type]
    return entries


def _shown(model: type[Model] | None, name: str) -> bool:
    """Skip bookkeeping columns, the primary key and reverse relations."""
    if name in HIDDEN_FIELDS:
        return False
    field = _field(model, name)
    return field is None or (field.concrete and not field.primary_key)


def _field(model: type[Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
