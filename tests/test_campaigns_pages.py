"""Campaign pages: lists per node, details, create/edit with version conflicts, adapt, history,
file download, bad input answered at the field, and a bounded number of queries."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from lamtheo.campaigns import services
from lamtheo.campaigns.models import Directive, DirectiveKind, EthicalStandard, Theme
from tests.campaigns_fixtures import (  # noqa: F401
    MODEL_LINES,
    YEAR,
    _media,
    docs_fixture,
    docx_bytes,
    pdf_bytes,
    upload,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- entry and lists -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "node"),
    [("member", "cell_a"), ("secretary", "cell_a"), ("commune_officer", "commune"), ("admin", "province")],
)
def test_home_opens_the_users_main_node(world, client_for, role, node):
    response = client_for(getattr(world, role)).get(reverse("campaigns:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:themes", args=[getattr(world, node).pk])


def test_home_without_any_node_is_404(world, client_for):
    assert client_for(world.judge).get(reverse("campaigns:home")).status_code == 404


def test_themes_page_shows_issued_and_from_above(world, docs, client_for):
    response = client_for(world.secretary).get(reverse("campaigns:themes", args=[world.cell_a.pk]))
    page = text(response)
    above, issued = page.split('id="cmp-above"')[1].split('id="cmp-issued"')
    assert "Chuyên đề năm của tỉnh" in above and "Chuyên đề toàn khóa của xã Hòa An" in above
    assert "Chuyên đề riêng của chi bộ thôn 1" in issued
    assert "Bình Minh" not in page and "thôn 3" not in page  # nothing sideways
    assert "Thêm chuyên đề" in page  # the secretary manages the cell's campaign
    # another year: the term theme only
    page = text(
        client_for(world.secretary).get(reverse("campaigns:themes", args=[world.cell_a.pk]), {"year": YEAR - 2})
    )
    assert "Chuyên đề toàn khóa của xã Hòa An" in page and "Chuyên đề năm của tỉnh" not in page


def test_member_reads_but_cannot_write(world, docs, client_for):
    client = client_for(world.member)
    page = text(client.get(reverse("campaigns:standards", args=[world.cell_a.pk])))
    assert "Chuẩn mực mẫu xã Hòa An" in page
    assert "Thêm bộ chuẩn mực" not in page and "Vận dụng cho đơn vị" not in page
    assert client.get(reverse("campaigns:standard_create", args=[world.cell_a.pk])).status_code == 404
    assert client.get(reverse("campaigns:standard_adapt", args=[docs.model_c1.pk])).status_code == 404


def test_standards_page_offers_to_adapt_models_from_above(world, docs, client_for):
    client = client_for(world.secretary)
    page = text(client.get(reverse("campaigns:standards", args=[world.cell_a.pk])))
    assert reverse("campaigns:standard_adapt", args=[docs.model_c1.pk]) in page
    assert "Chuẩn mực mẫu xã Bình Minh" not in page and "Chuẩn mực của chi bộ thôn 2" not in page
    services.adapt_standard(
        model=docs.model_c1, organization=world.cell_a, user=world.secretary, title="Bản của thôn 1"
    )
    page = text(client.get(reverse("campaigns:standards", args=[world.cell_a.pk])))
    assert "đơn vị đã vận dụng" in page and "Bản của thôn 1" in page
    assert reverse("campaigns:standard_adapt", args=[docs.model_c1.pk]) not in page


def test_directives_page_search_and_years(world, docs, client_for):
    client = client_for(world.member)
    url = reverse("campaigns:directives", args=[world.cell_a.pk])
    page = text(client.get(url))
    assert "05-CT/TW" in page and "01-KH/ĐU" in page and "02-HD/ĐU" not in page
    page = text(client.get(url, {"q": "CT/TW"}))
    assert "05-CT/TW" in page and "01-KH/ĐU" not in page
    page = text(client.get(url, {"year": YEAR + 1}))
    assert "05-CT/TW" in page and "01-KH/ĐU" not in page
    page = text(client.get(url, {"year": "all"}))
    assert "01-KH/ĐU" in page
    assert client.get(url, {"year": "abc", "page": "x", "above": "-1"}).status_code == 200


def test_node_outside_is_404(world, docs, client_for):
    client = client_for(world.secretary)
    for name in ("themes", "standards", "directives", "node"):
        assert client.get(reverse(f"campaigns:{name}", args=[world.commune.pk])).status_code == 404
        assert client.get(reverse(f"campaigns:{name}", args=[world.cell_b.pk])).status_code == 404


# --- details -------------------------------------------------------------------------------------


def test_details_read_from_above_but_not_sideways(world, docs, client_for):
    client = client_for(world.member)
    assert client.get(reverse("campaigns:theme", args=[docs.theme_c1.pk])).status_code == 200
    assert client.get(reverse("campaigns:theme", args=[docs.theme_c2.pk])).status_code == 404
    assert client.get(reverse("campaigns:standard", args=[docs.model_p.pk])).status_code == 200
    assert client.get(reverse("campaigns:standard", args=[docs.own_b.pk])).status_code == 404
    assert client.get(reverse("campaigns:directive", args=[docs.dir_c2.pk])).status_code == 404
    page = text(client.get(reverse("campaigns:directive", args=[docs.dir_p.pk])))
    assert "Bộ Chính trị" in page and "15/05/2016" in page and "Tải tệp văn bản (PDF)" in page
    assert "Chuyên đề toàn khóa của xã Hòa An" in page  # themes citing it
    assert "Chuyên đề của xã Bình Minh" not in page


def test_theme_detail(world, docs, client_for):
    page = text(client_for(world.secretary).get(reverse("campaigns:theme", args=[docs.theme_c1.pk])))
    assert "Chuyên đề toàn khóa" in page and f"{YEAR - 2}–{YEAR + 2}" in page and "05-CT/TW" in page
    assert reverse("campaigns:theme_edit", args=[docs.theme_c1.pk]) not in page  # set above: read-only here


# --- create and edit -----------------------------------------------------------------------------


def test_create_a_theme(world, docs, client_for):
    client = client_for(world.secretary)
    url = reverse("campaigns:theme_create", args=[world.cell_a.pk])
    page = text(client.get(url))
    assert "01-KH/ĐU" in page and "02-HD/ĐU" not in page  # documents to cite: own and above only
    response = client.post(
        url,
        {
            "scope": "term",
            "title": "Chuyên đề nhiệm kỳ",
            "year_from": YEAR,
            "year_to": YEAR + 4,
            "directive": docs.dir_c1.pk,
        },
    )
    theme = Theme.objects.get(title="Chuyên đề nhiệm kỳ")
    assert response.status_code == 302 and response["Location"] == reverse("campaigns:theme", args=[theme.pk])
    assert (theme.organization, theme.year_to, theme.directive) == (world.cell_a, YEAR + 4, docs.dir_c1)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year_from": "hai nghìn"}, "bốn chữ số"),
        ({"year_from": "1800"}, "1990"),
        ({"scope": "year", "year_to": YEAR + 1}, "Chuyên đề năm chỉ có một năm"),
        ({"scope": "term", "year_to": ""}, "năm cuối của nhiệm kỳ"),
        ({"scope": "term", "year_to": YEAR - 1}, "không được trước"),
        ({"title": ""}, "tên chuyên đề"),
        ({"directive": "999999"}, "do đơn vị này hoặc cấp trên"),
        ({"scope": "weekly"}, "chuyên đề năm hay"),
    ],
)
def test_theme_form_bad_input(world, docs, client_for, data, message):
    post = {"scope": "term", "title": "Chuyên đề", "year_from": YEAR, "year_to": YEAR + 1, "directive": ""} | data
    response = client_for(world.secretary).post(reverse("campaigns:theme_create", args=[world.cell_a.pk]), post)
    assert response.status_code == 200
    assert message in text(response)
    assert 'class="field has-error"' in text(response) or "cmp-radios has-error" in text(response)
    assert not Theme.objects.filter(title="Chuyên đề").exists()


def test_theme_form_rejects_a_sibling_document(world, docs, client_for):
    post = {"scope": "year", "title": "X", "year_from": YEAR, "directive": docs.dir_c2.pk}
    response = client_for(world.secretary).post(reverse("campaigns:theme_create", args=[world.cell_a.pk]), post)
    assert response.status_code == 200 and "do đơn vị này hoặc cấp trên" in text(response)


def test_edit_a_theme_with_a_version_conflict(world, docs, client_for):
    client = client_for(world.secretary)
    url = reverse("campaigns:theme_edit", args=[docs.theme_a.pk])
    page = text(client.get(url))
    assert 'name="version" value="1"' in page
    data = {"scope": "year", "title": "Tên mới", "year_from": YEAR, "year_to": "", "directive": "", "version": 1}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data | {"title": "Tên của người khác"})  # opened at version 1, now 2
    assert response.status_code == 200
    assert "Người khác đã sửa" in text(response)
    docs.theme_a.refresh_from_db()
    assert (docs.theme_a.title, docs.theme_a.version) == ("Tên mới", 2)


def test_create_and_edit_standards_versions_and_conflict(world, client_for):
    client = client_for(world.secretary)
    response = client.post(
        reverse("campaigns:standard_create", args=[world.cell_a.pk]),
        {"title": "Chuẩn mực thôn 1", "body": "Một\nHai", "year_from": YEAR, "year_to": ""},
    )
    std = EthicalStandard.objects.get(title="Chuẩn mực thôn 1")
    assert response["Location"] == reverse("campaigns:standard", args=[std.pk])
    url = reverse("campaigns:standard_edit", args=[std.pk])
    data = {"title": std.title, "body": "Một\nBa", "year_from": YEAR, "year_to": "", "version": 1}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data | {"body": "Khác"})
    assert response.status_code == 200 and "Người khác đã sửa" in text(response)
    std.refresh_from_db()
    assert (std.version, std.body) == (2, "Một\nBa")
    assert std.versions.count() == 2


def test_a_cell_form_has_no_model_checkbox_and_a_commune_form_has(world, client_for):
    page = text(client_for(world.secretary).get(reverse("campaigns:standard_create", args=[world.cell_a.pk])))
    assert 'name="is_model"' not in page
    client = client_for(world.commune_officer)
    page = text(client.get(reverse("campaigns:standard_create", args=[world.commune.pk])))
    assert 'name="is_model"' in page
    client.post(
        reverse("campaigns:standard_create", args=[world.commune.pk]),
        {"title": "Mẫu", "body": "x", "year_from": YEAR, "is_model": "on"},
    )
    assert EthicalStandard.objects.get(title="Mẫu").is_model


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": "   \n  "}, "ít nhất một chuẩn mực"),
        ({"year_from": ""}, "Hãy nhập năm"),
        ({"year_to": YEAR - 1}, "không được trước"),
        ({"year_to": "20x6"}, "bốn chữ số"),
        ({"title": "x" * 301}, "Không quá 300 ký tự"),
        ({"body": "x\n" + "y" * 700}, "Dòng 2 quá dài"),
    ],
)
def test_standard_form_bad_input(world, client_for, data, message):
    post = {"title": "Chuẩn mực", "body": "Một", "year_from": YEAR, "year_to": ""} | data
    response = client_for(world.secretary).post(reverse("campaigns:standard_create", args=[world.cell_a.pk]), post)
    assert response.status_code == 200 and message in text(response)
    assert not EthicalStandard.objects.exists()


def test_publish_from_the_detail_page(world, client_for):
    std = services.create_standard(
        organization=world.commune, user=world.commune_officer, title="Mẫu", body="x", year_from=YEAR
    )
    client = client_for(world.commune_officer)
    url = reverse("campaigns:standard_publish", args=[std.pk])
    assert "Ban hành làm mẫu cho cấp dưới" in text(client.get(reverse("campaigns:standard", args=[std.pk])))
    response = client.post(url, {"version": 1, "publish": "1"}, follow=True)
    assert "Đã ban hành làm mẫu" in text(response)
    std.refresh_from_db()
    assert std.is_model and std.version == 2
    response = client.post(url, {"version": 1, "publish": "0"}, follow=True)  # stale
    assert "Người khác đã sửa" in text(response)
    std.refresh_from_db()
    assert std.is_model
    assert client.get(url).status_code == 405
    response = client.post(url, {"version": "x"}, follow=True)
    assert "Biểu mẫu chưa đầy đủ" in text(response)


def test_a_secretary_cannot_publish_the_cells_standards(world, client_for):
    std = services.create_standard(organization=world.cell_a, user=world.secretary, title="A", body="x", year_from=YEAR)
    client = client_for(world.secretary)
    assert "Ban hành làm mẫu" not in text(client.get(reverse("campaigns:standard", args=[std.pk])))
    client.post(reverse("campaigns:standard_publish", args=[std.pk]), {"version": 1, "publish": "1"})
    std.refresh_from_db()
    assert not std.is_model


# --- adapt and history ---------------------------------------------------------------------------


def test_adapt_then_edit_then_history(world, docs, client_for):
    client = client_for(world.secretary)
    url = reverse("campaigns:standard_adapt", args=[docs.model_c1.pk])
    page = text(client.get(url, {"unit": world.cell_a.pk}))
    assert "Chi bộ thôn 1" in page and "Chi bộ thôn 2" not in page and MODEL_LINES[1] in page
    response = client.post(url, {"organization": world.cell_a.pk, "title": "Chuẩn mực thôn 1", "year_from": YEAR})
    copy = EthicalStandard.objects.get(organization=world.cell_a)
    assert response["Location"] == reverse("campaigns:standard_edit", args=[copy.pk])
    page = text(client.get(response["Location"]))
    assert "Vận dụng từ mẫu của Đảng ủy xã Hòa An (phiên bản 1)" in page
    body = "\n".join([MODEL_LINES[0], MODEL_LINES[2], "Tham gia vệ sinh đường làng mỗi tháng"])
    data = {"title": copy.title, "body": body, "year_from": YEAR, "year_to": "", "version": 1}
    assert client.post(response["Location"], data).status_code == 302

    page = text(client.get(reverse("campaigns:standard_history", args=[copy.pk])))
    assert "Phiên bản 2" in page and "Phiên bản 1" in page
    model_part = page.split('id="cmp-model"')[1].split("cmp-version")[0]
    assert re.search(r'class="cmp-added">.*?Tham gia vệ sinh đường làng mỗi tháng', model_part)
    assert re.search(r'class="cmp-removed">.*?' + re.escape(MODEL_LINES[1]), model_part)
    assert "thêm 1 dòng" in model_part and "bỏ 1 dòng" in model_part
    detail = text(client.get(reverse("campaigns:standard", args=[copy.pk])))
    assert "So với bản mẫu" in detail and "Tham gia vệ sinh đường làng" in detail


def test_adapt_form_bad_input(world, docs, client_for):
    client = client_for(world.secretary)
    url = reverse("campaigns:standard_adapt", args=[docs.model_c1.pk])
    for data, message in [
        ({"organization": world.cell_b.pk}, "Hãy chọn một đơn vị của đồng chí"),
        ({"organization": world.commune.pk}, "Hãy chọn một đơn vị của đồng chí"),
        ({"organization": "abc"}, "Hãy chọn một đơn vị của đồng chí"),
        ({"year_from": YEAR, "year_to": YEAR - 1}, "không được trước"),
        ({"title": ""}, "Hãy nhập tên bộ chuẩn mực"),
    ]:
        post = {"organization": world.cell_a.pk, "title": "T", "year_from": YEAR} | data
        response = client.post(url, post)
        assert response.status_code == 200 and message in text(response), data
    assert not EthicalStandard.objects.filter(adapted_from__isnull=False).exists()


def test_adapt_is_404_for_a_non_model_or_without_a_target(world, docs, client_for):
    assert client_for(world.secretary).get(reverse("campaigns:standard_adapt", args=[docs.own_b.pk])).status_code == 404
    # the commune officer may read the province's model and adapt it for the commune
    assert (
        client_for(world.commune_officer).get(reverse("campaigns:standard_adapt", args=[docs.model_p.pk])).status_code
        == 200
    )
    # the inspector reads the model but manages nothing
    assert (
        client_for(world.inspector).get(reverse("campaigns:standard_adapt", args=[docs.model_c1.pk])).status_code == 404
    )


def test_history_pages_through_old_versions(world, docs, client_for):
    std = docs.own_b
    for number in range(1, 25):
        services.update_standard(
            std,
            user=world.commune_officer,
            expected_version=number,
            title=std.title,
            body=f"Dòng {number}",
            year_from=YEAR,
            year_to=None,
        )
    client = client_for(world.commune_officer)
    page = text(client.get(reverse("campaigns:standard_history", args=[std.pk])))
    assert "Phiên bản 25" in page and "Phiên bản 6<" in page and "Phiên bản 5<" not in page
    assert "?before=6" in page
    page = text(client.get(reverse("campaigns:standard_history", args=[std.pk]), {"before": 6}))
    assert "Phiên bản 5" in page and "Phiên bản 1" in page and "Phiên bản 6<" not in page


# --- directives: forms and files ---------------------------------------------------------------


def directive_post(**extra):
    return {
        "kind": DirectiveKind.PLAN,
        "number": "02-KH/CB",
        "issued_on": f"05/03/{YEAR}",
        "issuer": "Chi bộ thôn 1",
        "title": "Kế hoạch học tập chuyên đề",
        "summary": "",
        "valid_from": "",
        "valid_to": "",
    } | extra


def test_create_a_directive_with_a_file_and_download_it(world, client_for):
    client = client_for(world.secretary)
    response = client.post(
        reverse("campaigns:directive_create", args=[world.cell_a.pk]),
        directive_post(file=upload("kế hoạch.docx", docx_bytes())),
    )
    directive = Directive.objects.get()
    assert response["Location"] == reverse("campaigns:directive", args=[directive.pk])
    assert directive.issued_on == dt.date(YEAR, 3, 5)
    download = client.get(reverse("campaigns:directive_file", args=[directive.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == docx_bytes()[:0] + directive.file.open("rb").read()
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'attachment; filename="02-KH-CB.docx"' in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    # a member of the cell may download; the outsider and the sibling cell's readers may not
    assert client_for(world.member).get(reverse("campaigns:directive_file", args=[directive.pk])).status_code == 200
    assert client_for(world.outsider).get(reverse("campaigns:directive_file", args=[directive.pk])).status_code == 404


def test_download_from_above_and_without_a_file(world, docs, client_for):
    client = client_for(world.member)
    response = client.get(reverse("campaigns:directive_file", args=[docs.dir_p.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert client.get(reverse("campaigns:directive_file", args=[docs.dir_c1.pk])).status_code == 404  # no file
    assert client.get(reverse("campaigns:directive_file", args=[docs.dir_c2.pk])).status_code == 404  # sideways


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"issued_on": "03/2026"}, "ngày/tháng/năm"),
        ({"issued_on": "31/02/2026"}, "ngày/tháng/năm"),
        ({"issued_on": ""}, "Hãy nhập ngày ban hành văn bản"),
        ({"number": ""}, "số hiệu văn bản"),
        ({"valid_from": "10/03/2026", "valid_to": "01/03/2026"}, "không được trước ngày bắt đầu"),
        ({"file": upload("virus.exe", b"MZ")}, "PDF, DOC, DOCX hoặc ODT"),
        ({"file": upload("gia.pdf", b"not really a pdf")}, "không phải là văn bản PDF"),
        ({"file": upload("to.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024 + 1))}, "quá lớn"),
        ({"kind": "memo"}, "chọn loại văn bản"),
    ],
)
def test_directive_form_bad_input(world, client_for, data, message):
    response = client_for(world.secretary).post(
        reverse("campaigns:directive_create", args=[world.cell_a.pk]), directive_post(**data)
    )
    assert response.status_code == 200
    assert message in text(response) and "has-error" in text(response)
    assert not Directive.objects.exists()


def test_edit_a_directive_replaces_the_file_and_detects_conflicts(world, client_for):
    client = client_for(world.secretary)
    client.post(
        reverse("campaigns:directive_create", args=[world.cell_a.pk]),
        directive_post(file=upload("a.pdf", pdf_bytes())),
    )
    directive = Directive.objects.get()
    url = reverse("campaigns:directive_edit", args=[directive.pk])
    page = text(client.get(url))
    assert f'value="05/03/{YEAR}"' in page and 'name="remove_file"' in page
    response = client.post(url, directive_post(version=1, title="Kế hoạch mới", file=upload("b.docx", docx_bytes())))
    assert response.status_code == 302
    directive.refresh_from_db()
    assert directive.title == "Kế hoạch mới" and directive.file.name.endswith(".docx")
    response = client.post(url, directive_post(version=1, title="Cũ"))
    assert response.status_code == 200 and "Người khác đã sửa" in text(response)
    response = client.post(url, directive_post(version=2, remove_file="on"))
    directive.refresh_from_db()
    assert not directive.file and directive.version == 3


# --- query bounds --------------------------------------------------------------------------------


def grow(world, docs, n: int) -> None:
    """Add n themes, directives and standards (with adaptations) at every level of commune 1's branch."""
    root = world.superuser
    for i in range(n):
        for org in (world.province, world.commune, world.cell_a):
            services.create_theme(organization=org, user=root, title=f"Chuyên đề {org.code} {i}", year_from=YEAR)
            services.create_directive(
                organization=org,
                user=root,
                kind=DirectiveKind.GUIDANCE,
                number=f"{i}-HD/{org.code}",
                issued_on=dt.date(YEAR, 1, 1),
                issuer="x",
                title=f"Hướng dẫn {i}",
                file=upload("a.pdf", pdf_bytes()) if i % 2 else None,
            )
        model = services.create_standard(
            organization=world.commune, user=root, title=f"Mẫu {i}", body="a\nb", year_from=YEAR, is_model=True
        )
        services.adapt_standard(model=model, organization=world.cell_a, user=root)
        services.adapt_standard(model=model, organization=world.cell_b, user=root)
        services.create_standard(organization=world.province, user=root, title=f"Tỉnh {i}", body="a", year_from=YEAR)


PAGES = [
    ("themes", "cell_a"),
    ("standards", "cell_a"),
    ("directives", "cell_a"),
    ("themes", "commune"),
    ("standards", "commune"),
    ("directives", "commune"),
]


@pytest.mark.parametrize(("name", "node"), PAGES)
@pytest.mark.parametrize("size", [1, 25])
def test_list_pages_run_a_bounded_number_of_queries(
    world, docs, client_for, django_assert_max_num_queries, name, node, size
):
    grow(world, docs, size)
    user = world.secretary if node == "cell_a" else world.commune_officer
    client = client_for(user)
    url = reverse(f"campaigns:{name}", args=[getattr(world, node).pk])
    with django_assert_max_num_queries(10):  # session, user, roles, person, node, lists and counts
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 25])
def test_detail_pages_run_a_bounded_number_of_queries(world, docs, client_for, django_assert_max_num_queries, size):
    grow(world, docs, size)
    model = EthicalStandard.objects.filter(organization=world.commune, is_model=True).last()
    copy = EthicalStandard.objects.filter(organization=world.cell_a, adapted_from=model).get()
    client = client_for(world.commune_officer)
    for url in (
        reverse("campaigns:standard", args=[model.pk]),
        reverse("campaigns:standard", args=[copy.pk]),
        reverse("campaigns:standard_history", args=[copy.pk]),
        reverse("campaigns:directive", args=[docs.dir_p.pk]),
        reverse("campaigns:theme", args=[docs.theme_c1.pk]),
    ):
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200
