from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from contacts.selectors import child_get_for_user
from coxlease import audit
from coxlease.models import RecordView

from .chronology import chronology_of, lines_for
from .forms import ChronologyFilterForm
from .selectors import child_page_for, start_page_for

EVENTS_PER_PAGE = 50
EVENTS_PER_PRINTED_PAGE = 500


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
