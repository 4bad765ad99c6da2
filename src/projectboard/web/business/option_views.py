"""The options appraisal and satisfaction pages (same conventions as ``views``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projectboard.finance.errors import FinanceError
from projectboard.reports.charts import Series, bar_chart
from projectboard.web.business.forms import (
    ConfirmForm,
    CriterionForm,
    NoteForm,
    ScenarioForm,
    ScoreForm,
    SurveyUploadForm,
)
from projectboard.web.business.models import Criterion, Scenario, Score, Survey
from projectboard.web.business.options import (
    criterion_create,
    criterion_update,
    options_page,
    scenario_create,
    scenarios_sign_off,
    score_set,
)
from projectboard.web.business.surveys import (
    MAX_SURVEY_BYTES,
    digest,
    read_survey_upload,
    survey_import,
    survey_page,
)
from projectboard.web.business.views import (
    _session_key,
    add_errors,
    form_page,
    page,
    project_with_right,
)
from projectboard.web.projects.edit_views import HttpResponseSeeOther
from projectboard.web.projects.models import Project
from projectboard.web.projects.permissions import get_project_for
from projectboard.web.uploads import refuse_uploads_over

# -- options ---------------------------------------------------------------------------------


@require_GET
def options(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    return page(
        request, "business/options.html", project, data=options_page(project), note_form=NoteForm()
    )


def _options_url(project: Project) -> str:
    return reverse("business-options", args=[project.pk])


@require_http_methods(["GET", "POST"])
def scenario_create_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project, user = project_with_right(request, project_id, "options", "change")
    heading = "Add an option"
    intro = "Any change to the options clears the board's sign-off."
    if request.method == "GET":
        return form_page(
            request,
            project,
            ScenarioForm(),
            heading=heading,
            intro=intro,
            cancel_url=_options_url(project),
        )
    form = ScenarioForm(request.POST)
    if form.is_valid():
        try:
            scenario_create(project=project, by=user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Option added.")
            return HttpResponseSeeOther(_options_url(project))
    return form_page(
        request,
        project,
        form,
        heading=heading,
        intro=intro,
        cancel_url=_options_url(project),
        status=422,
    )


@require_http_methods(["GET", "POST"])
def criterion_create_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project, user = project_with_right(request, project_id, "options", "change")
    heading = "Add a criterion"
    if request.method == "GET":
        return form_page(
            request, project, CriterionForm(), heading=heading, cancel_url=_options_url(project)
        )
    form = CriterionForm(request.POST)
    if form.is_valid():
        try:
            criterion_create(project=project, by=user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Criterion added.")
            return HttpResponseSeeOther(_options_url(project))
    return form_page(
        request, project, form, heading=heading, cancel_url=_options_url(project), status=422
    )


def _criterion_for(project: Project, criterion_id: int) -> Criterion:
    found = (
        Criterion.objects.filter(project=project, pk=criterion_id).select_related("project").first()
    )
    if found is None:
        raise Http404("No such criterion.")
    return found


@require_http_methods(["GET", "POST"])
def criterion_edit(request: HttpRequest, project_id: int, criterion_id: int) -> HttpResponse:
    project, user = project_with_right(request, project_id, "options", "change")
    criterion = _criterion_for(project, criterion_id)
    heading = f"Edit criterion {criterion.code}"
    intro = "Changing a weight clears the board's sign-off."
    if request.method == "GET":
        form = CriterionForm(
            initial={"code": criterion.code, "name": criterion.name, "weight": criterion.weight}
        )
        form.fields["code"].disabled = True
        return form_page(
            request, project, form, heading=heading, intro=intro, cancel_url=_options_url(project)
        )
    form = CriterionForm(request.POST, initial={"code": criterion.code})
    form.fields["code"].disabled = True
    if form.is_valid():
        try:
            criterion_update(
                criterion=criterion,
                name=form.cleaned_data["name"],
                weight=form.cleaned_data["weight"],
                by=user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Criterion saved.")
            return HttpResponseSeeOther(_options_url(project))
    return form_page(
        request,
        project,
        form,
        heading=heading,
        intro=intro,
        cancel_url=_options_url(project),
        status=422,
    )


@require_http_methods(["GET", "POST"])
def score_edit(
    request: HttpRequest, project_id: int, scenario_id: int, criterion_id: int
) -> HttpResponse:
    project, user = project_with_right(request, project_id, "options", "change")
    criterion = _criterion_for(project, criterion_id)
    scenario = (
        Scenario.objects.filter(project=project, pk=scenario_id).select_related("project").first()
    )
    if scenario is None:
        raise Http404("No such option.")
    heading = f"Score {scenario.code} on {criterion.code} {criterion.name}"
    intro = (
        "Scores are whole numbers from 0 to 10, each with its reason. "
        "A change clears the board's sign-off."
    )
    cancel = _options_url(project)
    if request.method == "GET":
        score = Score.objects.filter(scenario=scenario, criterion=criterion).first()
        initial = {"value": score.value, "reason": score.reason} if score else {}
        return form_page(
            request,
            project,
            ScoreForm(initial=initial),
            heading=heading,
            intro=intro,
            cancel_url=cancel,
        )
    form = ScoreForm(request.POST)
    if form.is_valid():
        try:
            score_set(scenario=scenario, criterion=criterion, by=user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Score saved.")
            return HttpResponseSeeOther(cancel)
    return form_page(
        request, project, form, heading=heading, intro=intro, cancel_url=cancel, status=422
    )


@require_POST
def options_sign_off(request: HttpRequest, project_id: int) -> HttpResponse:
    project, user = project_with_right(request, project_id, "options", "sign_off")
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        scenarios_sign_off(project=project, note=note, by=user)
    except ValidationError as exc:
        messages.error(request, f"Not signed off: {' '.join(exc.messages)}")
        return page(
            request,
            "business/options.html",
            project,
            422,
            data=options_page(project),
            note_form=form,
        )
    messages.success(request, "You have signed off the options appraisal.")
    return HttpResponseSeeOther(_options_url(project))


# -- satisfaction ----------------------------------------------------------------------------


@require_GET
def satisfaction(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    data = survey_page(project)
    chart = ""
    if data.comparison is not None:
        rows = [*data.comparison.scores, data.comparison.overall]
        series = [Series("Baseline", tuple(r.baseline.mean for r in rows))]
        if data.after is not None:
            series.append(Series("After", tuple(r.after.mean for r in rows)))
        chart = bar_chart(
            chart_id="satisfaction",
            title="Mean satisfaction, before and after (1 to 5)",
            description="One group per question and overall; the table below gives the means, "
            "confidence intervals and tests.",
            categories=[r.question for r in rows],
            series=series,
            label=lambda v: f"{float(v):.2f}",
        )
    return page(
        request,
        "business/satisfaction.html",
        project,
        data=data,
        chart=mark_safe(chart),  # reports.charts escapes all text
    )


def _survey_import_page(
    request: HttpRequest,
    project: Project,
    form: SurveyUploadForm,
    *,
    error: FinanceError | None = None,
    status: int = 200,
) -> HttpResponse:
    return page(
        request,
        "business/survey_import.html",
        project,
        status,
        form=form,
        error=error,
    )


@refuse_uploads_over(MAX_SURVEY_BYTES)
@require_http_methods(["GET", "POST"])
def survey_import_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project, _ = project_with_right(request, project_id, "satisfaction", "change")
    if request.method == "GET":
        return _survey_import_page(request, project, SurveyUploadForm())
    form = SurveyUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _survey_import_page(request, project, form, status=422)
    upload = form.cleaned_data["file"]
    name = str(upload.name or "survey.csv")
    kind = form.cleaned_data["kind"]
    try:
        text, survey = read_survey_upload(upload.read(), name)
    except FinanceError as exc:
        return _survey_import_page(request, project, form, error=exc, status=422)
    key = digest(text, name, kind)
    request.session[_session_key(project, "survey")] = {
        "text": text,
        "filename": name,
        "kind": kind,
        "digest": key,
    }
    return page(
        request,
        "business/survey_preview.html",
        project,
        survey=survey,
        respondents=len({a.respondent for a in survey.answers}),
        questions=[(q, len(survey.scores(q))) for q in survey.questions()],
        kind=Survey.Kind(kind).label,
        replaces=Survey.objects.filter(project=project, kind=kind).first(),
        filename=name,
        form=ConfirmForm(initial={"digest": key}),
    )


@require_POST
def survey_import_confirm(request: HttpRequest, project_id: int) -> HttpResponse:
    project, user = project_with_right(request, project_id, "satisfaction", "change")
    stored = request.session.get(_session_key(project, "survey"))
    form = ConfirmForm(request.POST)
    if not stored or not form.is_valid() or form.cleaned_data["digest"] != stored["digest"]:
        messages.error(request, "Nothing to import: upload the file again.")
        return _survey_import_page(request, project, SurveyUploadForm(), status=409)
    try:
        _, survey = read_survey_upload(stored["text"].encode(), stored["filename"])
    except FinanceError as exc:  # pragma: no cover - it read at the preview
        return _survey_import_page(request, project, SurveyUploadForm(), error=exc, status=422)
    survey_import(project=project, kind=stored["kind"], survey=survey, by=user)
    del request.session[_session_key(project, "survey")]
    messages.success(
        request,
        f"{Survey.Kind(stored['kind']).label} survey imported: {len(survey.answers)} answers.",
    )
    return HttpResponseSeeOther(reverse("business-satisfaction", args=[project_id]))
