from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import reverse

from . import policy
from .models import Site

SESSION_KEY = "current_site_id"


class CurrentSiteMiddleware:
    """Pages work on one site at a time: the one chosen in the switcher, else the first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.current_site = None
        request.current_roles = frozenset()
        if request.user.is_authenticated:
            site_ids = policy.site_ids_for(request.user)
            chosen = request.session.get(SESSION_KEY)
            site_id = chosen if chosen in site_ids else (site_ids[0] if site_ids else None)
            if site_id is not None:
                request.current_site = Site.objects.get(pk=site_id)
                request.current_roles = policy.roles_at(request.user, site_id)
        return self.get_response(request)


class SecondFactorMiddleware:
    """Privileged roles reach nothing but signing out until they have given a second factor."""

    EXEMPT = {"two-factor-verify", "two-factor-setup", "logout"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if not getattr(view_func, "login_required", True):
            return None  # public pages: sign-in, password reset
        if request.resolver_match.url_name in self.EXEMPT:
            return None
        if not policy.needs_second_factor(user):
            return None
        return redirect_to_login(request.get_full_path(), reverse("two-factor-verify"))


class NotFoundPageMiddleware:
    """With DEBUG on (the demo server), Django answers "not found" with its technical page,
    listing every URL pattern. Show the app's own page there too, as in production."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.DEBUG and response.status_code == 404:
            return render(request, "404.html", status=404)
        return response
