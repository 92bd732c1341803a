"""Review benchmark: a province's year review computed from the data, beside one hand-written SQL query.

    .venv/bin/python bench/review_bench.py             # PostgreSQL lamtheo_bench_reviews, recreated
    REVIEW_BENCH_PG_URL=postgres://… .venv/bin/python bench/review_bench.py
    ... --write                                        # also record the results in docs/benchmarks.md
    ... --keep                                         # reuse the seeded database of the last run

Seeds the province (`seed_demo --scale province`: ≈ 100,000 people in ≈ 3,000 cells) and a year
of data generated in bulk for every person: registrations with their items and the quality
verdicts, mid-year and year-end self-reports with item results, the cells' evaluations, a
collective registration for most cells, a study class per base organisation with its attendance
and essays, and twelve cell meetings per cell with attendance and members' reports.

Then times `lamtheo.reviews.figures.compute(province, 01/01–31/12)` (the figures of the review:
totals, by child unit and by block) against one hand-written SQL statement that computes the same
counts, checks that both give the same numbers, and times the whole DOCX and XLSX builds. Each
timing is the median of 5 runs after a first (cold) run; the database is ANALYZEd first.
Target: the figures under 1 s and within 1.5× of the SQL statement.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import random
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
PG_URL = os.environ.get("REVIEW_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/lamtheo_bench_reviews")
os.environ["DATABASE_URL"] = PG_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamtheo.settings")
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench:reviews:start -->", "<!-- bench:reviews:end -->"
BATCH = 5000

from seed_province import machine, recreate_database, timed  # noqa: E402

# --- the year of data ---------------------------------------------------------------------------------


def pick(rng: random.Random, table: list[tuple[str, float]]) -> str:
    x, acc = rng.random(), 0.0
    for value, share in table:
        acc += share
        if x < acc:
            return value
    return table[-1][0]


REG_STATES = [("", 0.04), ("draft", 0.04), ("submitted", 0.04), ("returned", 0.02), ("approved", 0.86)]
VERDICTS = [("specific", 0.75), ("vague", 0.20), ("", 0.05)]
ITEM_STATUS = [("done", 0.7), ("partly", 0.2), ("not_yet", 0.1)]
LEVELS = [("excellent", 0.15), ("good", 0.6), ("fulfilled", 0.22), ("not_fulfilled", 0.03)]
PRESENCE = [("present", 0.9), ("excused", 0.07), ("absent", 0.03)]


def flush(model, rows: list, *, final: bool = False) -> list:
    if rows and (final or len(rows) >= BATCH):
        model.objects.bulk_create(rows, batch_size=BATCH)
        return []
    return rows


def seed_year(year: int, seed: int = 2026) -> dict[str, int]:
    """A year of campaign data for everyone (bulk, in one transaction); returns row counts."""
    from django.db import transaction
    from django.utils import timezone

    from lamtheo.campaigns.models import Theme
    from lamtheo.meetings.models import Attendance as MeetingAttendance
    from lamtheo.meetings.models import Meeting, MemberReport
    from lamtheo.notebook.models import Evaluation, Pledge, Registration, SelfReport, SelfReportItem
    from lamtheo.organizations.models import CELL_KINDS, Organization, Person
    from lamtheo.study.models import Attendance, Essay, StudySession

    rng = random.Random(seed)
    now = timezone.now()
    counts: dict[str, int] = defaultdict(int)
    people = list(Person.objects.values_list("pk", "cell_id", "kind").order_by("pk"))
    with transaction.atomic():
        # registrations, items, self-reports and their item results, in chunks of people
        for start in range(0, len(people), BATCH):
            chunk = people[start : start + BATCH]
            regs, plan = [], []
            for pk, cell_id, _kind in chunk:
                state = pick(rng, REG_STATES)
                if not state:
                    continue
                regs.append(
                    Registration(
                        person_id=pk,
                        organization_id=cell_id,
                        year=year,
                        state=state,
                        submitted_at=None if state == "draft" else now,
                    )
                )
                plan.append(rng.randint(1, 3))
            Registration.objects.bulk_create(regs, batch_size=BATCH)
            pledges, owners = [], []
            for reg, n in zip(regs, plan, strict=True):
                for i in range(n):
                    pledges.append(
                        Pledge(
                            registration_id=reg.pk, position=i + 1, text="Việc làm theo", verdict=pick(rng, VERDICTS)
                        )
                    )
                    owners.append(reg)
            Pledge.objects.bulk_create(pledges, batch_size=BATCH)
            by_reg: dict[int, list[int]] = defaultdict(list)
            for pledge, reg in zip(pledges, owners, strict=True):
                by_reg[reg.pk].append(pledge.pk)
            reports = []
            for reg in regs:
                if reg.state != "approved":
                    continue
                for period, share in (("mid_year", 0.9), ("year_end", 0.85)):
                    if rng.random() < share:
                        reports.append(SelfReport(registration_id=reg.pk, period=period, submitted_at=now))
            SelfReport.objects.bulk_create(reports, batch_size=BATCH)
            items = [
                SelfReportItem(report_id=report.pk, pledge_id=pledge_id, status=pick(rng, ITEM_STATUS))
                for report in reports
                for pledge_id in by_reg[report.registration_id]
            ]
            SelfReportItem.objects.bulk_create(items, batch_size=BATCH)
            evaluations = [
                Evaluation(person_id=pk, organization_id=cell_id, year=year, text="Nhận xét", level=pick(rng, LEVELS))
                for pk, cell_id, _kind in chunk
                if rng.random() < 0.88
            ]
            Evaluation.objects.bulk_create(evaluations, batch_size=BATCH)
            for name, rows in (("registrations", regs), ("items", pledges), ("self-reports", reports)):
                counts[name] += len(rows)
            counts["item results"] += len(items)
            counts["evaluations"] += len(evaluations)

        cells = list(Organization.objects.filter(kind__in=CELL_KINDS).values_list("pk", flat=True))
        collective = [
            Registration(organization_id=c, year=year, state="approved", submitted_at=now)
            for c in cells
            if rng.random() < 0.6
        ]
        Registration.objects.bulk_create(collective, batch_size=BATCH)
        counts["collective registrations"] = len(collective)

        # study: a class per base organisation (and per grassroots cell under the province)
        root = Organization.objects.get(depth=1)
        theme = Theme.objects.create(organization=root, title=f"Chuyên đề năm {year}", year_from=year, year_to=year)
        bases = list(Organization.objects.filter(depth=2).values_list("pk", "path"))
        sessions = StudySession.objects.bulk_create(
            [
                StudySession(
                    organization_id=pk,
                    theme=theme,
                    title=f"Học tập chuyên đề năm {year}",
                    starts_on=dt.date(year, 3, 1) + dt.timedelta(days=rng.randint(0, 60)),
                    ends_on=dt.date(year, 5, 15),
                    mass_count=rng.randint(0, 200),
                )
                for pk, _path in bases
            ]
        )
        session_of = {path: s.pk for (_pk, path), s in zip(bases, sessions, strict=True)}
        cell_path = dict(Organization.objects.values_list("pk", "path"))
        attendance, essays = [], []
        for pk, cell_id, kind in people:
            session = session_of.get(cell_path[cell_id][:8])
            if session and rng.random() < 0.92:
                attendance.append(Attendance(session_id=session, person_id=pk))
                if kind == "member" and rng.random() < 0.75:
                    state = "assessed" if rng.random() < 0.6 else "submitted"
                    essays.append(
                        Essay(person_id=pk, cell_id=cell_id, theme=theme, year=year, title="Bài thu hoạch", state=state)
                    )
            attendance = flush(Attendance, attendance)
            essays = flush(Essay, essays)
        flush(Attendance, attendance, final=True)
        flush(Essay, essays, final=True)
        counts["study classes"] = len(sessions)
        counts["study attendances"] = Attendance.objects.count()
        counts["essays"] = Essay.objects.count()

        # meetings: twelve per cell, a thematic one each quarter, with attendance and two reports
        members: dict[int, list[int]] = defaultdict(list)
        for pk, cell_id, _kind in people:
            members[cell_id].append(pk)
        meetings = [
            Meeting(
                cell_id=c,
                kind="thematic" if month % 3 == 0 else "regular",
                date=dt.date(year, month, 5 if month % 3 else 20),
                year=year,
                month=month,
                start_time=dt.time(8, 0),
                duration_minutes=90,
                state="held" if rng.random() < 0.97 else "cancelled",
            )
            for c in cells
            for month in range(1, 13)
        ]
        for m in meetings:
            m.year, m.month = m.date.year, m.date.month
        Meeting.objects.bulk_create(meetings, batch_size=BATCH)
        rows, reports_rows = [], []
        for meeting in meetings:
            roster = members.get(meeting.cell_id, [])
            if meeting.state == "held":
                rows += [
                    MeetingAttendance(meeting_id=meeting.pk, person_id=p, status=pick(rng, PRESENCE)) for p in roster
                ]
            for p in rng.sample(roster, min(2, len(roster))):
                state = "presented" if meeting.state == "held" and rng.random() < 0.85 else "assigned"
                reports_rows.append(MemberReport(meeting_id=meeting.pk, person_id=p, state=state, reason="chosen"))
            rows = flush(MeetingAttendance, rows)
            reports_rows = flush(MemberReport, reports_rows)
        flush(MeetingAttendance, rows, final=True)
        flush(MemberReport, reports_rows, final=True)
        counts["meetings"] = len(meetings)
        counts["meeting attendance"] = MeetingAttendance.objects.count()
        counts["members' reports"] = MemberReport.objects.count()
    return dict(counts)


def data_counts() -> dict[str, int]:
    """Rows of the year's data as they are in the database (also after --keep)."""
    from lamtheo.meetings.models import Attendance as MeetingAttendance
    from lamtheo.meetings.models import Meeting, MemberReport
    from lamtheo.notebook.models import Evaluation, Pledge, Registration, SelfReport, SelfReportItem
    from lamtheo.study.models import Attendance, Essay, StudySession

    return {
        "registrations (individual)": Registration.objects.filter(person__isnull=False).count(),
        "registered items": Pledge.objects.count(),
        "self-reports": SelfReport.objects.count(),
        "item results": SelfReportItem.objects.count(),
        "evaluations": Evaluation.objects.count(),
        "collective registrations": Registration.objects.filter(person__isnull=True).count(),
        "study classes": StudySession.objects.count(),
        "study attendances": Attendance.objects.count(),
        "essays": Essay.objects.count(),
        "meetings": Meeting.objects.count(),
        "meeting attendance": MeetingAttendance.objects.count(),
        "members' reports": MemberReport.objects.count(),
    }


# --- the hand-written query -------------------------------------------------------------------------------

SQL = """
WITH org AS (
  SELECT id, path, kind, block, valid_from, valid_to, substr(path, 1, %(len)s) AS unit
  FROM organizations_organization WHERE path LIKE %(prefix)s
), ppl AS (
  SELECT p.id, p.kind, p.member_status, o.unit, o.block
  FROM organizations_person p JOIN org o ON o.id = p.cell_id
), regs AS (
  SELECT r.id, r.state, o.unit, o.block
  FROM notebook_registration r JOIN org o ON o.id = r.organization_id
  WHERE r.is_current AND r.year = %(year)s AND r.person_id IS NOT NULL
), reports AS (
  SELECT s.id, s.period, regs.unit, regs.block
  FROM notebook_selfreport s JOIN regs ON regs.id = s.registration_id
  WHERE s.submitted_at IS NOT NULL
), attended AS (
  SELECT DISTINCT a.person_id FROM study_attendance a JOIN study_studysession s ON s.id = a.session_id
  WHERE s.starts_on BETWEEN %(start)s AND %(end)s
), eligible AS (
  SELECT m.person_id, p.kind, o.unit, o.block, (at.person_id IS NOT NULL) AS came
  FROM organizations_membership m JOIN org o ON o.id = m.cell_id
  JOIN organizations_person p ON p.id = m.person_id
  LEFT JOIN attended at ON at.person_id = m.person_id
  WHERE m.started_on <= %(end)s AND (m.ended_on IS NULL OR m.ended_on > %(end)s)
), meetings AS (
  SELECT mt.id, mt.state, mt.kind, o.unit, o.block
  FROM meetings_meeting mt JOIN org o ON o.id = mt.cell_id
  WHERE mt.date BETWEEN %(start)s AND %(end)s
)
SELECT unit, block, v.key, v.n FROM (
  SELECT unit, block, count(*) AS people, count(*) FILTER (WHERE kind = 'member') AS members,
         count(*) FILTER (WHERE kind = 'member' AND member_status <> 'probationary') AS full_,
         count(*) FILTER (WHERE kind = 'member' AND member_status = 'probationary') AS prob,
         count(*) FILTER (WHERE kind <> 'member') AS officials
  FROM ppl GROUP BY unit, block
) g, LATERAL (VALUES ('organizations.people', people), ('organizations.members', members),
  ('organizations.full', full_), ('organizations.probationary', prob), ('organizations.officials', officials),
  ('notebook.expected', people), ('notebook.eval_expected', people)) v(key, n)
UNION ALL
SELECT unit, block, 'organizations.cells', count(*) FROM org
WHERE kind IN ('cell', 'base_cell') AND (valid_from IS NULL OR valid_from <= %(end)s)
  AND (valid_to IS NULL OR valid_to >= %(start)s) GROUP BY unit, block
UNION ALL
SELECT unit, block, v.key, v.n FROM (
  SELECT unit, block, count(*) FILTER (WHERE state <> 'draft') AS registered,
         count(*) FILTER (WHERE state = 'approved') AS approved,
         count(*) FILTER (WHERE state IN ('submitted', 'returned')) AS pending
  FROM regs GROUP BY unit, block
) g, LATERAL (VALUES ('notebook.registered', registered), ('notebook.approved', approved),
  ('notebook.pending', pending), ('notebook.mid_expected', approved), ('notebook.end_expected', approved)) v(key, n)
UNION ALL
SELECT unit, block, v.key, v.n FROM (
  SELECT regs.unit, regs.block, count(*) AS pledges, count(*) FILTER (WHERE pl.verdict = 'specific') AS specific,
         count(*) FILTER (WHERE pl.verdict = 'vague') AS vague
  FROM notebook_pledge pl JOIN regs ON regs.id = pl.registration_id WHERE regs.state <> 'draft'
  GROUP BY regs.unit, regs.block
) g, LATERAL (VALUES ('notebook.pledges', pledges), ('notebook.specific', specific),
  ('notebook.vague', vague)) v(key, n)
UNION ALL
SELECT o.unit, o.block, 'notebook.collective', count(*)
FROM notebook_registration r JOIN org o ON o.id = r.organization_id
WHERE r.person_id IS NULL AND r.is_current AND r.year = %(year)s AND r.state <> 'draft' GROUP BY o.unit, o.block
UNION ALL
SELECT unit, block, v.key, v.n FROM (
  SELECT unit, block, count(*) FILTER (WHERE period = 'mid_year') AS mid,
         count(*) FILTER (WHERE period = 'year_end') AS fin
  FROM reports GROUP BY unit, block
) g, LATERAL (VALUES ('notebook.mid_reported', mid), ('notebook.end_reported', fin)) v(key, n)
UNION ALL
SELECT unit, block, v.key, v.n FROM (
  SELECT reports.unit, reports.block, count(*) AS n, count(*) FILTER (WHERE i.status = 'done') AS done,
         count(*) FILTER (WHERE i.status = 'partly') AS partly, count(*) FILTER (WHERE i.status = 'not_yet') AS not_yet
  FROM notebook_selfreportitem i JOIN reports ON reports.id = i.report_id WHERE reports.period = 'year_end'
  GROUP BY reports.unit, reports.block
) g, LATERAL (VALUES ('notebook.items_reported', n), ('notebook.items_done', done), ('notebook.items_partly', partly),
  ('notebook.items_not_yet', not_yet)) v(key, n)
UNION ALL
SELECT unit, block, v.key, v.n FROM (
  SELECT o.unit, o.block, count(*) AS n, count(*) FILTER (WHERE e.level = 'excellent') AS ex,
         count(*) FILTER (WHERE e.level = 'good') AS good, count(*) FILTER (WHERE e.level = 'fulfilled') AS ok,
         count(*) FILTER (WHERE e.level = 'not_fulfilled') AS nok
  FROM notebook_evaluation e JOIN org o ON o.id = e.organization_id WHERE e.year = %(year)s GROUP BY o.unit, o.block
) g, LATERAL (VALUES ('notebook.evaluated', n), ('notebook.eval_excellent', ex), ('notebook.eval_good', good),
  ('notebook.eval_fulfilled', ok), ('notebook.eval_not_fulfilled', nok)) v(key, n)
UNION ALL
SELECT unit, block, v.key, v.n FROM (
  SELECT unit, block, count(*) FILTER (WHERE kind = 'member') AS me,
         count(*) FILTER (WHERE kind = 'member' AND came) AS ma,
         count(*) FILTER (WHERE kind <> 'member') AS oe, count(*) FILTER (WHERE kind <> 'member' AND came) AS oa
  FROM eligible GROUP BY unit, block
) g, LATERAL (VALUES ('study.members_eligible', me), ('study.members_attended', ma), ('study.officials_eligible', oe),
  ('study.officials_attended', oa)) v(key, n)
UNION ALL
SELECT o.unit, o.block, v.key, v.n FROM (
  SELECT s.organization_id, count(*) AS sessions, sum(s.mass_count) AS mass
  FROM study_studysession s WHERE s.starts_on BETWEEN %(start)s AND %(end)s GROUP BY s.organization_id
) g JOIN org o ON o.id = g.organization_id,
LATERAL (VALUES ('study.sessions', sessions), ('study.attendances', mass)) v(key, n)
UNION ALL
SELECT o.unit, o.block, 'study.attendances', count(*) FROM study_attendance a
JOIN study_studysession s ON s.id = a.session_id JOIN org o ON o.id = s.organization_id
WHERE s.starts_on BETWEEN %(start)s AND %(end)s GROUP BY o.unit, o.block
UNION ALL
SELECT unit, block, v.key, v.n FROM (
  SELECT o.unit, o.block, count(*) AS n, count(*) FILTER (WHERE e.state = 'assessed') AS assessed
  FROM study_essay e JOIN org o ON o.id = e.cell_id WHERE e.year = %(year)s AND e.state <> 'draft'
  GROUP BY o.unit, o.block
) g, LATERAL (VALUES ('study.essays', n), ('study.essays_assessed', assessed)) v(key, n)
UNION ALL
SELECT unit, block, v.key, v.n FROM (
  SELECT unit, block, count(*) FILTER (WHERE state = 'held') AS held,
         count(*) FILTER (WHERE state = 'held' AND kind = 'thematic') AS thematic
  FROM meetings GROUP BY unit, block
) g, LATERAL (VALUES ('meetings.held', held), ('meetings.thematic', thematic)) v(key, n)
UNION ALL
SELECT unit, block, v.key, v.n FROM (
  SELECT meetings.unit, meetings.block, count(*) AS n,
         count(*) FILTER (WHERE r.state IN ('presented', 'commented', 'concluded', 'finalised')) AS presented
  FROM meetings_memberreport r JOIN meetings ON meetings.id = r.meeting_id WHERE r.state <> 'cancelled'
  GROUP BY meetings.unit, meetings.block
) g, LATERAL (VALUES ('meetings.reports_planned', n), ('meetings.reports_presented', presented)) v(key, n)
"""


def hand_written(node, year: int) -> dict[tuple[str, str], dict[str, int]]:
    """The same counts in one statement (a single-year period, the province's children as units)."""
    from django.db import connection

    params = {
        "len": (node.depth + 1) * 4,
        "prefix": node.path + "%",
        "year": year,
        "start": dt.date(year, 1, 1),
        "end": dt.date(year, 12, 31),
    }
    out: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with connection.cursor() as cursor:
        cursor.execute(SQL, params)
        for unit, block, key, n in cursor.fetchall():
            out[(unit, block or "")][key] += int(n or 0)
    for counts in out.values():
        counts["notebook.not_registered"] = max(
            counts.get("notebook.expected", 0) - counts.get("notebook.registered", 0), 0
        )
    return {k: dict(v) for k, v in out.items()}


def compare(ours: dict, theirs: dict) -> list[str]:
    problems = []
    for key in sorted(set(ours) | set(theirs)):
        a = {k: v for k, v in ours.get(key, {}).items() if v}
        b = {k: v for k, v in theirs.get(key, {}).items() if v}
        if a != b:
            diff = {k: (a.get(k), b.get(k)) for k in set(a) | set(b) if a.get(k) != b.get(k)}
            problems.append(f"{key}: {diff}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help=f"record the results in {DOC.relative_to(ROOT)}")
    parser.add_argument("--keep", action="store_true", help="reuse the database seeded by the last run")
    parser.add_argument("--year", type=int, default=dt.date.today().year - 1)
    args = parser.parse_args()
    year = args.year

    seed_s = year_s = 0.0
    if not args.keep:
        recreate_database(PG_URL)
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lamtheo.organizations.models import Organization, Person
    from lamtheo.reviews import exporters, figures, services
    from lamtheo.reviews.models import Review, ReviewKind

    if not args.keep:
        print("Seeding the province…", flush=True)
        start = time.perf_counter()
        call_command("seed_demo", scale="province", stdout=io.StringIO())
        seed_s = time.perf_counter() - start
        print(f"Generating a year ({year}) of campaign data in bulk…", flush=True)
        start = time.perf_counter()
        seed_year(year)
        year_s = time.perf_counter() - start
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    with connection.cursor() as cursor:
        cursor.execute("select current_setting('server_version'), pg_database_size(current_database())")
        server, size = cursor.fetchone()

    counts = data_counts()
    root = Organization.objects.get(depth=1)
    start_day, end_day = dt.date(year, 1, 1), dt.date(year, 12, 31)
    ours_first, ours_median, fs = timed(lambda: figures.compute(root, start_day, end_day))
    sql_first, sql_median, theirs = timed(lambda: hand_written(root, year))
    problems = compare(fs.values, theirs)
    if problems:
        print("The two computations differ:\n  " + "\n  ".join(problems[:20]))
        sys.exit(1)
    from django.test.utils import CaptureQueriesContext, override_settings

    with override_settings(REVIEWS_FIGURE_WORKERS=1), CaptureQueriesContext(connection) as ctx:
        figures.compute(root, start_day, end_day)  # one thread, so that every query is counted
    n_queries = len(ctx.captured_queries)
    workers = figures.parallel_workers(figures.Scope.of(root, start_day, end_day))
    with override_settings(REVIEWS_FIGURE_WORKERS=1):
        one_first, one_median, _ = timed(lambda: figures.compute(root, start_day, end_day))

    from lamtheo.accounts.models import User

    admin = User.objects.get(username="admin")
    review = Review.objects.filter(organization=root, date_from=start_day, date_to=end_day).first()
    if review is None:
        review = services.create_review(
            actor=admin, organization=root, kind=ReviewKind.FINAL, date_from=start_day, date_to=end_day
        )
    _docx_first, docx_median, built = timed(lambda: exporters.build_file(review, "docx"), repeat=3)
    _xlsx_first, xlsx_median, _ = timed(lambda: exporters.build_file(review, "xlsx"), repeat=3)
    from lamtheo.reviews.providers.meetings import MeetingAttendanceProvider

    attendance = MeetingAttendanceProvider()
    att_first, att_median, _ = timed(lambda: attendance.compute(figures.Scope.of(root, start_day, end_day)))
    commune = Organization.objects.filter(depth=2, kind="base").order_by("path").first()
    assert commune is not None
    commune_first, commune_median, commune_fs = timed(lambda: figures.compute(commune, start_day, end_day))

    totals = fs.totals()
    ratio = ours_median / sql_median if sql_median else float("inf")
    verdict_time = "met" if ours_median < 1000 else "**not met**"
    verdict_ratio = "met" if ratio <= 1.5 else "**not met**"
    lines = [
        f"Measured {dt.date.today().isoformat()} by `bench/review_bench.py` on {machine()}, "
        f"Python {platform.python_version()}, PostgreSQL {server.split()[0]}; database {size / 1024 / 1024:.0f} MiB.",
        "",
        "| data (year " + str(year) + ") | rows |",
        "| --- | ---: |",
        f"| people / cells / units | {Person.objects.count():,} / "
        f"{Organization.objects.filter(kind__in=['cell', 'base_cell']).count():,} / {Organization.objects.count():,} |",
        *(f"| {name} | {value:,} |" for name, value in counts.items()),
    ]
    if seed_s:
        lines.append(f"| seed time: province {seed_s:.0f} s, year of data {year_s:.0f} s | |")
    lines += [
        "",
        "| measure (median of 5 after a first run) | time |",
        "| --- | ---: |",
        f"| `figures.compute(province, year)`: {len(fs.providers)} providers, {n_queries} queries on "
        f"{workers} connections, {len(fs.values)} (child unit, block) groups | **{ours_median:.0f} ms** "
        f"(first {ours_first:.0f} ms) |",
        f"| the same on one connection (`REVIEWS_FIGURE_WORKERS = 1`) | "
        f"{one_median:.0f} ms (first {one_first:.0f} ms) |",
        f"| the same counts in one hand-written SQL statement | {sql_median:.0f} ms (first {sql_first:.0f} ms) |",
        f"| ratio | **{ratio:.2f}×** |",
        f"| `figures.compute` of one commune ({commune.name}) | "
        f"{commune_median:.1f} ms (first {commune_first:.1f} ms) |",
        f"| the opt-in meeting attendance provider alone (off by default; 1 query over the "
        f"{counts.get('meeting attendance', 0):,} attendance rows) | {att_median:.0f} ms (first {att_first:.0f} ms) |",
        f"| whole DOCX build of the province review (figures + Party-format document, {len(built.data) // 1024} KiB) | "
        f"{docx_median:.0f} ms (median of 3) |",
        f"| whole XLSX annex build | {xlsx_median:.0f} ms (median of 3) |",
        "",
        f"Target under 1 s: {verdict_time}; within 1.5× of the hand-written SQL: {verdict_ratio}. Both computations "
        f"give the same {len(fs.values):,} (unit, block) groups of counts (checked by the script). Province totals: "
        f"{totals.get('organizations.members', 0):,} members, registration rate "
        f"{totals.get('notebook.registered', 0):,}/{totals.get('notebook.expected', 0):,}, "
        f"{totals.get('notebook.vague', 0):,} vague of {totals.get('notebook.pledges', 0):,} items, "
        f"{totals.get('meetings.held', 0):,} meetings held.",
    ]
    assert commune_fs.total("organizations.people") > 0
    block = "\n".join(lines)
    print(block)
    if args.write:
        write(block)
        print(f"\nwritten to {DOC.relative_to(ROOT)}")


INTRO = """## Reviews (`bench/review_bench.py`, issue 6)

A province's year review computed from the data: `lamtheo.reviews.figures.compute` runs each
registered indicator provider (members, study, notebook, meetings), each a fixed number of
aggregate queries grouped by the child unit's path prefix and the cell's block. Beside it, one
hand-written SQL statement computes the same counts (the script checks that both agree group by
group). Reproduce: `.venv/bin/python bench/review_bench.py` (PostgreSQL on 127.0.0.1:5432; the
database `lamtheo_bench_reviews` is dropped and created again; `--write` records the block below).

"""


def write(block: str) -> None:
    doc = DOC.read_text(encoding="utf-8")
    if START in doc:
        head, _, rest = doc.partition(START)
        _, _, tail = rest.partition(END)
        DOC.write_text(f"{head}{START}\n{block}\n{END}{tail}", encoding="utf-8")
    else:
        DOC.write_text(f"{doc.rstrip()}\n\n{INTRO}{START}\n{block}\n{END}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
