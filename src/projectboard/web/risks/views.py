"""The risk register pages: the register, one risk with its score history, the heat map,
the add and edit pages, proposals, and bulk entry from CSV.

Every page reads the project through ``get_project_for`` (the same 404 for missing and not
yours); a member without the right gets 403 on GET and POST. A saved POST answers 303; an
invalid one 422 with the errors beside their fields; a stale edit 409.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projectboard.web.projects.edit_views import ConflictRow, ConflictView, HttpResponseSeeOther
from projectboard.web.projects.history import who_name
from projectboard.web.projects.models import Project
from projectboard.web.projects.permissions import get_project_for, person_of
from projectboard.web.projects.services import Conflict
from projectboard.web.risks import audit, scoring
from projectboard.web.risks.csv_import import MAX_CSV_BYTES, RiskCsvError, read_risk_csv
from projectboard.web.risks.forms import (
    ConfirmForm,
    DeclineForm,
    ProposalForm,
    RiskCsvForm,
    RiskForm,
    risk_draft_of,
)
from projectboard.web.risks.models import ProposalStatus, Risk, RiskProposal, RiskStatus
from projectboard.web.risks.permissions import can_log
from projectboard.web.risks.services import (
    proposal_draft,
    risk_create,
    risk_import,
    risk_proposal_accept,
    risk_proposal_create,
    risk_proposal_decline,
    risk_update,
)


def user_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # LoginRequiredMiddleware sent the others away
    return request.user


def project_with_right(
    request: HttpRequest, project_id: int, resource: str, action: str
) -> tuple[Project, User]:
    """The project (404 if missing or not yours) and the user, who must have the right
    (403 otherwise)."""
    project = get_project_for(request.user, project_id)
    user = user_of(request)
    if not can_log(person_of(user), resource, action, project):
        raise PermissionDenied(f"You may not {action} the {resource} log of this project.")
    return project, user


_REF = re.compile(r"[A-Z](\d{1,6})")


def number_of(ref: str, letter: str) -> int:
    """The number in a reference such as ``R007``; 404 for anything else."""
    match = _REF.fullmatch(ref.upper())
    if match is None or ref[0].upper() != letter:
        raise Http404("No such entry.")
    return int(match.group(1))


def get_risk_for(request: HttpRequest, project_id: int, ref: str) -> Risk:
    """The risk, if the user may see its project; the same 404 if missing or not theirs."""
    project = get_project_for(request.user, project_id)
    risk = (
        Risk.objects.filter(project=project, number=number_of(ref, "R"))
        .select_related("project", "owner", "actionee")
        .first()
    )
    if risk is None:
        raise Http404("No such risk.")
    return risk


def form_page(
    request: HttpRequest,
    project: Project,
    form: object,
    *,
    heading: str,
    cancel_url: str,
    intro: str = "",
    conflict: object = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "project": project,
        "form": form,
        "heading": heading,
        "intro": intro,
        "cancel_url": cancel_url,
        "conflict": conflict,
    }
    return render(request, "risks/form_page.html", context, status=status)


# -- the register ----------------------------------------------------------------------------


@require_GET
def risk_register(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    show = request.GET.get("status", "open")
    risks = Risk.objects.filter(project=project).select_related("owner", "actionee")
    if show in RiskStatus.values:
        risks = risks.filter(status=show)
    else:
        show = "all"
    person = person_of(request.user)
    context = {
        "project": project,
        "risks": risks.order_by("number").prefetch_related("work_packages"),
        "show": show,
        "may_change": can_log(person, "risk", "change", project),
        "may_propose": can_log(person, "risk", "propose", project),
    }
    return render(request, "risks/register.html", context)


@dataclass(frozen=True)
class HistoryRow:
    on: str
    who: str
    inherent: str
    residual: str


@require_GET
def risk_detail(request: HttpRequest, project_id: int, ref: str) -> HttpResponse:
    risk = get_risk_for(request, project_id, ref)
    history = [
        HistoryRow(
            c.changed_on.strftime("%d/%m/%Y"),
            who_name(c.who),
            f"{c.inherent_probability} x {c.inherent_impact} = {c.inherent_score} "
            f"{scoring.rag(c.inherent_score)}",
            f"{c.residual_probability} x {c.residual_impact} = {c.residual_score} "
            f"{scoring.rag(c.residual_score)}",
        )
        for c in risk.score_changes.select_related("who__person").order_by("changed_on", "id")
    ]
    context = {
        "project": risk.project,
        "risk": risk,
        "history": history,
        "work_packages": risk.work_packages.order_by("position", "code"),
        "tasks": risk.tasks.order_by("number"),
        "may_change": can_log(person_of(request.user), "risk", "change", risk.project),
    }
    return render(request, "risks/detail.html", context)


@require_http_methods(["GET", "POST"])
def risk_create_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project, user = project_with_right(request, project_id, "risk", "change")
    cancel = reverse("risk-register", args=[project_id])
    if request.method == "GET":
        form = RiskForm(project=project, initial={"kind": "threat", "status": "open"})
        return form_page(request, project, form, heading="Add a risk", cancel_url=cancel)
    form = RiskForm(request.POST, project=project)
    if form.is_valid():
        try:
            risk = risk_create(project=project, draft=form.draft(), by=user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{risk.ref} added to the register.")
            return HttpResponseSeeOther(reverse("risk-detail", args=[project_id, risk.ref]))
    return form_page(request, project, form, heading="Add a risk", cancel_url=cancel, status=422)


@require_http_methods(["GET", "POST"])
def risk_edit(request: HttpRequest, project_id: int, ref: str) -> HttpResponse:
    risk = get_risk_for(request, project_id, ref)
    project, user = project_with_right(request, project_id, "risk", "change")
    heading = f"Edit {risk.ref}: {risk.title}"
    cancel = reverse("risk-detail", args=[project_id, risk.ref])
    if request.method == "GET":
        form = RiskForm(
            project=project, initial=RiskForm.initial_of(risk_draft_of(risk), risk.version)
        )
        return form_page(request, project, form, heading=heading, cancel_url=cancel)
    form = RiskForm(request.POST, project=project)
    if form.is_valid():
        try:
            saved = risk_update(
                risk=risk,
                draft=form.draft(),
                expected_version=form.cleaned_data["version"] or 0,
                by=user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except Conflict as exc:
            again, conflict = _risk_conflict(request, project, form, exc)
            return form_page(
                request,
                project,
                again,
                heading=heading,
                cancel_url=cancel,
                conflict=conflict,
                status=409,
            )
        else:
            messages.success(request, f"{saved.ref} saved.")
            return HttpResponseSeeOther(reverse("risk-detail", args=[project_id, saved.ref]))
    return form_page(request, project, form, heading=heading, cancel_url=cancel, status=422)


def _risk_conflict(
    request: HttpRequest, project: Project, form: RiskForm, exc: Conflict
) -> tuple[RiskForm, ConflictView]:
    """The form as typed, carrying the version now saved (saving again applies it on
    purpose), and the values now saved beside those typed."""
    rows = [
        ConflictRow(
            str(form.fields[name].label),
            audit.text(exc.current[name]),
            audit.text(form.cleaned_data[name]),
        )
        for name in form.fields
        if name in exc.current
    ]
    data = request.POST.copy()
    data["version"] = str(exc.version)
    again = RiskForm(data, project=project)
    again.is_valid()
    return again, ConflictView(str(exc), None, rows)


# -- the heat map ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    probability: int
    impact: int
    score: int
    rag: scoring.Rag
    risks: list[Risk]


@require_GET
def risk_heat_map(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    basis = "inherent" if request.GET.get("basis") == "inherent" else "residual"
    risks = list(Risk.objects.filter(project=project, status=RiskStatus.OPEN).order_by("number"))
    rows = []
    for p in reversed(scoring.SCALE):
        cells = []
        for i in scoring.SCALE:
            s = scoring.score(p, i)
            found = [
                r
                for r in risks
                if getattr(r, f"{basis}_probability") == p and getattr(r, f"{basis}_impact") == i
            ]
            cells.append(Cell(p, i, s, scoring.rag(s), found))
        rows.append((p, scoring.SCALE_WORDS[p], cells))
    context = {
        "project": project,
        "basis": basis,
        "rows": rows,
        "impacts": [(i, scoring.SCALE_WORDS[i]) for i in scoring.SCALE],
        "total": len(risks),
    }
    return render(request, "risks/heat_map.html", context)


# -- proposals -------------------------------------------------------------------------------


@require_GET
def risk_proposals(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    person = person_of(request.user)
    context = {
        "project": project,
        "proposals": RiskProposal.objects.filter(project=project)
        .select_related("work_package", "raised_by__person", "risk")
        .order_by("-raised_at", "-id"),
        "may_change": can_log(person, "risk", "change", project),
        "may_propose": can_log(person, "risk", "propose", project),
    }
    return render(request, "risks/proposals.html", context)


@require_http_methods(["GET", "POST"])
def risk_proposal_create_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project, user = project_with_right(request, project_id, "risk", "propose")
    cancel = reverse("risk-proposals", args=[project_id])
    heading = "Propose a risk"
    intro = "The project manager will accept it into the register or decline it with a reason."
    if request.method == "GET":
        form = ProposalForm(project=project)
        return form_page(request, project, form, heading=heading, intro=intro, cancel_url=cancel)
    form = ProposalForm(request.POST, project=project)
    if form.is_valid():
        d = form.cleaned_data
        try:
            risk_proposal_create(
                project=project,
                title=d["title"],
                description=d["description"],
                work_package=d["work_package"],
                source=d["source"],
                by=user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Risk proposed: the project manager will review it.")
            return HttpResponseSeeOther(cancel)
    return form_page(
        request, project, form, heading=heading, intro=intro, cancel_url=cancel, status=422
    )


def _proposal(project: Project, proposal_id: int) -> RiskProposal:
    proposal = (
        RiskProposal.objects.filter(project=project, pk=proposal_id)
        .select_related("project", "raised_by", "work_package")
        .first()
    )
    if proposal is None:
        raise Http404("No such proposal.")
    if proposal.status != ProposalStatus.PENDING:
        raise Http404("This proposal has been decided.")
    return proposal


@require_http_methods(["GET", "POST"])
def risk_proposal_accept_view(
    request: HttpRequest, project_id: int, proposal_id: int
) -> HttpResponse:
    project, user = project_with_right(request, project_id, "risk", "change")
    proposal = _proposal(project, proposal_id)
    heading = f"Accept the proposal: {proposal.title}"
    intro = f"Proposed from {proposal.source}. Complete the risk; it is added to the register."
    cancel = reverse("risk-proposals", args=[project_id])
    if request.method == "GET":
        initial = RiskForm.initial_of(proposal_draft(proposal)) | {"status": "open"}
        form = RiskForm(project=project, initial=initial)
        return form_page(request, project, form, heading=heading, intro=intro, cancel_url=cancel)
    form = RiskForm(request.POST, project=project)
    if form.is_valid():
        try:
            risk = risk_proposal_accept(proposal=proposal, draft=form.draft(), by=user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Proposal accepted as {risk.ref}.")
            return HttpResponseSeeOther(reverse("risk-detail", args=[project_id, risk.ref]))
    return form_page(
        request, project, form, heading=heading, intro=intro, cancel_url=cancel, status=422
    )


@require_http_methods(["GET", "POST"])
def risk_proposal_decline_view(
    request: HttpRequest, project_id: int, proposal_id: int
) -> HttpResponse:
    project, user = project_with_right(request, project_id, "risk", "change")
    proposal = _proposal(project, proposal_id)
    heading = f"Decline the proposal: {proposal.title}"
    cancel = reverse("risk-proposals", args=[project_id])
    if request.method == "GET":
        return form_page(request, project, DeclineForm(), heading=heading, cancel_url=cancel)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            risk_proposal_decline(proposal=proposal, reason=form.cleaned_data["reason"], by=user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Proposal declined: {proposal.title}.")
            return HttpResponseSeeOther(cancel)
    return form_page(request, project, form, heading=heading, cancel_url=cancel, status=422)


# -- bulk entry from CSV ---------------------------------------------------------------------

_ENVELOPE_BYTES = 64 * 1024


def _session_key(project: Project) -> str:
    return f"risk-import-{project.pk}"


def _digest(text: str, filename: str) -> str:
    return hashlib.sha256(f"{filename}\n{text}".encode()).hexdigest()


@require_http_methods(["GET", "POST"])
def risk_import_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project, _ = project_with_right(request, project_id, "risk", "change")
    if request.method == "GET":
        return _import_page(request, project, RiskCsvForm())
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_CSV_BYTES + _ENVELOPE_BYTES:
        return _import_page(request, project, RiskCsvForm(), too_large=True)
    form = RiskCsvForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, project, form, status=422)
    upload = form.cleaned_data["file"]
    name = str(upload.name or "upload.csv")
    if upload.size > MAX_CSV_BYTES:
        return _import_page(request, project, RiskCsvForm(), too_large=True)
    data = upload.read()
    try:
        rows = read_risk_csv(data, name, project)
    except RiskCsvError as exc:
        return _import_page(request, project, form, error=exc, status=422)
    text = data.decode("utf-8-sig")
    digest = _digest(text, name)
    request.session[_session_key(project)] = {"text": text, "filename": name, "digest": digest}
    context = {
        "project": project,
        "rows": rows,
        "filename": name,
        "form": ConfirmForm(initial={"digest": digest}),
    }
    return render(request, "risks/import_preview.html", context)


@require_POST
def risk_import_confirm(request: HttpRequest, project_id: int) -> HttpResponse:
    project, user = project_with_right(request, project_id, "risk", "change")
    stored = request.session.get(_session_key(project))
    form = ConfirmForm(request.POST)
    if not stored or not form.is_valid() or form.cleaned_data["digest"] != stored["digest"]:
        messages.error(request, "Nothing to import: upload the file again.")
        return _import_page(request, project, RiskCsvForm(), status=409)
    try:
        rows = read_risk_csv(stored["text"].encode(), stored["filename"], project)
        risks = risk_import(project=project, drafts=[r.draft for r in rows], by=user)
    except RiskCsvError as exc:
        return _import_page(request, project, RiskCsvForm(), error=exc, status=422)
    del request.session[_session_key(project)]
    messages.success(request, f"{len(risks)} risks added: {risks[0].ref} to {risks[-1].ref}.")
    return HttpResponseSeeOther(reverse("risk-register", args=[project_id]))


def _import_page(
    request: HttpRequest,
    project: Project,
    form: RiskCsvForm,
    *,
    error: RiskCsvError | None = None,
    too_large: bool = False,
    status: int = 200,
) -> HttpResponse:
    context = {
        "project": project,
        "form": form,
        "error": error,
        "too_large": too_large,
        "max_kib": MAX_CSV_BYTES // 1024,
    }
    return render(request, "risks/import_form.html", context, status=413 if too_large else status)
