"""Issue 18 on the server: one submit per tap (idempotency keys), the installable app (service
worker, manifest, offline page), fields tied to their hints and errors, htmx partial updates of the
items, compressed HTML within the page-weight budget."""

from __future__ import annotations

import gzip
import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.http import HttpResponseRedirect
from django.test import Client
from django.urls import reverse

from lamtheo.notebook.models import Registration
from lamtheo.webapp import middleware, services
from lamtheo.webapp.models import SubmitKey
from tests.notebook_reg_fixtures import SPECIFIC, SPECIFIC_2, client_as, formset_data, url, year
from tests.notebook_res_fixtures import media_fixture, nb_fixture  # noqa: F401
from tests.study_fixtures import st_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

KEY = "0b7a1c2e-5d4f-4e8a-9c3b-2f6d8e1a7b90"
HTMX = {"HTTP_HX_REQUEST": "true"}


def post_save(client, person, rows, *, key=KEY, button="save", **extra):
    data = formset_data(rows, **{button: "1"})
    if key:
        data[middleware.KEY_FIELD] = key
    return client.post(url("edit", person.pk, year()), data, **extra)


# --- one submit per tap ---------------------------------------------------------------------------


def test_three_taps_with_one_key_save_once_and_answer_alike(world):
    client = client_as(world.member)
    answers = [post_save(client, world.an, [{"text": SPECIFIC}]) for _ in range(3)]
    assert [a.status_code for a in answers] == [302, 302, 302]
    assert len({a["Location"] for a in answers}) == 1  # the same "đã lưu" page, never a warning
    reg = Registration.objects.get()
    assert reg.version == 1 and reg.state == "draft" and reg.pledges.count() == 1
    assert KEY in answers[-1].cookies[middleware.SENT_COOKIE].value  # the page clears its draft
    row = SubmitKey.objects.get()
    assert row.user == world.member and row.location == answers[0]["Location"]
    page = client.get(answers[-1]["Location"]).content.decode()
    assert page.count("Đã lưu bản đăng ký") == 1 and "msg-warning" not in page


def test_without_a_key_a_second_tap_is_a_second_save(world):
    """What the key prevents: each POST of the same page saves again (or lands on a warning)."""
    client = client_as(world.member)
    assert post_save(client, world.an, [{"text": SPECIFIC}], key="").status_code == 302
    assert post_save(client, world.an, [{"text": SPECIFIC}], key="").status_code == 302
    assert Registration.objects.get().version == 2 and not SubmitKey.objects.exists()


def test_a_submit_tapped_twice_is_sent_once(world):
    client = client_as(world.member)
    first, second = (post_save(client, world.an, [{"text": SPECIFIC}], button="submit") for _ in range(2))
    assert first["Location"] == second["Location"]
    page = client.get(second["Location"]).content.decode()
    assert "Bản đăng ký đã được gửi chi ủy." in page and "msg-warning" not in page
    assert Registration.objects.get().state == "submitted"


def test_a_refused_submission_gives_its_key_back(world):
    client = client_as(world.member)
    bad = post_save(client, world.an, [{"text": SPECIFIC, "deadline": "31/02/2026"}])
    assert bad.status_code == 200 and not Registration.objects.exists()
    assert not SubmitKey.objects.exists() and middleware.SENT_COOKIE not in bad.cookies
    fixed = post_save(client, world.an, [{"text": SPECIFIC}])  # same key, now valid: it saves
    assert fixed.status_code == 302 and Registration.objects.count() == 1


def test_keys_are_per_user_and_per_form(world):
    post_save(client_as(world.member), world.an, [{"text": SPECIFIC}])
    secretary = client_as(world.secretary)  # the same key from another user is another submission
    assert post_save(secretary, world.binh, [{"text": SPECIFIC_2}]).status_code == 302
    assert Registration.objects.count() == 2 and SubmitKey.objects.count() == 2


def test_a_repeat_while_the_first_is_running_waits_for_its_answer(world, monkeypatch):
    SubmitKey.objects.create(user=world.member, key=KEY, path=url("edit", world.an.pk, year()))
    monkeypatch.setattr(middleware, "WAIT_SECONDS", 0.3)
    busy = post_save(client_as(world.member), world.an, [{"text": SPECIFIC}])
    assert busy.status_code == 409 and "vẫn đang được lưu" in busy.content.decode()
    assert not Registration.objects.exists()  # never run twice at once
    SubmitKey.objects.update(location="/notebook/?year=2026")
    done = post_save(client_as(world.member), world.an, [{"text": SPECIFIC}])
    assert done.status_code == 302 and done["Location"] == "/notebook/?year=2026"
    assert not Registration.objects.exists()


def test_htmx_requests_anonymous_posts_and_logins_are_left_alone(world):
    member = client_as(world.member)
    part = post_save(member, world.an, [{"text": SPECIFIC}], button="add_row", **HTMX)
    assert part.status_code == 200 and not SubmitKey.objects.exists()
    anonymous = post_save(Client(), world.an, [{"text": SPECIFIC}])
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert not SubmitKey.objects.exists()
    assert not middleware.is_success(HttpResponseRedirect(f"{reverse('accounts:login')}?next=/notebook/"))
    assert middleware.is_success(HttpResponseRedirect("/notebook/?year=2026"))


def test_claim_states(world):
    state, row = services.claim(world.member, KEY, "/a/")
    assert state is services.Claim.NEW and row is not None
    assert services.claim(world.member, KEY, "/a/")[0] is services.Claim.BUSY
    assert services.claim(world.member, KEY, "/b/") == (services.Claim.NEW, None)  # another form
    services.finish(row, "/done/")
    assert services.claim(world.member, KEY, "/a/")[0] is services.Claim.DONE
    services.release(row)
    assert services.claim(world.member, KEY, "/a/")[0] is services.Claim.NEW


# --- the installable app --------------------------------------------------------------------------


def test_service_worker_is_served_from_the_root_with_the_shell(client):
    response = client.get(reverse("webapp:service_worker"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/" and "no-cache" in response["Cache-Control"]
    text = response.content.decode()
    for asset in ("css/lamtheo.css", "js/lamtheo-forms.js", "django_htmx/htmx-2.min.js", "/offline/"):
        assert asset in text
    assert re.search(r'const VERSION = "[0-9a-f]{12}"', text)
    assert "{%" not in text and "{{" not in text


def test_manifest_names_the_app_in_vietnamese_with_real_icons(client):
    response = client.get(reverse("webapp:manifest"))
    data = json.loads(response.content)
    assert response["Content-Type"] == "application/manifest+json"
    assert data["name"] == "Học tập và làm theo" and data["lang"] == "vi" and data["display"] == "standalone"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_offline_page_speaks_vietnamese(client):
    page = client.get(reverse("webapp:offline")).content.decode()
    assert "Không có mạng" in page and "<script" not in page


def test_pages_link_manifest_and_script_without_inline_script(world):
    page = client_as(world.member).get(url("edit", world.an.pk, year())).content.decode()
    assert 'rel="manifest"' in page and "js/lamtheo-forms.js" in page and "css/forms.css" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "inline script (CSP)"
    config = json.loads(
        re.search(r'<meta name="lamtheo-config" content="([^"]+)"', page).group(1).replace("&quot;", '"')
    )
    assert config["user"] == str(world.member.pk) and config["texts"]["savedHere"] == "Đã lưu trên máy này"
    assert config["texts"]["showPassword"] == "Hiện mật khẩu"


# --- accessibility of the fields ------------------------------------------------------------------


def test_hints_and_errors_are_tied_to_their_fields(world):
    bad = post_save(client_as(world.member), world.an, [{"text": SPECIFIC, "deadline": "31/02/2026"}])
    page = bad.content.decode()
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    described = [ref for refs in re.findall(r'aria-describedby="([^"]+)"', page) for ref in refs.split()]
    assert "id_items-0-deadline_errors" in described and "id_items-0-text_helptext" in described
    assert set(described) <= ids, set(described) - ids
    text = re.search(r"<textarea[^>]*items-0-text[^>]*>", page).group(0)
    assert 'aria-required="true"' in text
    deadline = re.search(r'<input[^>]*name="items-0-deadline"[^>]*>', page).group(0)
    assert 'inputmode="numeric"' in deadline and 'aria-invalid="true"' in deadline


def test_login_error_is_announced(client, world):
    page = client.post(reverse("accounts:login"), {"username": "dangvien_an", "password": "sai"}).content.decode()
    assert re.search(r'<div class="errors" role="alert"', page)


# --- htmx partial updates -------------------------------------------------------------------------


def test_adding_an_item_redraws_only_the_items_and_says_where_focus_goes(world):
    client = client_as(world.member)
    part = post_save(client, world.an, [{"text": SPECIFIC}], button="add_row", **HTMX).content.decode()
    assert part.lstrip().startswith('<div id="reg-rows">') and "<html" not in part
    assert 'name="items-TOTAL_FORMS" value="2"' in part and "Đã thêm mục 2." in part
    rows = re.findall(r'<fieldset class="group reg-row"( data-focus-here)?>', part)
    assert rows == ["", " data-focus-here"]  # the new item takes focus
    assert SPECIFIC in part and not Registration.objects.exists()


def test_removing_an_item_keeps_focus_where_it_was(world):
    client = client_as(world.member)
    data = formset_data([{"text": SPECIFIC}, {"text": SPECIFIC_2}], remove_row="0")
    part = client.post(url("edit", world.an.pk, year()), data, **HTMX).content.decode()
    assert "<html" not in part and SPECIFIC not in part and SPECIFIC_2 in part and "Đã bỏ một mục." in part
    assert re.findall(r'<fieldset class="group reg-row"( data-focus-here)?>', part) == [" data-focus-here"]


def test_advice_waits_for_a_longer_pause_or_leaving_the_field(world):
    page = client_as(world.member).get(url("edit", world.an.pk, year())).content.decode()
    assert 'hx-trigger="input changed delay:1500ms, change"' in page


# --- compression and the page-weight budget -------------------------------------------------------

BUDGET = 20 * 1024  # bytes of HTML transferred per page once the shell is cached (bench/page_weight.py)


def test_member_pages_are_gzipped_within_the_budget(world, django_assert_max_num_queries):
    client = client_as(world.member)
    client.post(url("edit", world.an.pk, year()), formset_data([{"text": SPECIFIC}], save="1"))
    for page_url in (f"{url('mine')}?year={year()}", url("edit", world.an.pk, year())):
        with django_assert_max_num_queries(40):
            response = client.get(page_url, HTTP_ACCEPT_ENCODING="gzip")
        assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]
        html = gzip.decompress(response.content)
        assert b"</html>" in html
        assert len(response.content) < BUDGET and len(response.content) < len(html) / 3


# --- the five long forms carry what the draft script needs -----------------------------------------


def test_every_long_form_can_keep_a_draft(world, nb, st):
    """registration, self-report, evaluation, member's report, essay: a POST form with text areas, the
    version it was opened at, fields tied to their hints, and the page script (drafts, one submit)."""
    from tests.meetings_fixtures import make_meeting, make_report

    report = make_report(make_meeting(world.cell_a), world.an)
    pages = {
        "registration": (world.member, url("edit", world.an.pk, year())),
        "self-report": (world.member, reverse("notebook:self_report", args=[nb.reg_an.pk, "mid_year"])),
        "evaluation": (world.secretary, reverse("notebook:evaluation", args=[world.an.pk, nb.year])),
        "member report": (world.member, reverse("meetings:report_edit", args=[report.pk])),
        "essay": (world.member, reverse("study:essay_new")),
    }
    for name, (user, page_url) in pages.items():
        response = client_as(user).get(page_url)
        assert response.status_code == 200, name
        page = response.content.decode()
        forms = [f for f in re.findall(r'<form method="post".*?</form>', page, re.S) if "<textarea" in f]
        assert len(forms) == 1, name
        assert re.search(r'<input type="hidden" name="version"', forms[0]), name
        assert "js/lamtheo-forms.js" in page and 'data-draft="off"' not in page, name
        ids = set(re.findall(r'\sid="([^"]+)"', page))
        described = {ref for refs in re.findall(r'aria-describedby="([^"]+)"', page) for ref in refs.split()}
        assert described <= ids, (name, described - ids)
