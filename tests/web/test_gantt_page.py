"""The Gantt page's view options: colour, zoom and the today line, from a GET form."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from projectboard.web.projects.models import Project

SVG = "{http://www.w3.org/2000/svg}"


def _url(project: Project) -> str:
    return reverse("gantt", args=[project.pk])


def _get(client: Client, project: Project, query: str = "", status: int = 200) -> str:
    response = client.get(f"{_url(project)}?{query}" if query else _url(project))
    assert response.status_code == status, response.content.decode()[:500]
    return str(response.content.decode())


def _svg(page: str) -> ET.Element:
    match = re.search(r"<svg\b.*?</svg>", page, re.S)
    assert match is not None, "no SVG on the page"
    return ET.fromstring(match.group(0))


def _fills(root: ET.Element) -> dict[str, str]:
    """Each task bar's fill, by task number."""
    return {
        bar.attrib["data-task"]: bar.attrib["fill"]
        for bar in root.iter(f"{SVG}rect")
        if "bar" in bar.attrib.get("class", "").split()
    }


def _today_lines(root: ET.Element) -> list[ET.Element]:
    return [el for el in root.iter() if "today" in el.attrib.get("class", "").split()]


@pytest.fixture
def member(client: Client, pm: User) -> Client:
    client.force_login(pm)
    return client


def test_the_form_is_a_labelled_get_form_that_works_without_javascript(
    member: Client, project: Project
) -> None:
    page = _get(member, project)
    form = re.search(r"<form method=\"get\" class=\"gantt-options\".*?</form>", page, re.S)
    assert form is not None
    assert 'method="get"' in form.group(0)
    for name in ("colour_by", "zoom", "show_today", "today"):
        assert f'<label for="id_{name}">' in form.group(0)
        assert f'id="id_{name}"' in form.group(0)
    assert '<button type="submit">' in form.group(0)
    assert "<script" not in form.group(0)
    assert "Tasks as shown in the chart" in page  # the text equivalent stays


def test_colour_by_partner_changes_the_fills(member: Client, project: Project) -> None:
    default = _fills(_svg(_get(member, project)))
    by_wp = _fills(_svg(_get(member, project, "colour_by=work_package")))
    by_partner = _fills(_svg(_get(member, project, "colour_by=partner")))
    assert default and default == by_wp
    assert by_partner.keys() == default.keys()
    assert by_partner != default
    assert "lead partner" in _get(member, project, "colour_by=partner")


def test_week_zoom_is_wider_than_month_zoom(member: Client, project: Project) -> None:
    def width(query: str) -> float:
        return float(_svg(_get(member, project, query)).attrib["width"])

    assert width("zoom=week") > width("zoom=month")
    assert width("zoom=week") > width("")  # the default fits the plan, between the two


def test_a_chosen_today_inside_the_plan_draws_the_line(member: Client, project: Project) -> None:
    assert len(_today_lines(_svg(_get(member, project, "today=2008-04-01")))) == 1


@pytest.mark.parametrize("query", ["", "today=2020-01-01", "today=1999-12-31"])
def test_today_outside_the_plan_draws_no_line(member: Client, project: Project, query: str) -> None:
    assert date.today().year != 2008  # the seed plan runs in 2008
    assert _today_lines(_svg(_get(member, project, query))) == []


def test_show_today_unticked_hides_the_line(member: Client, project: Project) -> None:
    # What the form sends with the box unticked: only the hidden "false".
    hidden = _get(member, project, "show_today=false&today=2008-04-01")
    assert _today_lines(_svg(hidden)) == []
    ticked = _get(member, project, "show_today=false&show_today=on&today=2008-04-01")
    assert len(_today_lines(_svg(ticked))) == 1
    assert re.search(
        r'<input type="checkbox" name="show_today" id="id_show_today" checked>', ticked
    )


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("colour_by=person", "Colour by"),
        ("zoom=day", "Zoom"),
        ("today=2008-13-01", "Today is"),
        ("today=tomorrow", "Today is"),
        ("today=01/04/2008", "Today is"),
    ],
)
def test_bad_values_are_a_400_with_the_form_error(
    member: Client, project: Project, query: str, field: str
) -> None:
    page = _get(member, project, query, status=400)
    assert "There is a problem" in page
    assert re.search(rf'<li><a href="#id_\w+">{field}: ', page)
    assert page.count("<svg") == 1  # the default chart still shows


def test_an_outsider_gets_404(client: Client, project: Project, outsider: User) -> None:
    client.force_login(outsider)
    assert client.get(f"{_url(project)}?colour_by=partner&zoom=week").status_code == 404
    assert client.get(f"{_url(project)}?zoom=bogus").status_code == 404


def test_anonymous_users_are_sent_to_log_in(client: Client, project: Project) -> None:
    response = client.get(f"{_url(project)}?colour_by=partner")
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("persona", ["observer", "wp_lead_fin", "board_member"])
def test_members_see_the_options(
    client: Client, project: Project, persona: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(persona))
    page = _get(client, project, "colour_by=partner&zoom=month&today=2008-04-01")
    assert len(_today_lines(_svg(page))) == 1
