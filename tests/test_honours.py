"""Exemplars (issue 14): the nomination workflow, decisions up the tree at any depth, bad input,
concurrent decisions, the decision files read back, the yearbook PDF read back, the review
figures and the query bounds of the level's page."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from lamtheo.core.exceptions import ConcurrentEditError
from lamtheo.honours import services, workflow
from lamtheo.honours.models import (
    Commendation,
    Evidence,
    Nomination,
    NominationCall,
    NominationEvent,
    Outcome,
    YearbookEntry,
    YearbookExport,
)
from lamtheo.notebook.models import Registration
from lamtheo.organizations import services as org_services
from lamtheo.organizations.models import OrganizationKind
from lamtheo.reviews import figures
from tests.documents_fixtures import pdf_text
from tests.honours_fixtures import FIRST, LAST, defaults, nomination, pdf_upload, photo_upload

TODAY = timezone.localdate()


# --- the workflow, without a database --------------------------------------------------------------


def test_workflow_moves_up_and_keeps_decided_nominations_forwardable():
    W = workflow
    assert W.transition("draft", "submit", "proposer") == "pending"
    assert W.transition("pending", "commend", "decider") == "commended"
    assert W.transition("commended", "forward", "decider") == "pending"
    assert W.transition("rewarded", "forward", "decider") == "pending"
    assert W.transition("pending", "decline", "decider") == "declined"
    with pytest.raises(W.TransitionError) as refused:
        W.transition("pending", "commend", "proposer")
    assert refused.value.code == "role"
    with pytest.raises(W.TransitionError) as late:
        W.transition("commended", "reward", "decider")
    assert late.value.code == "state" and "đã được cấp này xét" in str(late.value.message)
    with pytest.raises(W.TransitionError):
        W.transition("declined", "forward", "decider")
    assert W.available("pending", {"decider"}) == ["commend", "reward", "forward", "decline"]
    assert W.available("draft", {"proposer", "decider"}) == ["save", "submit"]


# --- services ---------------------------------------------------------------------------------------


@pytest.fixture
def cats(db):
    return defaults()


def _propose(world, cats, **extra):
    args = {
        "actor": world.secretary,
        "proposer": world.cell_a,
        "person": world.an,
        "category": cats[0],
        "date_from": FIRST,
        "date_to": LAST,
        "achievements": "Vận động 15 hộ hiến đất làm đường.",
    }
    return services.create_nomination(**(args | extra))


def test_a_cell_proposes_the_commune_commends_and_forwards_the_province_rewards(world, cats):
    """Up the tree at any depth: each level decides on what its children sent; outcomes accumulate."""
    medal = cats[4]
    item = _propose(world, cats)
    assert item.state == "draft" and item.level == world.commune and item.proposed_by == world.secretary
    services.submit_nomination(actor=world.secretary, nomination=item, expected_version=item.version)
    assert item.state == "pending" and item.submitted_at is not None
    # The cell's secretary cannot decide for the commune.
    with pytest.raises(ValidationError, match="Chỉ cấp nhận đề nghị"):
        services.decide(actor=world.secretary, nomination=item, expected_version=item.version, kind="commend")
    services.decide(
        actor=world.commune_officer, nomination=item, expected_version=item.version, kind="commend", number="16-QĐ/ĐU"
    )
    assert item.state == "commended" and item.level == world.commune
    services.decide(
        actor=world.commune_officer, nomination=item, expected_version=item.version, kind="forward", reason="Xuất sắc"
    )
    assert item.state == "pending" and item.level == world.province
    # The commune no longer decides it; the province does.
    with pytest.raises(ValidationError):
        services.decide(actor=world.commune_officer, nomination=item, expected_version=item.version, kind="reward")
    services.decide(
        actor=world.superuser,
        nomination=item,
        expected_version=item.version,
        kind="reward",
        reward_form=medal,
        number="120-QĐ/TU",
        decided_on=TODAY,
    )
    item.refresh_from_db()
    assert item.state == "rewarded" and item.version == 5
    kinds = [(o.level.code, o.kind) for o in item.outcomes.order_by("pk")]
    assert kinds == [("C1", "commend"), ("C1", "forward"), ("P", "reward")]
    assert Commendation.objects.get(number="120-QĐ/TU").organization == world.province
    history = list(NominationEvent.objects.filter(nomination=item).values_list("action", "to_state"))
    assert history == [
        ("create", "draft"),
        ("submit", "pending"),
        ("commend", "commended"),
        ("forward", "pending"),
        ("reward", "rewarded"),
    ]
    # At the top there is no level above.
    with pytest.raises(ValidationError, match="cấp cao nhất"):
        services.decide(actor=world.superuser, nomination=item, expected_version=item.version, kind="forward")


def test_a_level_adds_its_own_nomination_and_a_collective(world, cats):
    own = _propose(world, cats, actor=world.commune_officer, proposer=world.commune, person=world.cuong, own_level=True)
    assert own.state == "pending" and own.level == world.commune
    group = _propose(world, cats, person=None, unit=world.cell_a, category=cats[2])
    assert group.is_collective and group.nominee_name == world.cell_a.name


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"person": None}, "person", "một cá nhân hoặc một tập thể"),
        ({"person": "dung"}, "person", "người của đơn vị này"),
        ({"person": None, "unit": "commune2"}, "unit", "đơn vị trực thuộc"),
        ({"category": 2}, "category", "chỉ dành cho tập thể"),
        ({"achievements": "   "}, "achievements", "những việc đã làm"),
        ({"date_to": dt.date(2000, 1, 1)}, "date_to", "trước ngày bắt đầu"),
    ],
)
def test_bad_nominations_are_refused_at_the_field_and_nothing_is_saved(world, cats, extra, field, message):
    values = {k: (getattr(world, v) if isinstance(v, str) and hasattr(world, v) else v) for k, v in extra.items()}
    if "category" in values:
        values["category"] = cats[values["category"]]
    with pytest.raises(ValidationError) as refused:
        _propose(world, cats, **values)
    assert field in refused.value.error_dict and message in str(refused.value)
    assert not Nomination.objects.exists() and not NominationEvent.objects.exists()


def test_a_closed_call_and_a_duplicate_are_refused(world, cats):
    call = NominationCall.objects.create(
        organization=world.commune, title="Đề nghị", date_from=FIRST, date_to=LAST, deadline=TODAY - dt.timedelta(1)
    )
    with pytest.raises(ValidationError, match="đã hết hạn đề nghị"):
        _propose(world, cats, call=call)
    _propose(world, cats)
    with pytest.raises(ValidationError, match="đã được đề nghị"):
        _propose(world, cats)
    assert Nomination.objects.count() == 1
    with pytest.raises(ValidationError, match="không được trước hôm nay"):
        services.create_call(
            actor=world.commune_officer,
            organization=world.commune,
            title="x",
            date_from=FIRST,
            date_to=LAST,
            deadline=TODAY - dt.timedelta(1),
        )


@pytest.mark.parametrize(
    ("kind", "extra", "fields"),
    [
        ("reward", {}, {"reward_form", "number"}),
        ("decline", {"reason": " "}, {"reason"}),
        ("commend", {"decided_on": TODAY + dt.timedelta(days=3)}, {"decided_on"}),
        ("nonsense", {}, {"kind"}),
    ],
)
def test_bad_decisions_are_refused_and_nothing_changes(world, cats, kind, extra, fields):
    item = nomination(world.cell_a, world.commune, person=world.an)
    with pytest.raises(ValidationError) as refused:
        services.decide(actor=world.commune_officer, nomination=item, expected_version=1, kind=kind, **extra)
    assert set(refused.value.error_dict) == fields
    item.refresh_from_db()
    assert item.state == "pending" and item.version == 1
    assert not Outcome.objects.exists() and not Commendation.objects.exists()


def test_a_decision_number_keeps_its_kind_and_date(world, cats):
    first = nomination(world.cell_a, world.commune, person=world.an)
    second = nomination(world.cell_b, world.commune, person=world.cuong)
    services.decide(actor=world.commune_officer, nomination=first, expected_version=1, kind="commend", number="7-QĐ")
    with pytest.raises(ValidationError) as refused:
        services.decide(
            actor=world.commune_officer,
            nomination=second,
            expected_version=1,
            kind="reward",
            number="7-QĐ",
            reward_form=cats[3],
        )
    assert "number" in refused.value.error_dict
    second.refresh_from_db()
    assert second.state == "pending" and Outcome.objects.count() == 1


def test_concurrent_decisions_do_not_overwrite_each_other(world, cats):
    """Two officers open the same nomination at version 1; the second decision is refused."""
    item = nomination(world.cell_a, world.commune, person=world.an)
    stale = Nomination.objects.get(pk=item.pk)
    services.decide(actor=world.commune_officer, nomination=item, expected_version=1, kind="commend")
    with pytest.raises(ConcurrentEditError):
        services.decide(
            actor=world.commune_officer, nomination=stale, expected_version=1, kind="decline", reason="Chưa đủ"
        )
    item.refresh_from_db()
    assert item.state == "commended" and list(item.outcomes.values_list("kind", flat=True)) == ["commend"]


def test_decide_page_answers_bad_input_in_vietnamese_and_a_stale_form(world, cats, client):
    item = nomination(world.cell_a, world.commune, person=world.an)
    client.force_login(world.commune_officer)
    url = reverse("honours:decide", args=[item.pk])
    response = client.post(url, {"version": 1, "kind": "reward", "decided_on": "31/02/2026"})
    html = response.content.decode()
    assert response.status_code == 200 and "has-error" in html
    assert "nhập ngày theo dạng ngày/tháng/năm" in html
    response = client.post(url, {"version": 1, "kind": "reward"})
    html = response.content.decode()
    assert "Chọn hình thức khen thưởng." in html and "Nhập số quyết định khen thưởng." in html
    Nomination.objects.filter(pk=item.pk).update(version=2)  # someone else decided meanwhile
    response = client.post(url, {"version": 1, "kind": "decline", "reason": "Chưa nổi bật"})
    assert "Người khác đã sửa" in response.content.decode() or "người khác" in response.content.decode().lower()
    assert not Outcome.objects.exists()
    response = client.post(url, {"version": 2, "kind": "decline", "reason": "Chưa nổi bật"})
    assert response.status_code == 302 and Outcome.objects.get().kind == "decline"


def test_links_and_evidence_belong_to_the_nominee(world, cats):
    item = nomination(world.cell_a, world.commune, person=world.an)
    own = Registration.objects.create(person=world.an, organization=world.cell_a, year=FIRST.year)
    other = Registration.objects.create(person=world.binh, organization=world.cell_a, year=FIRST.year)
    with pytest.raises(ValidationError, match="của chính đối tượng"):
        services.link_work(actor=world.secretary, nomination=item, registrations=[own, other], self_reports=[])
    assert not item.registrations.exists()
    services.link_work(actor=world.secretary, nomination=item, registrations=[own], self_reports=[])
    assert list(item.registrations.all()) == [own]
    photo = services.add_evidence(actor=world.secretary, nomination=item, upload=photo_upload(), caption="Ảnh")
    assert photo.is_photo and photo.file.name.endswith(".jpg")
    document = services.add_evidence(actor=world.secretary, nomination=item, upload=pdf_upload())
    assert not document.is_photo
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as refused:
        services.add_evidence(actor=world.secretary, nomination=item, upload=SimpleUploadedFile("x.exe", b"MZ\x90"))
    assert "upload" in refused.value.error_dict
    assert Evidence.objects.count() == 2


# --- decision files ----------------------------------------------------------------------------------


def _decided(world, cats):
    a = nomination(world.cell_a, world.commune, person=world.an)
    b = nomination(world.cell_b, world.commune, unit=world.cell_b, category=cats[2])
    for item in (a, b):
        services.decide(
            actor=world.commune_officer,
            nomination=item,
            expected_version=1,
            kind="reward",
            reward_form=cats[3],
            number="15-QĐ/ĐU",
            decided_on=dt.date(TODAY.year, 1, 5),
        )
    return Commendation.objects.get(number="15-QĐ/ĐU")


def test_the_decision_and_its_list_read_back_from_docx_pdf_and_xlsx(world, cats, client):
    item = _decided(world, cats)
    client.force_login(world.secretary)  # a cell reads its commune's published decision
    response = client.get(reverse("honours:commendation_file", args=[item.pk, "docx"]))
    assert response.status_code == 200 and "Quy%E1%BA%BFt" in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.content))
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert "QUYẾT ĐỊNH" in text and "Số 15-QĐ/ĐU" in text and "ĐẢNG ỦY XÃ HÒA AN" in text
    assert "khen thưởng 1 tập thể và 1 cá nhân" in text
    assert "Nguyễn Văn An" in text and "Chi bộ thôn 2" in text and "Giấy khen" in text
    pdf = pdf_text(client.get(reverse("honours:commendation_file", args=[item.pk, "pdf"])).content)
    assert "QUYẾT ĐỊNH" in pdf and "DANH SÁCH" in pdf and "Nguyễn Văn An" in pdf
    book = load_workbook(io.BytesIO(client.get(reverse("honours:commendation_file", args=[item.pk, "xlsx"])).content))
    rows = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert "15-QĐ/ĐU" in rows[0][0]
    assert rows[3][:2] == [1, "Chi bộ thôn 2"] and rows[3][2] == "Tập thể"  # collectives first
    assert rows[4][:2] == [2, "Nguyễn Văn An"] and rows[4][5] == "Giấy khen"
    assert client.get(reverse("honours:commendation_file", args=[item.pk, "odt"])).status_code == 404


# --- yearbook ----------------------------------------------------------------------------------------


def test_the_yearbook_pdf_is_built_in_the_background_with_consented_pages_only(
    world, cats, client, django_capture_on_commit_callbacks
):
    item = _decided(world, cats)
    client.force_login(world.commune_officer)
    response = client.post(
        reverse("honours:yearbook_new", args=[world.commune.pk]),
        {
            "title": "Kỷ yếu điển hình năm nay",
            "date_from": FIRST.strftime("%d/%m/%Y"),
            "date_to": LAST.strftime("%d/%m/%Y"),
        },
    )
    book = world.commune  # noqa: F841
    assert response.status_code == 302
    yearbook_url = response["Location"]
    chosen = [o.nomination_id for o in item.outcomes.all()]
    client.post(yearbook_url + "add/", {"nominations": chosen})
    entries = sorted(YearbookEntry.objects.all(), key=lambda e: e.name != "Nguyễn Văn An")
    assert sorted(e.name for e in entries) == ["Chi bộ thôn 2", "Nguyễn Văn An"]
    # No consent yet: printing is refused with a message, nothing is built.
    response = client.post(yearbook_url + "build/", follow=True)
    assert "Chưa có gương nào đồng ý" in response.content.decode() and not YearbookExport.objects.exists()
    # Consent needs a note; then it is recorded with who and when.
    url = reverse("honours:entry_edit", args=[entries[0].pk])
    response = client.post(url, {"version": 1, "position": 2, "story": "Vận động hiến đất.", "consent": "on"})
    assert "has-error" in response.content.decode()
    client.post(
        url,
        {
            "version": 1,
            "position": 1,
            "story": "Vận động hiến đất làm đường.",
            "consent": "on",
            "consent_note": "Phiếu đồng ý ngày 05/11",
            "photo": photo_upload(),
        },
    )
    entries[0].refresh_from_db()
    assert entries[0].consent and entries[0].consent_by == world.commune_officer and entries[0].photo
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(yearbook_url + "build/", HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in response.content.decode()  # the page polls the progress
    response = client.get(
        reverse("honours:build_status", args=[YearbookExport.objects.get().pk]), HTTP_HX_REQUEST="true"
    )
    assert 'value="100"' in response.content.decode() and "hx-trigger" not in response.content.decode()
    job = YearbookExport.objects.get()
    assert job.status == "done" and job.progress == 100
    data = client.get(reverse("honours:build_download", args=[job.pk])).getvalue()
    text = pdf_text(data)
    assert "Kỷ yếu điển hình năm nay".upper() in text.upper() and "MỤC LỤC" in text
    assert "Nguyễn Văn An" in text and "Vận động hiến đất làm đường." in text
    assert "Chi bộ thôn 2" not in text.split("MỤC LỤC")[1]  # no consent: not printed
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 3  # cover, contents, one page for the one consenting exemplar
    assert reader.pages[2].images  # the photo is on the exemplar's page


# --- figures -----------------------------------------------------------------------------------------


def test_review_figures_split_individuals_and_collectives_and_compile_up(world, cats):
    a = nomination(world.cell_a, world.commune, person=world.an)
    b = nomination(world.cell_b, world.commune, unit=world.cell_b, category=cats[2])
    c = nomination(world.cell_a, world.commune, person=world.binh)
    d = nomination(world.cell_d, world.commune2, person=world.dung)
    officer = world.commune_officer
    services.decide(actor=officer, nomination=a, expected_version=1, kind="reward", reward_form=cats[3], number="1")
    services.decide(actor=officer, nomination=b, expected_version=1, kind="commend")
    services.decide(actor=officer, nomination=b, expected_version=2, kind="forward")
    services.decide(actor=officer, nomination=c, expected_version=1, kind="decline", reason="Chưa")
    services.decide(actor=world.superuser, nomination=d, expected_version=1, kind="forward")
    period = (FIRST, LAST)
    commune = figures.compute(world.commune, *period, only=["honours"])
    totals = commune.totals()
    assert totals["honours.nominated_individuals"] == 2 and totals["honours.nominated_collectives"] == 1
    assert totals["honours.rewarded_individuals"] == 1 and totals["honours.commended_collectives"] == 1
    assert totals["honours.forwarded_collectives"] == 1 and totals.get("honours.forwarded_individuals", 0) == 0
    assert commune.by_unit()[world.cell_a.path]["honours.nominated_individuals"] == 2
    province = figures.compute(world.province, *period, only=["honours"]).totals()
    other = figures.compute(world.commune2, *period, only=["honours"]).totals()
    for key in ("nominated_individuals", "forwarded_individuals", "rewarded_individuals", "commended_collectives"):
        assert province.get(f"honours.{key}", 0) == totals.get(f"honours.{key}", 0) + other.get(f"honours.{key}", 0)
    assert province["honours.forwarded_individuals"] == 1
    # Another period counts nothing.
    assert not figures.compute(world.commune, dt.date(2001, 1, 1), dt.date(2001, 12, 31), only=["honours"]).totals()


# --- pages -------------------------------------------------------------------------------------------


def test_the_level_page_runs_a_bounded_number_of_queries(world, cats, client, django_assert_max_num_queries):
    client.force_login(world.commune_officer)
    url = reverse("honours:unit", args=[world.commune.pk])
    for i in range(3):
        nomination(world.cell_a, world.commune, person=world.an, text=f"Việc {i}")
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    extra = [
        org_services.create_organization(
            parent=world.commune, kind=OrganizationKind.CELL, code=f"X{i}", name=f"Chi bộ {i}"
        )
        for i in range(5)
    ]
    for i in range(30):
        nomination(extra[i % 5], world.commune, unit=extra[i % 5], category=cats[2], text=f"Việc {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert "Chi bộ 4" in html


def test_a_cell_proposes_through_the_page_with_a_clear_message_for_bad_input(world, cats, client):
    client.force_login(world.secretary)
    url = reverse("honours:nomination_new", args=[world.cell_a.pk])
    response = client.post(url, {"kind": "person", "category": cats[0].pk, "date_from": "01/01/2026"})
    html = response.content.decode()
    assert response.status_code == 200 and "Chọn người được đề nghị." in html and "Hãy viết những việc đã làm." in html
    assert not Nomination.objects.exists()
    response = client.post(
        url,
        {
            "kind": "person",
            "person": world.an.pk,
            "category": cats[0].pk,
            "date_from": FIRST.strftime("%d/%m/%Y"),
            "date_to": LAST.strftime("%d/%m/%Y"),
            "achievements": "Giúp 3 hộ nghèo.",
        },
    )
    item = Nomination.objects.get()
    assert response.status_code == 302 and item.state == "draft"
    client.post(reverse("honours:nomination_submit", args=[item.pk]), {"version": 1})
    item.refresh_from_db()
    assert item.state == "pending" and item.level == world.commune
    # Outside the secretary's cell: a person of cell d is an invalid choice, not a 500.
    response = client.post(url, {"kind": "person", "person": world.dung.pk, "category": cats[0].pk})
    assert "Chọn một người của đơn vị này trong danh sách." in response.content.decode()


# --- demo --------------------------------------------------------------------------------------------


def test_the_demo_seeds_exemplars_through_the_services(db):
    from django.core.management import call_command

    from lamtheo.honours.models import Yearbook

    out = io.StringIO()
    call_command("seed_demo", "--scale", "cell", stdout=out)
    assert "Seeded the exemplars: 4 nominations" in out.getvalue()
    states = sorted(Nomination.objects.values_list("state", flat=True))
    assert states == ["commended", "pending", "rewarded", "rewarded"]  # the last one waits for the commune
    group = Nomination.objects.get(person__isnull=True)
    assert [o.kind for o in group.outcomes.order_by("pk")] == ["commend", "forward", "reward"]
    assert group.level.depth == 1  # rewarded by the province
    book = Yearbook.objects.get()
    assert book.entries.count() == 3 and book.entries.filter(consent=True).count() == 2
    assert Evidence.objects.filter(is_photo=True).exists()
