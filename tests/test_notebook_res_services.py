"""Notebook results: self-report and evaluation services, photo checks."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lamtheo.core.exceptions import ConcurrentEditError
from lamtheo.notebook import services_results as svc
from lamtheo.notebook.models import (
    Evaluation,
    EvaluationLevel,
    Evidence,
    ItemStatus,
    RegistrationState,
    ReportPeriod,
    SelfReport,
)
from tests.notebook_res_fixtures import image_bytes, media_fixture, nb_fixture, photo  # noqa: F401

pytestmark = pytest.mark.django_db

END = ReportPeriod.YEAR_END
MID = ReportPeriod.MID_YEAR


def items(nb, status=ItemStatus.DONE, achieved="Đã giúp 5 hộ"):
    return [
        svc.ItemResult(pledge_id=nb.pledge1.pk, status=status, achieved=achieved, direction="Tiếp tục"),
        svc.ItemResult(pledge_id=nb.pledge2.pk, status=ItemStatus.PARTLY),
    ]


def test_member_submits_own_report(world, nb):
    report = svc.save_self_report(
        actor=world.member, registration=nb.reg_an, period=END, items=items(nb), summary="Tốt", submit=True
    )
    assert report.submitted_at is not None
    assert report.entered_by is None
    assert {(i.pledge_id, i.status) for i in report.items.all()} == {
        (nb.pledge1.pk, "done"),
        (nb.pledge2.pk, "partly"),
    }
    assert report.version == 1


def test_secretary_enters_on_behalf_and_it_is_recorded(world, nb):
    report = svc.save_self_report(actor=world.secretary, registration=nb.reg_an, period=MID, items=items(nb))
    assert report.entered_by == world.secretary
    assert report.submitted_at is None  # a draft


def test_others_may_not_write_a_report(world, nb):
    for actor in (world.commune_officer, world.outsider, world.inspector, world.admin):
        with pytest.raises(PermissionDenied):
            svc.save_self_report(actor=actor, registration=nb.reg_an, period=END, items=items(nb))
    assert not SelfReport.objects.exists()


def test_report_needs_an_approved_registration(world, nb):
    nb.reg_an.state = RegistrationState.SUBMITTED
    nb.reg_an.save()
    with pytest.raises(ValidationError):
        svc.save_self_report(actor=world.member, registration=nb.reg_an, period=END, items=items(nb))


def test_submitting_needs_a_result_for_every_item(world, nb):
    partial = [svc.ItemResult(pledge_id=nb.pledge1.pk, status=ItemStatus.DONE)]
    with pytest.raises(ValidationError) as exc:
        svc.save_self_report(actor=world.member, registration=nb.reg_an, period=END, items=partial, submit=True)
    assert f"status_{nb.pledge2.pk}" in exc.value.error_dict
    assert not SelfReport.objects.exists()
    # a draft may leave it open
    report = svc.save_self_report(actor=world.member, registration=nb.reg_an, period=END, items=partial)
    assert report.items.count() == 1


def test_item_of_another_registration_is_refused(world, nb):
    foreign = [svc.ItemResult(pledge_id=nb.pledge_dung.pk, status=ItemStatus.DONE)]
    with pytest.raises(ValidationError):
        svc.save_self_report(actor=world.member, registration=nb.reg_an, period=END, items=foreign)


def test_stale_version_is_refused_without_overwriting(world, nb):
    report = svc.save_self_report(actor=world.member, registration=nb.reg_an, period=END, items=items(nb))
    svc.save_self_report(
        actor=world.member, registration=nb.reg_an, period=END, items=items(nb, achieved="v2"), expected_version=1
    )
    with pytest.raises(ConcurrentEditError):
        svc.save_self_report(
            actor=world.secretary,
            registration=nb.reg_an,
            period=END,
            items=items(nb, achieved="stale"),
            expected_version=1,
        )
    # a second "new" form for an existing report is stale too
    with pytest.raises(ConcurrentEditError):
        svc.save_self_report(
            actor=world.member, registration=nb.reg_an, period=END, items=items(nb), expected_version=0
        )
    report.refresh_from_db()
    assert report.version == 2
    assert report.items.get(pledge=nb.pledge1).achieved == "v2"


def test_photos_are_stored_downscaled_with_thumbnail_and_limited(world, nb):
    big = svc.prepare_photo(photo("big.jpg", size=(3000, 2000)))
    assert max(Image.open(io.BytesIO(big.data)).size) == svc.MAX_PHOTO_SIDE
    assert max(Image.open(io.BytesIO(big.thumb)).size) == svc.THUMB_SIDE
    report = svc.save_self_report(
        actor=world.member, registration=nb.reg_an, period=END, items=items(nb), photos=[big] * 3
    )
    stored = list(report.evidence.all())
    assert len(stored) == 3
    first = stored[0]
    assert first.file.name.endswith(".jpg") and "big" not in first.file.name
    assert first.file.storage.exists(svc.thumb_name(first.file.name))
    assert first.uploaded_by == world.member
    with pytest.raises(ValidationError) as exc:
        svc.save_self_report(
            actor=world.member,
            registration=nb.reg_an,
            period=END,
            items=items(nb),
            photos=[big] * 3,
            expected_version=1,
        )
    assert "photos" in exc.value.error_dict
    assert report.evidence.count() == 3
    # removing two makes room for two more
    report = svc.save_self_report(
        actor=world.member,
        registration=nb.reg_an,
        period=END,
        items=items(nb),
        photos=[big] * 2,
        remove_evidence=[stored[0].pk, stored[1].pk],
        expected_version=1,
    )
    assert report.evidence.count() == 3
    assert not Evidence.objects.filter(pk=stored[0].pk).exists()


def test_photo_metadata_is_stripped_and_orientation_applied():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° when shown
    exif[0x010F] = "PhoneMaker"
    prepared = svc.prepare_photo(photo("p.jpg", size=(80, 40), exif=exif.tobytes()))
    image = Image.open(io.BytesIO(prepared.data))
    assert image.size == (40, 80)
    assert not image.getexif()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("a.pdf", b"%PDF-1.4 not an image", content_type="image/jpeg"), "không phải là ảnh"),
        (SimpleUploadedFile("a.gif", image_bytes("GIF"), content_type="image/gif"), "không phải là ảnh"),
        (SimpleUploadedFile("a.jpg", image_bytes()[:60], content_type="image/jpeg"), "không phải là ảnh"),
        (SimpleUploadedFile("a.jpg", b"", content_type="image/jpeg"), "trống"),
        (SimpleUploadedFile("a.jpg", b"\xff" * (5 * 1024 * 1024 + 1), content_type="image/jpeg"), "5 MB"),
    ],
)
def test_bad_photos_get_a_vietnamese_message(upload, message):
    from django.utils import translation

    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        svc.prepare_photo(upload)
    assert message in " ".join(exc.value.messages)


def test_png_and_webp_keep_their_format():
    assert svc.prepare_photo(photo("a.png", fmt="PNG")).extension == "png"
    assert svc.prepare_photo(photo("a.webp", fmt="WEBP")).extension == "webp"


def test_evaluation_by_secretary_with_versions(world, nb):
    ev = svc.save_evaluation(
        actor=world.secretary, person=world.an, year=nb.year, text="Hoàn thành tốt", level=EvaluationLevel.GOOD
    )
    assert (ev.written_by, ev.organization, ev.version) == (world.secretary, world.cell_a, 1)
    svc.save_evaluation(
        actor=world.secretary, person=world.an, year=nb.year, text="Sửa", level="excellent", expected_version=1
    )
    with pytest.raises(ConcurrentEditError):
        svc.save_evaluation(
            actor=world.secretary, person=world.an, year=nb.year, text="Cũ", level="good", expected_version=1
        )
    with pytest.raises(ConcurrentEditError):
        svc.save_evaluation(actor=world.secretary, person=world.an, year=nb.year, text="Mới", level="good")
    ev.refresh_from_db()
    assert (ev.text, ev.level, ev.version) == ("Sửa", "excellent", 2)


def test_evaluation_rights_and_bad_input(world, nb):
    for actor in (world.member, world.commune_officer, world.outsider, world.admin):
        with pytest.raises(PermissionDenied):
            svc.save_evaluation(actor=actor, person=world.an, year=nb.year, text="x", level="good")
    with pytest.raises(ValidationError) as exc:
        svc.save_evaluation(actor=world.secretary, person=world.an, year=nb.year, text="  ", level="best")
    assert set(exc.value.error_dict) == {"text", "level"}
    assert not Evaluation.objects.exists()
