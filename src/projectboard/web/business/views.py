"""The cost model, funding and investment appraisal pages.

Every page reads the project through ``get_project_for`` (the same 404 for missing and not
yours); a member without the right gets 403 on GET and POST. A saved POST answers 303; an
invalid one 422 with the errors beside their fields; a stale edit 409.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projectboard.finance.appraisal import GREEN_BOOK_DISCOUNT_RATES, OPTIMISM_BIAS
from projectboard.finance.money import format_money
from projectboard.reports.charts import Series, Value, bar_chart
from projectboard.web.business.cost_csv import (
    MAX_CSV_BYTES,
    CostCsvError,
    read_cost_csv,
    total,
    years_of,
)
from projectboard.web.business.cost_services import (
    cost_line_create,
    cost_line_delete,
    cost_line_update,
    cost_lines_import,
    first_error,
    funding_create,
    settings_update,
    spend_create,
)
from projectboard.web.business.costs import appraisals, cost_page, frame_of
from projectboard.web.business.forms import (
    ConfirmForm,
    CostLineForm,
    FundingForm,
    SettingsForm,
    SpendForm,
    UploadForm,
)
from projectboard.web.business.models import CostLine, Funding, Scenario, Spend
from projectboard.web.business.permissions import can_business, rights
from projectboard.web.business.queries import (
    capital_table,
    funding_table,
    plan_table,
    recharge_table,
    totals_table,
)
from projectboard.web.projects.edit_views import HttpResponseSeeOther
from projectboard.web.projects.models import Project
from projectboard.web.projects.permissions import get_project_for, person_of
from projectboard.web.projects.services import Conflict
from projectboard.web.uploads import refuse_uploads_over


def money_label(value: Value) -> str:
    """A chart's label for an amount (values are Decimals; ticks too)."""
    return format_money(Decimal(str(value)))


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
    if not can_business(person_of(user), resource, action, project):
        raise PermissionDenied(f"You may not {action} the {resource.replace('_', ' ')}.")
    return project, user


def page(
    request: HttpRequest, template: str, project: Project, status: int = 200, **context: Any
) -> HttpResponse:
    """Render with what every business page needs: the project, the rights, the banner."""
    context.update(
        project=project,
        may=rights(person_of(request.user), project),
        illustrative=frame_of(project).illustrative,
    )
    return render(request, template, context, status=status)


def form_page(
    request: HttpRequest,
    project: Project,
    form: forms.Form,
    *,
    heading: str,
    cancel_url: str,
    intro: str = "",
    conflict: object = None,
    status: int = 200,
) -> HttpResponse:
    return page(
        request,
        "business/form_page.html",
        project,
        status,
        form=form,
        heading=heading,
        intro=intro,
        cancel_url=cancel_url,
        conflict=conflict,
    )


def add_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put the service's errors beside their fields (or at the top if the form has none)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        target = name if name in form.fields else None
        for error in errors:
            form.add_error(target, error)


def conflict_of(exc: Conflict) -> dict[str, object]:
    return {"message": str(exc), "last": None, "rows": []}


def scenario_of(project: Project, code: str | None) -> Scenario | None:
    """The option named by ``?option=``; otherwise the first that is not "do nothing"."""
    options = Scenario.objects.filter(project=project)
    if code:
        found = options.filter(code=code).first()
        if found is None:
            raise Http404("No such option.")
        return found
    return options.filter(do_nothing=False).first() or options.first()


# -- the cost model --------------------------------------------------------------------------


@require_GET
def costs(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    scenario = scenario_of(project, request.GET.get("option"))
    data = cost_page(project, scenario)
    chart = ""
    if data.plan is not None:
        years = [str(y) for y in data.plan.years]
        chart = bar_chart(
            chart_id="cost-per-partner",
            title="Net cost per partner per year",
            description="Bars per financial year, one per partner; "
            "the table below gives the figures.",
            categories=years,
            series=[
                Series(p, tuple(data.plan.net_by_partner[p][y] for y in data.plan.years))
                for p in data.plan.partners
            ],
            label=money_label,
        )
    return page(
        request,
        "business/costs.html",
        project,
        data=data,
        plan_table=None
        if data.plan is None
        else plan_table(data.plan, "Net cost by line and year"),
        totals_table=totals_table(data.totals),
        capital_table=None if data.capital is None else capital_table(data.capital),
        recharge_table=recharge_table(data.recharges, f"Recharges to and from {data.frame.host}"),
        scenarios=Scenario.objects.filter(project=project),
        chart=mark_safe(chart),  # reports.charts escapes all text
    )


@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest, project_id: int) -> HttpResponse:
    project, user = project_with_right(request, project_id, "cost_model", "change")
    cancel = reverse("business-costs", args=[project_id])
    heading = "Cost model settings"
    if request.method == "GET":
        form = SettingsForm(project=project, initial=SettingsForm.initial_of(frame_of(project)))
        return form_page(request, project, form, heading=heading, cancel_url=cancel)
    form = SettingsForm(request.POST, project=project)
    if form.is_valid():
        d = form.cleaned_data
        try:
            settings_update(
                project=project,
                first_year=d["first_year"],
                year_count=d["year_count"],
                host=d["host"],
                optimism_bias_type=d["optimism_bias_type"],
                optimism_bias_bound=d["optimism_bias_bound"],
                illustrative=d["illustrative"],
                expected_version=d["version"],
                by=user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        except Conflict as exc:
            form = SettingsForm(project=project, initial=SettingsForm.initial_of(frame_of(project)))
            return form_page(
                request, project, form, heading=heading, cancel_url=cancel,
                conflict=conflict_of(exc), status=409,
            )  # fmt: skip
        else:
            messages.success(request, "Settings saved.")
            return HttpResponseSeeOther(cancel)
    return form_page(request, project, form, heading=heading, cancel_url=cancel, status=422)


def _line_page(
    request: HttpRequest,
    project: Project,
    form: CostLineForm,
    heading: str,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    return page(
        request,
        "business/line_form.html",
        project,
        status,
        form=form,
        heading=heading,
        cancel_url=reverse("business-costs", args=[project.pk]),
        **extra,
    )


@require_http_methods(["GET", "POST"])
def line_create(request: HttpRequest, project_id: int) -> HttpResponse:
    project, user = project_with_right(request, project_id, "cost_model", "change")
    frame = frame_of(project)
    heading = "Add a cost line"
    if request.method == "GET":
        initial = {"scenario": request.GET.get("option", "")}
        return _line_page(
            request, project, CostLineForm(project=project, frame=frame, initial=initial), heading
        )
    form = CostLineForm(request.POST, project=project, frame=frame)
    if form.is_valid():
        try:
            line = cost_line_create(project=project, draft=form.draft(), by=user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"Cost line '{line.name}' added.")
            return HttpResponseSeeOther(_costs_url(project, line))
    return _line_page(request, project, form, heading, status=422)


def _costs_url(project: Project, line: CostLine) -> str:
    url = reverse("business-costs", args=[project.pk])
    return f"{url}?option={line.scenario.code}" if line.scenario else url


def _line_for(project: Project, line_id: int) -> CostLine:
    line = (
        CostLine.objects.filter(project=project, pk=line_id)
        .select_related("project", "scenario")
        .first()
    )
    if line is None:
        raise Http404("No such cost line.")
    return line


@require_http_methods(["GET", "POST"])
def line_edit(request: HttpRequest, project_id: int, line_id: int) -> HttpResponse:
    project, user = project_with_right(request, project_id, "cost_model", "change")
    line = _line_for(project, line_id)
    frame = frame_of(project)
    heading = f"Edit cost line: {line.name}"
    if request.method == "GET":
        form = CostLineForm(project=project, frame=frame, initial=CostLineForm.initial_of(line))
        return _line_page(request, project, form, heading, line=line)
    form = CostLineForm(request.POST, project=project, frame=frame)
    if form.is_valid():
        try:
            cost_line_update(
                line=line,
                draft=form.draft(),
                expected_version=form.cleaned_data["version"] or 0,
                by=user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        except Conflict as exc:
            return _line_page(
                request, project, form, heading, status=409, line=line, conflict=conflict_of(exc)
            )
        else:
            messages.success(request, f"Cost line '{form.cleaned_data['name']}' saved.")
            return HttpResponseSeeOther(_costs_url(project, line))
    return _line_page(request, project, form, heading, status=422, line=line)


@require_POST
def line_delete(request: HttpRequest, project_id: int, line_id: int) -> HttpResponse:
    project, user = project_with_right(request, project_id, "cost_model", "change")
    line = _line_for(project, line_id)
    url = _costs_url(project, line)
    try:
        cost_line_delete(line=line, by=user)
    except ValidationError as exc:
        messages.error(request, f"Not deleted: {' '.join(exc.messages)}")
        return HttpResponseSeeOther(url)
    messages.success(request, f"Cost line '{line.name}' deleted.")
    return HttpResponseSeeOther(url)


# -- bulk entry of cost lines ----------------------------------------------------------------


def _session_key(project: Project, what: str) -> str:
    return f"business-{what}-import-{project.pk}"


def _digest(text: str, name: str) -> str:
    return hashlib.sha256(f"{name}\n{text}".encode()).hexdigest()


def _cost_import_page(
    request: HttpRequest, project: Project, form: UploadForm, *, error: CostCsvError | None = None,
    status: int = 200,
) -> HttpResponse:  # fmt: skip
    return page(
        request,
        "business/cost_import.html",
        project,
        status,
        form=form,
        error=error,
        years=[str(y) for y in frame_of(project).years],
    )


@refuse_uploads_over(MAX_CSV_BYTES)
@require_http_methods(["GET", "POST"])
def cost_import(request: HttpRequest, project_id: int) -> HttpResponse:
    project, _ = project_with_right(request, project_id, "cost_model", "change")
    if request.method == "GET":
        return _cost_import_page(request, project, UploadForm())
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _cost_import_page(request, project, form, status=422)
    upload = form.cleaned_data["file"]
    name = str(upload.name or "upload.csv")
    data = upload.read()
    try:
        lines = read_cost_csv(data, name, project)
    except CostCsvError as exc:
        return _cost_import_page(request, project, form, error=exc, status=422)
    text = data.decode("utf-8-sig")
    digest = _digest(text, name)
    request.session[_session_key(project, "cost")] = {
        "text": text,
        "filename": name,
        "digest": digest,
    }
    return page(
        request,
        "business/cost_import_preview.html",
        project,
        lines=[(line, format_money(total(line.draft)), years_of(line.draft)) for line in lines],
        filename=name,
        form=ConfirmForm(initial={"digest": digest}),
    )


@require_POST
def cost_import_confirm(request: HttpRequest, project_id: int) -> HttpResponse:
    project, user = project_with_right(request, project_id, "cost_model", "change")
    stored = request.session.get(_session_key(project, "cost"))
    form = ConfirmForm(request.POST)
    if not stored or not form.is_valid() or form.cleaned_data["digest"] != stored["digest"]:
        messages.error(request, "Nothing to import: upload the file again.")
        return _cost_import_page(request, project, UploadForm(), status=409)
    try:
        lines = read_cost_csv(stored["text"].encode(), stored["filename"], project)
        cost_lines_import(project=project, drafts=[line.draft for line in lines], by=user)
    except CostCsvError as exc:
        return _cost_import_page(request, project, UploadForm(), error=exc, status=422)
    except ValidationError as exc:
        name, code, message = first_error(exc)
        error = CostCsvError(code, message, stored["filename"], None, name)
        return _cost_import_page(request, project, UploadForm(), error=error, status=422)
    del request.session[_session_key(project, "cost")]
    messages.success(request, f"{len(lines)} cost lines added.")
    return HttpResponseSeeOther(reverse("business-costs", args=[project_id]))


# -- the project's own funding ---------------------------------------------------------------


@require_GET
def funding(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    return page(
        request,
        "business/funding.html",
        project,
        summary=funding_table(project),
        funding=Funding.objects.filter(project=project).select_related("partner"),
        spend=Spend.objects.filter(project=project).select_related("partner"),
    )


@require_http_methods(["GET", "POST"])
def funding_create_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project, user = project_with_right(request, project_id, "cost_model", "change")
    cancel = reverse("business-funding", args=[project_id])
    heading = "Record funding for the project"
    if request.method == "GET":
        return form_page(
            request, project, FundingForm(project=project), heading=heading, cancel_url=cancel
        )
    form = FundingForm(request.POST, project=project)
    if form.is_valid():
        try:
            funding_create(project=project, by=user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Funding recorded.")
            return HttpResponseSeeOther(cancel)
    return form_page(request, project, form, heading=heading, cancel_url=cancel, status=422)


@require_http_methods(["GET", "POST"])
def spend_create_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project, user = project_with_right(request, project_id, "cost_model", "change")
    cancel = reverse("business-funding", args=[project_id])
    heading = "Record spend against the project's funding"
    if request.method == "GET":
        return form_page(
            request, project, SpendForm(project=project), heading=heading, cancel_url=cancel
        )
    form = SpendForm(request.POST, project=project)
    if form.is_valid():
        try:
            spend_create(project=project, by=user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Spend recorded.")
            return HttpResponseSeeOther(cancel)
    return form_page(request, project, form, heading=heading, cancel_url=cancel, status=422)


# -- investment appraisal --------------------------------------------------------------------


@require_GET
def appraisal(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    frame, found = appraisals(project)
    computed = [a for a in found if a.overall is not None]
    chart = ""
    if computed:
        chart = bar_chart(
            chart_id="npv-by-option",
            title="Net present value by option",
            description="One bar per option; the table below gives the figures.",
            categories=[a.scenario.code for a in computed],
            series=[Series("NPV", tuple(a.overall.npv for a in computed if a.overall))],
            label=money_label,
        )
    bias = OPTIMISM_BIAS.get(frame.bias_type)
    return page(
        request,
        "business/appraisal.html",
        project,
        frame=frame,
        found=found,
        bias=bias,
        bias_table=OPTIMISM_BIAS.values(),
        rate=GREEN_BOOK_DISCOUNT_RATES[0].rate * 100,
        chart=mark_safe(chart),  # reports.charts escapes all text
    )
