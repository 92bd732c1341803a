"""Demo exemplars on the demo tree, through the services (called by `seed_demo` after the campaign).

The commune asks for nominations of the year; the demo cell's secretary proposes three members and
the cell itself (with a photo), the commune committee member proposes one member of each of two
other cells. The commune then rewards two (Giấy khen, decision 15-QĐ/ĐU), commends two (16-QĐ/ĐU),
commends the cell and forwards it to the province, declines one with a reason, and leaves one
waiting (to decide in the demo). The province (tinhuy, when present) rewards the cell with a Bằng
khen. A commune yearbook holds the rewarded and commended exemplars, consent recorded for all but one.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from lamtheo.core.demo_campaign import find_cast
from lamtheo.organizations.models import Organization, Person

from . import services, services_yearbook
from .models import Category, Nomination, NomineeKind, RewardForm

STORIES = (
    "Vận động 15 hộ trong thôn hiến 320 m² đất làm đường bê tông; tự nguyện góp 20 ngày công.",
    "Giúp 3 hộ nghèo trong thôn vay vốn, hướng dẫn trồng bưởi; năm nay 2 hộ đã thoát nghèo.",
    "Duy trì lớp học tiếng Anh miễn phí mỗi tối thứ Bảy cho 25 em học sinh của thôn.",
    "Tổ chức cho đoàn viên thanh niên thu gom rác thải nhựa ven sông mỗi tháng một lần.",
    "Nhặt được 12 triệu đồng và giấy tờ, tìm trả lại cho người đánh rơi.",
    "Hiến máu tình nguyện 12 lần; vận động 30 người trong thôn cùng tham gia.",
)
COLLECTIVE_STORY = (
    "Chi bộ duy trì sinh hoạt chuyên đề hằng quý; 100% đảng viên đăng ký làm theo cụ thể, gắn với nhiệm vụ; "
    "vận động nhân dân làm 1,2 km đường giao thông nông thôn và thắp sáng đường quê."
)


@dataclass(frozen=True)
class HonoursSummary:
    nominations: int
    decisions: int
    yearbook_entries: int

    def line(self) -> str:
        return (
            f"Seeded the exemplars: {self.nominations} nominations, {self.decisions} decisions, "
            f"a yearbook of {self.yearbook_entries} exemplars."
        )


def _photo_upload() -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 600), (230, 225, 210))
    draw = ImageDraw.Draw(image)
    draw.ellipse((170, 90, 310, 250), fill=(200, 160, 130))
    draw.rectangle((130, 260, 350, 600), fill=(40, 70, 140))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return SimpleUploadedFile("anh.jpg", out.getvalue(), content_type="image/jpeg")


def seed_honours(*, year: int | None = None) -> HonoursSummary:
    """Fill the demo exemplars of `year` (default this year); RuntimeError without the demo tree."""
    cast = find_cast()
    today = timezone.localdate()
    year = year or today.year
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    person_cat = Category.objects.filter(active=True, applies_to__in=[NomineeKind.PERSON, NomineeKind.BOTH]).first()
    unit_cat = Category.objects.filter(active=True, applies_to__in=[NomineeKind.COLLECTIVE, NomineeKind.BOTH]).first()
    letter = RewardForm.objects.filter(name="Giấy khen").first() or RewardForm.objects.first()
    medal = RewardForm.objects.filter(name="Bằng khen").first() or letter
    if person_cat is None or unit_cat is None or letter is None:
        raise RuntimeError("The exemplar categories and forms of reward are missing: run the migrations.")
    commune, cell, capuy, bithu = cast.commune, cast.cell, cast.committee, cast.secretary
    with transaction.atomic():
        call = services.create_call(
            actor=capuy,
            organization=commune,
            title=f"Đề nghị biểu dương, khen thưởng điển hình tiên tiến năm {year}",
            date_from=first,
            date_to=last,
            deadline=max(today, dt.date(year, 12, 20)),
            message="Mỗi chi bộ đề nghị tối đa 3 cá nhân và 1 tập thể; gửi kèm ảnh, minh chứng.",
        )
        people = list(Person.objects.filter(cell=cell).order_by("pk")[1:4])
        made: list[Nomination] = []
        for index, person in enumerate(people):
            made.append(
                services.create_nomination(
                    actor=bithu,
                    proposer=cell,
                    person=person,
                    category=person_cat,
                    call=call,
                    date_from=first,
                    date_to=last,
                    achievements=STORIES[index],
                )
            )
        group = services.create_nomination(
            actor=bithu,
            proposer=cell,
            unit=cell,
            category=unit_cat,
            call=call,
            date_from=first,
            date_to=last,
            achievements=COLLECTIVE_STORY,
        )
        services.add_evidence(actor=bithu, nomination=made[0], upload=_photo_upload(), caption="Ảnh cá nhân")
        others = Organization.objects.filter(path__startswith=commune.path, depth=cell.depth).exclude(pk=cell.pk)
        for index, other in enumerate(others.order_by("path")[:2]):
            first_person = Person.objects.filter(cell=other).order_by("pk").first()
            if first_person is not None:
                made.append(
                    services.create_nomination(
                        actor=capuy,
                        proposer=other,
                        person=first_person,
                        category=person_cat,
                        call=call,
                        date_from=first,
                        date_to=last,
                        achievements=STORIES[3 + index],
                    )
                )
        for nomination in [*made, group]:
            services.submit_nomination(actor=nomination.proposed_by, nomination=nomination, expected_version=None)  # type: ignore[arg-type]

        def decide(nomination: Nomination, kind: str, **extra: object) -> None:
            nomination.refresh_from_db()
            services.decide(
                actor=capuy,
                nomination=nomination,
                expected_version=None,
                kind=kind,
                decided_on=today,
                **extra,  # type: ignore[arg-type]
            )

        plan = ["reward", "commend", "decline", "reward", "commend"]
        for nomination, kind in zip(made[:-1], plan, strict=False):  # the last one waits for a decision
            if kind == "reward":
                decide(nomination, kind, reward_form=letter, number="15-QĐ/ĐU")
            elif kind == "commend":
                decide(nomination, kind, number="16-QĐ/ĐU")
            else:
                decide(nomination, kind, reason="Thành tích chưa nổi bật so với các đề nghị khác; đề nghị năm sau.")
        decide(group, "commend", number="16-QĐ/ĐU")
        decide(group, "forward", reason="Đề nghị Tỉnh ủy tặng Bằng khen.")
        province = cast.province or cast.top
        if province is not None:
            group.refresh_from_db()
            services.decide(
                actor=province,
                nomination=group,
                expected_version=None,
                kind="reward",
                decided_on=today,
                reward_form=medal,
                number="120-QĐ/TU",
            )
        book = services_yearbook.create_yearbook(
            actor=capuy,
            organization=commune,
            title=f"Kỷ yếu điển hình tiên tiến năm {year}",
            date_from=first,
            date_to=last,
            foreword=(
                "Những tấm gương bình dị mà cao quý trong học tập và làm theo tư tưởng, đạo đức, "
                "phong cách Hồ Chí Minh."
            ),
        )
        chosen = [n for n in [*made, group] if n.outcomes.filter(kind__in=["commend", "reward"]).exists()]
        entries = services_yearbook.add_entries(actor=capuy, yearbook=book, nominations=chosen)
        for entry in entries[:-1]:
            services_yearbook.save_entry(
                actor=capuy,
                entry=entry,
                expected_version=None,
                story=entry.story,
                position=entry.position,
                consent=True,
                consent_note=f"Đồng ý bằng văn bản ngày {today:%d/%m/%Y}, lưu tại Văn phòng Đảng ủy.",
            )
    decided = sum(n.outcomes.count() for n in [*made, group])
    return HonoursSummary(nominations=len(made) + 1, decisions=decided, yearbook_entries=len(entries))
