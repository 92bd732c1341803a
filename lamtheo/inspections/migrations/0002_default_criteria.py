"""The default criteria of an inspection of the campaign (data; adaptable per plan and in the admin).

The first four carry evidence computed from the data of the period; the others are assessed by
the team. Wording after the findings of the seeds (Giồng Trôm 2014: vague registrations, cell
committees that do not regularly comment on them).
"""

from django.db import migrations

DEFAULTS = [
    (
        "vague_share",
        "Chất lượng đăng ký làm theo",
        "Nội dung đăng ký cụ thể, lượng hóa, gắn với nhiệm vụ được giao; tỷ lệ nội dung còn chung chung.",
    ),
    (
        "reviewed_share",
        "Chi ủy xem xét, nhận xét bản đăng ký",
        "Chi ủy thường xuyên, định kỳ xem xét, nhận xét việc đăng ký và thực hiện của đảng viên.",
    ),
    (
        "evaluated",
        "Nhận xét của tập thể chi bộ",
        "Chi bộ nhận xét, đánh giá kết quả làm theo của từng đảng viên vào sổ tay.",
    ),
    (
        "reported",
        "Liên hệ, báo cáo trong sinh hoạt chi bộ",
        "Đảng viên liên hệ, báo cáo việc học tập và làm theo trong sinh hoạt chi bộ định kỳ.",
    ),
    ("", "Xây dựng chuẩn mực đạo đức", "Đơn vị xây dựng và thực hiện chuẩn mực đạo đức phù hợp với nhiệm vụ."),
    ("", "Học tập chuyên đề năm", "Tổ chức học tập, quán triệt chuyên đề năm; viết bài thu hoạch."),
]


def add_defaults(apps, schema_editor):
    template = apps.get_model("inspections", "CriterionTemplate")
    if template.objects.exists():
        return
    template.objects.bulk_create(
        [
            template(position=i, title=title, description=description, metric=metric)
            for i, (metric, title, description) in enumerate(DEFAULTS, start=1)
        ]
    )


def remove_defaults(apps, schema_editor):
    apps.get_model("inspections", "CriterionTemplate").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, remove_defaults)]
