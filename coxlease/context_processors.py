from . import policy
from .models import Role


def current_site(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not user.is_verified() and policy.needs_second_factor(user):
        return {"second_factor_pending": True}
    return {
        "current_site": request.current_site,
        "current_roles": ", ".join(role.label for role in Role if role in request.current_roles),
        "my_sites": policy.sites_for(user),
        "can": {
            action.name: policy.can(user, action, request.current_site) for action in policy.Action
        }
        if request.current_site
        else {},
    }
