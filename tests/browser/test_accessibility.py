"""WCAG 2.2 AA in a real browser: axe-core finds no violation on the main pages, and the
login form works from the keyboard alone with a visible focus indicator."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import User
from playwright.sync_api import FloatRect, Page, expect

from projectboard.web.projects.models import Project

from .support import (
    PASSWORD,
    axe_violations,
    describe_violations,
    focus_indicator,
    focus_is_visible,
    htmx_settled,
    log_in,
)


def test_main_pages_have_no_axe_violations(page: Page, project: Project, pm: User) -> None:
    """The project manager's way through the project, page by page, following its links.
    Every page is checked before the test fails, so one run reports all of them."""
    found: dict[str, list[dict[str, Any]]] = {}

    def check(where: str) -> None:
        found[where] = axe_violations(page)

    page.goto("/accounts/login/")
    check("login")
    log_in(page, "pm")
    expect(page.get_by_role("heading", level=1)).to_have_text("Projects")
    check("project list")

    page.get_by_role("link", name=project.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(project.name)
    check("dashboard")

    project_nav = page.get_by_role("navigation", name="Project")
    project_nav.get_by_role("link", name="Work packages").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Work packages")
    check("work package list")

    page.get_by_role("link", name="WP-FIN", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("WP-FIN: Finance / Budgets")
    check("work package detail")

    page.get_by_role("navigation", name="Project").get_by_role("link", name="Plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan")
    check("plan")

    # The plan with a row in edit mode, then with an error in it.
    page.get_by_role("link", name="Edit task 6").click()
    row = page.locator("#task-6")
    expect(row.get_by_label("Name")).to_be_focused()
    htmx_settled(page)
    check("plan, editing task 6")
    row.get_by_label("Duration").fill("soon")
    row.get_by_role("button", name="Save task 6").click()
    expect(row.locator("#task-6-duration_error")).to_be_visible()
    check("plan, task 6 in error")
    row.get_by_role("button", name="Cancel editing task 6").click()
    expect(page.get_by_role("link", name="Edit task 6")).to_be_focused()

    page.get_by_role("navigation", name="Project").get_by_role("link", name="Gantt chart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gantt chart")
    check("gantt")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My work packages").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My work packages")
    check("my work packages")

    failing = {where: v for where, v in found.items() if v}
    assert not failing, "\n\n".join(describe_violations(w, v) for w, v in failing.items())


def test_log_in_with_the_keyboard_alone(page: Page, pm: User) -> None:
    """The login page opens with the cursor in the username field; Tab goes round every
    control on the page and back, each showing its focus; then the form is filled in and sent
    with typing, Tab and Enter only."""
    page.goto("/accounts/login/")
    username = page.get_by_label("Username")
    expect(username).to_be_focused()
    _assert_focus_visible(page)

    stops: list[str] = []
    for _ in range(12):
        page.keyboard.press("Tab")
        if not page.evaluate("document.hasFocus() && document.activeElement !== document.body"):
            continue  # past the last control, focus is in the browser's own interface
        stops.append(_assert_focus_visible(page))
        if page.evaluate("document.activeElement.id") == "id_username":
            break
    else:
        raise AssertionError(f"Tab never came back to the username field; it went to {stops}")
    assert any("skip-link" in stop for stop in stops), stops
    assert any('id="id_password"' in stop for stop in stops), stops

    page.keyboard.type("pm")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Log in")).to_be_focused()
    _assert_focus_visible(page)
    page.keyboard.press("Enter")

    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Projects")
    expect(page.get_by_role("button", name="Log out pm")).to_be_visible()


def test_skip_link_leads_past_the_header(page: Page, project: Project, pm: User) -> None:
    """On a page with no autofocus, the first Tab shows the skip link; following it, the next
    Tab lands in the main content, not on the header's links."""
    log_in(page, "pm")
    page.goto(f"/projects/{project.pk}/")
    skip = page.get_by_role("link", name="Skip to main content")
    assert not _in_viewport(page, skip.bounding_box()), "the skip link shows before it has focus"
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    _assert_focus_visible(page)
    assert _in_viewport(page, skip.bounding_box()), skip.bounding_box()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    page.keyboard.press("Tab")
    expect(page.locator("main :focus")).to_have_count(1)
    _assert_focus_visible(page)


def _assert_focus_visible(page: Page) -> str:
    """The focused element, described, after checking that it shows a focus indicator."""
    focused = page.locator(":focus")
    expect(focused).to_have_count(1)
    described: str = focused.evaluate("el => el.outerHTML.split('>')[0] + '>'")
    style = focus_indicator(focused)
    assert focus_is_visible(style), f"no visible focus indicator on {described}: {style}"
    return described


def _in_viewport(page: Page, box: FloatRect | None) -> bool:
    size = page.viewport_size
    assert size is not None
    return (
        box is not None
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= size["width"]
        and box["y"] + box["height"] <= size["height"]
    )


def test_axe_reports_a_known_violation(page: Page) -> None:
    """The check itself works: a page with an unlabelled field and no language fails it, so
    an empty result above means axe ran and found nothing."""
    page.set_content("<html><head><title>t</title></head><body><input></body></html>")
    found = {v["id"] for v in axe_violations(page)}
    assert {"html-has-lang", "label"} <= found, found
