"""The DOCX reads cleanly in LibreOffice (issue 11): converted headless to PDF, no number of a figure
table breaks across lines, "STT" stays on one line, "Hồ Chí Minh" stays together, and a district's
blank number keeps its issuer ("Số     -BC/HU"). LibreOffice comes from scripts/system-deps.sh
(`libreoffice-writer-nogui`).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pypdf

from lamtheo.documents import Paragraph, PartyDocument, Signature, Table, render_docx, render_pdf
from lamtheo.documents.layout import number_line, prepare
from lamtheo.documents.profiles import profile_for_date

VALUE = "2.181/2.321 (94,0%)"
TITLE = "Sơ kết năm 2007 việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"


def district_report(**extra) -> PartyDocument:
    rows = [[str(i), f"Đảng ủy xã Số {i}", *([VALUE] * 5)] for i in range(1, 4)]
    header = ["STT", "Đơn vị", "Đảng viên học tập", "Quần chúng", "CBCCVC", "Đăng ký", "Tự kiểm điểm"]
    return PartyDocument(
        issuing_body="HUYỆN ỦY MẪU",
        parent_body="ĐẢNG BỘ TỈNH MẪU",
        place="Mẫu",
        date=dt.date(2007, 12, 31),
        kind_title="BÁO CÁO",
        title=TITLE,
        blocks=[
            Paragraph("Bảng 2. Theo đơn vị trực thuộc", bold=True, align="center"),
            Table(header=header, rows=rows, widths=[1, 4, 2.6, 2.6, 2.6, 2.6, 2.6]),
        ],
        signature=Signature(on_behalf="T/M BAN THƯỜNG VỤ", position="BÍ THƯ", name="Nguyễn Văn Mẫu"),
        **extra,
    )


def soffice_pdf(docx: bytes, tmp_path) -> str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: run scripts/system-deps.sh (libreoffice-writer-nogui)"
    source = tmp_path / "report.docx"
    source.write_bytes(docx)
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    reader = pypdf.PdfReader(io.BytesIO((tmp_path / "report.pdf").read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_libreoffice_never_breaks_a_number_or_stt(tmp_path):
    text = soffice_pdf(render_docx(district_report()), tmp_path)
    lines = [line.strip() for line in text.splitlines()]
    assert text.count("2.181/2.321") == 15, text  # 3 rows × 5 figures, each whole on its line
    assert "2.181/2.32\n" not in text
    assert any(line.startswith("STT") for line in lines), text  # not "S / T / T"
    assert "Hồ Chí Minh" in " ".join(text.split())
    assert not any(line.endswith("Hồ") for line in lines)  # "Hồ / Chí Minh" never splits
    assert any(line.startswith("Số") and line.endswith("-BC/HU") and "  " in line for line in lines), text


def test_issuer_abbreviations_of_every_body_kind():
    profile = profile_for_date(dt.date(2026, 1, 1))
    expected = {
        "HUYỆN ỦY MẪU": "BC/HU",
        "TỈNH ỦY MẪU": "BC/TU",
        "THÀNH ỦY MẪU": "BC/ThU",
        "QUẬN ỦY MẪU": "BC/QU",
        "ĐẢNG ỦY XÃ MẪU": "BC/ĐU",
        "CHI BỘ THÔN 1": "BC/CB",
        "ỦY BAN KIỂM TRA HUYỆN ỦY MẪU": "BC/UBKT",
        "BAN TUYÊN GIÁO TỈNH ỦY": "BC/BTG",
        "BAN TỔ CHỨC HUYỆN ỦY": "BC/BTC",
        "BAN DÂN VẬN HUYỆN ỦY": "BC/BDV",
        "VĂN PHÒNG TỈNH ỦY": "BC/VP",
    }
    for issuer, symbol in expected.items():
        line = number_line(_with_issuer(issuer), profile)
        assert line == f"Số     -{symbol}", issuer


def _with_issuer(issuer: str) -> PartyDocument:
    doc = district_report()
    doc.issuing_body = issuer
    return doc


def test_pdf_keeps_the_number_blank_and_minutes_sign_twice():
    from tests.documents_fixtures import pdf_reader

    doc = district_report(left_signature=Signature(position="THƯ KÝ", name="Trần Thị Ghi"))
    layout = prepare(doc)
    assert layout.title.endswith("Hồ\u00a0Chí\u00a0Minh")
    data = render_pdf(doc)
    raw = "\n".join(page.extract_text() for page in pdf_reader(data).pages)
    assert "Số     -BC/HU" in raw or "Số\u00a0\u00a0\u00a0\u00a0\u00a0-BC/HU" in raw, raw[:300]
    flat = " ".join(raw.split())
    assert "THƯ KÝ" in flat and "Trần Thị Ghi" in flat and "BÍ THƯ" in flat
    assert flat.index("THƯ KÝ") < flat.index("Trần Thị Ghi")
    document = __import__("docx").Document(io.BytesIO(render_docx(doc)))
    sign = document.tables[-1]
    left, right = (cell.text for cell in sign.rows[0].cells)
    assert left.split("\n")[0] == "THƯ KÝ" and left.split("\n")[-1] == "Trần Thị Ghi"
    assert "BÍ THƯ" in right and right.split("\n")[-1] == "Nguyễn Văn Mẫu"
