from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from contacts.models import Child

from . import policy
from .middleware import SESSION_KEY


def home(request):
    site = request.current_site
    context = {"site": site}
    if site is not None and policy.can(request.user, policy.Action.VIEW_CHILDREN, site):
        context["children_on_roll"] = Child.objects.filter(site=site).on_roll().count()
    return render(request, "home.html", context)


@require_POST
def site_switch(request, pk):
    site = get_object_or_404(policy.sites_for(request.user), pk=pk)
    request.session[SESSION_KEY] = site.pk
    messages.info(request, f"You are now working in {site}.")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "home"
    return redirect(next_url)
