"""axe-core (vendored: static/vendor/axe-core/axe.min.js, pinned in frontend/package.json) injected
into a page by the browser tests: WCAG 2.1 A and AA rules, and the test fails on any violation.

The browser context must be opened with bypass_csp=True: the injected script is inline, which the
site's Content-Security-Policy rightly refuses."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', '))",
        TAGS,
    )
    return list(found)


def assert_no_violations(page) -> None:
    found = violations(page)
    assert not found, f"axe-core found WCAG 2.1 AA violations on {page.url}:\n" + "\n".join(found)
