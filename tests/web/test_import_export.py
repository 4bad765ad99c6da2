"""Exporting the plan and importing a plan file: who may, what the files hold, what the
preview shows, and that a refused or failed import writes nothing."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from projectboard.engine.scheduler import schedule
from projectboard.interop import read_mspdi_bytes
from projectboard.web.projects.imports import MAX_UPLOAD_BYTES
from projectboard.web.projects.models import AuditEvent, Project, Task
from projectboard.web.projects.plan import project_plan

SEED_CSV = Path(__file__).resolve().parents[2] / "examples" / "shared-ict" / "seed-plan.csv"
PERSONAS = ["pm", "wp_lead_fin", "board_member", "observer", "outsider", "anonymous"]
FORMATS = ["csv", "xlsx", "xml", "yaml"]
IMPORT_GET = {
    "pm": 200,
    "wp_lead_fin": 403,
    "board_member": 403,
    "observer": 403,
    "outsider": 404,
    "anonymous": 302,
}


def login(client: Client, request: pytest.FixtureRequest, persona: str) -> None:
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))


def export_url(project: Project, fmt: str) -> str:
    return reverse("plan-export", kwargs={"project_id": project.pk, "fmt": fmt})


def import_url(project: Project) -> str:
    return reverse("plan-import", kwargs={"project_id": project.pk})


def confirm_url(project: Project) -> str:
    return reverse("plan-import-confirm", kwargs={"project_id": project.pk})


def snapshot(project: Project) -> tuple[list[dict[str, Any]], int]:
    tasks = [model_to_dict(t) for t in Task.objects.filter(project=project).order_by("number")]
    return tasks, AuditEvent.objects.filter(project=project).count()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def seed_csv() -> str:
    return SEED_CSV.read_text(encoding="utf-8")


def digest_of(page: str) -> str:
    found = re.search(r'name="digest" value="([0-9a-f]{64})"', page)
    assert found, page
    return found.group(1)


# -- who may ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_export(
    client: Client, project: Project, persona: str, fmt: str, request: pytest.FixtureRequest
) -> None:
    login(client, request, persona)
    response = client.get(export_url(project, fmt))
    expected = {"outsider": 404, "anonymous": 302}.get(persona, 200)
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Disposition"].startswith("attachment; filename=")
        assert response["Content-Disposition"].endswith(f'-plan.{fmt}"')


def test_an_unknown_export_format_is_not_there(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    assert client.get(export_url(project, "pdf")).status_code == 404


def test_export_refuses_writes(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    assert client.post(export_url(project, "csv")).status_code == 405


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_the_import_form(
    client: Client, project: Project, persona: str, request: pytest.FixtureRequest
) -> None:
    login(client, request, persona)
    response = client.get(import_url(project))
    assert response.status_code == IMPORT_GET[persona]
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_upload(
    client: Client, project: Project, persona: str, request: pytest.FixtureRequest
) -> None:
    login(client, request, persona)
    before = snapshot(project)
    response = client.post(import_url(project), {"file": upload("plan.csv", seed_csv().encode())})
    assert response.status_code == IMPORT_GET[persona]
    assert snapshot(project) == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_confirm(
    client: Client, project: Project, pm: User, persona: str, request: pytest.FixtureRequest
) -> None:
    # The project manager previews a change; each persona then tries to confirm it.
    client.force_login(pm)
    changed = seed_csv().replace("Governance,4.5 d", "Governance,6 d")
    page = client.post(import_url(project), {"file": upload("plan.csv", changed.encode())})
    digest = digest_of(page.content.decode())
    if persona != "pm":  # logging out ends the session and the preview in it
        client.logout()
        login(client, request, persona)
    before = snapshot(project)
    response = client.post(confirm_url(project), {"digest": digest})
    if persona == "pm":
        assert response.status_code == 303
        assert Task.objects.get(project=project, number=5).duration == "6d"
    else:
        # Others have no preview in their session, and are refused before that is looked at.
        assert response.status_code == IMPORT_GET[persona]
        assert snapshot(project) == before


def test_confirm_refuses_get(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    assert client.get(confirm_url(project)).status_code == 405


# -- export contents -------------------------------------------------------------------------


def test_the_csv_export_is_the_seed_table(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    response = client.get(export_url(project, "csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode() == seed_csv()


def test_the_xml_export_reads_back(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    response = client.get(export_url(project, "xml"))
    assert response["Content-Type"] == "application/xml"
    imported = read_mspdi_bytes(response.content, "export.xml")
    assert len(imported.plan.tasks) == 19
    assert [t.name for t in imported.plan.tasks] == list(
        Task.objects.filter(project=project).order_by("number").values_list("name", flat=True)
    )


def test_the_xlsx_export_opens(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    response = client.get(export_url(project, "xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [[str(c) if c is not None else "" for c in r] for r in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["ID", "Task Name", "Duration"]
    assert len(rows) == 20
    assert rows[19][1] == "Recommendation and Business Case"


def test_the_yaml_export_has_the_tasks(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    text = client.get(export_url(project, "yaml")).content.decode()
    assert "Finance/Budgets" in text
    assert "WP-FIN" in text


# -- import ----------------------------------------------------------------------------------


def test_the_seed_table_imports_as_no_changes(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    before = snapshot(project)
    response = client.post(import_url(project), {"file": upload("seed.csv", seed_csv().encode())})
    page = response.content.decode()
    assert response.status_code == 200
    assert "No changes" in page
    assert "Tasks added" not in page and "Tasks changed" not in page
    assert "Tasks removed" not in page
    assert snapshot(project) == before
    response = client.post(confirm_url(project), {"digest": digest_of(page)})
    assert response.status_code == 303
    assert snapshot(project) == before


def test_a_changed_table_previews_the_changes_then_applies_them(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    text = seed_csv()
    text = text.replace("Governance,4.5 d", "Governance and Assurance,9 d")
    text = text.replace('24/06/08,"7,8,11,15,13,14"', '24/06/08,"7,8,11,15,13,14,9"')  # task 16
    text = text.replace(
        '19,Recommendation and Business Case,1 d,01/07/08,01/07/08,"2,18,17,16"\n', ""
    )
    text += "20,Closure report,2 d,,,16\n"
    old_finish = schedule(project_plan(project)).finish
    before = snapshot(project)
    response = client.post(import_url(project), {"file": upload("changed.csv", text.encode())})
    page = response.content.decode()
    assert response.status_code == 200
    assert snapshot(project) == before  # the preview writes nothing
    changes = re.findall(r'data-task="(\d+)" data-field="([a-z ]+)"', page)
    assert sorted(changes) == [("16", "predecessors"), ("5", "duration"), ("5", "name")]
    assert "Tasks added (1)" in page and "Closure report" in page
    assert "Tasks removed (1)" in page and "Recommendation and Business Case" in page

    response = client.post(confirm_url(project), {"digest": digest_of(page)})
    assert response.status_code == 303
    five = Task.objects.get(project=project, number=5)
    assert (five.name, five.duration, five.version) == ("Governance and Assurance", "9d", 2)
    assert five.work_package is not None and five.work_package.code == "WP-GOV"  # link kept
    assert Task.objects.get(project=project, number=16).predecessors == "7,8,11,15,13,14,9"
    assert not Task.objects.filter(project=project, number=19).exists()
    assert Task.objects.get(project=project, number=20).name == "Closure report"
    assert schedule(project_plan(project)).finish != old_finish
    events = AuditEvent.objects.filter(project=project, who=pm)
    assert {(e.field, e.object_type) for e in events} >= {
        ("name", "task"),
        ("duration", "task"),
        ("predecessors", "task"),
        ("", "task"),
        ("deleted", "task"),
    }
    # The preview is used once.
    again = client.post(confirm_url(project), {"digest": digest_of(page)})
    assert again.status_code == 409


def test_an_unknown_predecessor_is_shown_with_its_line(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    # Task 7 (line 8 of the file) follows task 99, which is not in the file.
    text = seed_csv().replace("14/05/08,30/05/08,6\n", "14/05/08,30/05/08,99\n")
    before = snapshot(project)
    response = client.post(import_url(project), {"file": upload("bad.csv", text.encode())})
    page = response.content.decode()
    assert response.status_code == 422
    assert "E_UNKNOWN_PREDECESSOR" in page
    assert "bad.csv, line 8" in page
    assert snapshot(project) == before
    # No preview was kept: there is nothing to confirm.
    assert client.post(confirm_url(project), {"digest": "0" * 64}).status_code == 409
    assert snapshot(project) == before


def test_an_oversized_upload_is_refused(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    before = snapshot(project)
    data = seed_csv().encode() + b"#" * MAX_UPLOAD_BYTES
    response = client.post(import_url(project), {"file": upload("big.csv", data)})
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert snapshot(project) == before


def test_a_hostile_xml_is_refused(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    before = snapshot(project)
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY x "xxxxxxxx">]>\n'
        b'<Project xmlns="http://schemas.microsoft.com/project"><Name>&x;</Name></Project>\n'
    )
    response = client.post(import_url(project), {"file": upload("evil.xml", data)})
    assert response.status_code == 422
    assert "E_XML_UNSAFE" in response.content.decode()
    assert snapshot(project) == before


def test_an_unknown_file_type_is_refused(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    response = client.post(import_url(project), {"file": upload("plan.exe", b"MZ")})
    assert response.status_code == 422
    assert "E_FILE" in response.content.decode()


def test_a_tampered_digest_is_refused(client: Client, project: Project, pm: User) -> None:
    client.force_login(pm)
    changed = seed_csv().replace("Governance,4.5 d", "Governance,6 d")
    page = client.post(import_url(project), {"file": upload("plan.csv", changed.encode())})
    digest = digest_of(page.content.decode())
    before = snapshot(project)
    tampered = ("0" if digest[0] != "0" else "1") + digest[1:]
    response = client.post(confirm_url(project), {"digest": tampered})
    assert response.status_code == 409
    assert snapshot(project) == before


def test_a_change_after_the_preview_makes_it_stale(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    changed = seed_csv().replace("Governance,4.5 d", "Governance,6 d")
    page = client.post(import_url(project), {"file": upload("plan.csv", changed.encode())})
    Task.objects.filter(project=project, number=9).update(version=2)  # someone saved task 9
    before = snapshot(project)
    response = client.post(confirm_url(project), {"digest": digest_of(page.content.decode())})
    assert response.status_code == 409
    assert snapshot(project) == before


def test_csrf_is_required(project: Project, pm: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(pm)
    before = snapshot(project)
    response = client.post(import_url(project), {"file": upload("plan.csv", seed_csv().encode())})
    assert response.status_code == 403
    response = client.post(confirm_url(project), {"digest": "0" * 64})
    assert response.status_code == 403
    assert snapshot(project) == before


def test_a_yaml_with_an_unknown_work_package_warns(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    text = client.get(export_url(project, "yaml")).content.decode()
    # A work package that the file defines but the project does not have.
    text = text.replace("work_packages:\n", "work_packages:\n- code: WP-NOPE\n  name: Nope\n", 1)
    text = text.replace("work_package: WP-FIN", "work_package: WP-NOPE", 1)
    response = client.post(import_url(project), {"file": upload("plan.yaml", text.encode())})
    page = response.content.decode()
    assert response.status_code == 200
    assert "work package 'WP-NOPE' is not in this project" in page.replace("&#x27;", "'")
    # Task 6 keeps its link to WP-FIN; nothing else changes.
    assert "No changes" in page


def test_a_plan_that_does_not_schedule_is_rolled_back(
    client: Client, project: Project, pm: User
) -> None:
    client.force_login(pm)
    text = client.get(export_url(project, "yaml")).content.decode()
    # Task 2 follows task 1; make task 1 follow task 2 too: a cycle, found when scheduling.
    text = text.replace(
        "  name: Project Initiation Document\n",
        "  name: Project Initiation Document\n  predecessors: '2'\n",
        1,
    )
    page = client.post(import_url(project), {"file": upload("cycle.yaml", text.encode())})
    assert page.status_code == 200
    before = snapshot(project)
    response = client.post(confirm_url(project), {"digest": digest_of(page.content.decode())})
    assert response.status_code == 422
    assert "E_CYCLE" in response.content.decode()
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("persona", "sees_link"),
    [("pm", True), ("wp_lead_fin", False), ("board_member", False), ("observer", False)],
)
def test_only_who_may_import_sees_the_import_link(
    client: Client, project: Project, request: pytest.FixtureRequest, persona: str, sees_link: bool
) -> None:
    login(client, request, persona)
    page = client.get(f"/projects/{project.pk}/plan/").content.decode()
    assert (import_url(project) in page) is sees_link
