"""The minutes of a meeting (biên bản sinh hoạt chi bộ) as a Party-format document (DOCX / PDF).

Built as a `lamtheo.documents.PartyDocument`: time and place; I. attendance (present, excused
with the reason, absent, exempt; chair and minutes taker); II. content (agenda, news, results,
the study-and-follow part with each member's report, the members' comments and the chair's
conclusion, the tasks); III. conclusions; the time it ended and the signatures. A Party paper
is always written in Vietnamese whatever the interface language (English msgids translated
through this app's catalogue).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lamtheo.core.text import fold
from lamtheo.organizations.models import Organization, Person, PersonKind
from lamtheo.organizations.scoping import visible_to

from . import selectors
from .models import PRESENTED_STATES, AttendanceStatus, Meeting, MeetingKind, MemberReport

if TYPE_CHECKING:
    from lamtheo.documents import PartyDocument

DOCUMENT_LANGUAGE = "vi"


def _time(value: Any) -> str:
    return _("%(h)s:%(m)s") % {"h": f"{value.hour:02d}", "m": f"{value.minute:02d}"} if value else "…"


def minutes_document(user: Any, meeting: Meeting) -> PartyDocument:
    with translation.override(DOCUMENT_LANGUAGE):
        return _build(user, meeting)


def _title(meeting: Meeting) -> str:
    if meeting.kind == MeetingKind.THEMATIC:
        topic = meeting.title or (meeting.theme.title if meeting.theme_id else "")  # type: ignore[union-attr]
        return _("Thematic meeting: %(topic)s") % {"topic": topic}
    return _("Regular meeting of month %(month)s, %(year)s") % {"month": meeting.month, "year": meeting.year}


def _attendance_blocks(meeting: Meeting, Paragraph: Any, BulletList: Any) -> list[Any]:
    members = Person.objects.filter(cell_id=meeting.cell_id, kind=PersonKind.MEMBER).count()
    rows = list(meeting.attendance.select_related("person").order_by("person__search_name", "pk"))
    by_status: dict[str, list[Any]] = {s: [] for s in AttendanceStatus.values}
    for row in rows:
        by_status[row.status].append(row)
    blocks: list[Any] = [
        Paragraph(_("Members of the cell: %(n)s.") % {"n": members}, align="left"),
        Paragraph(_("Present: %(n)s.") % {"n": len(by_status[AttendanceStatus.PRESENT])}, align="left"),
    ]
    labels = {
        AttendanceStatus.EXCUSED: _("Excused: %(n)s."),
        AttendanceStatus.ABSENT: _("Absent without leave: %(n)s."),
        AttendanceStatus.EXEMPT: _("Exempt from meetings: %(n)s."),
    }
    for status, label in labels.items():
        people = by_status[status]
        blocks.append(Paragraph(label % {"n": len(people)}, align="left"))
        if people:
            blocks.append(
                BulletList(
                    [
                        _("Comrade %(name)s (%(reason)s)") % {"name": r.person.full_name, "reason": r.reason}
                        if r.reason
                        else _("Comrade %(name)s") % {"name": r.person.full_name}
                        for r in people
                    ]
                )
            )
    blocks.append(Paragraph(_("Chaired by: %(name)s.") % {"name": meeting.chair or "…"}, align="left"))
    blocks.append(Paragraph(_("Minutes taken by: %(name)s.") % {"name": meeting.recorder or "…"}, align="left"))
    return blocks


def _report_blocks(report: MemberReport, Paragraph: Any, BulletList: Any) -> list[Any]:
    name = report.person.full_name
    blocks: list[Any] = [
        Paragraph(_("Comrade %(name)s reported on following the example:") % {"name": name}, bold=True)
    ]
    for label, text in (
        (_("Registered items and how far they are done"), report.done),
        (_("How earlier shortcomings were remedied"), report.remedied),
        (_("Current weaknesses"), report.weaknesses),
        (_("Direction to overcome them"), report.direction),
    ):
        if text:
            blocks.append(Paragraph(f"{label}: {text}"))
    comments = list(report.comments.all())
    if comments:
        blocks.append(Paragraph(_("Members' comments:"), italic=True, align="left"))
        blocks.append(
            BulletList(
                [
                    _("Comrade %(name)s: %(text)s") % {"name": c.speaker.full_name, "text": c.text}
                    if c.speaker is not None
                    else c.text
                    for c in comments
                ]
            )
        )
    if report.good_points:
        blocks.append(
            Paragraph(_("The chair concluded — good deeds to follow: %(text)s") % {"text": report.good_points})
        )
    corrections = list(report.corrections.all())
    if corrections:
        blocks.append(Paragraph(_("What to correct:"), italic=True, align="left"))
        blocks.append(BulletList([c.text for c in corrections]))
    return blocks


def _build(user: Any, meeting: Meeting) -> PartyDocument:
    from lamtheo.documents import BulletList, Heading, Paragraph, PartyDocument, Signature

    cell = meeting.cell
    parent = Organization.objects.filter(path=cell.path[:-4]).first() if len(cell.path) > 4 else None
    settings = selectors.settings_for(cell)
    reports = list(
        visible_to(MemberReport.objects.filter(meeting=meeting, state__in=list(PRESENTED_STATES)), user)
        .select_related("person")
        .prefetch_related("comments__speaker", "corrections")
        .order_by("presented_at", "pk")
    )
    blocks: list[Any] = [
        Paragraph(
            _("Time: from %(time)s on %(date)s.")
            % {"time": _time(meeting.started_at or meeting.start_time), "date": meeting.date.strftime("%d/%m/%Y")},
            align="left",
        ),
        Paragraph(_("Place: %(place)s.") % {"place": meeting.place or "…"}, align="left"),
        Heading(_("I. ATTENDANCE"), level=1),
        *_attendance_blocks(meeting, Paragraph, BulletList),
        Heading(_("II. CONTENT"), level=1),
    ]
    sections: list[tuple[str, list[Any]]] = []
    if meeting.agenda:
        sections.append(
            (_("Agenda"), [Paragraph(line, align="left") for line in meeting.agenda.splitlines() if line.strip()])
        )
    if meeting.kind == MeetingKind.THEMATIC:
        theme: list[Any] = []
        if meeting.theme_id:
            theme.append(Paragraph(_("Theme: %(title)s") % {"title": meeting.theme.title}))  # type: ignore[union-attr]
        if meeting.presenter:
            theme.append(Paragraph(_("Presented by: %(name)s") % {"name": meeting.presenter}))
        if meeting.material:
            theme.append(Paragraph(_("Material: %(text)s") % {"text": meeting.material}))
        sections.append((_("The theme"), theme))
    if meeting.news:
        sections.append((_("News and information"), [Paragraph(meeting.news)]))
    if meeting.review_text:
        sections.append((_("Results of the past month"), [Paragraph(meeting.review_text)]))
    if meeting.follow_text or reports:
        follow: list[Any] = [Paragraph(meeting.follow_text)] if meeting.follow_text else []
        for report in reports:
            follow += _report_blocks(report, Paragraph, BulletList)
        sections.append((_("Studying and following Ho Chi Minh's thought, ethics and style"), follow))
    if meeting.tasks_text:
        sections.append((_("Tasks for the coming month"), [Paragraph(meeting.tasks_text)]))
    for number, (label, content) in enumerate(sections, start=1):
        blocks += [Heading(f"{number}. {label}", level=2), *content]
    blocks.append(Heading(_("III. CONCLUSIONS"), level=1))
    blocks.append(Paragraph(meeting.conclusions or "…"))
    blocks.append(
        Paragraph(_("The meeting ended at %(time)s on the same day.") % {"time": _time(meeting.ended_at)}, italic=True)
    )
    return PartyDocument(
        issuing_body=cell.name.upper(),
        parent_body=parent.name.upper() if parent else "",
        place=settings.locality,
        date=meeting.date,
        kind_title=_("MINUTES"),
        title=_title(meeting),
        blocks=blocks,
        # THƯ KÝ on the left and CHỦ TRÌ on the right, each with room to sign and the name.
        left_signature=Signature(on_behalf="", position=_("MINUTES TAKER"), name=meeting.recorder or ""),
        signature=Signature(on_behalf="", position=_("CHAIR"), name=meeting.chair),
        symbol="BB/CB",
        author=cell.name,
    )


def filename(meeting: Meeting, fmt: str) -> str:
    cell = slugify(fold(meeting.cell.name)) or f"cell-{meeting.cell_id}"
    return f"bien-ban-{cell}-{meeting.date:%Y-%m-%d}.{fmt}"
