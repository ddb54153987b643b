from . import policy
from .models import Site

SESSION_KEY = "current_site_id"


class CurrentSiteMiddleware:
    """Pages work on one site at a time: the one chosen in the switcher, else the first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.current_site = None
        request.current_role = None
        if request.user.is_authenticated:
            site_ids = policy.site_ids_for(request.user)
            chosen = request.session.get(SESSION_KEY)
            site_id = chosen if chosen in site_ids else (site_ids[0] if site_ids else None)
            if site_id is not None:
                request.current_site = Site.objects.get(pk=site_id)
                request.current_role = policy.role_at(request.user, site_id)
        return self.get_response(request)
