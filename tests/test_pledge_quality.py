"""Pledge check: verdicts on labelled sets, reason codes, folding, near copies, the command."""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from lamtheo.core.text import fold
from lamtheo.notebook.quality import (
    GENERIC,
    NEAR_COPY,
    NOT_MEASURABLE,
    NOT_TIED_TO_DUTY,
    TOO_SHORT,
    NearCopyIndex,
    check_pledge,
)
from lamtheo.notebook.quality.check import MESSAGES

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "data" / "pledges-dev.tsv"
if not DEV.exists():  # the lead's checkout may sit elsewhere
    DEV = Path("/work/shared/data/pledges-dev.tsv")
HELDOUT = ROOT / "tests" / "data" / "pledges_heldout.tsv"
FRESH = ROOT / "tests" / "data" / "pledges_fresh.tsv"


def load(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        label, _, text = line.partition("\t")
        if line.strip() and label != "label":
            rows.append((label, text))
    return rows


def misclassified(rows: list[tuple[str, str]]) -> list[str]:
    out = []
    for label, text in rows:
        verdict = check_pledge(text)
        if verdict.verdict != label:
            out.append(f"expected {label}, got {verdict.verdict} {verdict.codes}: {text}")
    return out


# -- accuracy -------------------------------------------------------------------------------------

needs_dev = pytest.mark.skipif(not DEV.exists(), reason="shared dev data not available")


@needs_dev
def test_accuracy_on_dev_set():
    rows = load(DEV)
    misses = misclassified(rows)
    assert len(rows) == 40
    assert 1 - len(misses) / len(rows) >= 0.9, "\n".join(misses)


@pytest.mark.parametrize("path", [HELDOUT, FRESH], ids=["heldout", "fresh"])
def test_accuracy_on_own_sets(path):
    rows = load(path)
    misses = misclassified(rows)
    assert 1 - len(misses) / len(rows) >= 0.9, "\n".join(misses)


@needs_dev
def test_heldout_set_is_new_and_large_enough():
    heldout = load(HELDOUT)
    assert len(heldout) >= 80
    assert {label for label, _ in heldout} == {"specific", "vague"}
    dev_texts = {fold(text) for _, text in load(DEV)}
    assert not [text for _, text in heldout if fold(text) in dev_texts]


# -- reasons ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Thực hiện tốt chức trách, nhiệm vụ được giao.", [GENERIC, NOT_MEASURABLE]),
        ("Phấn đấu 100% hoàn thành tốt nhiệm vụ được giao", [GENERIC, NOT_MEASURABLE]),
        ("Đạt danh hiệu đảng viên hoàn thành tốt nhiệm vụ năm 2024", [GENERIC, NOT_MEASURABLE]),
        ("Thực hiện tốt 5 điều Bác Hồ dạy Công an nhân dân.", [GENERIC, NOT_MEASURABLE]),
        ("Hằng năm hoàn thành tốt nhiệm vụ được giao.", [GENERIC, NOT_MEASURABLE]),
        ("Thương yêu, giúp đỡ học sinh, đối xử công bằng với các em.", [GENERIC, NOT_MEASURABLE]),
        ("Đọc báo Nhân Dân cùng gia đình", [NOT_MEASURABLE]),
        ("Tốt.", [TOO_SHORT]),
        ("Làm theo Bác.", [TOO_SHORT, GENERIC]),
        ("", [TOO_SHORT]),
        ("   ", [TOO_SHORT]),
        ("Không hút thuốc lá trong phòng làm việc", []),
        ("Tắt điện khi ra khỏi phòng", []),
        ("Đến cơ quan đúng giờ, không về sớm", []),
        ("Mỗi tuần đọc báo Nhân Dân cùng gia đình", []),
        ("Mỗi tháng đọc 2 mẩu chuyện về Bác", []),
        ("Hoàn thành số hóa 1.200 hồ sơ hộ tịch của xã trước ngày 30/11.", []),
        ("Khám cho người cao tuổi ở ấp một buổi sáng thứ bảy mỗi tháng.", []),
        ("Đóng đảng phí đầy đủ trước ngày 10 hằng tháng", []),
        ("Bán 30 mặt hàng nông sản sạch cho bà con", []),
        ("Phấn đấu hoàn thành tốt 3 mặt công tác", [GENERIC, NOT_MEASURABLE]),
    ],
)
def test_reason_codes(text, codes):
    verdict = check_pledge(text)
    assert verdict.codes == codes
    assert verdict.verdict == ("vague" if codes else "specific")


def test_every_reason_has_a_short_message_with_an_example():
    with translation.override("en"):
        for code, message in MESSAGES.items():
            assert "for example" in str(message), code
            assert len(str(message)) < 220, code
        reason = check_pledge("Thực hiện tốt chức trách, nhiệm vụ được giao.").reasons[0]
        assert reason.as_dict() == {"code": GENERIC, "message": str(MESSAGES[GENERIC])}


# -- folding and formatting ----------------------------------------------------------------------


@needs_dev
def test_text_without_diacritics_gets_the_same_result():
    for _, text in load(DEV) + load(HELDOUT):
        accented, plain = check_pledge(text), check_pledge(fold(text))
        assert (plain.verdict, plain.codes) == (accented.verdict, accented.codes), text


def test_brief_examples_without_diacritics():
    assert check_pledge("Thuc hien tot chuc trach nhiem vu duoc giao").verdict == "vague"
    assert check_pledge("Moi thang doc 2 mau chuyen ve Bac").verdict == "specific"


def test_folded_ambiguity_does_not_invent_measures():
    # "ba con" folds "bà con"; "trong" folds "trồng"; "phan dau" holds "đầu"; "mới" folds like "mỗi".
    assert check_pledge("Van dong ba con chap hanh tot chu truong chinh sach").verdict == "vague"
    assert check_pledge("Chap hanh nghiem luat giao thong khi tham gia giao thong").verdict == "vague"
    assert check_pledge("Phan dau nam 2025 tang thu nhap cho gia dinh").verdict == "vague"
    assert check_pledge("Phấn đấu xã đạt chuẩn nông thôn mới").verdict == "vague"


VARIANTS = {
    "caps": str.upper,
    "dash": lambda t: f"- {t}.",
    "numbered": lambda t: f"1. {t}!!",
    "spaces": lambda t: "  •   " + t.replace(" ", "   ") + " ...  ",
    "bom": lambda t: "\ufeff" + t,
    "nfd": lambda t: unicodedata.normalize("NFD", t),
}


@pytest.mark.parametrize("variant", VARIANTS.values(), ids=VARIANTS.keys())
def test_caps_bullets_spaces_and_nfd(variant):
    assert check_pledge(variant("Mỗi tháng đọc 2 mẩu chuyện về Bác")).verdict == "specific"
    assert check_pledge(variant("Thực hiện tốt chức trách, nhiệm vụ được giao")).codes == [GENERIC, NOT_MEASURABLE]


def test_number_that_is_not_a_bullet():
    verdict = check_pledge("1.200 hồ sơ hộ tịch được số hóa trước ngày 30/11")
    assert verdict.text.startswith("1.200")
    assert verdict.verdict == "specific"


# -- duty ------------------------------------------------------------------------------------------


def test_not_tied_to_duty_is_advice_and_conservative():
    unrelated = check_pledge("Mỗi tuần đọc báo Nhân Dân cùng gia đình", duty="Bác sĩ khoa Nội")
    assert unrelated.codes == [NOT_TIED_TO_DUTY]
    assert unrelated.verdict == "specific"  # advice only
    # shared word, an object of the field, or the workplace: tied
    assert not check_pledge("Kèm cặp 2 học sinh yếu môn Toán lớp 8A", duty="Giáo viên Toán").codes
    assert not check_pledge("Khám miễn phí cho người cao tuổi mỗi tháng 1 buổi", duty="Bác sĩ trạm y tế").codes
    assert not check_pledge("Không hút thuốc lá trong phòng làm việc", duty="Kế toán").codes
    assert not check_pledge("Nuôi 300 con gà thả vườn an toàn sinh học", duty="Nông dân").codes
    # no duty, no advice; too short items get only too_short
    assert not check_pledge("Mỗi tuần đọc báo Nhân Dân cùng gia đình").codes
    assert check_pledge("Tốt", duty="Bác sĩ").codes == [TOO_SHORT]


# -- near copies -----------------------------------------------------------------------------------

COPIES = [
    (
        "Rời khỏi phòng làm việc thì tắt quạt, tắt đèn; không dùng máy in của cơ quan cho việc riêng.",
        "Tắt đèn, tắt quạt khi rời khỏi phòng làm việc, không dùng máy in cơ quan vào việc riêng.",
    ),
    (
        "Mỗi tháng đọc và ghi chép ít nhất 2 mẩu chuyện về Bác, kể lại trong sinh hoạt chi bộ quý.",
        "Mỗi tháng đọc, ghi chép ít nhất 3 mẩu chuyện về Bác và kể lại trong sinh hoạt chi bộ.",
    ),
    (
        "Hằng tuần dành 2 giờ hướng dẫn đồng nghiệp mới sử dụng phần mềm một cửa điện tử.",
        "Hang tuan danh 2 gio huong dan dong nghiep moi su dung phan mem mot cua dien tu",
    ),
    (
        "Không nhận tiền, quà biếu của người bệnh và người nhà người bệnh.",
        "Không nhận quà biếu, tiền của người nhà người bệnh và người bệnh.",
    ),
]
DIFFERENT = [
    ("Mỗi tháng đọc 2 mẩu chuyện về Bác.", "Kể 1 mẩu chuyện về Bác cho học sinh lớp 5 vào tiết chào cờ đầu tuần."),
    (
        "Mỗi tháng đọc và ghi chép ít nhất 2 mẩu chuyện về Bác, kể lại trong sinh hoạt chi bộ quý.",
        "Mỗi tháng kể cho các cháu thiếu nhi trong xóm nghe 1 câu chuyện về Bác.",
    ),
    ("Không hút thuốc lá trong phòng làm việc.", "Không uống rượu bia trong giờ làm việc."),
    ("Mỗi tháng trực thêm 2 buổi tối tại khoa Cấp cứu.", "Mỗi tháng khám miễn phí cho người cao tuổi 1 buổi sáng."),
    (
        "Mỗi quý xuống 3 thôn khó khăn nắm tình hình hộ nghèo.",
        "Hằng tháng thăm hỏi 2 hộ gia đình chính sách trong thôn.",
    ),
]


@pytest.mark.parametrize(("original", "copy"), COPIES)
def test_near_copy_found_with_owner_in_data_only(original, copy):
    verdict = check_pledge(copy, others=[("Nguyễn Văn An", original), ("Trần Thị Bình", "Trồng 20 cây xanh")])
    reason = next(r for r in verdict.reasons if r.code == NEAR_COPY)
    assert reason.data["owner"] == "Nguyễn Văn An"
    assert reason.data["owners"] == ["Nguyễn Văn An"]
    assert reason.data["similarity"] >= 0.6
    assert "Nguyễn" not in reason.message
    assert verdict.verdict == check_pledge(copy).verdict  # advice: does not change the verdict


@pytest.mark.parametrize(("first", "second"), DIFFERENT)
def test_different_items_on_one_topic_are_not_copies(first, second):
    assert NEAR_COPY not in check_pledge(second, others=[("An", first)]).codes
    assert NEAR_COPY not in check_pledge(first, others=[("An", second)]).codes


@needs_dev
def test_index_gives_the_same_answer_as_a_list():
    others = [(f"member {i}", text) for i, (_, text) in enumerate(load(DEV) + load(HELDOUT))]
    index = NearCopyIndex(others)
    assert len(index) == len(others)
    for _, text in load(DEV)[:10]:
        assert check_pledge(text, others=index).as_dict() == check_pledge(text, others=others).as_dict()
        assert NEAR_COPY in check_pledge(text, others=index).codes  # the item itself is in the pool


# -- command ---------------------------------------------------------------------------------------


def run(*args, stdin=None):
    out, err = io.StringIO(), io.StringIO()
    options = {"stdout": out, "stderr": err}
    if stdin is not None:
        options["stdin"] = io.StringIO(stdin)
    call_command("pledge_check", *args, **options)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_command_reads_a_file_in_order_skipping_blank_lines(tmp_path):
    path = tmp_path / "items.txt"
    path.write_text(
        "\ufeffThực hiện tốt chức trách, nhiệm vụ được giao.\n\n   \r\nMỗi tháng đọc 2 mẩu chuyện về Bác\r\n",
        encoding="utf-8",
    )
    rows, _ = run(str(path))
    assert [row["text"] for row in rows] == [
        "Thực hiện tốt chức trách, nhiệm vụ được giao.",
        "Mỗi tháng đọc 2 mẩu chuyện về Bác",
    ]
    assert [row["verdict"] for row in rows] == ["vague", "specific"]
    assert [r["code"] for r in rows[0]["reasons"]] == [GENERIC, NOT_MEASURABLE]
    assert all(set(r) == {"code", "message"} and r["message"] for r in rows[0]["reasons"])
    assert rows[1]["reasons"] == []


def test_command_output_is_raw_utf8_json():
    out = io.StringIO()
    call_command("pledge_check", stdin=io.StringIO("Tắt điện khi ra khỏi phòng\n"), stdout=out)
    assert '"text": "Tắt điện khi ra khỏi phòng"' in out.getvalue()


def test_command_reads_stdin_and_handles_empty_input():
    rows, _ = run(stdin="\ufeffMoi thang doc 2 mau chuyen ve Bac\n\nTốt\n")
    assert [(row["text"], row["verdict"]) for row in rows] == [
        ("Moi thang doc 2 mau chuyen ve Bac", "specific"),
        ("Tốt", "vague"),
    ]
    assert run(stdin="")[0] == []
    assert run(stdin="\n  \n\n")[0] == []


def test_command_tsv_prints_metrics(tmp_path):
    path = tmp_path / "labelled.tsv"
    path.write_text(
        "label\ttext\nvague\tThực hiện tốt chức trách.\nspecific\tTắt điện khi ra khỏi phòng\n"
        "specific\tLuôn cố gắng làm việc hiệu quả hơn.\n",
        encoding="utf-8",
    )
    rows, err = run("--tsv", str(path))
    assert [row["expected"] for row in rows] == ["vague", "specific", "specific"]
    assert "accuracy: 0.667" in err
    assert "precision (vague): 0.500" in err
    assert "recall (vague): 1.000" in err
    assert "line 4: expected specific, got vague" in err


def test_command_copies_and_duty_options():
    rows, _ = run(
        "--copies",
        "--duty",
        "Bác sĩ",
        stdin="Mỗi tháng đọc 2 mẩu chuyện về Bác\nMoi thang doc 3 mau chuyen ve Bac\n",
    )
    assert NEAR_COPY not in [r["code"] for r in rows[0]["reasons"]]
    copy = next(r for r in rows[1]["reasons"] if r["code"] == NEAR_COPY)
    assert copy["data"]["owner"] == "line 1"


def test_command_rejects_bad_input(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("label\ttext\nmaybe\tTắt điện\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Line 2"):
        run("--tsv", str(bad))
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Tắt điện".encode("utf-16"))
    with pytest.raises(CommandError, match="UTF-8"):
        run(str(latin))
    with pytest.raises(CommandError, match="not found"):
        run(str(tmp_path / "missing.txt"))
