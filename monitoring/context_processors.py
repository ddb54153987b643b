"""What every page shows a signed-in user: the banner of concerns waiting for a lead."""

from safeguarding.selectors import concerns_waiting_for


def banners(request):
    site = getattr(request, "current_site", None)
    user = getattr(request, "user", None)
    if site is None or user is None or not user.is_authenticated or not user.is_verified():
        return {}
    return {"concerns_waiting": concerns_waiting_for(user=user)}
