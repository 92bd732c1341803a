"""Services of the campaign documents: versions, adaptation, publishing, validation, files, rights."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from lamtheo.campaigns import selectors, services
from lamtheo.campaigns.models import Directive, DirectiveKind, EthicalStandard, EthicalStandardVersion, Theme
from lamtheo.core.exceptions import ConcurrentEditError
from tests.campaigns_fixtures import (  # noqa: F401
    MODEL_LINES,
    YEAR,
    _media,
    doc_bytes,
    docs_fixture,
    docx_bytes,
    odt_bytes,
    pdf_bytes,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def messages_of(exc: ValidationError) -> dict[str, list[str]]:
    return {key: [str(m) for m in value] for key, value in exc.message_dict.items()}


# --- ethical standards: versions -----------------------------------------------------------------


def test_create_standard_keeps_version_one(world):
    std = services.create_standard(
        organization=world.cell_a,
        user=world.secretary,
        title="  Chuẩn mực   chi bộ  ",
        body="  Đi họp   đúng giờ \n\n Giữ gìn đoàn kết \n",
        year_from=YEAR,
    )
    assert std.version == 1
    assert std.title == "Chuẩn mực chi bộ"
    assert std.body == "Đi họp đúng giờ\nGiữ gìn đoàn kết"
    row = std.versions.get()
    assert (row.version, row.body, row.saved_by) == (1, std.body, world.secretary)


def test_every_save_bumps_the_version_and_keeps_the_old_text(world):
    std = services.create_standard(organization=world.cell_a, user=world.secretary, title="A", body="x", year_from=YEAR)
    services.update_standard(
        std, user=world.secretary, expected_version=1, title="A", body="x\ny", year_from=YEAR, year_to=None
    )
    services.update_standard(
        std, user=world.secretary, expected_version=2, title="B", body="y", year_from=YEAR, year_to=YEAR + 1
    )
    std.refresh_from_db()
    assert std.version == 3
    assert list(std.versions.order_by("version").values_list("version", "title", "body")) == [
        (1, "A", "x"),
        (2, "A", "x\ny"),
        (3, "B", "y"),
    ]


def test_a_stale_version_is_refused_and_nothing_changes(world):
    std = services.create_standard(organization=world.cell_a, user=world.secretary, title="A", body="x", year_from=YEAR)
    services.update_standard(
        std, user=world.secretary, expected_version=1, title="A", body="first", year_from=YEAR, year_to=None
    )
    stale = EthicalStandard.objects.get(pk=std.pk)
    with pytest.raises(ConcurrentEditError) as caught:
        services.update_standard(
            stale, user=world.secretary, expected_version=1, title="A", body="second", year_from=YEAR, year_to=None
        )
    assert caught.value.messages[0].startswith("Người khác đã sửa")
    std.refresh_from_db()
    assert (std.version, std.body) == (2, "first")
    assert std.versions.count() == 2


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"body": "  \n \n"}, "body", "ít nhất một chuẩn mực"),
        ({"title": "   "}, "title", "tên bộ chuẩn mực"),
        ({"year_from": 1800}, "year_from", "1990"),
        ({"year_to": YEAR - 1}, "year_to", "không được trước"),
        ({"body": "\n".join(f"Dòng {n}" for n in range(61))}, "body", "60"),
        ({"body": "ngắn\n" + "x" * 700}, "body", "Dòng 2"),
        ({"is_model": True}, "is_model", "Chi bộ"),
    ],
)
def test_standard_validation_in_vietnamese(world, fields, field, message):
    data = {"title": "Chuẩn mực", "body": "Một dòng", "year_from": YEAR, "year_to": None} | fields
    with pytest.raises(ValidationError) as caught:
        services.create_standard(organization=world.cell_a, user=world.secretary, **data)
    assert message in " ".join(messages_of(caught.value)[field])
    assert not EthicalStandard.objects.filter(organization=world.cell_a).exists()


# --- adapting a model ----------------------------------------------------------------------------


def test_adapt_copies_the_model_and_keeps_the_link_and_version(world, docs):
    services.update_standard(
        docs.model_c1,
        user=world.commune_officer,
        expected_version=1,
        title=docs.model_c1.title,
        body=docs.model_c1.body + "\nKhông tham nhũng, tiêu cực",
        year_from=YEAR,
        year_to=None,
    )
    copy = services.adapt_standard(model=docs.model_c1, organization=world.cell_a, user=world.secretary)
    assert copy.organization == world.cell_a
    assert copy.adapted_from == docs.model_c1
    assert copy.adapted_from_version == 2
    assert copy.body == docs.model_c1.body
    assert (copy.version, copy.is_model, copy.year_from) == (1, False, YEAR)
    assert copy.versions.get().version == 1

    # the unit edits its copy; the model stays as it was
    services.update_standard(
        copy,
        user=world.secretary,
        expected_version=1,
        title="Chuẩn mực chi bộ thôn 1",
        body="\n".join([MODEL_LINES[0], MODEL_LINES[2], "Đi họp chi bộ đúng giờ"]),
        year_from=YEAR,
        year_to=None,
    )
    docs.model_c1.refresh_from_db()
    assert "Đi họp chi bộ đúng giờ" not in docs.model_c1.body
    assert docs.model_c1.version == 2

    comparison = selectors.compare_with_model(copy)
    assert comparison is not None and comparison.adapted_version == 2
    assert {(line.op, line.text) for line in comparison.vs_model.lines if line.op != "same"} == {
        ("removed", MODEL_LINES[1]),
        ("removed", "Không tham nhũng, tiêu cực"),
        ("added", "Đi họp chi bộ đúng giờ"),
    }
    assert comparison.model_changes is None  # the model has not changed since


def test_the_model_changing_after_adaptation_shows_what_changed(world, docs):
    copy = services.adapt_standard(model=docs.model_c1, organization=world.cell_a, user=world.secretary)
    services.update_standard(
        docs.model_c1,
        user=world.commune_officer,
        expected_version=1,
        title=docs.model_c1.title,
        body="\n".join([*MODEL_LINES[:2], "Nêu gương trong thực hiện nhiệm vụ"]),
        year_from=YEAR,
        year_to=None,
    )
    copy.refresh_from_db()
    comparison = selectors.compare_with_model(copy)
    assert comparison.adapted_version == 1
    assert not comparison.vs_model.changed  # the copy still equals the model's version 1
    changes = [(line.op, line.text) for line in comparison.model_changes.lines if line.op != "same"]
    assert changes == [("removed", MODEL_LINES[2]), ("added", "Nêu gương trong thực hiện nhiệm vụ")]


def test_adapt_with_chosen_title_and_years(world, docs):
    copy = services.adapt_standard(
        model=docs.model_p, organization=world.commune, user=world.commune_officer, title="Của xã", year_from=YEAR
    )
    assert (copy.title, copy.year_from, copy.year_to, copy.adapted_from_version) == ("Của xã", YEAR, None, 1)


def test_adapt_only_below_the_model_and_only_a_model(world, docs):
    with pytest.raises(ValidationError) as caught:  # sideways: commune 2's model into cell_d is fine, not into cell_a
        services.adapt_standard(model=docs.model_c2, organization=world.cell_a, user=world.secretary)
    assert "cấp dưới" in " ".join(messages_of(caught.value)["organization"])
    with pytest.raises(ValidationError):  # the issuing unit itself
        services.adapt_standard(model=docs.model_c1, organization=world.commune, user=world.commune_officer)
    with pytest.raises(ValidationError) as caught:
        services.adapt_standard(model=docs.own_b, organization=world.cell_b, user=world.superuser)
    assert "không được ban hành làm mẫu" in caught.value.messages[0]
    assert not EthicalStandard.objects.filter(adapted_from__isnull=False).exists()


def test_adapt_needs_manage_campaign_on_the_target(world, docs):
    for user, target in [
        (world.member, world.cell_a),  # no role
        (world.inspector, world.cell_a),  # VIEW only
        (world.outsider, world.cell_a),  # another commune's secretary
        (world.secretary, world.cell_b),  # a sibling cell
    ]:
        with pytest.raises(PermissionDenied):
            services.adapt_standard(model=docs.model_c1, organization=target, user=user)
    assert services.adapt_standard(model=docs.model_c1, organization=world.cell_b, user=world.commune_officer)


# --- publishing ----------------------------------------------------------------------------------


def test_publish_and_withdraw_a_model(world):
    std = services.create_standard(
        organization=world.commune, user=world.commune_officer, title="Mẫu", body="x", year_from=YEAR
    )
    services.publish_standard(std, user=world.commune_officer, expected_version=1, publish=True)
    std.refresh_from_db()
    assert std.is_model and std.version == 2
    copy = services.adapt_standard(model=std, organization=world.cell_a, user=world.secretary)
    services.publish_standard(std, user=world.commune_officer, expected_version=2, publish=False)
    std.refresh_from_db()
    copy.refresh_from_db()
    assert not std.is_model and copy.adapted_from == std
    with pytest.raises(ConcurrentEditError):
        services.publish_standard(std, user=world.commune_officer, expected_version=1, publish=True)


def test_a_cell_cannot_publish_a_model(world):
    std = services.create_standard(organization=world.cell_a, user=world.secretary, title="A", body="x", year_from=YEAR)
    with pytest.raises(ValidationError):
        services.publish_standard(std, user=world.secretary, expected_version=1, publish=True)
    std.refresh_from_db()
    assert not std.is_model and std.version == 1


def test_writes_need_manage_campaign_on_the_issuing_node(world, docs):
    with pytest.raises(PermissionDenied):
        services.create_standard(organization=world.commune, user=world.secretary, title="A", body="x", year_from=YEAR)
    with pytest.raises(PermissionDenied):
        services.update_theme(docs.theme_c1, user=world.secretary, expected_version=1, title="Khác")
    with pytest.raises(PermissionDenied):
        services.create_theme(organization=world.cell_a, user=world.admin, title="A", year_from=YEAR)
    with pytest.raises(PermissionDenied):
        services.create_directive(
            organization=world.cell_a,
            user=world.inspector,
            kind=DirectiveKind.PLAN,
            number="1",
            issued_on=dt.date(YEAR, 1, 1),
            issuer="x",
            title="x",
        )
    # a commune committee member may write for a cell of the commune
    assert services.create_theme(organization=world.cell_b, user=world.commune_officer, title="B", year_from=YEAR)


# --- themes --------------------------------------------------------------------------------------


def test_theme_of_the_year_covers_its_year(world):
    theme = services.create_theme(organization=world.cell_a, user=world.secretary, title="  Năm  ", year_from=YEAR)
    assert (theme.title, theme.year_from, theme.year_to, theme.version) == ("Năm", YEAR, YEAR, 1)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"year_to": YEAR + 1}, "year_to", "Chuyên đề năm chỉ có một năm"),
        ({"scope": "term", "year_to": None}, "year_to", "năm cuối"),
        ({"scope": "term", "year_to": YEAR - 1}, "year_to", "không được trước"),
        ({"scope": "term", "year_to": YEAR + 10}, "year_to", "10 năm"),
        ({"title": " "}, "title", "tên chuyên đề"),
        ({"scope": "decade"}, "scope", "chuyên đề năm hay"),
        ({"year_from": 3000}, "year_from", "2100"),
    ],
)
def test_theme_validation(world, fields, field, message):
    data = {"scope": "year", "title": "Chuyên đề", "year_from": YEAR} | fields
    with pytest.raises(ValidationError) as caught:
        services.create_theme(organization=world.cell_a, user=world.secretary, **data)
    assert message in " ".join(messages_of(caught.value)[field])
    assert not Theme.objects.exists()


def test_theme_cites_a_document_from_its_unit_or_above_only(world, docs):
    theme = services.create_theme(
        organization=world.cell_a, user=world.secretary, title="A", year_from=YEAR, directive=docs.dir_c1
    )
    assert theme.directive == docs.dir_c1
    with pytest.raises(ValidationError) as caught:
        services.create_theme(
            organization=world.cell_a, user=world.secretary, title="B", year_from=YEAR, directive=docs.dir_c2
        )
    assert "cấp trên" in " ".join(messages_of(caught.value)["directive"])


def test_update_theme_versions(world, docs):
    services.update_theme(docs.theme_a, user=world.secretary, expected_version=1, title="Tên mới")
    docs.theme_a.refresh_from_db()
    assert (docs.theme_a.title, docs.theme_a.version) == ("Tên mới", 2)
    with pytest.raises(ConcurrentEditError):
        services.update_theme(docs.theme_a, user=world.secretary, expected_version=1, title="Khác")


# --- directives ----------------------------------------------------------------------------------


def directive_fields(**extra):
    return {
        "kind": DirectiveKind.GUIDANCE,
        "number": "03-HD/CB",
        "issued_on": dt.date(YEAR, 3, 1),
        "issuer": "Chi bộ thôn 1",
        "title": "Hướng dẫn đăng ký làm theo",
    } | extra


@pytest.mark.parametrize(
    ("name", "content"),
    [("a.pdf", pdf_bytes()), ("a.docx", docx_bytes()), ("a.odt", odt_bytes()), ("a.DOC", doc_bytes())],
)
def test_directive_accepts_the_four_formats(world, name, content):
    directive = services.create_directive(
        organization=world.cell_a, user=world.secretary, file=upload(name, content), **directive_fields()
    )
    assert directive.file.name.startswith(f"directives/{dt.date.today().year}/03-HD-CB-")
    with directive.file.open("rb") as handle:
        assert handle.read() == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.exe", pdf_bytes(), "PDF, DOC, DOCX hoặc ODT"),
        ("a.pdf", b"MZ\x90\x00 not a pdf", "không phải là văn bản PDF"),
        ("a.docx", odt_bytes(), "không phải là văn bản DOCX"),
        ("a.odt", odt_bytes(b"application/vnd.oasis.opendocument.spreadsheet"), "ODT"),
        ("a.docx", b"PK\x03\x04 broken zip", "DOCX"),
        ("a.doc", b"plain text", "DOC"),
        ("a.pdf", b"", "rỗng"),
        ("a.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "quá lớn"),
    ],
)
def test_directive_file_checks(world, name, content, message):
    with pytest.raises(ValidationError) as caught:
        services.create_directive(
            organization=world.cell_a, user=world.secretary, file=upload(name, content), **directive_fields()
        )
    assert message in " ".join(messages_of(caught.value)["file"])
    assert not Directive.objects.exists()


def test_directive_validation(world, docs):
    with pytest.raises(ValidationError) as caught:
        services.create_directive(
            organization=world.commune,
            user=world.commune_officer,
            **directive_fields(
                number=" 01-kh/đu ",
                issued_on=dt.date(YEAR, 6, 1),
                valid_from=dt.date(YEAR, 6, 1),
                valid_to=dt.date(YEAR, 5, 1),
                issuer=" ",
            ),
        )
    errors = messages_of(caught.value)
    assert "đã ghi nhận một văn bản số" in errors["number"][0]
    assert "không được trước" in errors["valid_to"][0]
    assert "cơ quan ban hành" in errors["issuer"][0]
    # the same number in another year (numbers restart each year) or by another unit is fine
    assert services.create_directive(
        organization=world.commune,
        user=world.commune_officer,
        **directive_fields(number="01-KH/ĐU", issued_on=dt.date(YEAR - 1, 1, 5)),
    )
    assert services.create_directive(
        organization=world.cell_a, user=world.secretary, **directive_fields(number="01-KH/ĐU")
    )


def test_replacing_and_removing_the_file(world, django_capture_on_commit_callbacks):
    directive = services.create_directive(
        organization=world.cell_a, user=world.secretary, file=upload("a.pdf", pdf_bytes()), **directive_fields()
    )
    storage = directive.file.storage
    first = directive.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.update_directive(
            directive, user=world.secretary, expected_version=1, file=upload("b.docx", docx_bytes())
        )
    second = directive.file.name
    assert second.endswith(".docx") and storage.exists(second) and not storage.exists(first)
    with pytest.raises(ConcurrentEditError):
        services.update_directive(
            directive, user=world.secretary, expected_version=1, file=upload("c.pdf", pdf_bytes())
        )
    directive.refresh_from_db()
    assert directive.file.name == second
    with django_capture_on_commit_callbacks(execute=True):
        services.update_directive(directive, user=world.secretary, expected_version=2, remove_file=True)
    directive.refresh_from_db()
    assert not directive.file and directive.version == 3 and not storage.exists(second)


def test_a_refused_replacement_leaves_no_orphan_file(world):
    directive = services.create_directive(
        organization=world.cell_a, user=world.secretary, file=upload("a.pdf", pdf_bytes()), **directive_fields()
    )
    folder, name = directive.file.name.rsplit("/", 1)
    storage = directive.file.storage
    with pytest.raises(ConcurrentEditError):
        services.update_directive(
            directive, user=world.secretary, expected_version=7, file=upload("c.pdf", pdf_bytes())
        )
    assert storage.listdir(folder)[1] == [name]
    assert directive.file.name == f"{folder}/{name}"
    directive.refresh_from_db()
    assert directive.file.name == f"{folder}/{name}"


def test_changes_are_audited(world, docs):
    services.update_theme(docs.theme_a, user=world.secretary, expected_version=1, title="Tên mới")
    assert LogEntry.objects.get_for_object(docs.theme_a).count() == 2
    assert LogEntry.objects.get_for_object(docs.model_c1).exists()
    assert EthicalStandardVersion.objects.filter(standard=docs.model_c1).count() == 1
