"""What the browser tests share: logging in through the real form, running axe-core in a
page, and reading an element's focus indicator."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page

REPO = Path(__file__).resolve().parents[2]
# From npm (package.json at the repository root; `npm ci` installs it).
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 level AA, which UK public-sector bodies must meet: every A and AA rule that
# axe-core has, from WCAG 2.0 onwards.
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

PASSWORD = "a browser-test passphrase 4417"


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Log in as a person would: the login page, its labelled fields and its button."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    if "/accounts/login/" in page.url:
        raise AssertionError(f"{username} could not log in: {page.inner_text('main')}")


def log_out(page: Page, username: str) -> None:
    """Log out with the header's button, which names who is logged in; back at the login page."""
    page.get_by_role("button", name=f"Log out {username}").click()
    page.wait_for_url("**/accounts/login/")


@cache
def _axe_source() -> str:
    if not AXE_JS.exists():
        raise FileNotFoundError(f"{AXE_JS} is missing: run `npm ci` at the repository root")
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 AA violations in the page as it is now. The script goes in through
    the DevTools protocol, not a <script> element, so a Content-Security-Policy on the page
    cannot block it."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    violations: list[dict[str, Any]] = page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations'],
            });
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html,
                                          summary: n.failureSummary})),
            }));
        }""",
        WCAG_AA_TAGS,
    )
    return violations


def describe_violations(where: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{where}: {len(violations)} axe violation(s)"]
    for v in violations:
        lines.append(f"  {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            lines.append(f"    at {node['target']}: {node['html']}")
            for detail in (node["summary"] or "").splitlines():
                lines.append(f"      {detail}")
    return "\n".join(lines)


def focus_indicator(locator: Locator) -> dict[str, str]:
    """The computed outline and box shadow of an element, which is what shows its focus."""
    style: dict[str, str] = locator.evaluate(
        """el => {
            const s = getComputedStyle(el);
            return {outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth,
                    outlineColor: s.outlineColor, boxShadow: s.boxShadow};
        }"""
    )
    return style


def focus_is_visible(style: dict[str, str]) -> bool:
    outline = style["outlineStyle"] != "none" and style["outlineWidth"] not in ("0px", "")
    return outline or style["boxShadow"] not in ("none", "")


def htmx_settled(page: Page) -> None:
    """Wait until htmx has finished a request, swap and settle (it marks elements with these
    classes while it works, and focuses an ``[autofocus]`` element as it settles), so that
    what the test types goes to the field it means, as a person's would."""
    page.wait_for_function(
        "() => !document.querySelector("
        "'.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )
