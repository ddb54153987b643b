from django.shortcuts import render

from contacts.selectors import child_get_for_user
from coxlease import audit

from .selectors import child_page_for, start_page_for


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
