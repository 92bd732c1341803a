"""Demo data of the year end, on the demo cell of `seed_demo` (called by the campaign seeding).

The cell's leaders (secretary and deputy) review their ethics: both write their self-review,
the cell discusses, and each concludes the other's review (a correction goes to the notebook).
A round of the masses' comments on them gets comments from the conference (two mass
organisations) and through the link (three devices); the committee upholds one, merges one and
dismisses one, leaving the rest to decide. The members get their quarter 3 grades. Everything
goes through the services, with the demo accounts as actors; texts are Vietnamese data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import services
from .models import MassOrganization

CONFERENCE = [
    ("Hội Liên hiệp Phụ nữ", "Chi hội Phụ nữ đề nghị đồng chí quan tâm hơn đến các hộ nghèo do phụ nữ làm chủ."),
    (
        "Hội Cựu chiến binh",
        "Hội Cựu chiến binh ghi nhận đồng chí gương mẫu, đề nghị tiếp tục giữ nếp sinh hoạt giản dị.",
    ),
]
LINK = [
    "Đồng chí cần xuống thôn thường xuyên hơn để nghe bà con phản ánh.",
    "Đồng chí cần xuống thôn nhiều hơn, nhất là mùa mưa bão.",
    "Đề nghị đồng chí giải quyết dứt điểm việc sửa đường liên xóm.",
]


def seed_yearend(cast: Any, *, year: int) -> None:
    """Fill the demo cell's year end (see the module doc); skipped without a deputy."""
    secretary, deputy = cast.secretary, cast.deputy
    if deputy is None or secretary.person is None:
        cast.notes.append("no deputy secretary: the year end is left empty")
        return
    leaders = [secretary.person, deputy.person]
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    session = services.create_session(
        actor=secretary,
        organization=cast.cell,
        title=f"Kiểm điểm tu dưỡng, rèn luyện đạo đức của cán bộ lãnh đạo năm {year}",
        date_from=first,
        date_to=last,
        held_on=dt.date(year, 12, 10),
        people=leaders,
    )
    reviews = {r.person_id: r for r in session.reviews.all()}
    writers = {secretary.person.pk: secretary, deputy.person.pk: deputy}
    for person_id, review in reviews.items():
        services.write_self_review(
            actor=writers[person_id],
            review=review,
            self_review="Giữ gìn phẩm chất đạo đức, lối sống giản dị; có lúc còn nóng vội khi giải quyết công việc.",
            example="Thực hiện đủ các việc đã đăng ký; giúp 3 hộ nghèo làm hồ sơ vay vốn.",
            expected_version=review.version,
        )
    deputy_review = reviews[deputy.person.pk]
    services.record_discussion(
        actor=secretary,
        review=deputy_review,
        comments=[{"speaker": secretary.person.full_name, "text": "Đồng chí nhiệt tình, cần sâu sát cơ sở hơn."}],
        expected_version=deputy_review.version,
    )
    services.conclude_review(
        actor=secretary,
        review=deputy_review,
        conclusion="Đồng chí có ý thức tu dưỡng tốt, được quần chúng tín nhiệm.",
        corrections=["Dành ít nhất hai buổi mỗi tháng xuống cơ sở nắm tình hình"],
        expected_version=deputy_review.version,
    )
    secretary_review = reviews[secretary.person.pk]
    services.conclude_review(
        actor=deputy,
        review=secretary_review,
        conclusion="Đồng chí gương mẫu, điều hành chi bộ nền nếp.",
        corrections=["Kiềm chế nóng vội khi giải quyết công việc"],
        expected_version=secretary_review.version,
    )

    round_ = services.create_round(
        actor=secretary,
        organization=cast.cell,
        title=f"Hội nghị lấy ý kiến quần chúng góp ý cán bộ, đảng viên năm {year}",
        date_from=first,
        date_to=last,
        held_on=dt.date(year, 12, 5),
        people=leaders,
    )
    subjects = list(round_.subjects.order_by("position"))
    organizations = {o.name: o for o in MassOrganization.objects.all()}
    services.enter_comments(
        actor=secretary,
        round_=round_,
        rows=[
            {"subject": subjects[0], "text": text, "mass_organization": organizations.get(name)}
            for name, text in CONFERENCE
        ],
    )
    link = [
        services.submit_public_comment(
            round_=round_, subject_id=subjects[1].pk, text=text, device=f"demo-device-{i}", address="127.0.0.1"
        )
        for i, text in enumerate(LINK)
    ]
    services.moderate(actor=secretary, comment=link[0], decision="uphold", expected_version=link[0].version)
    services.moderate(
        actor=secretary, comment=link[1], decision="merge", merge_into=link[0], expected_version=link[1].version
    )
    services.moderate(
        actor=secretary,
        comment=link[2],
        decision="dismiss",
        reason="Việc của Ủy ban xã, đã chuyển Ủy ban xã giải quyết",
        expected_version=link[2].version,
    )

    members = list(cast.cell.people.order_by("search_name", "pk")[:12])
    grades = {p.pk: (("excellent", 92) if i == 0 else ("good", 80 - i)) for i, p in enumerate(members)}
    services.save_quarter_grades(actor=secretary, cell=cast.cell, year=year, quarter=3, grades=grades)
