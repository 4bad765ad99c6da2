"""The returns pages. Members of the project read every page; outsiders get the same 404 as
for a missing project. A lead or deputy of a work package writes and submits its returns
(others: 403); the project manager generates periods and accepts or returns submitted
returns (others: 403). A POST answers 303 when done, 422 with the errors when refused,
and 409 when someone else saved first."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projectboard.web.projects.edit_views import HttpResponseSeeOther
from projectboard.web.projects.forms import AsAtForm
from projectboard.web.projects.models import Project, WorkPackage
from projectboard.web.projects.permissions import get_project_for, person_of
from projectboard.web.projects.services import Conflict
from projectboard.web.returns.forecast import Forecast, forecasts
from projectboard.web.returns.forms import DecisionForm, GenerateForm, ReturnForm
from projectboard.web.returns.models import (
    RAG_FIELDS,
    Rag,
    RagReturn,
    ReportingPeriod,
    State,
    field_label,
)
from projectboard.web.returns.permissions import (
    can_period,
    can_return,
    get_period_for,
    get_work_package_in,
)
from projectboard.web.returns.queries import (
    is_late,
    period_rows,
    period_summaries,
    trend,
    work_packages_of,
)
from projectboard.web.returns.services import (
    ReturnFields,
    periods_generate,
    return_accept,
    return_save,
    return_send_back,
    return_submit,
)

EDITABLE = (State.DRAFT, State.RETURNED)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # LoginRequiredMiddleware sent anonymous users away
    return request.user


def _as_at(request: HttpRequest) -> tuple[date, AsAtForm]:
    """``?as_at=YYYY-MM-DD`` or today; a bad date is shown as an error and today is used."""
    form = AsAtForm(request.GET)
    if form.is_valid() and form.cleaned_data["as_at"]:
        return form.cleaned_data["as_at"], form
    return timezone.localdate(), form


# -- periods ---------------------------------------------------------------------------------


@require_GET
def period_list(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    as_at, as_at_form = _as_at(request)
    return _period_list_page(request, project, as_at, as_at_form, GenerateForm())


def _period_list_page(
    request: HttpRequest,
    project: Project,
    as_at: date,
    as_at_form: AsAtForm,
    generate_form: GenerateForm,
    status: int = 200,
) -> HttpResponse:
    context = {
        "project": project,
        "summaries": period_summaries(project, as_at),
        "as_at": as_at,
        "as_at_form": as_at_form,
        "generate_form": generate_form,
        "may_generate": can_period(person_of(request.user), "generate", project),
        "cadence": project.reporting_cadence_days,
    }
    return render(request, "returns/period_list.html", context, status=status)


@require_POST
def period_generate(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    user = _user(request)
    if not can_period(person_of(user), "generate", project):
        raise PermissionDenied("Only the project manager may generate reporting periods.")
    form = GenerateForm(request.POST)
    if not form.is_valid():
        today = timezone.localdate()
        return _period_list_page(request, project, today, AsAtForm(), form, status=422)
    created = periods_generate(project=project, until=form.cleaned_data["until"], by=user)
    if created:
        messages.success(request, f"Generated periods {created[0].number} to {created[-1].number}.")
    else:
        messages.info(request, "No new periods: they already cover that date.")
    return HttpResponseSeeOther(reverse("returns-periods", args=[project_id]))


@require_GET
def period_detail(request: HttpRequest, project_id: int, number: int) -> HttpResponse:
    period = get_period_for(request.user, project_id, number)
    as_at, as_at_form = _as_at(request)
    rows = period_rows(period, as_at)
    predicted = forecasts(period.project)
    context = {
        "project": period.project,
        "period": period,
        "rows": [(row, predicted[row.work_package.code]) for row in rows],
        "as_at": as_at,
        "as_at_form": as_at_form,
        "late_count": sum(r.late for r in rows),
    }
    return render(request, "returns/period_detail.html", context)


@require_GET
def my_returns(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    as_at, as_at_form = _as_at(request)
    person = person_of(request.user)
    assert person is not None  # a member: get_project_for found their roles
    periods = list(
        ReportingPeriod.objects.filter(project=project, start__lte=as_at).order_by("-number")
    )
    mine = work_packages_of(person, project)
    returns = {
        (r.period_id, r.work_package_id): r
        for r in RagReturn.objects.filter(project=project, work_package__in=[w for w, _ in mine])
    }
    rows = []
    for period in periods:
        for wp, role in mine:
            ret = returns.get((period.pk, wp.pk))
            rows.append(
                {
                    "period": period,
                    "wp": wp,
                    "role": role,
                    "ret": ret,
                    "state": "Not started" if ret is None else ret.get_state_display(),
                    "late": is_late(ret, period, as_at),
                    "may_edit": ret is None or ret.state in EDITABLE,
                }
            )
    context = {
        "project": project,
        "rows": rows,
        "mine": mine,
        "as_at": as_at,
        "as_at_form": as_at_form,
    }
    return render(request, "returns/my_returns.html", context)


# -- one return ------------------------------------------------------------------------------


def _return_of(period: ReportingPeriod, wp: WorkPackage) -> RagReturn | None:
    ret = (
        RagReturn.objects.filter(period=period, work_package=wp)
        .select_related("submitted_by", "decided_by__person")
        .first()
    )
    if ret is not None:
        ret.period, ret.work_package, ret.project = period, wp, period.project
    return ret


def _ratings(ret: RagReturn | None, forecast: Forecast) -> list[dict[str, Any]]:
    """The six ratings with their labels; the time row carries the schedule's suggestion
    (kept at submission; the live one for a draft) and whether the lead's rating differs."""
    rows: list[dict[str, Any]] = []
    submitted = ret is not None and ret.state in (State.SUBMITTED, State.ACCEPTED)
    if submitted:
        assert ret is not None
        suggested = ret.suggested_time
    else:
        suggested = forecast.suggestion.rag if forecast.suggestion else ""
    for name in RAG_FIELDS:
        value = getattr(ret, name) if ret is not None else ""
        row: dict[str, Any] = {
            "name": name,
            "label": field_label(name),
            "value": value,
            "word": Rag(value).label if value else "Not rated",
            "suggested": "",
            "differs": False,
        }
        if name == "time" and suggested:
            row["suggested"] = suggested
            row["differs"] = bool(value) and value != suggested
        rows.append(row)
    return rows


def _detail_page(
    request: HttpRequest,
    period: ReportingPeriod,
    wp: WorkPackage,
    *,
    decision_form: DecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    ret = _return_of(period, wp)
    person = person_of(request.user)
    forecast = forecasts(period.project)[wp.code]
    context = {
        "project": period.project,
        "period": period,
        "wp": wp,
        "ret": ret,
        "ratings": _ratings(ret, forecast),
        "forecast": forecast,
        "suggested_live": ret is None or ret.state in EDITABLE,
        # The finish the suggestion was made from: kept with a submitted return.
        "shown_finish": forecast.finish
        if ret is None or ret.state in EDITABLE
        else ret.forecast_finish,
        "late": is_late(ret, period, _as_at(request)[0]),
        "may_write": can_return(person, "write", wp) and (ret is None or ret.state in EDITABLE),
        "may_decide": can_return(person, "decide", wp)
        and ret is not None
        and ret.state == State.SUBMITTED,
        "decision_form": decision_form or DecisionForm(),
    }
    return render(request, "returns/return_detail.html", context, status=status)


@require_GET
def return_detail(request: HttpRequest, project_id: int, number: int, code: str) -> HttpResponse:
    period = get_period_for(request.user, project_id, number)
    wp = get_work_package_in(period.project, code)
    return _detail_page(request, period, wp)


@require_http_methods(["GET", "POST"])
def return_edit(request: HttpRequest, project_id: int, number: int, code: str) -> HttpResponse:
    period = get_period_for(request.user, project_id, number)
    wp = get_work_package_in(period.project, code)
    user = _user(request)
    if not can_return(person_of(user), "write", wp):
        raise PermissionDenied(f"Only a lead or deputy of {wp.code} may write its return.")
    ret = _return_of(period, wp)
    if ret is not None and ret.state not in EDITABLE:
        # Submitted or accepted: the page says so; a POST is refused and changes nothing.
        return _edit_page(
            request, period, wp, ret, None, status=409 if request.method == "POST" else 200
        )
    if request.method == "GET":
        return _edit_page(request, period, wp, ret, ReturnForm.for_return(ret))
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _edit_page(request, period, wp, ret, form, status=422)
    typed = form.cleaned_data
    fields: ReturnFields = {
        "overall": typed["overall"],
        "time": typed["time"],
        "cost": typed["cost"],
        "scope": typed["scope"],
        "quality": typed["quality"],
        "risk": typed["risk"],
        "tolerance": typed["tolerance"],
        "achievements": typed["achievements"],
        "next_period": typed["next_period"],
        "issues": typed["issues"],
        "new_risks": typed["new_risks"],
        "help_needed": typed["help_needed"],
    }
    version = typed["version"] or None
    try:
        saved = return_save(
            period=period, work_package=wp, fields=fields, expected_version=version, by=user
        )
        if request.POST.get("action") == "submit":
            return_submit(rag_return=saved, by=user)
            messages.success(request, f"{wp.code}'s return for period {number} submitted.")
        else:
            messages.success(request, f"{wp.code}'s return for period {number} saved as a draft.")
    except ValidationError as exc:
        # Submitting may be refused after the draft was saved: the form carries the saved
        # version, so that saving again does not conflict with the user's own save.
        latest = _return_of(period, wp)
        data = request.POST.copy()
        data["version"] = str(latest.version if latest is not None else 0)
        form = ReturnForm(data)
        form.is_valid()
        form.add_error(None, exc)
        return _edit_page(request, period, wp, latest, form, status=422)
    except Conflict as exc:
        form.add_error(None, str(exc))
        return _edit_page(request, period, wp, _return_of(period, wp), form, status=409)
    return HttpResponseSeeOther(reverse("return-detail", args=[project_id, number, code]))


def _edit_page(
    request: HttpRequest,
    period: ReportingPeriod,
    wp: WorkPackage,
    ret: RagReturn | None,
    form: ReturnForm | None,
    *,
    status: int = 200,
) -> HttpResponse:
    forecast = forecasts(period.project)[wp.code]
    context = {
        "project": period.project,
        "period": period,
        "wp": wp,
        "ret": ret,
        "form": form,
        "forecast": forecast,
        "editable": ret is None or ret.state in EDITABLE,
        "cancel_url": reverse("return-detail", args=[period.project_id, period.number, wp.code]),
    }
    return render(request, "returns/return_edit.html", context, status=status)


@require_POST
def return_decide(request: HttpRequest, project_id: int, number: int, code: str) -> HttpResponse:
    period = get_period_for(request.user, project_id, number)
    wp = get_work_package_in(period.project, code)
    user = _user(request)
    if not can_return(person_of(user), "decide", wp):
        raise PermissionDenied("Only the project manager may accept a return or send it back.")
    ret = _return_of(period, wp)
    form = DecisionForm(request.POST)
    if ret is None:
        form.add_error(None, f"{wp.code} has no return for period {number} yet.")
        return _detail_page(request, period, wp, decision_form=form, status=422)
    if not form.is_valid():
        return _detail_page(request, period, wp, decision_form=form, status=422)
    comment = form.cleaned_data["comment"]
    try:
        if form.cleaned_data["decision"] == "accept":
            return_accept(rag_return=ret, by=user, comment=comment)
            messages.success(request, f"{wp.code}'s return for period {number} accepted.")
        else:
            return_send_back(rag_return=ret, by=user, comment=comment)
            messages.success(
                request, f"{wp.code}'s return for period {number} returned for rework."
            )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _detail_page(request, period, wp, decision_form=form, status=422)
    return HttpResponseSeeOther(reverse("return-detail", args=[project_id, number, code]))


@require_GET
def return_trend(request: HttpRequest, project_id: int, code: str) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    wp = get_work_package_in(project, code)
    as_at, as_at_form = _as_at(request)
    context = {
        "project": project,
        "wp": wp,
        "points": trend(wp, as_at),
        "as_at": as_at,
        "as_at_form": as_at_form,
    }
    return render(request, "returns/trend.html", context)
