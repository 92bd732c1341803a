"""What a new review starts with: the header data guessed from the tree, and a first draft of
part I that quotes the figures through tokens, so that the writers only adjust the wording.

Everything here is document content, so it is produced in Vietnamese (`translation.override`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lamtheo.organizations.models import CELL_KINDS, Organization, OrganizationKind

from . import periods
from .figures import providers
from .selectors import parent_of

DOCUMENT_LANGUAGE = "vi"

_PLACE_PREFIX = re.compile(
    r"^(đảng ủy|đảng bộ|tỉnh ủy|thành ủy|huyện ủy|quận ủy|thị ủy|chi bộ)\s+"
    r"(xã|phường|thị trấn|đặc khu|tỉnh|thành phố|huyện|quận|thị xã)?\s*",
    re.IGNORECASE,
)
_SUPERIOR = (
    ("TỈNH ỦY ", "ĐẢNG BỘ TỈNH "),
    ("THÀNH ỦY ", "ĐẢNG BỘ THÀNH PHỐ "),
    ("HUYỆN ỦY ", "ĐẢNG BỘ HUYỆN "),
    ("QUẬN ỦY ", "ĐẢNG BỘ QUẬN "),
    ("THỊ ỦY ", "ĐẢNG BỘ THỊ XÃ "),
    ("ĐẢNG ỦY ", "ĐẢNG BỘ "),
)


def upper(text: str) -> str:
    return " ".join(text.split()).upper()


def superior_name(parent: Organization | None) -> str:
    """The level above as HD 36 prints it over the issuer: the party organisation (đảng bộ), not its committee."""
    if parent is None:
        return ""
    name = upper(parent.name)
    for committee, organisation in _SUPERIOR:
        if name.startswith(committee):
            return organisation + name[len(committee) :]
    return name


def place_of(node: Organization, parent: Organization | None) -> str:
    """The place name a report is dated at: "Hòa An" for "Đảng ủy xã Hòa An" and for its cells."""
    source = parent if node.kind in CELL_KINDS and parent is not None else node
    stripped = _PLACE_PREFIX.sub("", source.name.strip())
    return stripped if stripped and stripped != source.name.strip() else ""


def signature_defaults(node: Organization) -> tuple[str, str]:
    with translation.override(DOCUMENT_LANGUAGE):
        if node.kind in CELL_KINDS:
            return _("ON BEHALF OF THE CELL"), _("SECRETARY")
        if node.kind in {OrganizationKind.BASE, OrganizationKind.PARTIAL}:
            return _("ON BEHALF OF THE PARTY COMMITTEE"), _("SECRETARY")
        return _("ON BEHALF OF THE STANDING COMMITTEE"), _("SECRETARY")


def recipients_default(node: Organization, parent: Organization | None) -> str:
    with translation.override(DOCUMENT_LANGUAGE):
        lines = []
        if parent is not None:
            lines.append(_("- %(name)s (to report),") % {"name": parent.name})
        keeper = _("the cell") if node.kind in CELL_KINDS else _("the office")
        lines.append(_("- Filed by %(keeper)s.") % {"keeper": keeper})
        return "\n".join(lines)


def intro_default(node: Organization, date_from: dt.date, date_to: dt.date) -> str:
    with translation.override(DOCUMENT_LANGUAGE):
        return _(
            "Carrying out Directive 05-CT/TW of the Politburo and Conclusion 01-KL/TW on continuing to "
            "study and follow Ho Chi Minh's thought, ethics and style, %(unit)s reports the results of "
            "%(period)s as follows:"
        ) % {"unit": node.name, "period": periods.label(date_from, date_to)}


def part1_default() -> str:
    """Paragraphs quoting the figures of the providers that exist, through tokens."""
    present = {p.key for p in providers()}
    with translation.override(DOCUMENT_LANGUAGE):
        paragraphs = [
            _(
                "1. General situation: %(members)s party members (%(full)s full, %(probationary)s "
                "probationary) and %(officials)s non-member officials in %(cells)s cells."
            )
            % {
                "members": "{{ organizations.members }}",
                "full": "{{ organizations.full }}",
                "probationary": "{{ organizations.probationary }}",
                "officials": "{{ organizations.officials }}",
                "cells": "{{ organizations.cells }}",
            }
        ]
        if "study" in present:
            paragraphs.append(
                _(
                    "2. Studying the theme: party members taking part %(rate)s; cadres, civil servants and public "
                    "employees %(civil)s; %(people)s people attended %(sessions)s classes (%(attendances)s "
                    "attendances); villages and residential groups holding study %(places)s; essays sent: "
                    "%(essays)s."
                )
                % {
                    "rate": "{{ study.members_rate }}",
                    "civil": "{{ study.civil_servants_rate }}",
                    "people": "{{ study.people_attended }}",
                    "sessions": "{{ study.sessions }}",
                    "attendances": "{{ study.attendances }}",
                    "places": "{{ study.places_rate }}",
                    "essays": "{{ study.essays }}",
                }
            )
        if "notebook" in present:
            paragraphs.append(
                _(
                    "3. Registering to follow the example: registrations %(rate)s; approved by the cell "
                    "committees: %(approved)s; vague items %(vague)s."
                )
                % {
                    "rate": "{{ notebook.registered_rate }}",
                    "approved": "{{ notebook.approved }}",
                    "vague": "{{ notebook.vague_share }}",
                }
            )
            paragraphs.append(
                _(
                    "4. Self-reports and evaluations: year-end self-reports %(end)s; members evaluated by "
                    "their cells %(evaluated)s, of whom %(excellent)s excellently fulfilled."
                )
                % {
                    "end": "{{ notebook.end_rate }}",
                    "evaluated": "{{ notebook.evaluated_rate }}",
                    "excellent": "{{ notebook.eval_excellent }}",
                }
            )
        if "meetings" in present:
            paragraphs.append(
                _(
                    "5. Cell meetings: %(held)s meetings held, of which %(thematic)s thematic; members' "
                    "reports presented %(presented)s."
                )
                % {
                    "held": "{{ meetings.held }}",
                    "thematic": "{{ meetings.thematic }}",
                    "presented": "{{ meetings.presented_rate }}",
                }
            )
        return "\n\n".join(paragraphs)


def review_defaults(
    node: Organization, kind: str, date_from: dt.date, date_to: dt.date, *, signer_name: str = ""
) -> dict[str, Any]:
    """Field values of a new review of `node` (one query for the parent)."""
    parent = parent_of(node)
    on_behalf, position = signature_defaults(node)
    with translation.override(DOCUMENT_LANGUAGE):
        title = periods.default_title(kind, date_from, date_to)
    return {
        "title": title,
        "period_kind": periods.classify(date_from, date_to),
        "place": place_of(node, parent),
        "issued_on": periods.default_issued_on(date_to, timezone.localdate()),
        "intro": intro_default(node, date_from, date_to),
        "part1": part1_default(),
        "part2": "",
        "part3": "",
        "signer_on_behalf": on_behalf,
        "signer_position": position,
        "signer_name": signer_name,
        "recipients": recipients_default(node, parent),
    }
