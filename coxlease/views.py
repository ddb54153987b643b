from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from contacts.models import Child
from contacts.selectors import restrictions_to_confirm

from . import policy
from .middleware import SESSION_KEY
from .pages import safe_next


def home(request):
    site = request.current_site
    context = {"site": site}
    if site is not None and policy.can(request.user, policy.Action.VIEW_CHILDREN, site):
        context["children_on_roll"] = Child.objects.filter(site=site).on_roll().count()
        context["to_confirm"] = list(restrictions_to_confirm(user=request.user, site=site))
    return render(request, "home.html", context)


@require_POST
def site_switch(request, pk):
    site = get_object_or_404(policy.sites_for(request.user), pk=pk)
    request.session[SESSION_KEY] = site.pk
    messages.info(request, f"You are now working in {site}.")
    return redirect(safe_next(request, reverse("home")))
