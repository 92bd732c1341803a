"""`send_meeting_reminders`: e-mail each person what they have to do for meetings soon.

Reporters get their drafts due within `DAYS_AHEAD` days (or overdue) and their reports to
finalise; the cell committee gets the drafts waiting for its comments. E-mail goes out only when
an e-mail backend is configured (not the console or dummy backend, which are the defaults);
the task runs inline when no Celery broker is configured. Schedule it daily with Celery beat.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lamtheo.accounts.models import User
from lamtheo.celery import app
from lamtheo.organizations.models import RoleAssignment
from lamtheo.organizations.scoping import ROLE_CAPABILITIES, Capability

from .models import MemberReport, ReportState

DAYS_AHEAD = 3
UNCONFIGURED_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


def email_configured() -> bool:
    return getattr(settings, "EMAIL_BACKEND", "") not in UNCONFIGURED_BACKENDS


def _date(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def collect(today: dt.date) -> dict[int, list[str]]:
    """user id → lines to send (three queries whatever the number of reports)."""
    lines: dict[int, list[str]] = defaultdict(list)
    soon = today + dt.timedelta(days=DAYS_AHEAD)
    writing = (
        MemberReport.objects.filter(
            Q(state__in=[ReportState.ASSIGNED, ReportState.DRAFT, ReportState.RETURNED], draft_due__lte=soon)
            | Q(state=ReportState.CONCLUDED)
        )
        .filter(person__user__isnull=False, person__user__is_active=True)
        .select_related("meeting", "person__user")
    )
    for report in writing:
        user_id = report.person.user.pk  # type: ignore[attr-defined]
        if report.state == ReportState.CONCLUDED:
            lines[user_id].append(
                _("Finalise your report of the meeting of %(date)s.") % {"date": _date(report.meeting.date)}
            )
        else:
            lines[user_id].append(
                _("Send your report for the meeting of %(date)s to the cell committee by %(due)s.")
                % {"date": _date(report.meeting.date), "due": _date(report.draft_due or report.meeting.date)}
            )
    waiting = list(MemberReport.objects.filter(state=ReportState.SUBMITTED).select_related("meeting__cell", "person"))
    if waiting:
        roles = [role for role, caps in ROLE_CAPABILITIES.items() if Capability.MANAGE_MEETINGS in caps]
        prefixes = {r.meeting.cell.path[:i] for r in waiting for i in range(4, len(r.meeting.cell.path) + 1, 4)}
        holders = (
            RoleAssignment.objects.filter(role__in=roles, organization__path__in=prefixes, started_on__lte=today)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
            .filter(user__is_active=True)
            .values_list("user_id", "organization__path")
        )
        by_path: dict[str, set[int]] = defaultdict(set)
        for user_id, path in holders:
            by_path[path].add(user_id)
        for report in waiting:
            cell_path = report.meeting.cell.path
            users = {u for path, ids in by_path.items() if cell_path.startswith(path) for u in ids}
            for user_id in users:
                lines[user_id].append(
                    _("Comment on the draft of %(name)s for the meeting of %(date)s.")
                    % {"name": report.person.full_name, "date": _date(report.meeting.date)}
                )
    return lines


@app.task(name="meetings.send_meeting_reminders")
def send_meeting_reminders(today: str | None = None) -> int:
    """Send the reminders; returns how many e-mails went out (0 when e-mail is not configured)."""
    if not email_configured():
        return 0
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        lines = collect(day)
        users = User.objects.filter(pk__in=list(lines)).select_related("person")
        for user in users:
            address = user.email or (user.person.email if user.person_id and user.person else "")
            if not address:
                continue
            body = "\n".join(["- " + line for line in lines[user.pk]])
            send_mail(
                _("Cell meetings: what to do"),
                _("Hello,\n\nFor the cell meetings:\n%(lines)s\n\nlamtheo") % {"lines": body},
                None,
                [address],
            )
            sent += 1
    return sent
