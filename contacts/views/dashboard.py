from django.http import HttpRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET

from coxlease import policy
from coxlease.pages import current_site_or_404
from coxlease.policy import Action

from .. import selectors
from ..forms.dashboard import DashboardFilterForm


@require_GET
def restrictions_dashboard(request: HttpRequest):
    site = current_site_or_404(request)
    policy.require(request.user, Action.VIEW_RESTRICTIONS_DASHBOARD, site)
    form = DashboardFilterForm(request.GET)
    # A filter that does not validate is ignored and shown with its error; the others apply.
    form.is_valid()
    filters = form.cleaned_data
    dashboard = selectors.restrictions_dashboard(
        user=request.user,
        site=site,
        child_name=filters.get("q", ""),
        legal_basis=filters.get("legal_basis", ""),
        only_unconfirmed=filters.get("unconfirmed", False),
    )
    return render(
        request,
        "contacts/restrictions_dashboard.html",
        {"dashboard": dashboard, "form": form, "site": site},
    )
