"""Every named URL of the project has rows in a permission matrix (tests/test_matrix_*.py).

Each matrix module declares `COVERED_URLS`, the "namespace:name" of the URLs it requests,
computed from its own tables (KINDS, ALLOWED, TARGETS...), so a new row counts as soon as it is
added. This test walks the URL resolver and fails, naming them, when a URL of an app namespace
is in no matrix: a new page must come with its matrix rows. It also fails when a matrix names a
URL that does not exist (a typo, a removed page) or claims a URL it never mentions.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, include, path
from django.urls.resolvers import RegexPattern

NAMESPACES = {
    "core",
    "accounts",
    "organizations",
    "campaigns",
    "notebook",
    "meetings",
    "study",
    "reviews",
    "contests",
    "honours",
    "inspections",
    "yearend",
    "api",
    "webapp",
}
# URL names deliberately left out of every matrix, each with its reason. Only for pages that
# hold no user data; keep it short. (core:healthz is public and is a row of test_matrix_core.)
NOT_IN_A_MATRIX: dict[str, str] = {}

HERE = Path(__file__).parent
MATRIX_FILES = sorted(p for p in HERE.glob("test_matrix_*.py") if p.name != Path(__file__).name)


def url_names(resolver: URLResolver | None = None) -> set[str]:
    """The "namespace:name" of every named URL under the app namespaces (not admin:, not set_language)."""

    def walk(patterns, namespace: str) -> set[str]:
        found: set[str] = set()
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else None
                found |= walk(pattern.url_patterns, inner or pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name and namespace:
                found.add(f"{namespace}:{pattern.name}")
        return found

    names = walk((resolver or get_resolver()).url_patterns, "")
    return {name for name in names if name.split(":")[0] in NAMESPACES}


def matrix_modules() -> dict[str, object]:
    return {p.stem: importlib.import_module(f"tests.{p.stem}") for p in MATRIX_FILES}


def covered() -> set[str]:
    names: set[str] = set()
    for module in matrix_modules().values():
        names |= set(getattr(module, "COVERED_URLS", set()))
    return names


def uncovered(resolver: URLResolver | None = None) -> list[str]:
    return sorted(url_names(resolver) - covered() - set(NOT_IN_A_MATRIX))


def mentioned_strings(source: str) -> set[str]:
    """String constants of a module (f-string pieces included), leaving out COVERED_URLS itself."""
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if isinstance(node, ast.Assign | ast.AnnAssign) and any(
            isinstance(t, ast.Name) and t.id == "COVERED_URLS" for t in targets
        ):
            skip |= {id(inner) for inner in ast.walk(node)}
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
    }


def test_there_are_matrix_files():
    assert len(MATRIX_FILES) >= 7, [p.name for p in MATRIX_FILES]


def test_every_matrix_file_declares_its_urls():
    missing = [name for name, module in matrix_modules().items() if not getattr(module, "COVERED_URLS", None)]
    assert not missing, f"matrix files without COVERED_URLS: {missing}"


def test_matrices_name_only_real_urls():
    real = url_names()
    wrong = {
        name: sorted(set(module.COVERED_URLS) - real)  # type: ignore[attr-defined]
        for name, module in matrix_modules().items()
        if set(module.COVERED_URLS) - real  # type: ignore[attr-defined]
    }
    assert not wrong, f"COVERED_URLS naming no URL of the project: {wrong}"


def test_matrices_mention_the_urls_they_claim():
    """A claimed URL appears in the module outside COVERED_URLS: as "ns:name", or as the name or
    the name with "_post" (a KINDS key of a matrix that reverses f"ns:{name}")."""
    wrong = []
    for module_path in MATRIX_FILES:
        module = importlib.import_module(f"tests.{module_path.stem}")
        strings = mentioned_strings(module_path.read_text(encoding="utf-8"))
        for full in sorted(module.COVERED_URLS):  # type: ignore[attr-defined]
            name = full.split(":", 1)[1]
            if not strings & {full, name, f"{name}_post"}:
                wrong.append(f"{module_path.name}: {full}")
    assert not wrong, "claimed but never mentioned:\n" + "\n".join(wrong)


def test_allow_list_is_explained_and_current():
    real = url_names()
    for name, reason in NOT_IN_A_MATRIX.items():
        assert name in real, f"{name} is no URL any more: remove it from NOT_IN_A_MATRIX"
        assert name not in covered(), f"{name} has matrix rows now: remove it from NOT_IN_A_MATRIX"
        assert reason.strip(), f"{name} needs a reason"


def test_every_url_has_matrix_rows():
    missing = uncovered()
    assert not missing, (
        "URLs without a row in any tests/test_matrix_*.py (add rows for every role, inside and just "
        "outside the subtree, and the name to that file's COVERED_URLS):\n" + "\n".join(missing)
    )


def _page(request):
    return HttpResponse("")


def test_a_new_url_without_rows_is_reported():
    """The check itself: a URL added to an app namespace, and one inside a nested include, are reported."""
    project = get_resolver()
    extra = [
        path("new/", include(([path("page/<int:pk>/", _page, name="brand_new")], "organizations"))),
        path("deep/", include(([path("x/", include([path("y/", _page, name="nested_new")]))], "study"))),
        path("admin-like/", include(([path("z/", _page, name="ignored")], "elsewhere"))),
    ]
    resolver = URLResolver(RegexPattern(r"^/"), [*project.url_patterns, *extra])
    assert uncovered(resolver) == ["organizations:brand_new", "study:nested_new"]
    assert "core:healthz" in url_names(resolver) and not any(n.startswith("admin:") for n in url_names(resolver))
