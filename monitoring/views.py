import csv

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from contacts.selectors import child_get_for_user
from coxlease import audit, policy
from coxlease.models import RecordView
from coxlease.pages import current_site_or_404
from coxlease.policy import Action
from safeguarding.models import Status

from . import reports
from .charts import line_chart
from .chronology import chronology_of, lines_for
from .forms import ChronologyFilterForm, PeriodForm
from .mytasks import tasks_for
from .selectors import child_page_for, start_page_for

EVENTS_PER_PAGE = 50
EVENTS_PER_PRINTED_PAGE = 500
FLAGGED_PER_PAGE = 25
SITE_REPORT_MONTHS = 3


def home(request):
    """The start page: what needs this user's attention at their current site."""
    return render(
        request,
        "monitoring/home.html",
        {
            "site": request.current_site,
            "start": start_page_for(user=request.user, site=request.current_site),
        },
    )


def child_detail(request, pk):
    """A child's home page: everything about them, from every floor, that this user may see."""
    child = child_get_for_user(user=request.user, pk=pk)
    visits = audit.record_opened(user=request.user, record=child, site=child.site)
    return render(
        request,
        "monitoring/child_detail.html",
        {**child_page_for(user=request.user, child=child), "visits": visits},
    )


def _chronology(request, pk, *, template: str, per_page: int, what: RecordView.What):
    child = child_get_for_user(user=request.user, pk=pk)
    audit.record_view(user=request.user, record=child, what=what)
    form = ChronologyFilterForm(request.GET, child=child)
    form.is_valid()  # a filter given wrongly is shown with its error and left out
    filters = form.filters()
    rows = chronology_of(user=request.user, child=child, filters=filters)
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    return render(
        request,
        template,
        {
            "child": child,
            "form": form,
            "filters": filters,
            "page": page,
            "lines": lines_for(page.object_list),
            "now": timezone.now(),
        },
    )


@require_GET
def child_chronology(request, pk):
    """Everything that happened about a child, newest first, with filters."""
    return _chronology(
        request,
        pk,
        template="monitoring/child_chronology.html",
        per_page=EVENTS_PER_PAGE,
        what=RecordView.What.CHRONOLOGY,
    )


@require_GET
def child_chronology_print(request, pk):
    """The chronology on paper, for a review meeting: the same filters, no navigation."""
    return _chronology(
        request,
        pk,
        template="monitoring/child_chronology_print.html",
        per_page=EVENTS_PER_PRINTED_PAGE,
        what=RecordView.What.PRINTED,
    )


def _period_form(request, *, months: int) -> PeriodForm:
    form = PeriodForm(request.GET, months=months, today=timezone.localdate())
    form.is_valid()  # a date given wrongly is shown with its error; the default period is used
    return form


@require_GET
def site_report(request):
    """The site's monitoring page (LP 38 section 10): its figures over a period, each linked
    to the list behind it."""
    site = current_site_or_404(request)
    policy.require(request.user, Action.VIEW_SITE_MONITORING, site)
    form = _period_form(request, months=SITE_REPORT_MONTHS)
    report = reports.site_report(user=request.user, site=site, period=form.period())
    return render(request, "monitoring/site_report.html", {"form": form, "report": report})


@require_GET
def flagged_contacts(request):
    """The flagged contacts of a period, each with how it was followed up."""
    site = current_site_or_404(request)
    policy.require(request.user, Action.VIEW_SITE_MONITORING, site)
    form = _period_form(request, months=SITE_REPORT_MONTHS)
    entries = reports.flagged_contacts(user=request.user, site=site, period=form.period())
    page = Paginator(entries, FLAGGED_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/flagged_contacts.html",
        {"form": form, "page": page, "site": site, "period": form.period(), "statuses": Status},
    )


@require_GET
def planned_not_happened(request):
    """The planned contacts of a period that did not happen: no-shows, or the child's refusals."""
    site = current_site_or_404(request)
    policy.require(request.user, Action.VIEW_SITE_MONITORING, site)
    form = _period_form(request, months=SITE_REPORT_MONTHS)
    status = request.GET.get("status")
    if status not in reports.NOT_HAPPENED:
        status = reports.PlanStatus.NO_SHOW
    plans = reports.planned_not_happened(
        user=request.user, site=site, period=form.period(), status=status
    )
    page = Paginator(plans, FLAGGED_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/planned_not_happened.html",
        {
            "form": form,
            "page": page,
            "site": site,
            "period": form.period(),
            "status": reports.PlanStatus(status),
        },
    )


def _slt_report(request) -> tuple[PeriodForm, reports.SltReport]:
    form = _period_form(request, months=reports.MAX_MONTHS)
    return form, reports.slt_report(user=request.user, period=form.period())


@require_GET
def slt_report(request):
    """Every figure per site, side by side, with the trends by month drawn as charts."""
    form, report = _slt_report(request)
    return render(
        request,
        "monitoring/slt_report.html",
        {"form": form, "report": report, "charts": _charts(report)},
    )


@require_GET
def slt_report_csv(request):
    form, report = _slt_report(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(report)}.csv"'
    writer = csv.writer(response)
    writer.writerow(["figure", "month", *[site.name for site in report.sites]])
    for row in report.figures:
        writer.writerow([row.figure.label, "", *["" if v is None else v for v in row.values]])
    for table in report.trends:
        for i, month in enumerate(table.months):
            writer.writerow(
                [table.trend.label, f"{month:%Y-%m}", *[counts[i] for _, counts in table.series]]
            )
    return response


@require_GET
def slt_report_pdf(request):
    form, report = _slt_report(request)
    html = render_to_string(
        "monitoring/slt_report_pdf.html",
        {"report": report, "charts": _charts(report), "now": timezone.now(), "user": request.user},
        request=request,
    )
    try:
        # Imported here: without its system libraries (Pango), the rest of the app still runs.
        from weasyprint import CSS, HTML
    except (ImportError, OSError):
        messages.error(
            request,
            "The PDF cannot be made on this server: WeasyPrint's system libraries (Pango) are "
            "not installed. Download the CSV, or print this page.",
        )
        return redirect(f"{reverse('monitoring:slt-report')}?{request.GET.urlencode()}")
    # Everything is in the page: WeasyPrint fetches nothing from anywhere.
    pdf = HTML(string=html, url_fetcher=_fetch_nothing).write_pdf(
        stylesheets=[CSS(filename=finders.find("css/report_pdf.css"))]
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(report)}.pdf"'
    return response


def _fetch_nothing(url: str, *args, **kwargs):
    raise ValueError(f"The PDF fetches nothing: {url}")


def _charts(report: reports.SltReport) -> list:
    return [
        (
            table,
            line_chart(
                months=table.months,
                series=[(site.name, counts) for site, counts in table.series],
            ),
        )
        for table in report.trends
    ]


def _file_name(report: reports.SltReport) -> str:
    return f"coxlease-monitoring-{report.period.since:%Y-%m-%d}-to-{report.period.until:%Y-%m-%d}"


@require_GET
def my_tasks(request):
    """What is this user's to do, at each of their sites: the daily digest's list."""
    return render(request, "monitoring/my_tasks.html", {"tasks": tasks_for(user=request.user)})
