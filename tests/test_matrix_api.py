"""Permission matrix of the API (issue 17): every endpoint × method × role × a target inside and
just outside the role's units, with the expected codes written out by hand.

World (tests.conftest): province P; commune C1 with cells a (An, Bình, the secretary's Thư) and
b (Cường); commune C2 with cell d (Dũng). Targets are the nodes, or the cells of the people An
(a), Cường (b), Dũng (d). Each role calls with its own personal token; the token pages use the
browser session. Codes: the allowed code inside (200, 201, 202), 403 for a record the role reads
but may not change, 404 for anything outside its reach, and 400 where the outside thing is named
in the request body (a cell code, a card number: a field error, never a leak of existence).
Anonymous callers get 401 (API) or a redirect to the login page (token pages). Every request runs
in a savepoint rolled back afterwards, so one role's write does not change the next one's data.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from lamtheo.api.models import ApiToken, SyncJob
from lamtheo.campaigns.models import EthicalStandard, Theme
from lamtheo.meetings.models import Meeting, MemberReport
from lamtheo.notebook.models import Evaluation, Pledge, Registration, SelfReport
from lamtheo.organizations.models import Membership, RoleAssignment
from lamtheo.reviews.models import Review, ReviewExport
from lamtheo.study.models import StudySession
from tests.api_fixtures import client_with, fresh_throttles_fixture, token_for  # noqa: F401

pytestmark = pytest.mark.django_db

YEAR = dt.date.today().year
ROLES = ["anonymous", "member", "secretary", "commune_officer", "inspector", "judge", "admin", "outsider"]
NODES = ["P", "C1", "a", "b", "C2", "d"]
CELLS = ["a", "b", "d"]
ALL = {r: set(NODES) | {"-"} for r in ROLES}
NONE: dict[str, set[str]] = {r: set() for r in ROLES}
ANYONE = {r: {"-"} for r in ROLES}

# Units a role reads (VIEW on its subtree; a member sees their own cell).
ORG_READ = {
    "member": {"a"},
    "secretary": {"a"},
    "commune_officer": {"C1", "a", "b"},
    "inspector": {"C1", "a", "b"},
    "judge": set(),
    "admin": set(NODES),
    "outsider": {"d"},
}
MANAGE_TREE = NONE | {"admin": set(NODES)}
# People (targets: the cell of An, Cường, Dũng): the role's cells, a member their own person.
PERSON_READ = {r: v & set(CELLS) for r, v in ORG_READ.items()}
MANAGE_PEOPLE = NONE | {"secretary": {"a"}, "admin": set(CELLS), "outsider": {"d"}}
# Role assignments on each node (P admin, C1 canbo_xa, a bithu_a, C2 giamkhao, d bithu_d).
ROLE_TARGETS = ["P", "C1", "a", "C2", "d"]
ROLE_READ = {
    "member": set(),
    "secretary": {"a"},
    "commune_officer": {"C1", "a"},
    "inspector": {"C1", "a"},
    "judge": {"C2"},  # their own
    "admin": set(ROLE_TARGETS),
    "outsider": {"d"},
}
# Themes and standards issued on each node: read by the node's subtree (one's nodes and ancestors).
ISSUED_READ = {
    "member": {"P", "C1", "a"},
    "secretary": {"P", "C1", "a"},
    "commune_officer": {"P", "C1", "a", "b"},
    "inspector": {"P", "C1", "a", "b"},
    "judge": set(),
    "admin": set(NODES),
    "outsider": {"P", "C2", "d"},
}
# Registrations of An (a), Cường (b), Dũng (d): writers are the owner and the cell's secretary.
REG_WRITE = NONE | {"member": {"a"}, "secretary": {"a"}, "outsider": {"d"}}
REG_REVIEW = NONE | {"secretary": {"a"}, "outsider": {"d"}}
EVALUATE = REG_REVIEW  # secretaries write the cell's evaluations, enter self-reports on behalf
REPORT_WRITE = NONE | {"member": {"a"}, "secretary": {"a"}, "outsider": {"d"}}
MEETINGS = NONE | {"secretary": {"a"}, "outsider": {"d"}}  # MANAGE_MEETINGS
REPORTER = NONE | {"member": {"a"}}  # An reports at cell a's meeting
# Study classes of each node: read like issued documents; managed with MANAGE_CAMPAIGN.
CAMPAIGN = NONE | {"secretary": {"a"}, "commune_officer": {"C1", "a", "b"}, "outsider": {"d"}}
# Draft reviews of C1, a, C2, d: read and exported by the writers of the node (WRITE_REVIEW).
REVIEW_TARGETS = ["C1", "a", "C2", "d"]
REVIEW_READ = NONE | {"secretary": {"a"}, "commune_officer": {"C1", "a"}, "outsider": {"d"}}
# A sync job of the secretary (target "a") is read by the secretary only.
OWN_JOB = NONE | {"secretary": {"a"}}
# Token pages: the secretary's token (target "a"), revoked by its owner or an administrator above.
TOKEN_ADMIN = NONE | {"secretary": {"a"}, "admin": {"a"}}
ACCOUNT_ADMIN = NONE | {"admin": {"a"}}
BODY = {r: set(NODES) for r in ROLES}  # list endpoints: the target is only named in the body

# kind -> (targets, read table, write table or None, code when allowed, code when read but not allowed,
#          code outside the read table)
KINDS: dict[str, tuple[list[str], dict, dict | None, int, int, int]] = {
    "api-root": (["-"], ANYONE, None, 200, 0, 404),
    "organization-list": (["-"], ANYONE, None, 200, 0, 404),
    "organization-list_post": (["P", "C1", "C2"], BODY, MANAGE_TREE, 201, 400, 400),  # a cell has no units
    "organization-detail": (NODES, ORG_READ, None, 200, 0, 404),
    "organization-detail_patch": (NODES, ORG_READ, MANAGE_TREE, 200, 403, 404),
    "person-list": (["-"], ANYONE, None, 200, 0, 404),
    "person-list_post": (CELLS, BODY, MANAGE_PEOPLE, 201, 400, 400),
    "person-detail": (CELLS, PERSON_READ, None, 200, 0, 404),
    "person-detail_patch": (CELLS, PERSON_READ, MANAGE_PEOPLE, 200, 403, 404),
    "person-transfer": (CELLS, PERSON_READ, MANAGE_PEOPLE, 200, 403, 404),
    "membership-list": (["-"], ANYONE, None, 200, 0, 404),
    "membership-detail": (CELLS, PERSON_READ, None, 200, 0, 404),
    "role-list": (["-"], ANYONE, None, 200, 0, 404),
    "role-detail": (ROLE_TARGETS, ROLE_READ, None, 200, 0, 404),
    "theme-list": (["-"], ANYONE, None, 200, 0, 404),
    "theme-detail": (NODES, ISSUED_READ, None, 200, 0, 404),
    "standard-list": (["-"], ANYONE, None, 200, 0, 404),
    "standard-detail": (NODES, ISSUED_READ, None, 200, 0, 404),
    "registration-list": (["-"], ANYONE, None, 200, 0, 404),
    "registration-list_post": (CELLS, PERSON_READ, REG_WRITE, 201, 403, 400),
    "registration-detail": (CELLS, PERSON_READ, None, 200, 0, 404),
    "registration-detail_patch": (CELLS, PERSON_READ, REG_WRITE, 200, 403, 404),
    "registration-submit": (CELLS, PERSON_READ, REG_WRITE, 200, 403, 404),
    "registration-withdraw": (CELLS, PERSON_READ, REG_WRITE, 200, 403, 404),
    "registration-review": (CELLS, PERSON_READ, REG_REVIEW, 200, 403, 404),
    "registration-new-version": (CELLS, PERSON_READ, REG_WRITE, 201, 403, 404),
    "self-report-list": (["-"], ANYONE, None, 200, 0, 404),
    "self-report-list_post": (CELLS, PERSON_READ, REPORT_WRITE, 200, 403, 400),
    "self-report-detail": (CELLS, PERSON_READ, None, 200, 0, 404),
    "evaluation-list": (["-"], ANYONE, None, 200, 0, 404),
    "evaluation-list_post": (CELLS, PERSON_READ, EVALUATE, 200, 403, 400),
    "evaluation-detail": (CELLS, PERSON_READ, None, 200, 0, 404),
    "meeting-list": (["-"], ANYONE, None, 200, 0, 404),
    "meeting-list_post": (CELLS, BODY, MEETINGS, 201, 400, 400),
    "meeting-detail": (CELLS, PERSON_READ, None, 200, 0, 404),
    "meeting-detail_patch": (CELLS, PERSON_READ, MEETINGS, 200, 403, 404),
    "meeting-cancel": (CELLS, PERSON_READ, MEETINGS, 200, 403, 404),
    "member-report-list": (["-"], ANYONE, None, 200, 0, 404),
    "member-report-detail": (CELLS, PERSON_READ, None, 200, 0, 404),
    "member-report-detail_patch": (CELLS, PERSON_READ, REPORTER, 200, 403, 404),
    "member-report-act": (CELLS, PERSON_READ, MEETINGS, 200, 403, 404),
    "study-class-list": (["-"], ANYONE, None, 200, 0, 404),
    "study-class-list_post": (NODES, BODY, CAMPAIGN, 201, 400, 400),
    "study-class-detail": (NODES, ISSUED_READ, None, 200, 0, 404),
    "study-class-detail_patch": (NODES, ISSUED_READ, CAMPAIGN, 200, 403, 404),
    "study-class-attendance": (NODES, ISSUED_READ, None, 200, 0, 404),
    "study-class-attendance_post": (NODES, ISSUED_READ, CAMPAIGN, 200, 403, 404),
    "review-list": (["-"], ANYONE, None, 200, 0, 404),
    "review-detail": (REVIEW_TARGETS, REVIEW_READ, None, 200, 0, 404),
    "review-figures": (REVIEW_TARGETS, REVIEW_READ, None, 200, 0, 404),
    "review-document-list": (["-"], ANYONE, None, 200, 0, 404),
    "review-document-list_post": (REVIEW_TARGETS, BODY, REVIEW_READ, 202, 400, 400),
    "review-document-detail": (REVIEW_TARGETS, REVIEW_READ, None, 200, 0, 404),
    "review-document-download": (REVIEW_TARGETS, REVIEW_READ, None, 200, 0, 404),
    "sync-tree": (NODES, BODY, MANAGE_TREE, 200, 400, 400),
    "sync-roster": (CELLS, BODY, MANAGE_PEOPLE, 200, 400, 400),
    "sync-job-detail": (["a"], OWN_JOB, None, 200, 0, 404),
    # public: the schema and its documentation page
    "schema": (["-"], ANYONE, None, 200, 0, 404),
    "docs": (["-"], ANYONE, None, 200, 0, 404),
    # pages of the browser session
    "tokens": (["-"], ANYONE, None, 200, 0, 404),
    "token_revoke": (["a"], TOKEN_ADMIN, None, 302, 0, 404),
    "account_tokens": (["a"], ACCOUNT_ADMIN, None, 200, 0, 404),
}
PUBLIC = {"schema", "docs"}
PAGES = {"tokens", "token_revoke", "account_tokens"}


def split(kind: str) -> tuple[str, str]:
    """URL name and method of a row: "meeting-detail_patch" → ("meeting-detail", "patch")."""
    for method in ("post", "patch"):
        if kind.endswith(f"_{method}"):
            return kind.removesuffix(f"_{method}"), method
    return kind, "post" if kind in POSTS else "get"


POSTS = {
    "person-transfer",
    "registration-submit",
    "registration-withdraw",
    "registration-review",
    "registration-new-version",
    "meeting-cancel",
    "member-report-act",
    "sync-tree",
    "sync-roster",
    "token_revoke",
}
COVERED_URLS = {f"api:{kind.removesuffix('_post').removesuffix('_patch')}" for kind in KINDS}


def expected(kind: str, role: str, target: str) -> int | str:
    name = split(kind)[0]
    if role == "anonymous" and name not in PUBLIC:
        return "302 to login" if name in PAGES else 401
    _targets, read, write, ok, refused, outside = KINDS[kind]
    if role == "anonymous":
        return ok
    if target not in read[role]:
        return outside
    if write is None or target in write[role]:
        return ok
    return refused


@pytest.fixture
def objects(world):
    from lamtheo.organizations.models import Role

    nodes = world.nodes()
    people = {"a": world.an, "b": world.cuong, "d": world.dung}
    objs: dict[str, dict[str, object]] = {"nodes": nodes, "people": people}
    objs["theme"] = {
        k: Theme.objects.create(organization=n, title=f"Chuyên đề {k}", year_from=YEAR, year_to=YEAR)
        for k, n in nodes.items()
    }
    objs["standard"] = {
        k: EthicalStandard.objects.create(organization=n, title=f"Chuẩn mực {k}", body="…", year_from=YEAR)
        for k, n in nodes.items()
    }
    objs["membership"] = {k: Membership.objects.get(person=p) for k, p in people.items()}
    objs["role"] = {
        k: RoleAssignment.objects.get(organization=nodes[k], role=role)
        for k, role in {
            "P": Role.ADMIN,
            "C1": Role.COMMITTEE,
            "a": Role.SECRETARY,
            "C2": Role.JUDGE,
            "d": Role.SECRETARY,
        }.items()
    }
    theme = objs["theme"]["P"]
    for key, state, year in (
        ("draft", "draft", YEAR),
        ("submitted", "submitted", YEAR - 1),
        ("approved", "approved", YEAR - 2),
    ):
        objs[key] = {}
        for cell, person in people.items():
            reg = Registration.objects.create(person=person, organization=person.cell, year=year, state=state)
            Pledge.objects.create(registration=reg, text="Mỗi tháng đọc một cuốn sách về Bác", theme=theme)
            objs[key][cell] = reg
    objs["self_report"] = {
        c: SelfReport.objects.create(registration=r, period="mid_year") for c, r in objs["approved"].items()
    }
    objs["evaluation"] = {
        c: Evaluation.objects.create(person=p, organization=p.cell, year=YEAR - 2, text="Tốt", level="good")
        for c, p in people.items()
    }
    objs["meeting"] = {}
    objs["report"] = {}
    objs["meeting2"] = {}
    for cell, person in people.items():
        meeting = Meeting.objects.create(
            cell=person.cell, date=dt.date(YEAR, 12, 5), start_time=dt.time(19, 30), duration_minutes=120
        )
        objs["meeting"][cell] = meeting
        objs["report"][cell] = MemberReport.objects.create(meeting=meeting, person=person, reason="rotation")
        objs["meeting2"][cell] = Meeting.objects.create(
            cell=person.cell,
            kind="thematic",
            title="Chuyên đề",
            date=dt.date(YEAR, 12, 20),
            start_time=dt.time(19, 30),
            duration_minutes=120,
        )
    objs["session"] = {
        k: StudySession.objects.create(
            organization=n, theme=theme, title=f"Lớp {k}", starts_on=dt.date(YEAR, 3, 1), ends_on=dt.date(YEAR, 3, 1)
        )
        for k, n in nodes.items()
    }
    objs["review"], objs["export"] = {}, {}
    for key in REVIEW_TARGETS:
        review = Review.objects.create(
            organization=nodes[key], date_from=dt.date(YEAR, 1, 1), date_to=dt.date(YEAR, 6, 30), title=f"Sơ kết {key}"
        )
        export = ReviewExport(review=review, fmt="docx", status="done", filename="so-ket.docx")
        export.file.save("so-ket.docx", ContentFile(b"PK\x03\x04 docx"), save=False)
        export.save()
        objs["review"][key], objs["export"][key] = review, export
    objs["job"] = {"a": SyncJob.objects.create(kind="tree", requested_by=world.secretary, status="done", result={})}
    token_for(world.secretary, label="Bảng theo dõi")
    objs["token"] = {"a": ApiToken.objects.get(user=world.secretary)}
    return objs


def call(kind: str, target: str, objs: dict, client):
    name, method = split(kind)
    pk = None
    if name in DETAIL:
        pk = objs[DETAIL[name]][target].pk
    if name == "account_tokens":
        path = reverse("api:account_tokens", args=[objs["token"]["a"].user_id])
    elif name.startswith("organization-detail"):
        path = reverse(f"api:{name}", args=[objs["nodes"][target].code])
    elif name in ("person-detail", "person-transfer"):
        path = reverse(f"api:{name}", args=[objs["people"][target].card_number])
    elif (
        name in ("tokens", "api-root", "schema", "docs")
        or name.endswith("-list")
        or (name.startswith("sync-") and name != "sync-job-detail")
    ):
        path = reverse(f"api:{name}")
    else:
        path = reverse(f"api:{name}", args=[pk])
    body = BODIES.get(kind, lambda t, o: {})(target, objs)
    if method == "get":
        return client.get(path)
    return (
        getattr(client, method)(path, body, format="json")
        if hasattr(client, "credentials")
        else client.post(path, body)
    )


POSTS = {
    "person-transfer",
    "registration-submit",
    "registration-withdraw",
    "registration-review",
    "registration-new-version",
    "meeting-cancel",
    "member-report-act",
    "sync-tree",
    "sync-roster",
    "token_revoke",
}
DETAIL = {
    "membership-detail": "membership",
    "role-detail": "role",
    "theme-detail": "theme",
    "standard-detail": "standard",
    "registration-detail": "draft",
    "registration-submit": "draft",
    "registration-withdraw": "submitted",
    "registration-review": "submitted",
    "registration-new-version": "approved",
    "self-report-detail": "self_report",
    "evaluation-detail": "evaluation",
    "meeting-detail": "meeting",
    "meeting-cancel": "meeting2",
    "member-report-detail": "report",
    "member-report-act": "report",
    "study-class-detail": "session",
    "study-class-attendance": "session",
    "review-detail": "review",
    "review-figures": "review",
    "review-document-detail": "export",
    "review-document-download": "export",
    "sync-job-detail": "job",
    "token_revoke": "token",
}


def _unit(t, o):
    return {"code": "NEW-1", "name": "Đơn vị mới", "kind": "partial", "parent": o["nodes"][t].code}


BODIES = {
    "organization-list_post": _unit,
    "organization-detail_patch": lambda t, o: {"name": o["nodes"][t].name, "version": o["nodes"][t].version},
    "person-list_post": lambda t, o: {"full_name": "Người mới", "card_number": "900001", "cell": o["nodes"][t].code},
    "person-detail_patch": lambda t, o: {"job": "Nông dân", "version": 1},
    "person-transfer": lambda t, o: {"cell": o["nodes"][t].code, "version": 1},
    "registration-list_post": lambda t, o: {
        "person": o["people"][t].card_number,
        "year": YEAR + 1,
        "items": [{"text": "Giúp đỡ hộ nghèo trong thôn mỗi quý"}],
    },
    "registration-detail_patch": lambda t, o: {
        "items": [{"text": "Giúp đỡ hộ nghèo trong thôn mỗi quý"}],
        "version": 1,
    },
    "registration-submit": lambda t, o: {"version": 1},
    "registration-withdraw": lambda t, o: {"version": 1},
    "registration-review": lambda t, o: {"approve": True, "version": 1},
    "registration-new-version": lambda t, o: {"version": 1},
    "self-report-list_post": lambda t, o: {
        "registration": o["approved"][t].pk,
        "period": "mid_year",
        "items": [],
        "version": 1,
    },
    "evaluation-list_post": lambda t, o: {
        "person": o["people"][t].card_number,
        "year": YEAR - 2,
        "text": "Tốt",
        "level": "good",
        "version": 1,
    },
    "meeting-list_post": lambda t, o: {
        "cell": o["nodes"][t].code,
        "kind": "regular",
        "date": f"{YEAR}-11-05",
        "start_time": "19:30",
        "duration_minutes": 120,
    },
    "meeting-detail_patch": lambda t, o: {"place": "Hội trường thôn", "version": 1},
    "meeting-cancel": lambda t, o: {"reason": "Mưa bão", "version": 1},
    "member-report-detail_patch": lambda t, o: {"done": "Đã làm được", "version": 1},
    "member-report-act": lambda t, o: {"action": "cancel", "comment": "Vắng", "version": 1},
    "study-class-list_post": lambda t, o: {
        "organization": o["nodes"][t].code,
        "theme": o["theme"]["P"].pk,
        "title": "Lớp mới",
        "starts_on": f"{YEAR}-04-01",
    },
    "study-class-detail_patch": lambda t, o: {"mass_count": 3, "version": 1},
    "study-class-attendance_post": lambda t, o: {},
    "review-document-list_post": lambda t, o: {"review": o["review"][t].pk, "fmt": "docx"},
    "sync-tree": lambda t, o: {
        "rows": [{"code": o["nodes"][t].code, "name": o["nodes"][t].name, "kind": o["nodes"][t].kind}]
    },
    "sync-roster": lambda t, o: {
        "rows": [
            {
                "card_number": o["people"][t].card_number,
                "full_name": o["people"][t].full_name,
                "cell_code": o["nodes"][t].code,
            }
        ]
    },
}


SHARDS = 4  # the rows in four tests, so that parallel test workers share them


@pytest.mark.parametrize("shard", range(SHARDS))
def test_matrix(shard, world, objects, client):
    """A quarter of the rows in each test: the world and its records are built once per shard (the
    rows roll back)."""
    tokens = {role: token_for(getattr(world, role)) for role in ROLES[1:]}
    wrong = []
    for index, (kind, (targets, *_rest)) in enumerate(KINDS.items()):
        if index % SHARDS != shard:
            continue
        name = split(kind)[0]
        for role in ROLES:
            for target in targets:
                with transaction.atomic():
                    if name in PAGES:
                        client.logout()
                        if role != "anonymous":
                            client.force_login(getattr(world, role))
                        caller = client
                    else:
                        caller = client_with(tokens.get(role))
                    response = call(kind, target, objects, caller)
                    want = expected(kind, role, target)
                    if want == "302 to login":
                        ok = response.status_code == 302 and "/accounts/login/" in response["Location"]
                    else:
                        ok = response.status_code == want
                    if not ok:
                        detail = getattr(response, "data", None) or ""
                        wrong.append(f"{kind} {target} as {role}: {response.status_code}, expected {want} {detail}")
                    transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)


def test_every_api_url_and_method_is_in_the_matrix():
    """Each route of the router, with each of its methods, has a row (so a new endpoint needs its rows)."""
    from lamtheo.api.router import build_router

    rows = {split(kind) for kind in KINDS}
    missing = []
    for url in build_router().urls:
        actions = getattr(url.callback, "actions", None) or {"get": "root"}
        for method in actions:
            if (url.name, method) not in rows:
                missing.append(f"{url.name} {method}")
    assert not missing, missing
